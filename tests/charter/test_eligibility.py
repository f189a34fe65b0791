"""Age, education and awareness-course certificate at the cell meeting date."""

from datetime import date

import pytest

from ketnap.charter import (
    certificate_expiry,
    check_age,
    check_certificate,
    check_education,
    rulebook_for,
)

BOOK = rulebook_for(date(2026, 3, 1))


@pytest.mark.parametrize(
    ("birth", "meeting", "status", "rule"),
    [
        (date(2008, 3, 15), date(2026, 3, 14), "fail", "age.min"),  # 215 months, day before
        (date(2008, 3, 15), date(2026, 3, 15), "pass", "age.range"),  # 216, the birthday
        (date(2008, 3, 15), date(2026, 3, 16), "pass", "age.range"),  # day after
        (date(2008, 2, 29), date(2026, 2, 27), "fail", "age.min"),
        (date(2008, 2, 29), date(2026, 2, 28), "pass", "age.range"),  # month-end rule
        (date(2008, 2, 29), date(2026, 3, 1), "pass", "age.range"),
        (date(1966, 3, 15), date(2026, 3, 15), "pass", "age.range"),  # 720 months
        (date(1966, 3, 15), date(2026, 4, 14), "pass", "age.range"),  # still 720
        (date(1966, 3, 15), date(2026, 4, 15), "needs_approval", "age.max"),  # 721
        (date(2030, 1, 1), date(2026, 3, 15), "fail", "age.min"),  # meeting before birth
    ],
)
def test_age_boundaries(birth: date, meeting: date, status: str, rule: str) -> None:
    result = check_age(birth, meeting, BOOK)
    assert result.status == status
    assert [r.rule for r in result.reasons] == [rule]
    assert result.reasons[0].citation


def test_over_60_names_the_provincial_committee() -> None:
    message = check_age(date(1960, 1, 1), date(2026, 3, 1), BOOK).reasons[0].message
    assert "Ban Thường vụ cấp ủy trực thuộc Trung ương" in message
    assert "721" not in message and "794 tháng" in message


def test_under_18_message_in_years_and_months() -> None:
    message = check_age(date(2008, 3, 15), date(2026, 3, 14), BOOK).reasons[0].message
    assert "Chưa đủ 18 tuổi" in message and "17 tuổi 11 tháng" in message


@pytest.mark.parametrize(
    ("birth", "meeting", "status"),
    [
        (date(2008, 3, 1), date(2026, 2, 28), "fail"),
        (date(2008, 3, 1), date(2026, 3, 1), "pass"),  # any day of 03/2026 is 216 months
        (date(1966, 3, 1), date(2026, 3, 31), "pass"),
        (date(1966, 3, 1), date(2026, 4, 1), "needs_approval"),
    ],
)
def test_birth_known_only_as_month_and_year(birth: date, meeting: date, status: str) -> None:
    result = check_age(birth, meeting, BOOK, month_only=True)
    assert result.status == status
    assert f"sinh {birth:%m/%Y}," in result.reasons[0].message


def test_calendar_month_reading_is_an_administrator_choice() -> None:
    by_month = rulebook_for(date(2026, 3, 1), {"age.by_calendar_month": True})
    assert check_age(date(2008, 3, 15), date(2026, 3, 1), BOOK).status == "fail"
    assert check_age(date(2008, 3, 15), date(2026, 3, 1), by_month).status == "pass"


@pytest.mark.parametrize(
    ("level", "kwargs", "status", "rule"),
    [
        ("lower_secondary", {}, "pass", "education.level"),
        ("higher", {}, "pass", "education.level"),
        ("primary", {}, "fail", "education.level"),
        ("none", {}, "fail", "education.level"),
        ("primary", {"remote_area": True}, "pass", "education.level"),
        ("none", {"remote_area": True}, "fail", "education.level"),
        ("none", {"village_elder": True}, "needs_approval", "education.elder"),
        ("none", {"village_elder": True, "literate": False}, "fail", "education.level"),
        ("primary", {"village_elder": True}, "pass", "education.level"),
    ],
)
def test_education(level: str, kwargs: dict[str, bool], status: str, rule: str) -> None:
    result = check_education(level, BOOK, **kwargs)
    assert (result.status, result.reasons[0].rule) == (status, rule)


def test_education_messages() -> None:
    assert "tiểu học" in check_education("primary", BOOK).reasons[0].message
    elder = check_education("none", BOOK, village_elder=True).reasons[0].message
    assert "đọc, viết được tiếng Việt" in elder
    assert "vùng đặc biệt khó khăn" in check_education("primary", BOOK, remote_area=True).reasons[0].message


def test_unknown_education_level() -> None:
    with pytest.raises(ValueError):
        check_education("phd", BOOK)


@pytest.mark.parametrize(
    ("issued", "meeting", "status", "rule"),
    [
        (date(2021, 3, 10), date(2026, 3, 9), "pass", "certificate.valid"),
        (date(2021, 3, 10), date(2026, 3, 10), "pass", "certificate.valid"),  # last valid day
        (date(2021, 3, 10), date(2026, 3, 11), "fail", "certificate.expired"),
        (date(2020, 2, 29), date(2025, 2, 28), "pass", "certificate.valid"),
        (date(2020, 2, 29), date(2025, 3, 1), "fail", "certificate.expired"),
        (date(2026, 3, 2), date(2026, 3, 1), "fail", "certificate.future"),
        (None, date(2026, 3, 1), "fail", "certificate.missing"),
    ],
)
def test_certificate_validity(issued: date | None, meeting: date, status: str, rule: str) -> None:
    result = check_certificate(issued, meeting, BOOK)
    assert (result.status, result.reasons[0].rule) == (status, rule)


def test_certificate_validity_is_configurable() -> None:
    shorter = rulebook_for(date(2026, 3, 1), {"certificate.validity_months": 48})
    assert certificate_expiry(date(2021, 3, 10), shorter) == date(2025, 3, 10)
    assert check_certificate(date(2021, 3, 10), date(2025, 3, 11), shorter).status == "fail"
    assert "quản trị viên" in check_certificate(date(2021, 3, 10), date(2025, 3, 1), shorter).reasons[0].citation
