"""Rulebook selection by date, overrides, and the "Tra cứu quy định" listing."""

from datetime import date
from fractions import Fraction

import pytest

from ketnap.charter import (
    RULEBOOKS,
    NoRulebookError,
    RuleOverrideError,
    apply_overrides,
    list_rules,
    rulebook_by_id,
    rulebook_for,
)
from ketnap.charter.rulebooks import LABELS


@pytest.mark.parametrize(
    ("on", "rulebook_id"),
    [
        (date(2021, 7, 30), "qd24"),
        (date(2025, 1, 19), "qd24"),
        (date(2025, 1, 20), "qd232"),
        (date(2025, 6, 30), "qd232"),
        (date(2025, 7, 1), "qd294"),
        (date(2026, 7, 25), "qd294"),
        (date(2026, 7, 26), "qd208"),
        (date(2030, 1, 1), "qd208"),
    ],
)
def test_rulebook_in_force_switches_on_its_effective_day(on: date, rulebook_id: str) -> None:
    assert rulebook_for(on).id == rulebook_id


def test_no_rulebook_before_24_qd_tw() -> None:
    with pytest.raises(NoRulebookError, match="30/07/2021"):
        rulebook_for(date(2021, 7, 29))


def test_every_rulebook_has_every_key_and_uncertain_values_are_configurable() -> None:
    assert [b.effective for b in RULEBOOKS] == sorted(b.effective for b in RULEBOOKS)
    for book in RULEBOOKS:
        assert set(book.values) == set(LABELS)
        for key, rule in book.values.items():
            assert rule.citation, key
            if rule.certainty == "U":
                assert rule.configurable, (book.id, key)
            assert rule.configurable == (rule.certainty != "C"), (book.id, key)


def test_208_mirrors_294_values_with_weaker_certainty() -> None:
    qd294, qd208 = rulebook_by_id("qd294"), rulebook_by_id("qd208")
    for key in LABELS:
        assert qd208[key].value == qd294[key].value
        assert qd208[key].certainty in {"C2", "U"} or qd208[key].citation.startswith("Điều lệ")
    assert "208-QĐ/TW" in qd208.cite("deadline.ceremony_wd")
    with pytest.raises(KeyError):
        rulebook_by_id("qd999")


def test_core_numbers() -> None:
    book = rulebook_for(date(2026, 1, 1))
    assert book.number("age.min_months") == 216
    assert book.number("age.max_months") == 720
    assert book.ratio("vote.cell_ratio") == Fraction(2, 3)
    assert book.text("education.min_level") == "lower_secondary"
    assert book.flag("sponsor.replacement_exempt") is True


@pytest.mark.parametrize(
    ("accessor", "key"),
    [
        ("number", "vote.cell_ratio"),
        ("number", "sponsor.replacement_exempt"),
        ("ratio", "age.min_months"),
        ("text", "age.min_months"),
        ("flag", "age.min_months"),
    ],
)
def test_typed_accessors_refuse_the_wrong_type(accessor: str, key: str) -> None:
    with pytest.raises(TypeError):
        getattr(rulebook_for(date(2026, 1, 1)), accessor)(key)


@pytest.mark.parametrize(
    ("overrides", "key", "value"),
    [
        ({"sponsor.youth_max_age_years": 35}, "sponsor.youth_max_age_years", 35),
        ({"sponsor.youth_max_age_years": " 32 "}, "sponsor.youth_max_age_years", 32),
        ({"certificate.validity_months": "48"}, "certificate.validity_months", 48),
        ({"age.by_calendar_month": True}, "age.by_calendar_month", True),
        ({"age.by_calendar_month": "TRUE"}, "age.by_calendar_month", True),
        ({"age.by_calendar_month": "false"}, "age.by_calendar_month", False),
        ({"vote.committee_ratio": "3/4"}, "vote.committee_ratio", Fraction(3, 4)),
        ({"vote.committee_ratio": Fraction(1, 2)}, "vote.committee_ratio", Fraction(1, 2)),
        ({"vote.committee_ratio": 1}, "vote.committee_ratio", Fraction(1)),
        ({"education.min_level": "upper_secondary"}, "education.min_level", "upper_secondary"),
        ({"approval.provincial": " Tỉnh ủy "}, "approval.provincial", "Tỉnh ủy"),
        ({"deadline.admission_decision_wd": 45}, "deadline.admission_decision_wd", 45),
    ],
)
def test_overrides_apply_to_configurable_values(overrides: dict[str, object], key: str, value: object) -> None:
    book = rulebook_for(date(2026, 1, 1), overrides)
    assert book[key].value == value
    assert book[key].overridden
    assert "quản trị viên" in book.cite(key)
    assert rulebook_for(date(2026, 1, 1))[key].overridden is False  # the table is untouched


