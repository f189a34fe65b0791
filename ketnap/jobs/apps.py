from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Long work (PDF conversion, large exports) runs as a background task (ARCHITECTURE 7).

    Django's tasks framework with the django-tasks-db backend: the queue is a table,
    `manage.py db_worker` runs it; no broker to operate. A `Job` row carries what the
    page polls: percent, message, result file, error."""

    name = "ketnap.jobs"
    verbose_name = "Việc chạy nền"

    def ready(self) -> None:
        from ketnap.jobs import exports, runners  # noqa: F401  (register the job kinds)
