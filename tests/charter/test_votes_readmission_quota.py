"""Vote thresholds, re-admission, population policy, quota rounding."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from ketnap.charter import (
    check_cell_vote,
    check_committee_vote,
    check_population_policy,
    check_readmission,
    quota_from_rate,
    required_votes,
    rulebook_for,
)

BOOK = rulebook_for(date(2026, 3, 15))


@pytest.mark.parametrize(
    ("denominator", "required"),
    [
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 2),
        (6, 4),
        (7, 5),
        (8, 6),
        (9, 6),
        (10, 7),
        (300, 200),
        (301, 201),
    ],
)
def test_required_votes_is_an_exact_ceiling(denominator: int, required: int) -> None:
    assert required_votes(denominator, Fraction(2, 3)) == required


def test_required_votes_refuses_negative() -> None:
    with pytest.raises(ValueError):
        required_votes(-1, Fraction(2, 3))


@pytest.mark.parametrize(
    ("members", "excused", "in_favour", "status", "required"),
    [
        (9, 0, 6, "pass", 6),  # exactly 2/3
        (9, 0, 5, "fail", 6),
        (10, 0, 7, "pass", 7),
        (10, 0, 6, "fail", 7),
        (12, 3, 6, "pass", 6),  # deductions shrink the denominator to 9
        (12, 2, 6, "fail", 7),
        (1, 0, 1, "pass", 1),
    ],
)
def test_cell_vote(members: int, excused: int, in_favour: int, status: str, required: int) -> None:
    outcome = check_cell_vote(members, in_favour, BOOK, excused=excused)
    assert (outcome.verdict.status, outcome.required, outcome.denominator) == (
        status,
        required,
        members - excused,
    )
    assert outcome.to_dict()["required"] == required


@pytest.mark.parametrize(
    ("members", "excused", "in_favour"),
    [(-1, 0, 0), (9, -1, 3), (9, 0, -1), (3, 3, 0), (9, 0, 10), (9, 2, 8)],
)
def test_impossible_vote_counts(members: int, excused: int, in_favour: int) -> None:
    with pytest.raises(ValueError):
        check_cell_vote(members, in_favour, BOOK, excused=excused)


@pytest.mark.parametrize(
    ("purpose", "previous", "status", "rules"),
    [
        ("confirmation", 0, "fail", ["vote.cell"]),
        ("confirmation", 1, "fail", ["vote.cell"]),
        ("confirmation", 2, "needs_approval", ["vote.cell", "vote.escalate"]),  # third failure
        ("admission", 2, "fail", ["vote.cell"]),
    ],
)
def test_three_failed_votes_escalate(purpose: str, previous: int, status: str, rules: list[str]) -> None:
    outcome = check_cell_vote(9, 5, BOOK, purpose=purpose, previous_failed_rounds=previous)  # type: ignore[arg-type]
    assert outcome.verdict.status == status
    assert [r.rule for r in outcome.verdict.reasons] == rules


@pytest.mark.parametrize(
    ("members", "in_favour", "status"),
    [(9, 6, "pass"), (9, 5, "fail"), (11, 8, "pass"), (11, 7, "fail")],
)
def test_committee_vote_counts_all_members(members: int, in_favour: int, status: str) -> None:
    assert check_committee_vote(members, in_favour, BOOK).verdict.status == status


@pytest.mark.parametrize(
    ("kwargs", "meeting", "status", "rules"),
    [
        ({}, date(2025, 3, 14), "fail", ["readmission.wait", "readmission.consent"]),
        ({}, date(2025, 3, 15), "needs_approval", ["readmission.wait", "readmission.consent"]),
        ({"exit_reason": "quit_activity"}, date(2030, 1, 1), "fail", ["readmission.never"]),
        ({"exit_reason": "corruption_conviction"}, date(2030, 1, 1), "fail", ["readmission.never"]),
        ({"previously_readmitted": True}, date(2030, 1, 1), "fail", ["readmission.once"]),
        (
            {"convicted_less_serious": True},
            date(2030, 1, 1),
            "fail",
            ["readmission.wait", "readmission.expunged", "readmission.consent"],
        ),
        (
            {"convicted_less_serious": True, "expunged_date": date(2023, 6, 10)},
            date(2028, 6, 9),
            "fail",
            ["readmission.wait", "readmission.expunged", "readmission.consent"],
        ),
        (
            {"convicted_less_serious": True, "expunged_date": date(2023, 6, 10)},
            date(2028, 6, 10),
            "needs_approval",
            ["readmission.wait", "readmission.expunged", "readmission.consent"],
        ),
        (
            {"exit_reason": "population_policy", "child_order": 4},
            date(2025, 3, 15),
            "needs_approval",
            ["readmission.wait", "population.wait", "readmission.consent"],
        ),
        (
            {"exit_reason": "population_policy"},
            date(2025, 3, 15),
            "needs_approval",
            ["readmission.wait", "readmission.consent"],
        ),
    ],
)
def test_readmission(kwargs: dict[str, object], meeting: date, status: str, rules: list[str]) -> None:
    result = check_readmission(date(2022, 3, 15), meeting, BOOK, **kwargs)  # type: ignore[arg-type]
    assert result.status == status
    assert [r.rule for r in result.reasons] == rules


@pytest.mark.parametrize(
    ("order", "born", "meeting", "status"),
    [
        (2, date(2026, 1, 1), date(2026, 3, 15), "pass"),
        (3, date(2024, 5, 20), date(2026, 5, 19), "fail"),
        (3, date(2024, 5, 20), date(2026, 5, 20), "pass"),  # exactly 24 months
        (4, date(2023, 5, 20), date(2026, 5, 19), "fail"),
        (4, date(2023, 5, 20), date(2026, 5, 20), "pass"),  # exactly 36 months
        (5, date(2023, 5, 20), date(2026, 5, 20), "pass"),
    ],
)
def test_population_policy_wait(order: int, born: date, meeting: date, status: str) -> None:
    assert check_population_policy(order, born, meeting, BOOK).status == status


def test_population_policy_for_expelled_member_counts_from_expulsion() -> None:
    result = check_population_policy(3, date(2020, 1, 1), date(2025, 1, 1), BOOK, since=date(2023, 6, 1))
    assert result.status == "fail"
    assert "khai trừ" in result.reasons[0].message


@pytest.mark.parametrize(
    ("rate", "members", "quota"),
    [
        (Decimal("3.2"), 1251, 41),
        (Decimal("3.2"), 1250, 40),
        (3.2, 1250, 40),  # float read through its decimal text, no 40.000…01
        ("3.2", 1251, 41),
        (3, 100, 3),
        ("0.1", 1, 1),
        (0, 500, 0),
        ("2.5", 0, 0),
    ],
)
def test_quota_rounds_up_exactly(rate: Decimal | float | str | int, members: int, quota: int) -> None:
    assert quota_from_rate(rate, members) == quota


@pytest.mark.parametrize(("rate", "members"), [(-1, 10), ("3", -1), ("abc", 10), ("NaN", 10), (True, 10), (3, True)])
def test_quota_refuses_bad_input(rate: object, members: object) -> None:
    with pytest.raises(ValueError):
        quota_from_rate(rate, members)  # type: ignore[arg-type]
