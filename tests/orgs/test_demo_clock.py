"""The demo's calendar (issue 16, point 1): at the written day nothing moves; on any
other day people's histories move by days, a year's things by years, rounds and
reviews by quarters and months counted back from the anchor's."""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.orgs.demo.clock import BASE_DAY, DemoClock
from ketnap.orgs.management.commands.load_demo import anchor_refusal


def test_at_the_written_day_every_date_stays() -> None:
    clock = DemoClock(BASE_DAY)
    assert clock.on(date(2021, 5, 10)) == date(2021, 5, 10)
    assert clock.yearly(date(2025, 12, 31)) == date(2025, 12, 31)
    assert clock.year(2024) == 2024
    assert [clock.quarter_back(n) for n in (3, 2, 1)] == [(2026, 1), (2026, 2), (2026, 3)]
    assert clock.month_back(10) == date(2026, 1, 1) and clock.month_back(1) == date(2026, 10, 1)


def test_a_later_anchor_moves_histories_by_days_and_years_by_years() -> None:
    clock = DemoClock(date(2027, 2, 10))
    assert clock.on(BASE_DAY) == date(2027, 2, 10)
    assert clock.on(date(2026, 1, 30)) - date(2026, 1, 30) == date(2027, 2, 10) - BASE_DAY
    assert clock.yearly(date(2025, 12, 31)) == date(2026, 12, 31)
    assert clock.year(2026) == 2027


def test_quarters_and_months_count_back_across_new_year() -> None:
    clock = DemoClock(date(2027, 2, 10))
    assert [clock.quarter_back(n) for n in (3, 2, 1)] == [(2026, 2), (2026, 3), (2026, 4)]
    assert clock.month_back(1) == date(2027, 1, 1) and clock.month_back(2) == date(2026, 12, 1)


def test_29_february_becomes_28_in_a_common_year() -> None:
    assert DemoClock(date(2027, 3, 1)).yearly(date(2028 - 2, 2, 28)) == date(2027, 2, 28)
    assert DemoClock(date(2029, 3, 1)).yearly(date(2028, 2, 29)) == date(2031, 2, 28)


@pytest.mark.parametrize(
    ("anchor", "refused"),
    [(date(2025, 12, 31), "từ năm 2026"), (date(2027, 1, 2), "không được sau hôm nay"), (date(2026, 12, 2), None)],
)
def test_the_command_refuses_an_anchor_before_the_data_or_after_today(anchor: date, refused: str | None) -> None:
    reason = anchor_refusal(anchor, today=date(2026, 12, 2))
    assert (reason is None) if refused is None else (refused in (reason or ""))
