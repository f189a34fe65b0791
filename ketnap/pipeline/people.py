"""Facts about a person that are checked the same way everywhere: the official list
of 54 ethnic groups, the 12-digit citizen ID (CCCD) and birth dates known only to
the month.

Why a leaf module: the candidate form, the spreadsheet importer and the model all
validate these, and the statistics of issue 6 count by the same ethnic codes, so
the rules live once, here, without Django models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ketnap.core.text import fold

#: Danh mục các dân tộc Việt Nam (Tổng cục Thống kê, QĐ 121-TCTK/PPCĐ), in its
#: official order; the two-digit code is what is stored.
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = tuple(
    (f"{i:02d}", name)
    for i, name in enumerate(
        (  # noqa: SIM905 -- the list as printed, a row per line
            "Kinh|Tày|Thái|Hoa|Khơ-me|Mường|Nùng|Mông|Dao|Gia-rai|Ngái|Ê-đê|Ba-na|Xơ-đăng|Sán Chay|Cơ-ho|Chăm|"
            "Sán Dìu|Hrê|Mnông|Ra-glai|Xtiêng|Bru-Vân Kiều|Thổ|Giáy|Cơ-tu|Giẻ-Triêng|Mạ|Khơ-mú|Co|Tà-ôi|Chơ-ro|"
            "Kháng|Xinh-mun|Hà Nhì|Chu-ru|Lào|La Chí|La Ha|Phù Lá|La Hủ|Lự|Lô Lô|Chứt|Mảng|Pà Thẻn|Cơ Lao|Cống|"
            "Bố Y|Si La|Pu Péo|Brâu|Ơ Đu|Rơ Măm"
        ).split("|"),
        start=1,
    )
)
KINH = "01"
_ETHNIC_BY_FOLDED = {fold(name).replace("-", " "): code for code, name in ETHNIC_GROUPS}
_ETHNIC_ALIASES = {"hmong": "08", "h mong": "08", "khmer": "05", "muong": "06", "bana": "13", "ede": "12"}


def ethnic_code(text: str) -> str | None:
    """The code of an ethnic group written in any usual way ("Tày", "tay", "H'Mông", "08")."""
    raw = text.strip()
    if re.fullmatch(r"\d{1,2}", raw):
        code = f"{int(raw):02d}"
        return code if 1 <= int(raw) <= len(ETHNIC_GROUPS) else None
    key = fold(raw).replace("-", " ").replace("'", " ").replace("’", " ")
    key = " ".join(key.split())
    return _ETHNIC_BY_FOLDED.get(key) or _ETHNIC_ALIASES.get(key) or _ETHNIC_ALIASES.get(key.replace(" ", ""))


# Province codes of the 12-digit citizen ID (Thông tư 07/2016/TT-BCA, Phụ lục). IDs
# keep their code after the 2025 provincial mergers; add new codes here if issued.
PROVINCE_CODES: frozenset[str] = frozenset(
    (  # noqa: SIM905 -- the list as printed, a row per line
        "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 "
        "040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 "
        "083 084 086 087 089 091 092 093 094 095 096"
    ).split()
)
# Fourth digit: century of birth and sex (even = male, odd = female).
_CENTURY = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}


def national_id_problems(number: str, birth_date: date | None = None, sex: str = "") -> list[str]:
    """Vietnamese reasons why `number` is not a valid CCCD for this person (empty = valid).

    Structure: 3 digits province of birth registration, 1 digit century and sex,
    2 digits year of birth, 6 random digits. When the birth date and sex are known
    they must agree with digits 4–6, which catches most typing slips.
    """
    if not re.fullmatch(r"\d{12}", number):
        return ["Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."]
    problems: list[str] = []
    if number[:3] not in PROVINCE_CODES:
        problems.append(f"Ba số đầu “{number[:3]}” không phải mã tỉnh, thành phố nơi đăng ký khai sinh.")
    century_digit = int(number[3])
    century = _CENTURY[century_digit]
    year = century + int(number[4:6])
    if birth_date is not None and birth_date.year != year:
        problems.append(
            f"Số CCCD ghi năm sinh {year} (chữ số thứ 4–6 là “{number[3:6]}”), không khớp năm sinh {birth_date.year}."
        )
    if sex in ("male", "female") and (century_digit % 2 == 1) != (sex == "female"):
        expected = "nữ" if century_digit % 2 else "nam"
        problems.append(f"Chữ số thứ 4 của số CCCD (“{number[3]}”) là của người {expected}, không khớp giới tính.")
    return problems


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A birth date that may be known only to the month: stored as the 1st of the month."""

    value: date
    month_only: bool

    def display(self) -> str:
        return f"{self.value:%m/%Y}" if self.month_only else f"{self.value:%d/%m/%Y}"


def parse_partial_date(text: str) -> PartialDate:
    """Read "15/03/2008", "2008-03-15" or "03/2008"; ValueError with a Vietnamese message."""
    raw = text.strip()
    try:
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw):
            return PartialDate(date(int(m[3]), int(m[2]), int(m[1])), False)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
            return PartialDate(date(int(m[1]), int(m[2]), int(m[3])), False)
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{4})", raw):
            return PartialDate(date(int(m[2]), int(m[1]), 1), True)
    except ValueError:
        raise ValueError(f"Ngày “{raw}” không có thật.") from None
    raise ValueError(f"Ngày sinh “{raw}” phải viết dạng ngày/tháng/năm (15/03/2008) hoặc tháng/năm (03/2008).")
