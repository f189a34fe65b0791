from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Rendering of official .docx/.xlsx/.pdf documents in the party's format."""

    name = "ketnap.documents"
    verbose_name = "Văn bản"
