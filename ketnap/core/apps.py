from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Leaf helpers shared by every domain app (text folding, sorting, base models)."""

    name = "ketnap.core"
    verbose_name = "Dùng chung"
