"""Date inputs written dd/mm/yyyy whatever the browser's language (issue 16, point 3).

A native `<input type="date">` shows its value in the browser's locale: on an English
browser a secretary reads "03/05/2026" for 5 March and types the month first. Every
date field of the web forms is therefore a text input that shows, and the server
reads, the Vietnamese dd/mm/yyyy (ISO yyyy-mm-dd is accepted too: links, old
bookmarks and API clients send it). `ketnap.js` adds to each one a digit mask
(the slashes come by themselves) and a calendar button that opens the browser's own
picker (useful on a phone), writing the chosen day back as dd/mm/yyyy. Without
JavaScript the field still works as plain text.

`DayField` is the form field, `DayInput` its widget, `DAY_WIDGET` the shared instance
(forms deep-copy widgets, so per-form changes such as `show_range` stay local).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.http import QueryDict

#: What a date field accepts, the Vietnamese form first (as ketnap/formats/vi does).
DAY_INPUT_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
DAY_FORMAT = "%d/%m/%Y"
DAY_PLACEHOLDER = "dd/mm/yyyy"
DAY_HELP = "Ngày/tháng/năm, ví dụ 05/03/2026."
_VI_DAY = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*")


class DayInput(forms.DateInput):
    """A text input for a day: dd/mm/yyyy shown, numeric keyboard on phones.

    `min`/`max` (set by `show_range` as ISO) are not attributes of a text input;
    they travel as `data-min`/`data-max` for the calendar picker."""

    input_type = "text"
    template_name = "web/widgets/day.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "inputmode": "numeric",
            "placeholder": DAY_PLACEHOLDER,
            "maxlength": "10",
            "autocomplete": "off",
            "data-day": "",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format=DAY_FORMAT)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        for bound in ("min", "max"):
            if bound in widget_attrs:
                widget_attrs[f"data-{bound}"] = _iso(widget_attrs.pop(bound))
        return context


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


class DayField(forms.DateField):
    """A date typed dd/mm/yyyy (or ISO), independent of the active locale."""

    widget = DayInput
    input_formats = DAY_INPUT_FORMATS
    default_error_messages = {"invalid": "Nhập ngày dạng ngày/tháng/năm, ví dụ 05/03/2026."}


DAY_WIDGET = DayInput()


def day_formfield(model_field: Any, **kwargs: Any) -> forms.Field | None:
    """`formfield_callback` for model forms: their date columns become `DayField`s."""
    from django.db import models

    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        kwargs.setdefault("form_class", DayField)
        kwargs["widget"] = DayInput
    return model_field.formfield(**kwargs)


def iso_day(text: str) -> str | None:
    """The ISO form of a dd/mm/yyyy query value, or None when it is not one."""
    match = _VI_DAY.fullmatch(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def iso_query(query: QueryDict, names: frozenset[str]) -> QueryDict | None:
    """A copy of `query` whose date parameters typed dd/mm/yyyy are ISO, or None if none was.

    The GET filter forms ("Tính đến ngày") use the same text input as the forms; the
    views read `?on=` as ISO, so the one parameter guard rewrites it once for all."""
    changed: dict[str, list[str]] = {}
    for name in names & set(query.keys()):
        values = query.getlist(name)
        rewritten = [iso_day(v) or v for v in values]
        if rewritten != values:
            changed[name] = rewritten
    if not changed:
        return None
    copy = query.copy()
    for name, values in changed.items():
        copy.setlist(name, values)
    copy._mutable = False
    return copy


def display_day(value: date | datetime | str | None) -> str:
    """dd/mm/yyyy for a day (the value of a filter form's date input)."""
    if isinstance(value, date):
        return value.strftime(DAY_FORMAT)
    return value or ""
