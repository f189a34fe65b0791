"""The charter as this installation applies it, for one computation.

Why: `ketnap.rulebook.selectors` gives the rulebook and the working-day calendar
with the administrator's overrides, at two small queries per call. A board or an
agenda asks for hundreds of deadlines; reading the overrides once and keeping the
calendar and the rulebook of each date in memory keeps the query count constant
whatever the number of rows. Nothing here decides anything: every answer comes
from `ketnap.charter`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cached_property

from ketnap.charter import Deadline, Rulebook, WorkCalendar, deadline, rulebook_for
from ketnap.rulebook.selectors import rule_overrides, work_calendar


class Rules:
    """Rulebooks by date and the working-day calendar, overrides read once."""

    def __init__(self, overrides: Mapping[str, object] | None = None, calendar: WorkCalendar | None = None) -> None:
        self._overrides = overrides
        self._calendar = calendar
        self._books: dict[date, Rulebook] = {}

    @cached_property
    def overrides(self) -> Mapping[str, object]:
        return self._overrides if self._overrides is not None else rule_overrides()

    @cached_property
    def calendar(self) -> WorkCalendar:
        return self._calendar if self._calendar is not None else work_calendar()

    def book(self, on: date) -> Rulebook:
        """The rulebook in force on `on`, with the administrator's values."""
        if on not in self._books:
            self._books[on] = rulebook_for(on, self.overrides)
        return self._books[on]

    def deadline(self, event: str, from_date: date) -> Deadline:
        """A charter deadline counted from `from_date` with the rulebook in force then."""
        return deadline(event, from_date, self.calendar, self.book(from_date))
