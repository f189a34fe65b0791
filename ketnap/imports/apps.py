from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """The one all-or-nothing import mechanism (preview, row/column errors) shared by
    allocation tables, candidates and headcounts.

    Modules: `grid` (read .xlsx/.docx tables into cells), `table` (find the header,
    classify rows, verify totals), `values` (numbers and names as users write them),
    `issues` (ImportIssue with file/sheet/row/column), `runner` (preview/apply in one
    transaction, staged uploads)."""

    name = "ketnap.imports"
    verbose_name = "Nhập dữ liệu"

    def ready(self) -> None:
        from ketnap.audit.registry import register
        from ketnap.imports.models import StagedImport

        register(StagedImport)
        from ketnap.imports import background  # noqa: F401  (registers the import job kinds)
