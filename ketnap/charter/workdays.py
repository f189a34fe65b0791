"""Working-day calendar for Vietnam: holidays, Tết, swapped days, admin overrides.

Why: most deadlines of the admission procedure are in working days ("60 ngày
làm việc"), and Tết alone removes a working week. The `holidays` package knows
the Vietnamese lunar calendar (Tết, Giỗ Tổ), substitute days (nghỉ bù) and the
government's swapped working Saturdays (`weekend_workdays`). Swaps are decreed
year by year and future years are estimates, so an administrator can override
any date: `{date: True}` makes it a working day, `{date: False}` a day off.
Overrides are passed in (the Django side stores them); nothing is read here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

_SATURDAY = 5


@lru_cache(maxsize=256)
def _vn_year(year: int) -> tuple[Mapping[date, str], frozenset[date]]:
    """Holidays and swapped working weekend days of one year, computed once.

    The package only knows a year's `weekend_workdays` after that year is
    populated, so each year is populated explicitly here instead of relying on
    lazy expansion inside `is_working_day`.
    """
    vn = holidays.country_holidays("VN", years=year, language="vi")
    days = MappingProxyType({d: str(name) for d, name in vn.items() if d.year == year})
    swaps = frozenset(d for d in vn.weekend_workdays if d.year == year)
    return days, swaps


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Vietnamese working days: Monday–Friday, minus public holidays, plus swaps and overrides.

    Build it with `WorkCalendar()` or `WorkCalendar(overrides={date(2026, 8, 22): True})`.
    """

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Freeze a private copy so a later edit of the caller's dict changes nothing.
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))

    def holiday_name(self, day: date) -> str | None:
        """Vietnamese name of the public holiday on `day`, or None."""
        return _vn_year(day.year)[0].get(day)

    def is_working_day(self, day: date) -> bool:
        """True if `day` is a working day (override first, then holidays and swaps)."""
        if day in self.overrides:
            return self.overrides[day]
        days, swaps = _vn_year(day.year)
        if day.weekday() >= _SATURDAY:
            return day in swaps
        return day not in days

    def add_working_days(self, start: date, count: int) -> date:
        """Return the `count`-th working day after `start` (BLDS Art. 147: `start` not counted).

        1 gives the next working day; 0 returns `start` itself (an administrator
        may set a period to zero). A negative count is refused.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days after `start` up to and including `end` (0 if `end` <= `start`)."""
        total = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            total += self.is_working_day(day)
        return total

    def days_off(self, start: date, end: date) -> tuple[tuple[date, str], ...]:
        """Weekday days off and working weekend days in (start, end], with their Vietnamese reason.

        Used to explain why a deadline lands where it does ("Tết Nguyên Đán").
        """
        notes: list[tuple[date, str]] = []
        day = start
        while day < end:
            day += timedelta(days=1)
            working = self.is_working_day(day)
            weekend = day.weekday() >= _SATURDAY
            if working == (not weekend):
                continue
            if day in self.overrides:
                label = "ngày làm việc bù theo điều chỉnh" if working else "ngày nghỉ theo điều chỉnh"
            elif working:
                label = "ngày làm việc bù (thứ Bảy/Chủ nhật đi làm)"
            else:
                label = self.holiday_name(day) or "ngày nghỉ"
            notes.append((day, label))
        return tuple(notes)
