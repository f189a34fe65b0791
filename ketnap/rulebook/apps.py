from django.apps import AppConfig


class RulebookConfig(AppConfig):
    """The Django side of the charter: administrator overrides of uncertain values and
    of the working-day calendar, the explain command and the 'Tra cứu quy định' page."""

    name = "ketnap.rulebook"
    verbose_name = "Quy định"

    def ready(self) -> None:
        from ketnap.audit.registry import register
        from ketnap.rulebook.models import CalendarOverride, RuleOverride
        from ketnap.web.navigation import NavItem, add

        register(RuleOverride)
        register(CalendarOverride)
        add(NavItem("Tra cứu quy định", "rulebook:lookup", "book", order=80, short="Quy định"))
