"""Deadlines of the procedure: working days across Tết and swaps, months across leap days.

Expected dates were counted by hand (see test_workdays.py for the 2026/2027 holidays).
"""

from datetime import date

import pytest

from ketnap.charter import EVENTS, WorkCalendar, deadline, rulebook_for

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("event", "start", "expected", "working_days", "rulebook", "extended"),
    [
        # 60 WD across Tết 2026; +30 WD crosses Giỗ Tổ (27/04 nghỉ bù), 30/04 and 01/05.
        ("admission_decision", date(2026, 1, 15), date(2026, 4, 16), 60, "qd294", date(2026, 6, 2)),
        ("ceremony", date(2026, 2, 13), date(2026, 4, 3), 30, "qd294", None),
        ("member_biography", date(2026, 12, 31), date(2027, 2, 19), 30, "qd208", None),  # Tết 2027
        (
            "confirmation_review",
            date(2025, 2, 28),
            date(2025, 4, 14),
            30,
            "qd232",
            None,
        ),  # Giỗ Tổ 07/04
        ("probation_end", date(2024, 2, 29), date(2025, 2, 28), None, "qd24", None),
        ("probation_end", date(2025, 3, 31), date(2026, 3, 31), None, "qd232", None),
        ("probation_end", date(2027, 2, 28), date(2028, 2, 28), None, "qd208", None),
    ],
)
def test_deadline(
    event: str,
    start: date,
    expected: date,
    working_days: int | None,
    rulebook: str,
    extended: date | None,
) -> None:
    result = deadline(event, start, CAL)
    assert (result.date, result.working_days, result.rulebook_id) == (
        expected,
        working_days,
        rulebook,
    )
    assert result.extended_date == extended
    assert result.reasons[0].rule == f"deadline.{event}"
    assert "Bộ luật Dân sự 2015" in result.reasons[0].citation


def test_confirmation_decision_is_extendable() -> None:
    result = deadline("confirmation_decision", date(2026, 8, 21), CAL)
    # 22/08 (swapped Saturday) counts; 31/08, 01/09, 02/09 do not.
    assert result.date == date(2026, 10, 6)
    assert result.extendable_by == 30
    assert [r.rule for r in result.reasons] == [
        "deadline.confirmation_decision",
        "deadline.calendar",
        "deadline.extension",
    ]
    assert "22/08/2026 ngày làm việc bù" in result.reasons[1].message


@pytest.mark.parametrize(
    ("start", "rulebook"),
    [
        (date(2025, 6, 30), "qd232"),
        (date(2025, 7, 1), "qd294"),
        (date(2026, 7, 25), "qd294"),
        (date(2026, 7, 26), "qd208"),
    ],
)
def test_rulebook_of_the_event_day_applies(start: date, rulebook: str) -> None:
    assert deadline("ceremony", start, CAL).rulebook_id == rulebook


def test_rulebook_override_and_calendar_override() -> None:
    book = rulebook_for(date(2026, 1, 15), {"deadline.admission_decision_wd": 45})
    shorter = deadline("admission_decision", date(2026, 1, 15), CAL, book)
    assert shorter.working_days == 45
    assert "quản trị viên" in shorter.reasons[0].citation
    closed = WorkCalendar(overrides={date(2026, 4, 16): False})
    assert deadline("admission_decision", date(2026, 1, 15), closed).date == date(2026, 4, 17)


def test_no_calendar_note_when_nothing_is_skipped_but_weekends() -> None:
    result = deadline("ceremony", date(2026, 3, 2), CAL)
    assert result.date == date(2026, 4, 13)
    assert [r.rule for r in result.reasons] == ["deadline.ceremony"]


def test_to_dict() -> None:
    data = deadline("probation_end", date(2024, 2, 29), CAL).to_dict()
    assert data["deadline"] == "2025-02-28"
    assert data["working_days"] is None
    assert data["extended_deadline"] is None
    assert data["rulebook"] == "qd24"


def test_unknown_event() -> None:
    with pytest.raises(ValueError):
        deadline("party", date(2026, 1, 1), CAL)
    assert "ceremony" in EVENTS
