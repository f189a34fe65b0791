from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Annual plans, targets, allocation tables and their revisions (P1–P7)."""

    name = "ketnap.plans"
    verbose_name = "Kế hoạch và chỉ tiêu"

    def ready(self) -> None:
        from ketnap.audit.registry import register
        from ketnap.plans import downloads, import_job, models  # noqa: F401  (register the appendix import, the exports)

        for model in (models.Plan, models.Target, models.AllocationRevision, models.Allocation):
            register(model)
        from ketnap.orgs import rollup_cache

        for model in (models.Plan, models.Target, models.AllocationRevision, models.Allocation):
            rollup_cache.connect(model, lambda _: None)  # quotas and rate targets: rare writes
        from ketnap.web.navigation import NavItem, add

        add(NavItem("Kế hoạch", "plans:list", "clipboard-data", order=20))
