"""Working days: Tết, substitute days, swapped Saturdays, overrides, year ends, leap days.

Expected dates were counted by hand on a calendar, not taken from the code.
What `holidays` 0.108 says (checked when writing these tests):
- Tết 2026: Mon 16/02 – Fri 20/02 off (with the weekends: 14/02 – 22/02).
- Tết 2027 (an estimate, not yet decreed): Thu 04/02 – Wed 10/02 off.
- Sat 22/08/2026 is a swapped working day, for Mon 31/08/2026 off
  (then 01–02/09 National Day): the package knows it, in `weekend_workdays`.
"""

from datetime import date

import pytest

from ketnap.charter import WorkCalendar

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("start", "count", "expected", "why"),
    [
        (date(2026, 2, 13), 1, date(2026, 2, 23), "Tết 2026: 14–22/02 off"),
        (date(2026, 2, 13), 5, date(2026, 2, 27), "first Tết week skipped"),
        (date(2026, 2, 13), 30, date(2026, 4, 3), "30 WD across Tết 2026"),
        (date(2026, 2, 12), 1, date(2026, 2, 13), "Friday before Tết still works"),
        (date(2027, 2, 3), 1, date(2027, 2, 11), "Tết 2027: 04–10/02 off"),
        (date(2027, 2, 3), 30, date(2027, 3, 24), "30 WD across Tết 2027"),
        (date(2026, 8, 21), 1, date(2026, 8, 22), "swapped Saturday 22/08/2026 works"),
        (date(2026, 8, 21), 5, date(2026, 8, 27), "22, 24, 25, 26, 27"),
        (date(2026, 8, 28), 1, date(2026, 9, 3), "31/08 swapped off, 01–02/09 National Day"),
        (date(2025, 12, 31), 1, date(2026, 1, 2), "New Year 2026"),
        (date(2026, 12, 31), 1, date(2027, 1, 4), "New Year 2027 on a Friday"),
        (date(2028, 2, 28), 1, date(2028, 2, 29), "leap day is a working Tuesday"),
        (date(2024, 2, 28), 2, date(2024, 3, 1), "leap day 2024 counted"),
        (date(2026, 4, 24), 1, date(2026, 4, 28), "Giỗ Tổ 26/04 on Sunday → Monday 27 off"),
        (date(2026, 3, 2), 0, date(2026, 3, 2), "zero days is the start itself"),
    ],
)
def test_add_working_days(start: date, count: int, expected: date, why: str) -> None:
    assert CAL.add_working_days(start, count) == expected, why


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 16), False),  # Giao thừa
        (date(2026, 2, 20), False),  # Mùng bốn
        (date(2026, 2, 23), True),
        (date(2026, 8, 22), True),  # swapped Saturday
        (date(2026, 8, 29), False),  # ordinary Saturday
        (date(2026, 8, 31), False),  # day off in exchange
        (date(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam, from 2026
        (date(2025, 11, 24), True),
        (date(2024, 5, 4), True),  # swapped Saturday 2024
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_override_removes_a_swap_and_adds_a_day_off() -> None:
    # The administrator's table wins over the package: here the 22/08/2026 swap
    # is cancelled and Friday 02/01/2026 is declared a day off.
    cal = WorkCalendar(overrides={date(2026, 8, 22): False, date(2026, 1, 2): False})
    assert cal.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 24)
    assert cal.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)


def test_override_adds_a_swapped_saturday_the_package_does_not_know() -> None:
    # A future swap decreed after the package was released is entered in the table.
    cal = WorkCalendar(overrides={date(2027, 1, 9): True})
    assert CAL.add_working_days(date(2027, 1, 8), 1) == date(2027, 1, 11)
    assert cal.add_working_days(date(2027, 1, 8), 1) == date(2027, 1, 9)


def test_overrides_are_copied_not_shared() -> None:
    table = {date(2026, 3, 2): False}
    cal = WorkCalendar(overrides=table)
    table[date(2026, 3, 2)] = True
    assert cal.is_working_day(date(2026, 3, 2)) is False


def test_working_days_between() -> None:
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert CAL.working_days_between(date(2026, 8, 21), date(2026, 8, 28)) == 6
    assert CAL.working_days_between(date(2026, 3, 5), date(2026, 3, 5)) == 0
    assert CAL.working_days_between(date(2026, 3, 5), date(2026, 3, 1)) == 0


def test_days_off_explains_holidays_swaps_and_overrides() -> None:
    cal = WorkCalendar(overrides={date(2026, 8, 24): False, date(2026, 8, 29): True})
    notes = dict(cal.days_off(date(2026, 8, 20), date(2026, 9, 3)))
    assert notes[date(2026, 8, 22)].startswith("ngày làm việc bù")
    assert notes[date(2026, 8, 24)] == "ngày nghỉ theo điều chỉnh"
    assert notes[date(2026, 8, 29)] == "ngày làm việc bù theo điều chỉnh"
    assert "thay cho ngày 22/08/2026" in notes[date(2026, 8, 31)]
    assert notes[date(2026, 9, 2)] == "Quốc khánh"
    assert date(2026, 8, 23) not in notes  # ordinary Sunday
    assert date(2026, 8, 25) not in notes  # ordinary Tuesday


def test_days_off_without_a_holiday_name() -> None:
    cal = WorkCalendar(overrides={date(2026, 3, 4): False})
    assert CAL.holiday_name(date(2026, 3, 4)) is None
    assert cal.days_off(date(2026, 3, 3), date(2026, 3, 5)) == ((date(2026, 3, 4), "ngày nghỉ theo điều chỉnh"),)
