from django.apps import AppConfig


class PipelineConfig(AppConfig):
    """Candidates from introduction to official membership (C1–C12)."""

    name = "ketnap.pipeline"
    verbose_name = "Phát triển đảng viên"
