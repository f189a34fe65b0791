from django.apps import AppConfig


class RulebookConfig(AppConfig):
    """The Django side of the charter: administrator overrides of uncertain values and
    of the working-day calendar, the explain command and the 'Tra cứu quy định' page."""

    name = "ketnap.rulebook"
    verbose_name = "Quy định"
