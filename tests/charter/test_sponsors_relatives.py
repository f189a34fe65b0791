"""Introducers and relatives' background verification."""

from datetime import date

import pytest

from ketnap.charter import (
    Relative,
    Sponsor,
    check_sponsors,
    is_youth_age,
    relatives_to_verify,
    rulebook_for,
)
from ketnap.charter.relatives import verification_reasons

MEETING = date(2026, 3, 15)
BOOK = rulebook_for(MEETING)
ADULT = date(1980, 1, 1)  # 46: not youth age
YOUNG = date(2000, 1, 1)  # 26: youth age


def member(since: date | None = date(2024, 1, 1), **kw: object) -> Sponsor:
    return Sponsor("member", together_since=since, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("since", "meeting", "status"),
    [
        (date(2025, 3, 15), date(2026, 3, 14), "fail"),  # day before 12 months
        (date(2025, 3, 15), date(2026, 3, 15), "pass"),  # exactly 12 months
        (date(2025, 3, 15), date(2026, 3, 16), "pass"),
        (date(2024, 2, 29), date(2025, 2, 28), "pass"),  # leap-day start, month-end rule
        (date(2024, 2, 29), date(2025, 2, 27), "fail"),
    ],
)
def test_twelve_months_together(since: date, meeting: date, status: str) -> None:
    result = check_sponsors([member(), member(since)], ADULT, meeting, BOOK, youth_union_exists=True)
    assert result.status == status
    assert result.reasons[-1].rule == "sponsor.together"


@pytest.mark.parametrize(
    ("sponsors", "birth", "youth_union", "trade_union", "status", "failing"),
    [
        ([member(), member()], ADULT, False, False, "pass", []),
        ([member(), member()], ADULT, True, True, "pass", []),
        ([member()], ADULT, False, False, "fail", ["sponsor.composition"]),
        ([member(), member(), member()], ADULT, False, False, "fail", ["sponsor.composition"]),
        ([Sponsor("youth_union_committee"), member()], YOUNG, True, False, "pass", []),
        ([member(), member()], YOUNG, True, False, "fail", ["sponsor.composition"]),
        (
            [Sponsor("youth_union_committee"), member()],
            ADULT,
            True,
            False,
            "fail",
            ["sponsor.composition"],
        ),
        ([Sponsor("trade_union_committee"), member()], YOUNG, False, True, "pass", []),
        (
            [Sponsor("youth_union_committee"), member()],
            YOUNG,
            False,
            True,
            "fail",
            ["sponsor.composition"],
        ),
        ([member(), member()], YOUNG, False, False, "pass", []),  # neither union exists
        (
            [member(), member(status="probationary")],
            ADULT,
            False,
            False,
            "fail",
            ["sponsor.official"],
        ),
        ([member(), member(None)], ADULT, False, False, "fail", ["sponsor.together"]),
        ([member(), member(date(2026, 1, 1), replacement=True)], ADULT, False, False, "pass", []),
    ],
)
def test_sponsor_composition(
    sponsors: list[Sponsor],
    birth: date,
    youth_union: bool,
    trade_union: bool,
    status: str,
    failing: list[str],
) -> None:
    result = check_sponsors(
        sponsors,
        birth,
        MEETING,
        BOOK,
        youth_union_exists=youth_union,
        trade_union_exists=trade_union,
    )
    assert result.status == status
    assert [
        r.rule for r in result.reasons if "phải" in r.message or "chưa" in r.message or "dự bị" in r.message
    ] == failing


def test_composition_messages_say_why() -> None:
    youth = check_sponsors([member(), member()], YOUNG, MEETING, BOOK, youth_union_exists=True)
    assert "Ban Chấp hành Đoàn cơ sở" in youth.reasons[0].message
    assert "nơi có tổ chức Đoàn" in youth.reasons[0].message
    trade = check_sponsors(
        [member(), member()],
        YOUNG,
        MEETING,
        BOOK,
        youth_union_exists=False,
        trade_union_exists=True,
    )
    assert "không có tổ chức Đoàn" in trade.reasons[0].message
    adult = check_sponsors([member()], ADULT, MEETING, BOOK, youth_union_exists=False)
    assert "2 đảng viên chính thức" in adult.reasons[0].message


def test_replacement_exemption_can_be_switched_off() -> None:
    strict = rulebook_for(MEETING, {"sponsor.replacement_exempt": False})
    sponsors = [
        member(),
        Sponsor("member", together_since=date(2026, 1, 1), replacement=True, name="Lê Văn B"),
    ]
    result = check_sponsors(sponsors, ADULT, MEETING, strict, youth_union_exists=False)
    assert result.status == "fail"
    assert "Lê Văn B" in result.reasons[-1].message


@pytest.mark.parametrize(
    ("birth", "youth"),
    [
        (date(1995, 3, 16), True),  # 30 years 11 months on 15/03/2026
        (date(1995, 3, 15), False),  # 31st birthday
        (date(2008, 3, 15), True),
    ],
)
def test_youth_age_until_31st_birthday(birth: date, youth: bool) -> None:
    assert is_youth_age(birth, MEETING, BOOK) is youth


def test_youth_limit_is_configurable() -> None:
    book = rulebook_for(MEETING, {"sponsor.youth_max_age_years": 35})
    assert is_youth_age(date(1992, 1, 1), MEETING, book)


RELATIVES = [
    Relative("father", name="Nguyễn Văn A"),
    Relative("mother", is_member=True, declared=True),
    Relative("mother", is_member=True, declared=False),
    Relative("father_in_law"),
    Relative("mother_in_law"),
    Relative("raiser"),
    Relative("spouse", is_member=True, declared=True),
    Relative("child", adult=True),
    Relative("child", adult=False),
    Relative("child", is_member=True, declared=True),
    Relative("sibling"),
    Relative("sibling", is_member=True, declared=True),
    Relative("other"),
]


def test_relatives_to_verify() -> None:
    verified = relatives_to_verify(RELATIVES)
    assert verified == (
        RELATIVES[0],
        RELATIVES[2],  # a member who did not declare fully is verified
        RELATIVES[3],
        RELATIVES[4],
        RELATIVES[5],
        RELATIVES[6],  # a spouse is never exempt
        RELATIVES[7],
    )


def test_verification_reasons() -> None:
    rules = [r.rule for r in verification_reasons(RELATIVES)]
    assert rules == [
        "relatives.verify",
        "relatives.exempt",
        "relatives.verify",
        "relatives.verify",
        "relatives.verify",
        "relatives.verify",
        "relatives.verify",
        "relatives.verify",
        "relatives.minor_child",
        "relatives.exempt",
        "relatives.not_listed",
        "relatives.exempt",
        "relatives.not_listed",
    ]
    first = verification_reasons(RELATIVES[:1])[0]
    assert first.message.startswith("Cha đẻ Nguyễn Văn A:")
    assert "3.4a" in first.citation
