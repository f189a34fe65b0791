"""Bulk import of candidates from .xlsx (issue 5, item 10), on the shared mechanism of
`ketnap.imports`: the file is read into grids, the table located by its "Họ và tên"
column, every cell validated with its sheet, row and column, and nothing written
unless the whole file is valid; applying re-reads the file inside one transaction.

The columns are found by their header words, in any order; only "Họ và tên",
"Ngày sinh", "Giới tính" and "Chi bộ" are required:

    Họ và tên · Ngày sinh (dd/mm/yyyy or mm/yyyy) · Giới tính · Dân tộc · Tôn giáo ·
    Số CCCD · Học vấn · Thành phần · Nghề nghiệp · Chi bộ · Ngày giới thiệu ·
    Đơn vị giới thiệu · Nhóm ưu tiên · Đoàn viên · Nơi cư trú ·
    Ngày vào danh sách cảm tình đảng · Số GCN · Ngày cấp GCN

Each row then goes through the same services as the page: `introduce()` (the
duplicate check included), the move to the sympathizer list, the certificate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from ketnap.core.text import fold
from ketnap.imports.grid import Grid, UnreadableFile, read_grids
from ketnap.imports.issues import ImportIssues, ImportRefused
from ketnap.imports.matching import MatchKind, NameIndex, NearChoices, NearQuestion, resolve
from ketnap.imports.runner import ImportOutcome, ProgressFn, run_import
from ketnap.imports.table import RowKind, Table, locate_table
from ketnap.orgs.enums import CELL_KINDS
from ketnap.orgs.models import MassOrganization, Organization
from ketnap.pipeline import permissions
from ketnap.pipeline.enums import GeneralEducation, IntroducerKind, Occupation, PriorityGroup, Religion, Stage
from ketnap.pipeline.people import ethnic_code, national_id_problems, parse_partial_date
from ketnap.pipeline.services import courses
from ketnap.pipeline.services.advance import MoveRefused, advance
from ketnap.pipeline.services.candidates import duplicates_of, introduce

IMPORT_KIND = "candidates"

#: field → header words (folded) that name its column; the first match wins.
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten"),
    "birth": ("ngay sinh", "nam sinh"),
    "sex": ("gioi tinh",),
    "ethnicity": ("dan toc",),
    "religion": ("ton giao",),
    "national_id": ("cccd", "dinh danh", "can cuoc"),
    "education": ("hoc van", "giao duc pho thong", "trinh do van hoa"),
    "occupation": ("thanh phan",),
    "profession": ("nghe nghiep", "chuc vu"),
    "cell": ("chi bo",),
    "introduced_on": ("ngay gioi thieu",),
    "introducer": ("don vi gioi thieu", "nguoi gioi thieu", "to chuc gioi thieu"),
    "groups": ("nhom uu tien", "doi tuong"),
    "youth_union_member": ("doan vien",),
    "residence": ("noi cu tru", "dia chi"),
    "listed_on": ("cam tinh dang", "vao danh sach"),
    "certificate_number": ("so gcn", "so giay chung nhan"),
    "certificate_on": ("ngay cap gcn", "ngay cap giay chung nhan"),
}
REQUIRED = ("full_name", "birth", "sex", "cell")
_EDUCATION = {
    "thpt": GeneralEducation.UPPER_SECONDARY,
    "12/12": GeneralEducation.UPPER_SECONDARY,
    "trung hoc pho thong": GeneralEducation.UPPER_SECONDARY,
    "thcs": GeneralEducation.LOWER_SECONDARY,
    "9/12": GeneralEducation.LOWER_SECONDARY,
    "trung hoc co so": GeneralEducation.LOWER_SECONDARY,
    "tieu hoc": GeneralEducation.PRIMARY,
    "5/12": GeneralEducation.PRIMARY,
    "biet doc": GeneralEducation.LITERATE,
}
_YES = frozenset({"x", "co", "1", "dv", "doan vien", "yes"})


@dataclass
class Row:
    """One valid row, ready to apply."""

    row: int
    person: dict[str, Any]
    cell: Organization
    introduced_on: date
    introducer: MassOrganization | None
    groups: list[str]
    listed_on: date | None = None
    certificate: tuple[str, date] | None = None
    match: MatchKind = MatchKind.EXACT


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    sheet: str = ""
    questions: list[NearQuestion] = field(default_factory=list)


def _find_columns(table: Table) -> dict[str, int]:
    found: dict[str, int] = {}
    for col in table.columns:
        for name, words in COLUMNS.items():
            if name not in found and col.mentions(*words):
                found[name] = col.column
                break
    return found


def _date(cell: Any) -> date:
    if isinstance(cell.value, datetime):
        return cell.value.date()
    if isinstance(cell.value, date):
        return cell.value
    return parse_partial_date(cell.text).value


def _choice(text: str, choices: list[tuple[str, str]]) -> str | None:
    key = fold(text)
    for value, label in choices:
        if key in (fold(value), fold(label)) or (key and fold(label).startswith(key)):
            return value
    return None


class _RowReader:
    """Reads one data row into a `Row`, reporting each bad cell as an issue."""

    def __init__(self, grid: Grid, columns: dict[str, int], issues: ImportIssues, context: dict[str, Any]) -> None:
        self.grid, self.columns, self.issues, self.context = grid, columns, issues, context

    def text(self, row: int, name: str) -> str:
        column = self.columns.get(name)
        return self.grid.cell(row, column).text if column else ""

    def bad(self, row: int, name: str, message: str) -> None:
        self.issues.add(self.grid.file, self.grid.sheet, row, self.columns.get(name), message)

    def when(self, row: int, name: str) -> date | None:
        column = self.columns.get(name)
        if not column or not self.grid.cell(row, column).text:
            return None
        try:
            return _date(self.grid.cell(row, column))
        except ValueError as exc:
            self.bad(row, name, str(exc))
            return None

    def read(self, r: int) -> Row | None:
        before = len(self.issues)
        name = self.text(r, "full_name")
        if not name:
            self.bad(r, "full_name", "Thiếu họ và tên.")
        birth = None
        try:
            birth = parse_partial_date(self.text(r, "birth")) if self.text(r, "birth") else None
        except ValueError as exc:
            self.bad(r, "birth", str(exc))
        else:
            if birth is None:
                self.bad(r, "birth", "Thiếu ngày sinh.")
        sex = _choice(self.text(r, "sex"), [("male", "Nam"), ("female", "Nữ")])
        if sex is None:
            self.bad(r, "sex", f"Giới tính “{self.text(r, 'sex')}” phải là Nam hoặc Nữ.")
        ethnicity = ethnic_code(self.text(r, "ethnicity")) if self.text(r, "ethnicity") else "01"
        if ethnicity is None:
            self.bad(r, "ethnicity", f"“{self.text(r, 'ethnicity')}” không có trong danh mục 54 dân tộc.")
        religion = _choice(self.text(r, "religion"), Religion.choices) if self.text(r, "religion") else Religion.NONE
        if religion is None:
            self.bad(r, "religion", f"Tôn giáo “{self.text(r, 'religion')}” không có trong danh mục.")
        national_id = self.text(r, "national_id").replace(" ", "").replace(".", "")
        if national_id:
            for problem in national_id_problems(national_id, birth.value if birth else None, sex or ""):
                self.bad(r, "national_id", problem)
        education_text = fold(self.text(r, "education"))
        education = next((v for k, v in _EDUCATION.items() if k in education_text), None) if education_text else None
        if education_text and education is None:
            self.bad(r, "education", f"Không hiểu trình độ học vấn “{self.text(r, 'education')}” (ví dụ: THCS, THPT).")
        occupation = _choice(self.text(r, "occupation"), Occupation.choices) or Occupation.OTHER
        cell, cell_match = self.find(r, "cell", "cells", "chi bộ")
        introducer, introducer_match = None, MatchKind.EXACT
        if self.text(r, "introducer") and fold(self.text(r, "introducer")) not in ("chi bo", "chi bo tu phat hien"):
            introducer, introducer_match = self.find(r, "introducer", "mass_organizations", "đoàn thể")
        groups = []
        for part in self.text(r, "groups").replace(";", ",").split(","):
            if part.strip():
                group = _choice(part.strip(), PriorityGroup.choices)
                if group is None:
                    self.bad(r, "groups", f"Không có nhóm ưu tiên “{part.strip()}”.")
                else:
                    groups.append(group)
        introduced_on = self.when(r, "introduced_on") or self.context["default_day"]
        listed_on = self.when(r, "listed_on")
        cert_on = self.when(r, "certificate_on")
        cert_number = self.text(r, "certificate_number")
        if bool(cert_on) != bool(cert_number):
            self.bad(r, "certificate_number", "Ghi cả số và ngày cấp giấy chứng nhận, hoặc để trống cả hai.")
        if len(self.issues) > before or birth is None or cell is None or sex is None:
            return None
        person = {
            "full_name": name,
            "birth_date": birth.value,
            "birth_month_only": birth.month_only,
            "sex": sex,
            "ethnicity": ethnicity,
            "religion": religion,
            "national_id": national_id,
            "education": education or GeneralEducation.UPPER_SECONDARY,
            "occupation": occupation,
            "profession": self.text(r, "profession"),
            "youth_union_member": fold(self.text(r, "youth_union_member")) in _YES,
            "residence": self.text(r, "residence"),
        }
        certificate = (cert_number, cert_on) if cert_number and cert_on else None
        match = MatchKind.NEAR if MatchKind.NEAR in (cell_match, introducer_match) else MatchKind.EXACT
        return Row(r, person, cell, introduced_on, introducer, groups, listed_on, certificate, match)

    def find(self, r: int, name: str, index: str, what: str) -> tuple[Any, MatchKind]:
        """A cell or a mass organisation by the shared Vietnamese name rule: exact, or
        near when the user accepted it; anything else is reported on the cell."""
        text = self.text(r, name)
        found = resolve(
            self.context[index], text, self.context["near"], may_create=False, what=what, sheet=self.grid.sheet, row=r
        )
        if found.question is not None:
            self.context["questions"].append(found.question)
        if found.problem:
            missing = f"Không tìm thấy {what} “{text}” trong tổ chức đã chọn."
            self.bad(r, name, missing if found.not_found else found.problem)
        return found.target, found.match or MatchKind.EXACT


def _duplicates(parsed: Parsed, grid: Grid, columns: dict[str, int], issues: ImportIssues) -> None:
    """The same person twice in the file, or already in the system."""
    seen: dict[tuple[str, Any], int] = {}
    for row in parsed.rows:
        p = row.person
        keys = [("name", (fold(p["full_name"]), p["birth_date"]))]
        if p["national_id"]:
            keys.append(("id", p["national_id"]))
        for key in keys:
            if key in seen:
                issues.add(grid.file, grid.sheet, row.row, columns.get("full_name"), f"Trùng với dòng {seen[key]}.")
            seen[key] = row.row
        if duplicates_of(national_id=p["national_id"], full_name=p["full_name"], birth_date=p["birth_date"]).exists():
            issues.add(
                grid.file,
                grid.sheet,
                row.row,
                columns.get("national_id") or columns.get("full_name"),
                f"{p['full_name']} ({p['birth_date']:%d/%m/%Y}) đã có trong hệ thống.",
            )


def parse(
    data: bytes, filename: str, org: Organization, default_day: date, near: NearChoices | None = None
) -> tuple[Parsed, ImportIssues]:
    issues = ImportIssues()
    parsed = Parsed()
    try:
        grids = read_grids(data, filename)
    except UnreadableFile as exc:
        issues.add(filename, "", None, None, str(exc))
        return parsed, issues
    table = next((t for g in grids if (t := locate_table(g)) is not None), None)
    if table is None:
        issues.add(filename, "", None, None, "Không tìm thấy bảng có cột “Họ và tên”.")
        return parsed, issues
    columns = _find_columns(table)
    grid = table.grid
    parsed.sheet = grid.sheet
    for name in REQUIRED:
        if name not in columns:
            issues.add(grid.file, grid.sheet, table.header_first, None, f"Thiếu cột “{COLUMNS[name][0]}”.")
    if issues:
        return parsed, issues
    cells: NameIndex[Organization] = NameIndex()
    for cell in Organization.objects.filter(path__startswith=org.path, kind__in=CELL_KINDS):
        cells.add(cell, cell.name)
    orgs: NameIndex[MassOrganization] = NameIndex()
    for mass in MassOrganization.objects.filter(committee__path__in=_around(org)):
        orgs.add(mass, mass.name, mass.get_kind_display())
    context = {
        "cells": cells,
        "mass_organizations": orgs,
        "default_day": default_day,
        "near": near or NearChoices(),
        "questions": parsed.questions,
    }
    reader = _RowReader(grid, columns, issues, context)
    for body in table.body():
        if body.kind is RowKind.DATA:
            row = reader.read(body.row)
            if row is not None:
                parsed.rows.append(row)
    if not parsed.rows and not issues:
        issues.add(grid.file, grid.sheet, None, None, "Bảng không có dòng nào.")
    _duplicates(parsed, grid, columns, issues)
    return parsed, issues


def _recorded_meanwhile(parsed: Parsed, filename: str) -> ImportIssues:
    """Inside the write transaction: people recorded since the file was parsed
    (the only check of the parse that another user's save can invalidate; the
    services called by the apply check the rest)."""
    issues = ImportIssues()
    for row in parsed.rows:
        p = row.person
        if duplicates_of(national_id=p["national_id"], full_name=p["full_name"], birth_date=p["birth_date"]).exists():
            issues.add(filename, parsed.sheet, row.row, None, f"{p['full_name']} vừa được người khác ghi vào hệ thống.")
    return issues


def _around(org: Organization) -> list[str]:
    """Committees whose mass organisations may have introduced people in `org`."""
    steplen = Organization.steplen
    above = [org.path[:i] for i in range(steplen, len(org.path) + 1, steplen)]
    below = list(Organization.objects.filter(path__startswith=org.path).values_list("path", flat=True))
    return above + below


def _apply_row(row: Row, *, actor: Any, filename: str) -> None:
    c = introduce(
        actor=actor,
        organization=row.cell,
        person=row.person,
        introduced_on=row.introduced_on,
        kind=IntroducerKind.MASS_ORGANIZATION if row.introducer else IntroducerKind.CELL,
        mass_organization=row.introducer,
        groups=row.groups,
        note=f"Nhập từ tệp {filename}",
    )
    if row.listed_on:
        advance(c, Stage.SYMPATHIZER, on=row.listed_on, actor=actor, evidence=f"Nhập từ tệp {filename}")
    if row.certificate:
        number, issued_on = row.certificate
        courses.record_certificate(
            c, actor=actor, kind="awareness", number=number, issued_on=issued_on, issued_by="Theo tệp nhập"
        )


def import_candidates(
    *,
    org: Organization,
    data: bytes,
    filename: str,
    actor: Any,
    default_day: date,
    apply: bool,
    near: NearChoices | None = None,
    progress: ProgressFn | None = None,
) -> ImportOutcome[Parsed]:
    """Preview (apply=False) or import all-or-nothing (apply=True)."""
    if actor is not None and not permissions.can_manage(actor, org):
        raise PermissionDenied("Bạn không có quyền nhập quần chúng vào tổ chức này.")

    def do_apply(parsed: Parsed) -> int:
        issues = ImportIssues()
        for row in parsed.rows:
            try:
                _apply_row(row, actor=actor, filename=filename)
            except (ValidationError, MoveRefused, PermissionDenied) as exc:
                text = exc.message if isinstance(exc, MoveRefused) else "; ".join(getattr(exc, "messages", [str(exc)]))
                issues.add(filename, parsed.sheet, row.row, None, text)
        if issues:
            raise ImportRefused(issues)
        return len(parsed.rows)

    return run_import(
        lambda: parse(data, filename, org, default_day, near),
        do_apply if apply else None,
        recheck=lambda parsed: _recorded_meanwhile(parsed, filename),
        progress=progress,
    )
