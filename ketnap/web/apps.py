from django.apps import AppConfig


class WebConfig(AppConfig):
    """Base layout, navigation, login pages and the shared template helpers."""

    name = "ketnap.web"
    verbose_name = "Giao diện"
