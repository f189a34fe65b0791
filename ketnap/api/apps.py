from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (X3): django-ninja at /api/v1/, personal tokens, OpenAPI."""

    name = "ketnap.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from ketnap.web.navigation import ACCOUNT, NavItem, add

        add(NavItem("Mã API", "api_tokens:tokens", "key", order=95, group=ACCOUNT))
