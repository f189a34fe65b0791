"""Template filters for Vietnamese display."""

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter(name="so")
def so(value: Any) -> str:
    """A whole number with Vietnamese thousand separators: 1.251."""
    if value is None or value == "":
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", ".")


@register.filter(name="ngay")
def ngay(value: date | datetime | None) -> str:
    """dd/mm/yyyy, or with the time for moments."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


@register.filter(name="iso")
def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


@register.simple_tag
def day_input(name: str, value: date | None, **attrs: Any) -> str:
    """A filter form's date input (`?on=`…), the same dd/mm/yyyy widget as the forms."""
    from ketnap.web.dates import DayInput

    return DayInput().render(name, value, attrs={k.replace("_", "-"): v for k, v in attrs.items()})
