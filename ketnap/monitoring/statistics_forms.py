"""The official statistics form on newly admitted members, as data.

Biểu 2-BTCTW "Thống kê đảng viên mới kết nạp" (Hướng dẫn 11-HD/BTCTW, 13/12/2021).
The official annex could not be read; the rows below follow the two public
re-typings that agree (STATISTICS.md §3, certainty C3). That is why the form is data,
not code: a row is a label and a filter on the admitted candidate, so correcting it
against the official text means editing this list, nothing else. Each form carries
the reference it was checked against.

Filters apply to admission events (`StageEvent` with to_stage=admitted) annotated by
`selectors.structure.admissions()` with `private_owner`. Ages are whole years on the
day the admission took effect (the form's reference day is uncertain, STATISTICS §3).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, TextChoices

from ketnap.orgs.enums import Sex
from ketnap.pipeline.enums import (
    AcademicTitle,
    GeneralEducation,
    Occupation,
    ProfessionalLevel,
    Religion,
)
from ketnap.pipeline.people import KINH


@dataclass(frozen=True)
class FormRow:
    """One line of a form: a count of the admissions matching `q`, or of those aged
    `ages` (inclusive; None above: no limit), or the mean age (`average_age`). A line
    with none of them is a heading."""

    key: str
    code: str
    label: str
    q: Q | None = None
    level: int = 0
    average_age: bool = False
    ages: tuple[int, int | None] | None = None

    @property
    def counted(self) -> bool:
        return self.q is not None or self.average_age or self.ages is not None

    @property
    def by_age(self) -> bool:
        return self.average_age or self.ages is not None


@dataclass(frozen=True)
class StatisticsForm:
    id: str
    title: str
    reference: str
    rows: tuple[FormRow, ...]

    def row(self, key: str) -> FormRow:
        return next(r for r in self.rows if r.key == key)


_ENTERPRISE = (Occupation.ENTERPRISE_MANAGER, Occupation.ENTERPRISE_STAFF, Occupation.ENTERPRISE_WORKER)


def _occupation_rows() -> list[FormRow]:
    """The occupations in the form's order (the enum's), the three enterprise rows
    grouped under "Lãnh đạo, quản lý và lao động trong doanh nghiệp, chia ra"."""
    rows: list[FormRow] = []
    for o in Occupation:
        if o == _ENTERPRISE[0]:
            label = "Lãnh đạo, quản lý và lao động trong doanh nghiệp, chia ra:"
            rows.append(FormRow("occupation.enterprise", "", label, Q(candidate__occupation__in=_ENTERPRISE), 2))
        nested = o in _ENTERPRISE
        label = f"+ {o.label}" if nested else o.label
        rows.append(FormRow(f"occupation.{o.value}", "", label, Q(candidate__occupation=o.value), 3 if nested else 2))
    return rows


def _levels(key: str, code: str, label: str, field: str, choices: type[TextChoices]) -> list[FormRow]:
    """A section heading and one line per level of a person's attribute (the "none"
    level is not a line of the form)."""
    return [
        FormRow(key, code, label, level=1),
        *[
            FormRow(f"{key}.{c.value}", "", c.label, Q(**{f"candidate__{field}": c.value}), 2)
            for c in choices
            if c.value != "none"
        ],
    ]


_AGE_BANDS = ((18, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 60))

_ROWS: list[FormRow] = [
    FormRow("total", "I", "Tổng số đảng viên mới kết nạp", Q()),
    FormRow("of_which", "", "Trong đó:", level=1),
    FormRow("female", "", "Nữ", Q(candidate__sex=Sex.FEMALE), 1),
    FormRow("religious", "", "Người theo tôn giáo", ~Q(candidate__religion=Religion.NONE), 1),
    FormRow("ethnic_minority", "", "Dân tộc thiểu số", ~Q(candidate__ethnicity=KINH), 1),
    FormRow("youth_union", "", "Đoàn viên Đoàn TNCS Hồ Chí Minh", Q(candidate__youth_union_member=True), 1),
    FormRow("private_owner", "", "Chủ doanh nghiệp tư nhân", Q(private_owner=True), 1),
    FormRow(
        "population_policy",
        "",
        "Quần chúng vi phạm chính sách dân số, kế hoạch hóa gia đình",
        Q(candidate__population_child_order__gte=3),
        1,
    ),
    FormRow("foreign_marriage", "", "Có quan hệ hôn nhân với người nước ngoài", Q(candidate__foreign_marriage=True), 1),
    FormRow("readmitted", "", "Kết nạp lại", Q(candidate__is_readmission=True), 1),
    FormRow("analysis", "II", "Phân tích đảng viên mới kết nạp"),
    FormRow("occupation", "1", "Nghề nghiệp", level=1),
    *_occupation_rows(),
    FormRow("age", "2", "Tuổi đời", level=1),
    *[FormRow(f"age.{lo}-{hi}", "", f"Từ {lo} đến {hi} tuổi", level=2, ages=(lo, hi)) for lo, hi in _AGE_BANDS],
    FormRow("age.over-60", "", "Trên 60 tuổi", level=2, ages=(61, None)),
    FormRow("age.average", "", "Tuổi bình quân", level=2, average_age=True),
    *_levels("education", "3", "Trình độ giáo dục phổ thông", "education", GeneralEducation),
    *_levels("professional", "4", "Trình độ chuyên môn nghiệp vụ", "professional_level", ProfessionalLevel),
    *_levels("academic", "5", "Chức danh khoa học", "academic_title", AcademicTitle),
    # No "trình độ lý luận chính trị" section: Biểu 2 has none (STATISTICS.md §3; it is in Biểu 3).
]

FORM_2 = StatisticsForm(
    id="2-BTCTW",
    title="THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP",
    reference="Biểu 2-BTCTW, Hướng dẫn 11-HD/BTCTW ngày 13/12/2021 (danh mục dòng theo bản gõ lại, chưa đối chiếu "
    "bản chính thức)",
    rows=tuple(_ROWS),
)

#: Rows shown as "structure of this year's admissions" on the dashboard (M4).
STRUCTURE_KEYS: tuple[str, ...] = (
    "total",
    "female",
    "ethnic_minority",
    "religious",
    "youth_union",
    "occupation.university_student",
    "occupation.pupil",
    *[f"age.{lo}-{hi}" for lo, hi in _AGE_BANDS],
    "age.over-60",
    "age.average",
    *[f"education.{e.value}" for e in GeneralEducation if e != GeneralEducation.NONE],
    *[f"occupation.{o.value}" for o in Occupation if o not in (Occupation.UNIVERSITY_STUDENT, Occupation.PUPIL)],
)
#: Additive rows a periodic report keeps (compiled reports add them up).
REPORT_KEYS: tuple[str, ...] = ("female", "ethnic_minority", "religious", "youth_union")
#: Students: pupils and university students (the school-cell sub-target, 004).
STUDENTS = Q(candidate__occupation__in=(Occupation.PUPIL, Occupation.UNIVERSITY_STUDENT))
