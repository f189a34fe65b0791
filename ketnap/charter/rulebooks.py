"""Versioned rulebooks: every number of the admission rules, cited and dated.

Why: the rules changed with each implementing regulation (24-QĐ/TW 2021,
232-QĐ/TW 2025, 294-QĐ/TW 2025, 208-QĐ/TW 2026) and several values are only
weakly sourced. Each value therefore lives here, once, with its citation and a
certainty tag from RULES.md (C confirmed, C2 secondary source, U uncertain).
Anything not confirmed (C2 or U) is `configurable`: an administrator may
override it (the Django side keeps the overrides in a table and passes them to
`rulebook_for`). Adding the next regulation means adding one entry to
`RULEBOOKS`, never editing a rule function.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

Certainty = Literal["C", "C2", "U"]
RuleScalar = int | bool | str | Fraction

EDUCATION_LEVELS: tuple[str, ...] = (
    "none",
    "primary",
    "lower_secondary",
    "upper_secondary",
    "higher",
)

CHARTER = "Điều lệ Đảng (2011)"


@dataclass(frozen=True, slots=True)
class RuleValue:
    """One value of a rulebook with where it comes from and how sure we are."""

    value: RuleScalar
    citation: str
    certainty: Certainty
    configurable: bool = False
    overridden: bool = False


@dataclass(frozen=True, slots=True)
class Rulebook:
    """The set of values in force from `effective` until the next rulebook."""

    id: str
    title: str
    effective: date
    values: Mapping[str, RuleValue] = field(repr=False)
    note: str = ""

    def __getitem__(self, key: str) -> RuleValue:
        return self.values[key]

    def number(self, key: str) -> int:
        """Return an integer value (months, working days, counts)."""
        value = self.values[key].value
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{key} is not an integer rule")
        return value

    def ratio(self, key: str) -> Fraction:
        """Return a fraction value (vote thresholds)."""
        value = self.values[key].value
        if not isinstance(value, Fraction):
            raise TypeError(f"{key} is not a ratio rule")
        return value

    def text(self, key: str) -> str:
        """Return a text value (education level, approving body)."""
        value = self.values[key].value
        if not isinstance(value, str):
            raise TypeError(f"{key} is not a text rule")
        return value

    def flag(self, key: str) -> bool:
        """Return a yes/no value."""
        value = self.values[key].value
        if not isinstance(value, bool):
            raise TypeError(f"{key} is not a yes/no rule")
        return value

    def cite(self, key: str) -> str:
        """Return the citation of a value, marked when an administrator overrode it."""
        rule = self.values[key]
        if rule.overridden:
            return f"{rule.citation} — giá trị do quản trị viên điều chỉnh"
        return rule.citation


#: Vietnamese label and display unit of every key, for "Tra cứu quy định".
LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "age.min_months": ("Tuổi đời tối thiểu (đủ 18 tuổi)", "tháng"),
        "age.max_months": ("Tuổi đời tối đa (đủ 60 tuổi)", "tháng"),
        "age.by_calendar_month": ("Tính tuổi theo tháng dương lịch, không xét ngày sinh", ""),
        "approval.provincial": ("Cấp xem xét trường hợp đặc biệt (trên 60 tuổi, già làng…)", ""),
        "education.min_level": ("Trình độ học vấn tối thiểu", ""),
        "education.remote_min_level": ("Trình độ học vấn tối thiểu ở vùng đặc biệt khó khăn", ""),
        "certificate.validity_months": ("Thời hạn giấy chứng nhận lớp nhận thức về Đảng", "tháng"),
        "sponsor.count": ("Số người giới thiệu", "người"),
        "sponsor.together_months": ("Thời gian công tác, học tập, sinh sống cùng nhau", "tháng"),
        "sponsor.youth_max_age_years": ("Tuổi thanh niên tối đa (giới thiệu qua Đoàn)", "tuổi"),
        "sponsor.replacement_exempt": ("Người giới thiệu thay thế không cần đủ 12 tháng", ""),
        "vote.cell_ratio": ("Tỷ lệ biểu quyết tán thành của chi bộ", "số đảng viên chính thức"),
        "vote.committee_ratio": (
            "Tỷ lệ biểu quyết của cấp ủy được ủy quyền",
            "tổng số cấp ủy viên",
        ),
        "vote.max_failed_rounds": ("Số lần biểu quyết không đạt trước khi báo cáo cấp trên", "lần"),
        "deadline.admission_decision_wd": ("Thời hạn cấp ủy quyết định kết nạp", "ngày làm việc"),
        "deadline.decision_extension_wd": ("Gia hạn tối đa khi quyết định", "ngày làm việc"),
        "deadline.ceremony_wd": ("Thời hạn tổ chức lễ kết nạp", "ngày làm việc"),
        "probation.months": ("Thời gian dự bị", "tháng"),
        "deadline.confirmation_review_wd": (
            "Thời hạn chi bộ xét công nhận chính thức",
            "ngày làm việc",
        ),
        "deadline.confirmation_decision_wd": (
            "Thời hạn cấp ủy quyết định công nhận",
            "ngày làm việc",
        ),
        "deadline.member_biography_wd": ("Thời hạn khai lý lịch đảng viên", "ngày làm việc"),
        "readmission.min_months_since_exit": (
            "Kết nạp lại: thời gian tối thiểu từ khi ra khỏi Đảng",
            "tháng",
        ),
        "readmission.expunged_wait_months": (
            "Kết nạp lại: thời gian sau khi được xóa án tích",
            "tháng",
        ),
        "population.third_child_wait_months": ("Sinh con thứ ba: thời gian chờ", "tháng"),
        "population.fourth_child_wait_months": ("Sinh con thứ tư trở lên: thời gian chờ", "tháng"),
    }
)


def _v(value: RuleScalar, citation: str, certainty: Certainty) -> RuleValue:
    """Make a value; anything short of confirmed (C) is configurable."""
    return RuleValue(value, citation, certainty, configurable=certainty != "C")


PROVINCIAL = "Ban Thường vụ cấp ủy trực thuộc Trung ương"

_QD24: dict[str, RuleValue] = {
    "age.min_months": _v(216, "24-QĐ/TW, mục 1.1 (đủ 18 tuổi, tính theo tháng)", "C"),
    "age.max_months": _v(720, "24-QĐ/TW, mục 1.1 (đủ 60 tuổi, tính theo tháng)", "C"),
    "age.by_calendar_month": _v(False, "24-QĐ/TW, mục 1.1 — cách tính theo tháng chưa rõ", "U"),
    "approval.provincial": _v(PROVINCIAL, "01-HD/TW (28/9/2021), mục 1.1 và 1.2", "C"),
    "education.min_level": _v("lower_secondary", "24-QĐ/TW, mục 1 (bằng tốt nghiệp THCS)", "C"),
    "education.remote_min_level": _v("primary", "01-HD/TW (28/9/2021), mục 1.2", "C"),
    "certificate.validity_months": _v(60, "Hướng dẫn nghiệp vụ (chưa đối chiếu văn bản 2021)", "U"),
    "sponsor.count": _v(2, f"{CHARTER}, Điều 4.1", "C"),
    "sponsor.together_months": _v(12, f"{CHARTER}, Điều 4.2; 24-QĐ/TW, mục 3.2.1", "C"),
    "sponsor.youth_max_age_years": _v(30, "Điều lệ Đoàn TNCS HCM (16–30 tuổi)", "U"),
    "sponsor.replacement_exempt": _v(True, "24-QĐ/TW, mục 3.2.2", "C"),
    "vote.cell_ratio": _v(Fraction(2, 3), f"{CHARTER}, Điều 4.3; 24-QĐ/TW, mục 9.3.2", "C"),
    "vote.committee_ratio": _v(Fraction(2, 3), "01-HD/TW (2021), mục 3.7a (chưa đối chiếu)", "U"),
    "vote.max_failed_rounds": _v(3, "24-QĐ/TW, mục 4.2.3", "C"),
    "deadline.admission_decision_wd": _v(60, "24-QĐ/TW, mục 4.3.1 (như 29-QĐ/TW)", "C2"),
    "deadline.decision_extension_wd": _v(30, "24-QĐ/TW, mục 4.3.1 (như 29-QĐ/TW)", "C2"),
    "deadline.ceremony_wd": _v(30, "24-QĐ/TW, mục 4.1", "C"),
    "probation.months": _v(12, f"{CHARTER}, Điều 5.1", "C"),
    "deadline.confirmation_review_wd": _v(30, "24-QĐ/TW, mục 4.2.1", "C"),
    "deadline.confirmation_decision_wd": _v(30, "24-QĐ/TW, mục 4.3.1 (như 29-QĐ/TW)", "C2"),
    "deadline.member_biography_wd": _v(30, "12-HD/BTCTW (18/01/2022), mục 2.2", "C2"),
    "readmission.min_months_since_exit": _v(36, "24-QĐ/TW, mục 3.5 (chưa đối chiếu)", "U"),
    "readmission.expunged_wait_months": _v(60, "24-QĐ/TW, mục 3.5 (chưa đối chiếu)", "U"),
    "population.third_child_wait_months": _v(24, "05-QĐi/TW (28/8/2018)", "C"),
    "population.fourth_child_wait_months": _v(36, "05-QĐi/TW (28/8/2018)", "C"),
}

_QD232: dict[str, RuleValue] = {
    **_QD24,
    "age.min_months": _v(216, "232-QĐ/TW, mục 1.1 (đủ 18 tuổi, tính theo tháng)", "C"),
    "age.max_months": _v(720, "232-QĐ/TW, mục 1.1 (đủ 60 tuổi, tính theo tháng)", "C"),
    "education.min_level": _v("lower_secondary", "24-QĐ/TW, mục 1 (232 chưa đối chiếu)", "U"),
    "deadline.admission_decision_wd": _v(60, "232-QĐ/TW, mục 4.3.1", "C"),
    "deadline.decision_extension_wd": _v(30, "232-QĐ/TW, mục 4.3.1 (chưa đối chiếu)", "U"),
    "deadline.ceremony_wd": _v(30, "232-QĐ/TW, mục 4.1", "C"),
    "deadline.confirmation_review_wd": _v(30, "232-QĐ/TW, mục 4.2.1 (như 24 và 294)", "C2"),
    "deadline.confirmation_decision_wd": _v(30, "232-QĐ/TW, mục 4.3.1 (chưa đối chiếu)", "U"),
}

_QD294: dict[str, RuleValue] = {
    **_QD232,
    "age.min_months": _v(216, "294-QĐ/TW, mục 1.1.1 (đủ 18 tuổi, tính theo tháng)", "C2"),
    "age.max_months": _v(720, "294-QĐ/TW, mục 1.1.1 (đủ 60 tuổi, tính theo tháng)", "C2"),
    "age.by_calendar_month": _v(False, "294-QĐ/TW, mục 1.1.1 — cách tính theo tháng chưa rõ", "U"),
    "approval.provincial": _v(PROVINCIAL, "06-HD/TW (09/6/2025), mục 1 (chưa đối chiếu)", "U"),
    "education.min_level": _v("lower_secondary", "294-QĐ/TW, mục 1 (chưa đối chiếu)", "U"),
    "education.remote_min_level": _v("primary", "06-HD/TW (09/6/2025), mục 1 (chưa đối chiếu)", "U"),
    "certificate.validity_months": _v(60, "06-HD/TW (09/6/2025), mục 5.4", "C2"),
    "sponsor.together_months": _v(12, f"{CHARTER}, Điều 4.2; 294-QĐ/TW, mục 3.2.1", "C"),
    "sponsor.replacement_exempt": _v(True, "294-QĐ/TW, mục 3.2.2 (chưa đối chiếu)", "U"),
    "vote.cell_ratio": _v(Fraction(2, 3), f"{CHARTER}, Điều 4.3; 06-HD/TW, mục 3.6b", "C"),
    "vote.committee_ratio": _v(Fraction(2, 3), "06-HD/TW (09/6/2025), mục 3.7a", "C2"),
    "vote.max_failed_rounds": _v(3, "294-QĐ/TW, mục 4.2.3 (chưa đối chiếu)", "U"),
    "deadline.admission_decision_wd": _v(60, "294-QĐ/TW, mục 4.3.1 (chưa đối chiếu)", "U"),
    "deadline.decision_extension_wd": _v(30, "294-QĐ/TW, mục 4.3.1 (chưa đối chiếu)", "U"),
    "deadline.ceremony_wd": _v(30, "294-QĐ/TW, mục 4.1", "C2"),
    "deadline.confirmation_review_wd": _v(30, "294-QĐ/TW, mục 4.2", "C2"),
    "deadline.confirmation_decision_wd": _v(30, "294-QĐ/TW, mục 4.3.1 (chưa đối chiếu)", "U"),
    "readmission.min_months_since_exit": _v(36, "294-QĐ/TW, mục 3.5", "C"),
    "readmission.expunged_wait_months": _v(60, "294-QĐ/TW, mục 3.5", "C"),
    "population.third_child_wait_months": _v(
        24, "05-QĐi/TW (28/8/2018); từ 20/3/2025 sinh con thứ ba không bị kỷ luật", "U"
    ),
    "population.fourth_child_wait_months": _v(36, "05-QĐi/TW (28/8/2018); hiệu lực sau 2025 chưa rõ", "U"),
}


def _as_208(rule: RuleValue) -> RuleValue:
    """Carry a 294 value into 208: same value, at best C2 (only secondary sources seen)."""
    if rule.citation.startswith(CHARTER):
        return rule
    certainty: Certainty = "U" if rule.certainty == "U" else "C2"
    citation = f"208-QĐ/TW (như {rule.citation})"
    return RuleValue(rule.value, citation, certainty, configurable=True)


_QD208: dict[str, RuleValue] = {key: _as_208(rule) for key, rule in _QD294.items()}
_QD208["deadline.ceremony_wd"] = _v(30, "208-QĐ/TW, mục 4.1 (bản hỏi đáp ghi: kể từ ngày ban hành quyết định)", "C2")


def _book(id_: str, title: str, effective: date, values: dict[str, RuleValue], note: str) -> Rulebook:
    missing = set(LABELS) ^ set(values)
    if missing:  # pragma: no cover - guards the table above while editing it
        raise AssertionError(f"rulebook {id_} keys differ from LABELS: {sorted(missing)}")
    return Rulebook(id_, title, effective, MappingProxyType(dict(values)), note)


#: All rulebooks, oldest first. Add the next regulation here.
RULEBOOKS: tuple[Rulebook, ...] = (
    _book(
        "qd24",
        "Quy định 24-QĐ/TW thi hành Điều lệ Đảng",
        date(2021, 7, 30),
        _QD24,
        "Hướng dẫn kèm theo: 01-HD/TW (28/9/2021).",
    ),
    _book(
        "qd232",
        "Quy định 232-QĐ/TW sửa đổi Quy định 24-QĐ/TW",
        date(2025, 1, 20),
        _QD232,
        "Chỉ thấy trích đoạn; giá trị không trích được giữ như 24-QĐ/TW.",
    ),
    _book(
        "qd294",
        "Quy định 294-QĐ/TW thi hành Điều lệ Đảng",
        date(2025, 7, 1),
        _QD294,
        "Ban hành 26/5/2025, hiệu lực 01/7/2025; hướng dẫn 06-HD/TW (09/6/2025).",
    ),
    _book(
        "qd208",
        "Quy định 208-QĐ/TW thi hành Điều lệ Đảng",
        date(2026, 7, 26),
        _QD208,
        "Chỉ có nguồn thứ cấp; giá trị lấy như 294-QĐ/TW. Quy định 20-QĐ/TW (~08/4/2026) "
        "chưa xác minh nên chưa có bộ quy định riêng.",
    ),
)


class NoRulebookError(LookupError):
    """Raised for a date before the first rulebook; the message is Vietnamese."""


class RuleOverrideError(ValueError):
    """Raised for an override the charter refuses; the message is Vietnamese."""


def _coerce(key: str, current: RuleScalar, raw: object) -> RuleScalar:
    """Convert an administrator's value to the type of the rule, or refuse it."""
    bad = RuleOverrideError(f"Giá trị điều chỉnh không hợp lệ cho “{key}”: {raw!r}")
    if isinstance(current, bool):
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in {"true", "false"}:
            return raw.strip().lower() == "true"
        raise bad
    if isinstance(current, int):
        if isinstance(raw, str) and raw.strip().isdigit():
            raw = int(raw.strip())
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise bad
        return raw
    if isinstance(current, Fraction):
        try:
            ratio = Fraction(raw) if isinstance(raw, (int, str, Fraction)) else None
        except (ValueError, ZeroDivisionError):
            ratio = None
        if ratio is None or isinstance(raw, bool) or not 0 < ratio <= 1:
            raise bad
        return ratio
    if not isinstance(raw, str) or not raw.strip():
        raise bad
    if key.startswith("education.") and raw not in EDUCATION_LEVELS:
        raise bad
    return raw.strip()


