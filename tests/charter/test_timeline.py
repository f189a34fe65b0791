"""Time sanity at its boundaries, and the meeting's arithmetic (pure charter)."""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.charter import (
    DATA_CHECK,
    HISTORICAL,
    RULEBOOKS,
    check_act_date,
    check_attendance,
    check_birth_date,
    check_document_date,
    check_month,
    check_order,
    check_registry_count,
    historical_rulebook,
    is_historical,
    rulebook_for,
)
from ketnap.charter.timeline import allowed_range

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("on", "previous", "planned", "status", "rule"),
    [
        (TODAY, None, False, "pass", "time.order"),
        (date(2026, 12, 3), None, False, "fail", "time.future"),
        (date(2026, 12, 3), None, True, "pass", "time.order"),
        (date(2026, 12, 1), None, False, "pass", "time.backdated"),
        (date(2026, 5, 1), date(2026, 5, 1), False, "pass", "time.backdated"),
        (date(2026, 4, 30), date(2026, 5, 1), False, "fail", "time.before_previous"),
    ],
)
def test_act_date_boundaries(on: date, previous: date | None, planned: bool, status: str, rule: str) -> None:
    v = check_act_date(on, today=TODAY, previous=previous, planned=planned)
    assert (v.status, v.reasons[0].rule) == (status, rule)
    assert v.reasons[0].citation == DATA_CHECK


def test_allowed_range() -> None:
    assert allowed_range(TODAY, date(2026, 1, 1)) == (date(2026, 1, 1), TODAY)
    assert allowed_range(TODAY, planned=True) == (None, None)


@pytest.mark.parametrize(
    ("document", "act", "status"),
    [(date(2026, 3, 1), date(2026, 3, 1), "pass"), (date(2026, 3, 2), date(2026, 3, 1), "fail")],
)
def test_document_not_after_the_act(document: date, act: date, status: str) -> None:
    v = check_document_date(document, act, document="Giấy chứng nhận", act="ngày chi bộ họp")
    assert v.status == status
    cited = check_document_date(document, act, document="Giấy", act="lễ", citation="06-HD/TW")
    assert cited.reasons[0].citation == "06-HD/TW"


@pytest.mark.parametrize(
    ("month", "status"),
    [(date(2026, 12, 1), "pass"), (date(2026, 12, 31), "pass"), (date(2027, 1, 1), "fail")],
)
def test_review_month_not_in_the_future(month: date, status: str) -> None:
    v = check_month(month, TODAY)
    assert v.status == status and v.reasons[0].rule == ("time.month" if status == "pass" else "time.future_month")


@pytest.mark.parametrize(
    ("birth", "month_only", "rule"),
    [
        (TODAY, False, "time.birth"),
        (date(2026, 12, 3), False, "time.birth_future"),
        (date(2030, 1, 1), True, "time.birth_future"),
        (date(1906, 12, 2), False, "time.birth"),
        (date(1906, 11, 1), False, "time.birth_too_old"),
    ],
)
def test_birth_dates(birth: date, month_only: bool, rule: str) -> None:
    assert check_birth_date(birth, TODAY, month_only=month_only).reasons[0].rule == rule


def test_order_between_two_acts() -> None:
    assert check_order(date(2026, 3, 1), date(2026, 3, 1), rule="x", message="m") is None
    v = check_order(date(2026, 2, 28), date(2026, 3, 1), rule="x", message="m", citation="c")
    assert v is not None and (v.status, v.reasons[0].citation) == ("fail", "c")


def test_historical_dates_use_the_first_rulebook_with_a_mark() -> None:
    first = RULEBOOKS[0].effective
    assert not is_historical(first) and is_historical(date(first.year - 1, 1, 1))
    book, mark = historical_rulebook(first)
    assert mark is None and book.id == rulebook_for(first).id
    book, mark = historical_rulebook(date(2020, 5, 1), {"certificate.validity_months": 60})
    assert book.id == RULEBOOKS[0].id and mark is not None and HISTORICAL in mark.reasons[0].message


@pytest.mark.parametrize(
    ("eligible", "present", "in_favour", "against", "rule"),
    [
        (10, 10, 7, 3, "vote.attendance"),
        (10, 11, 7, 3, "vote.present_over_eligible"),
        (10, 3, 3, 0, "vote.attendance"),
        (10, 3, 6, 0, "vote.ballots_over_present"),
        (10, 8, 6, 3, "vote.ballots_over_present"),
        (10, -1, 0, 0, "vote.negative"),
    ],
)
def test_attendance_arithmetic(eligible: int, present: int, in_favour: int, against: int, rule: str) -> None:
    v = check_attendance(eligible, present, in_favour, against)
    assert v.reasons[0].rule == rule and (v.status == "pass") == (rule == "vote.attendance")


def test_registry_count() -> None:
    book = rulebook_for(TODAY)
    assert check_registry_count(46, 46, "", day="02/12/2026", rulebook=book).reasons[0].rule == "vote.registry"
    refused = check_registry_count(8, 46, " ", day="02/12/2026", rulebook=book)
    assert refused.status == "fail" and "46" in refused.reasons[0].message
    corrected = check_registry_count(48, 46, "Hai đảng viên chưa nhập", day="02/12/2026", rulebook=book)
    assert corrected.status == "pass" and corrected.reasons[0].rule == "vote.registry_corrected"


def test_registry_count_of_a_committee() -> None:
    book = rulebook_for(TODAY)
    same = check_registry_count(9, 9, "", day="02/12/2026", rulebook=book, committee=True)
    assert "cấp ủy viên" in same.reasons[0].message and same.reasons[0].citation == book.cite("vote.committee_ratio")
    refused = check_registry_count(7, 9, "", day="02/12/2026", rulebook=book, committee=True)
    assert refused.status == "fail" and refused.reasons[0].message.startswith(
        "Danh sách cấp ủy viên ngày 02/12/2026 có 9"
    )
