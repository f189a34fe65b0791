from django.apps import AppConfig


class PipelineConfig(AppConfig):
    """Candidates from introduction to official membership (C1–C12)."""

    name = "ketnap.pipeline"
    verbose_name = "Phát triển đảng viên"

    def ready(self) -> None:
        from ketnap.audit.registry import register
        from ketnap.pipeline import import_job  # noqa: F401  (registers the candidate import's jobs)
        from ketnap.pipeline.models import AUDITED
        from ketnap.pipeline.navigation import install

        for model in AUDITED:
            register(model)
        install()
        from ketnap.orgs import provinces, rollup_cache
        from ketnap.pipeline.models import Candidate, StageEvent

        # the candidate, its events and its records (dossier, verifications, decisions…)
        provinces.connect([m for m in self.get_models() if hasattr(m, "province_id")])

        rollup_cache.connect(StageEvent, lambda e: [e.org_path])
        rollup_cache.connect(Candidate, rollup_cache.related_path)  # the statistics' attributes
