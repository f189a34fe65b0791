from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """The one all-or-nothing import mechanism (preview, row/column errors) shared by
    allocation tables, candidates and headcounts."""

    name = "ketnap.imports"
    verbose_name = "Nhập dữ liệu"
