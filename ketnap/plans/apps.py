from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Annual plans, targets, allocation tables and their revisions (P1–P7)."""

    name = "ketnap.plans"
    verbose_name = "Kế hoạch và chỉ tiêu"
