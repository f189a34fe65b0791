"""Calendar arithmetic in months, following the Civil Code (Bộ luật Dân sự 2015).

Why: ages, probation, certificate validity and waiting periods are all counted
in months. Art. 147 BLDS: the day of the event is not counted. Art. 148: a
period in months ends on the same-numbered day of the final month, or on that
month's last day when it has none (ceremony 29/02/2024 + 12 months ends on
28/02/2025). `dateutil.relativedelta` clamps to the month end exactly so.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta


def add_months(start: date, months: int) -> date:
    """Return the day a period of `months` months starting at `start` ends (BLDS Art. 148)."""
    result: date = start + relativedelta(months=months)
    return result


def whole_months_between(start: date, end: date) -> int:
    """Count the full months elapsed from `start` to `end` (negative if `end` is earlier).

    A month is full on the day `add_months(start, n)` is reached, so a person
    born 15/03/2008 has 216 months (full 18 years) on 15/03/2026 and 215 the day
    before; a person born 29/02/2008 reaches 216 months on 28/02/2026 (the
    month-end rule of BLDS Art. 148 applied to age).
    """
    if end < start:
        return -whole_months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


def calendar_months_between(start: date, end: date) -> int:
    """Count months by calendar month only, ignoring the day of the month.

    Used when a birth date is known only as month/year: the day cannot be
    compared, so age is "tính theo tháng" literally — born in 03/2008 means
    216 months from any day of 03/2026.
    """
    return (end.year - start.year) * 12 + (end.month - start.month)


def age_in_months(birth_date: date, on: date, *, month_only: bool = False) -> int:
    """Return the age in whole months at `on`.

    `month_only=True` means only the month and year of `birth_date` are known
    (the day stored is a placeholder, usually 1): the age is then counted by
    calendar month, see `calendar_months_between`.
    """
    if month_only:
        return calendar_months_between(birth_date, on)
    return whole_months_between(birth_date, on)
