"""explain(): the JSON core of the management command, every question and every error kind."""

import json
from datetime import date
from typing import Any

import pytest

from ketnap.charter import explain
from ketnap.charter.explain import parse_date


def _ok(question: str, facts: dict[str, Any], **kw: Any) -> dict[str, Any]:
    answer, status = explain(question, facts, **kw)
    assert status == 0, answer
    json.dumps(answer)  # JSON-able
    for reason in answer.get("reasons", []):
        assert set(reason) == {"rule", "message", "citation"}
    return answer


def test_eligibility() -> None:
    answer = _ok(
        "eligibility",
        {
            "birth_date": "2008-03-15",
            "meeting_date": "2026-03-15",
            "education": "lower_secondary",
            "remote_area": False,
            "certificate_date": "2021-03-15",
        },
    )
    assert answer["verdict"] == "pass"
    assert answer["age_months"] == 216
    assert [r["rule"] for r in answer["reasons"]] == [
        "age.range",
        "education.level",
        "certificate.valid",
    ]


def test_eligibility_minimal_and_variants() -> None:
    young = _ok("eligibility", {"birth_date": "2008-03-15", "meeting_date": "2026-03-14"})
    assert (young["verdict"], young["age_months"], len(young["reasons"])) == ("fail", 215, 1)
    month_only = _ok(
        "eligibility",
        {"birth_date": "2008-03-01", "birth_month_only": True, "meeting_date": "2026-03-01"},
    )
    assert month_only["verdict"] == "pass"
    elder = _ok(
        "eligibility",
        {
            "birth_date": date(1970, 1, 1),
            "meeting_date": date(2026, 3, 1),
            "education": "none",
            "village_elder": True,
            "certificate_date": None,
        },
    )
    assert elder["verdict"] == "fail"
    assert [r["rule"] for r in elder["reasons"]] == [
        "age.range",
        "education.elder",
        "certificate.missing",
    ]
    remote = _ok(
        "eligibility",
        {
            "birth_date": "1990-01-01",
            "meeting_date": "2026-03-01",
            "education": "primary",
            "remote_area": True,
        },
    )
    assert remote["verdict"] == "pass"


def test_sponsors() -> None:
    answer = _ok(
        "sponsors",
        {
            "applicant_birth_date": "2000-05-01",
            "meeting_date": "2026-03-15",
            "youth_union_exists": True,
            "sponsors": [
                {"kind": "youth_union_committee"},
                {
                    "kind": "member",
                    "status": "official",
                    "together_since": "2025-03-15",
                    "replacement": False,
                },
            ],
        },
    )
    assert answer["verdict"] == "pass"
    assert answer["rulebook"] == "qd294"
    failing = _ok(
        "sponsors",
        {
            "applicant_birth_date": "1980-05-01",
            "meeting_date": "2026-03-15",
            "youth_union_exists": False,
            "sponsors": [
                {
                    "kind": "member",
                    "status": "probationary",
                    "together_since": "2020-01-01",
                    "name": "Trần C",
                },
                {"kind": "member", "together_since": "2025-03-16"},
            ],
        },
    )
    assert failing["verdict"] == "fail"
    assert [r["rule"] for r in failing["reasons"]] == [
        "sponsor.composition",
        "sponsor.official",
        "sponsor.together",
    ]


@pytest.mark.parametrize(
    ("facts", "verdict", "required"),
    [
        ({"official_members": 9, "excused": 0, "in_favour": 6}, "pass", 6),
        ({"official_members": 10, "excused": 0, "in_favour": 6}, "fail", 7),
        (
            {"official_members": "12", "excused": 3, "in_favour": 6, "meeting_date": "2025-06-30"},
            "pass",
            6,
        ),
        (
            {
                "official_members": 9,
                "in_favour": 5,
                "purpose": "confirmation",
                "previous_failed_rounds": 2,
            },
            "needs_approval",
            6,
        ),
    ],
)
def test_vote(facts: dict[str, Any], verdict: str, required: int) -> None:
    answer = _ok("vote", facts)
    assert (answer["verdict"], answer["required"]) == (verdict, required)


def test_deadline_with_calendar_and_rule_overrides() -> None:
    answer = _ok("deadline", {"event": "ceremony", "from": "2026-02-13"})
    assert answer == {**answer, "deadline": "2026-04-03", "working_days": 30, "rulebook": "qd294"}
    moved = _ok(
        "deadline",
        {"event": "ceremony", "from": "2026-02-13"},
        calendar_overrides={date(2026, 4, 3): False},
        rule_overrides={"qd294:deadline.member_biography_wd": 20},
    )
    assert moved["deadline"] == "2026-04-06"
    probation = _ok("deadline", {"event": "probation_end", "from": "2024-02-29"})
    assert (probation["deadline"], probation["working_days"]) == ("2025-02-28", None)


@pytest.mark.parametrize(
    ("rate", "members", "quota"),
    [(3.2, 1251, 41), (3.2, 1250, 40), ("3.2", 1250, 40), (5, 20, 1)],
)
def test_quota(rate: object, members: int, quota: int) -> None:
    assert _ok("quota", {"rate_percent": rate, "members": members})["quota"] == quota


