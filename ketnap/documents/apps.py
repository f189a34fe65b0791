from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Rendering of official .docx/.xlsx/.pdf documents in the party's format.

    Modules: `official` (OfficialDocument → .docx: header block, title, body,
    signature, "Nơi nhận", landscape appendices), `tables` (TableSpec with merged
    header cells, shared by Word and Excel), `spreadsheet` (xlsx titles, tables,
    A4 landscape print setup), `pdf` (docx → PDF through LibreOffice headless).
    `templating` fills .docx templates (docxtpl); `models`/`variants`: an
    organisation's own template variants (upload, revert), audited."""

    name = "ketnap.documents"
    verbose_name = "Văn bản"
