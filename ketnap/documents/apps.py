from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Rendering of official .docx/.xlsx/.pdf documents in the party's format.

    Modules: `official` (OfficialDocument → .docx: header block, title, body,
    signature, "Nơi nhận", landscape appendices), `tables` (TableSpec with merged
    header cells, shared by Word and Excel), `spreadsheet` (xlsx titles, tables,
    A4 landscape print setup), `pdf` (docx → PDF through LibreOffice headless).
    Pure rendering: no models, no permissions; callers check rights and audit."""

    name = "ketnap.documents"
    verbose_name = "Văn bản"