VALID_ELIGIBILITY = {"birth_date": "2000-01-01", "meeting_date": "2026-03-15"}
SPONSOR_BASE = {"applicant_birth_date": "1980-01-01", "meeting_date": "2026-03-15"}


@pytest.mark.parametrize(
    ("question", "facts", "overrides", "rule"),
    [
        ("horoscope", {}, None, "question.unknown"),
        ("quota", ["rate_percent", 3], None, "facts.invalid"),
        ("eligibility", {"meeting_date": "2026-03-15"}, None, "facts.missing"),
        ("eligibility", {"birth_date": None, "meeting_date": "2026-03-15"}, None, "facts.missing"),
        (
            "eligibility",
            {"birth_date": "2026-02-30", "meeting_date": "2026-03-15"},
            None,
            "facts.invalid_date",
        ),
        (
            "eligibility",
            {"birth_date": "15/03/2000", "meeting_date": "2026-03-15"},
            None,
            "facts.invalid_date",
        ),
        (
            "eligibility",
            {"birth_date": 20000315, "meeting_date": "2026-03-15"},
            None,
            "facts.invalid_date",
        ),
        (
            "eligibility",
            {"birth_date": "2000-W01-1", "meeting_date": "2026-03-15"},
            None,
            "facts.invalid_date",
        ),
        ("eligibility", {**VALID_ELIGIBILITY, "education": "phd"}, None, "facts.invalid"),
        (
            "eligibility",
            {**VALID_ELIGIBILITY, "education": "primary", "remote_area": "yes"},
            None,
            "facts.invalid",
        ),
        (
            "eligibility",
            {**VALID_ELIGIBILITY, "certificate_date": "2026-13-01"},
            None,
            "facts.invalid_date",
        ),
        (
            "eligibility",
            {"birth_date": "2000-01-01", "meeting_date": "2020-01-01"},
            None,
            "rulebook.none",
        ),
        ("eligibility", VALID_ELIGIBILITY, {"sponsor.count": 3}, "rulebook.override"),
        ("sponsors", {**SPONSOR_BASE}, None, "facts.missing"),
        ("sponsors", {**SPONSOR_BASE, "sponsors": "two members"}, None, "facts.invalid"),
        ("sponsors", {**SPONSOR_BASE, "sponsors": ["member", "member"]}, None, "facts.invalid"),
        ("sponsors", {**SPONSOR_BASE, "sponsors": [{"kind": "friend"}]}, None, "facts.invalid"),
        ("sponsors", {**SPONSOR_BASE, "sponsors": [{"status": "official"}]}, None, "facts.missing"),
        (
            "sponsors",
            {**SPONSOR_BASE, "sponsors": [{"kind": "member", "together_since": "2025-02-29"}]},
            None,
            "facts.invalid_date",
        ),
        ("vote", {"official_members": 9, "excused": -1, "in_favour": 6}, None, "facts.negative"),
        ("vote", {"official_members": "-9", "in_favour": 6}, None, "facts.negative"),
        ("vote", {"official_members": 9.5, "in_favour": 6}, None, "facts.invalid"),
        ("vote", {"official_members": True, "in_favour": 1}, None, "facts.invalid"),
        ("vote", {"official_members": "nine", "in_favour": 6}, None, "facts.invalid"),
        ("vote", {"official_members": 9, "in_favour": 10}, None, "facts.invalid"),
        ("vote", {"official_members": 9, "excused": 9, "in_favour": 0}, None, "facts.invalid"),
        ("vote", {"official_members": 9}, None, "facts.missing"),
        (
            "vote",
            {"official_members": 9, "in_favour": 6, "purpose": "election"},
            None,
            "facts.invalid",
        ),
        ("deadline", {"event": "ceremony"}, None, "facts.missing"),
        ("deadline", {"event": "party", "from": "2026-01-01"}, None, "facts.invalid"),
        ("deadline", {"event": "ceremony", "from": "2026-02-29"}, None, "facts.invalid_date"),
        ("deadline", {"event": "ceremony", "from": "2019-01-01"}, None, "rulebook.none"),
        (
            "deadline",
            {"event": "ceremony", "from": "2026-01-01"},
            {"deadline.ceremony_wd": "ba mươi"},
            "rulebook.override",
        ),
        ("quota", {"members": 10}, None, "facts.missing"),
        ("quota", {"rate_percent": [3], "members": 10}, None, "facts.invalid"),
        ("quota", {"rate_percent": True, "members": 10}, None, "facts.invalid"),
        ("quota", {"rate_percent": "abc", "members": 10}, None, "facts.invalid"),
        ("quota", {"rate_percent": -3.2, "members": 10}, None, "facts.negative"),
        ("quota", {"rate_percent": 3.2, "members": -10}, None, "facts.negative"),
    ],
)
def test_bad_facts_give_a_vietnamese_error_and_status_2(
    question: str, facts: Any, overrides: dict[str, object] | None, rule: str
) -> None:
    answer, status = explain(question, facts, rule_overrides=overrides)
    assert status == 2
    assert answer["verdict"] == "error"
    assert [r["rule"] for r in answer["reasons"]] == [rule]
    assert answer["reasons"][0]["message"]
    json.dumps(answer)


def test_parse_date() -> None:
    assert parse_date(" 2024-02-29 ") == date(2024, 2, 29)
    with pytest.raises(ValueError):
        parse_date("2023-02-29")