def test_scoped_override_wins_and_applies_only_to_its_rulebook() -> None:
    overrides = {
        "sponsor.youth_max_age_years": 31,
        "qd294:sponsor.youth_max_age_years": 33,
        "qd208:sponsor.youth_max_age_years": 35,
    }
    assert rulebook_for(date(2026, 1, 1), overrides).number("sponsor.youth_max_age_years") == 33
    assert rulebook_for(date(2026, 8, 1), overrides).number("sponsor.youth_max_age_years") == 35
    assert rulebook_for(date(2025, 2, 1), overrides).number("sponsor.youth_max_age_years") == 31


@pytest.mark.parametrize(
    ("overrides", "match"),
    [
        ({"sponsor.count": 1}, "không được điều chỉnh"),  # Charter value, confirmed (C)
        ({"no.such.rule": 1}, "Không có quy định"),
        ({"qd999:sponsor.count": 1}, "Không có quy định"),
        ({"sponsor.youth_max_age_years": True}, "không hợp lệ"),
        ({"sponsor.youth_max_age_years": -1}, "không hợp lệ"),
        ({"sponsor.youth_max_age_years": "ba mươi"}, "không hợp lệ"),
        ({"age.by_calendar_month": "có"}, "không hợp lệ"),
        ({"age.by_calendar_month": 1}, "không hợp lệ"),
        ({"vote.committee_ratio": "0"}, "không hợp lệ"),
        ({"vote.committee_ratio": "3/2"}, "không hợp lệ"),
        ({"vote.committee_ratio": "1/0"}, "không hợp lệ"),
        ({"vote.committee_ratio": "abc"}, "không hợp lệ"),
        ({"vote.committee_ratio": 0.5}, "không hợp lệ"),
        ({"vote.committee_ratio": True}, "không hợp lệ"),
        ({"education.min_level": "university"}, "không hợp lệ"),
        ({"approval.provincial": "  "}, "không hợp lệ"),
        ({"approval.provincial": 5}, "không hợp lệ"),
    ],
)
def test_bad_overrides_are_refused(overrides: dict[str, object], match: str) -> None:
    with pytest.raises(RuleOverrideError, match=match):
        rulebook_for(date(2026, 1, 1), overrides)


def test_apply_overrides_to_a_named_rulebook() -> None:
    book = apply_overrides(rulebook_by_id("qd24"), {"qd24:certificate.validity_months": 36})
    assert book.number("certificate.validity_months") == 36


def test_list_rules_lists_every_value_for_the_lookup_page() -> None:
    book = rulebook_for(date(2026, 1, 1), {"vote.committee_ratio": "3/4"})
    rows = list_rules(book)
    assert [r.key for r in rows] == list(LABELS)
    by_key = {r.key: r.to_dict() for r in rows}
    assert by_key["age.min_months"] == {
        "key": "age.min_months",
        "label": "Tuổi đời tối thiểu (đủ 18 tuổi)",
        "value": 216,
        "display": "216 tháng",
        "citation": "294-QĐ/TW, mục 1.1.1 (đủ 18 tuổi, tính theo tháng)",
        "certainty": "C2",
        "configurable": True,
        "overridden": False,
    }
    assert by_key["vote.committee_ratio"]["value"] == "3/4"
    assert by_key["vote.committee_ratio"]["overridden"] is True
    assert by_key["education.remote_min_level"]["display"] == "tiểu học"
    assert by_key["sponsor.replacement_exempt"]["display"] == "có"
    assert by_key["age.by_calendar_month"]["display"] == "không"
    assert by_key["sponsor.youth_max_age_years"]["certainty"] == "U"