def apply_overrides(book: Rulebook, overrides: Mapping[str, object]) -> Rulebook:
    """Return `book` with administrator overrides applied.

    Keys are either a rule key (`"sponsor.youth_max_age_years"`, applies to
    whichever rulebook is in force) or `"<rulebook id>:<key>"` (only that
    rulebook; wins over the plain key). Only configurable values may be
    overridden; confirmed ones change by adding a rulebook.
    """
    known_ids = {b.id for b in RULEBOOKS}
    plain: dict[str, object] = {}
    scoped: dict[str, object] = {}
    for raw_key, raw in overrides.items():
        book_id, sep, key = raw_key.partition(":")
        if not sep:
            book_id, key = "", raw_key
        if key not in LABELS or (sep and book_id not in known_ids):
            raise RuleOverrideError(f"Không có quy định “{raw_key}” để điều chỉnh.")
        if book_id == book.id:
            scoped[key] = raw
        elif not sep:
            plain[key] = raw
    values = dict(book.values)
    for key, raw in {**plain, **scoped}.items():
        rule = values[key]
        if not rule.configurable:
            raise RuleOverrideError(
                f"Quy định “{LABELS[key][0]}” đã được xác nhận ({rule.citation}), "
                "không được điều chỉnh; hãy bổ sung văn bản mới."
            )
        values[key] = replace(rule, value=_coerce(key, rule.value, raw), overridden=True)
    return replace(book, values=MappingProxyType(values))


def rulebook_for(on: date, overrides: Mapping[str, object] | None = None) -> Rulebook:
    """Return the rulebook in force on `on` (its effective day included), with overrides."""
    in_force = [b for b in RULEBOOKS if b.effective <= on]
    if not in_force:
        raise NoRulebookError(
            f"Chưa có bộ quy định cho ngày {on:%d/%m/%Y} (sớm nhất từ {RULEBOOKS[0].effective:%d/%m/%Y})."
        )
    book = in_force[-1]
    return apply_overrides(book, overrides) if overrides else book


def rulebook_by_id(rulebook_id: str) -> Rulebook:
    """Return a rulebook by id (for "Tra cứu quy định"); KeyError if unknown."""
    for book in RULEBOOKS:
        if book.id == rulebook_id:
            return book
    raise KeyError(rulebook_id)
