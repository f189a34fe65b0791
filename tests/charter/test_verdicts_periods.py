"""Verdict combination and month arithmetic (BLDS Art. 147–148)."""

from datetime import date

import pytest

from ketnap.charter import Reason, Verdict, add_months, age_in_months, combine, whole_months_between

OK = Verdict("pass", (Reason("a", "đạt", "x"),))
WAIT = Verdict("needs_approval", (Reason("b", "chờ", "y"),))
NO = Verdict("fail", (Reason("c", "không đạt", "z"),))


@pytest.mark.parametrize(
    ("parts", "status"),
    [
        ((), "pass"),
        ((OK,), "pass"),
        ((OK, WAIT), "needs_approval"),
        ((WAIT, NO, OK), "fail"),
        ((NO, WAIT), "fail"),
        (([OK, WAIT],), "needs_approval"),
    ],
)
def test_combine_worst_status_wins(parts: tuple[object, ...], status: str) -> None:
    assert combine(*parts).status == status  # type: ignore[arg-type]


def test_combine_keeps_reasons_in_order_and_to_dict() -> None:
    merged = combine(OK, [NO, WAIT])
    assert [r.rule for r in merged.reasons] == ["a", "c", "b"]
    assert merged.to_dict() == {
        "verdict": "fail",
        "reasons": [
            {"rule": "a", "message": "đạt", "citation": "x"},
            {"rule": "c", "message": "không đạt", "citation": "z"},
            {"rule": "b", "message": "chờ", "citation": "y"},
        ],
    }
    assert OK.passed and not WAIT.passed


def test_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError):
        Verdict("maybe")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # ceremony on a leap day
        (date(2023, 2, 28), 12, date(2024, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 12, date(2026, 3, 31)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
    ],
)
def test_add_months(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2008, 3, 15), date(2026, 3, 14), 215),
        (date(2008, 3, 15), date(2026, 3, 15), 216),
        (date(2008, 3, 15), date(2026, 3, 16), 216),
        (date(2008, 2, 29), date(2026, 2, 27), 215),
        (date(2008, 2, 29), date(2026, 2, 28), 216),
        (date(2008, 2, 29), date(2026, 3, 1), 216),
        (date(2008, 1, 31), date(2008, 2, 29), 1),
        (date(2026, 3, 15), date(2008, 3, 15), -216),
    ],
)
def test_whole_months_between(start: date, end: date, months: int) -> None:
    assert whole_months_between(start, end) == months


def test_age_month_only_counts_calendar_months() -> None:
    assert age_in_months(date(2008, 3, 1), date(2026, 2, 28), month_only=True) == 215
    assert age_in_months(date(2008, 3, 1), date(2026, 3, 1), month_only=True) == 216
    assert age_in_months(date(2008, 3, 31), date(2026, 3, 1), month_only=True) == 216
    assert age_in_months(date(2008, 3, 31), date(2026, 3, 1)) == 215
