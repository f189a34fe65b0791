"""Reporting periods: calendar quarters, the year to date, the same period a year
earlier, and the days left in a year.

Why a leaf module: every rollup, report and form takes its period as a value
(ARCHITECTURE §3, time is a parameter) and compares "kỳ này" with "cùng kỳ năm
trước" (STATISTICS §3). Nothing here reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ketnap.plans.enums import QUARTER_LABELS, QUARTERS


@dataclass(frozen=True)
class Period:
    """A closed range of days [start, end] with the label the documents use."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def year(self) -> int:
        return self.end.year

    def capped(self, on: date) -> Period | None:
        """The part of the period up to `on` (None when it starts after `on`)."""
        if on < self.start:
            return None
        return Period(self.start, min(self.end, on), self.label)

    def same_period_last_year(self) -> Period:
        return Period(_year_earlier(self.start), _year_earlier(self.end), f"{self.label} năm trước".strip())


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29/02
        return day.replace(year=day.year - 1, day=28)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter(year: int, q: int) -> Period:
    if q not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, not {q}")
    start = date(year, 3 * q - 2, 1)
    end = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
    return Period(start, end, f"{QUARTER_LABELS[q]} năm {year}")


def whole_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"năm {year}")


def year_to_date(on: date) -> Period:
    return Period(date(on.year, 1, 1), on, f"từ đầu năm {on.year} đến {on:%d/%m/%Y}")


def quarters_to_date(on: date) -> dict[int, Period | None]:
    """Each quarter of `on`'s year cut at `on` (None for quarters not begun)."""
    return {q: quarter(on.year, q).capped(on) for q in QUARTERS}


def quarters_within(period: Period) -> list[int]:
    """Quarters of the period's year that lie wholly inside it (their quotas apply)."""
    return [
        q
        for q in QUARTERS
        if quarter(period.year, q).start >= period.start and quarter(period.year, q).end <= period.end
    ]


def year_start_headcount_day(year: int) -> date:
    """Headcounts "đầu năm" are the snapshot of 31/12 of the year before (STATISTICS §6)."""
    return date(year - 1, 12, 31)
