"""Person facts checked the same way by the form, the import and the model: the
citizen ID, birth dates known to the month, the 54 ethnic groups."""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.pipeline.people import ETHNIC_GROUPS, PROVINCE_CODES, ethnic_code, national_id_problems, parse_partial_date


@pytest.mark.parametrize(
    ("number", "birth", "sex", "problems"),
    [
        ("019096001234", date(1996, 5, 1), "male", 0),  # Thái Nguyên, 20th century, male
        ("019196001234", date(1996, 5, 1), "female", 0),  # 1 = female, 20th century
        ("001200001234", date(2000, 1, 1), "male", 0),  # 2 = male, 21st century
        ("001308001234", date(2008, 1, 1), "female", 0),  # 3 = female, 21st century
        ("019096001234", None, "", 0),  # nothing to compare with
        ("01909600123", None, "", 1),  # 11 digits
        ("0190960012345", None, "", 1),  # 13 digits
        ("01909600123A", None, "", 1),  # a letter
        ("003096001234", None, "", 1),  # 003 is no province code
        ("019096001234", date(1997, 5, 1), "male", 1),  # year 96 ≠ 1997
        ("019096001234", date(1996, 5, 1), "female", 1),  # digit 0 is a man
        ("019296001234", date(1996, 5, 1), "male", 1),  # 2 means 2096
    ],
)
def test_national_id(number: str, birth: date | None, sex: str, problems: int) -> None:
    found = national_id_problems(number, birth, sex)
    assert len(found) == problems, found


def test_province_codes_are_the_63_of_the_circular() -> None:
    assert len(PROVINCE_CODES) == 63 and {"001", "019", "020", "096"} <= PROVINCE_CODES


@pytest.mark.parametrize(
    ("text", "value", "month_only"),
    [
        ("15/03/2008", date(2008, 3, 15), False),
        ("5/3/2008", date(2008, 3, 5), False),
        ("2008-03-15", date(2008, 3, 15), False),
        ("03/2008", date(2008, 3, 1), True),
        ("3/2008", date(2008, 3, 1), True),
        ("29/02/2008", date(2008, 2, 29), False),
    ],
)
def test_partial_dates(text: str, value: date, month_only: bool) -> None:
    parsed = parse_partial_date(text)
    assert (parsed.value, parsed.month_only) == (value, month_only)
    assert parsed.display() == (f"{value:%m/%Y}" if month_only else f"{value:%d/%m/%Y}")


@pytest.mark.parametrize("text", ["31/02/2008", "13/2008", "2008", "15-03", "ngày 15"])
def test_partial_dates_refused_in_vietnamese(text: str) -> None:
    with pytest.raises(ValueError, match="Ngày"):
        parse_partial_date(text)


def test_the_official_list_has_54_groups_in_order() -> None:
    assert len(ETHNIC_GROUPS) == 54
    assert ETHNIC_GROUPS[0] == ("01", "Kinh") and ETHNIC_GROUPS[-1] == ("54", "Rơ Măm")


@pytest.mark.parametrize(
    ("text", "code"),
    [("Tày", "02"), ("tay", "02"), ("H'Mông", "08"), ("Mông", "08"), ("Khmer", "05"), ("8", "08"), ("55", None),
     ("Ê Đê", "12"), ("Xyz", None)],
)  # fmt: skip
def test_ethnic_codes_as_people_write_them(text: str, code: str | None) -> None:
    assert ethnic_code(text) == code
