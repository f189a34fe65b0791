from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Progress against quotas, early warning, periodic reports, statistics (M1–M7)."""

    name = "ketnap.monitoring"
    verbose_name = "Theo dõi và báo cáo"

    def ready(self) -> None:
        from ketnap.audit.registry import register
        from ketnap.monitoring import downloads  # noqa: F401  (registers the export builders)
        from ketnap.monitoring.models import PeriodicReport, ReportingRound
        from ketnap.monitoring.navigation import install
        from ketnap.orgs import rollup_cache

        for model in (ReportingRound, PeriodicReport):
            register(model)
            # A report submitted or returned changes the dashboards' "changed since
            # submitted" list (a cached dashboard body): rare writes, every province.
            rollup_cache.connect(model, lambda _: None)
        install()
