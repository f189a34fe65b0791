"""The charter with this installation's overrides applied.

Every caller outside the charter (pipeline, agenda, monitoring, views, the
command) asks here for the rulebook and the working-day calendar, so the
administrator's overrides are applied everywhere or nowhere. Two small queries
per call; callers that need many deadlines build the calendar once."""

from __future__ import annotations

from datetime import date

from ketnap.charter import Deadline, Rulebook, WorkCalendar, deadline, rulebook_for
from ketnap.rulebook.models import CalendarOverride, RuleOverride


def rule_overrides() -> dict[str, object]:
    return dict(RuleOverride.objects.values_list("key", "value"))


def calendar_overrides() -> dict[date, bool]:
    return dict(CalendarOverride.objects.values_list("day", "is_working_day"))


def rulebook(on: date) -> Rulebook:
    """The rulebook in force on `on`, with the administrator's values."""
    return rulebook_for(on, rule_overrides())


def work_calendar() -> WorkCalendar:
    """Vietnamese working days with the administrator's overrides."""
    return WorkCalendar(overrides=calendar_overrides())


def deadline_for(event: str, from_date: date, calendar: WorkCalendar | None = None) -> Deadline:
    """A charter deadline (see ketnap.charter.EVENTS) with overrides applied."""
    return deadline(event, from_date, calendar or work_calendar(), rulebook(from_date))
