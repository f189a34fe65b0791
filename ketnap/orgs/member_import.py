"""Import a member list (the light registry, O4; issue 9, point 4) on the one import
mechanism: preview, all-or-nothing, errors naming file, sheet, row and column.

Columns are found by their header words, whatever their order: name, birth date
(dd/mm/yyyy as text or a real date, or a year alone), sex, ethnicity, cell (with or
without "Chi bộ"), admission date, official date (empty: probationary), card number.
A member is matched on the card number, else on name + birth date + cell, so a second
run of the same file creates nobody. Names and cells match exactly as Vietnamese text
(ketnap.imports.matching.exact_key): "Bản Cám" never becomes "Bản Cầm".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from ketnap.imports.grid import Cell, Grid, UnreadableFile, read_grids
from ketnap.imports.issues import ImportIssues, ImportRefused
from ketnap.imports.matching import exact_key
from ketnap.imports.runner import ImportOutcome, ProgressFn, run_import
from ketnap.imports.table import RowKind, Table, locate_table
from ketnap.orgs import permissions
from ketnap.orgs.enums import CELL_KINDS, MemberStatus, Sex
from ketnap.orgs.models import Member, Organization

IMPORT_KIND = "org_members"
NAME_HEADERS = ("ho va ten", "ho ten")
#: field → folded header words, checked in this order (the first column that fits wins).
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("official", ("chinh thuc",)),
    ("admission", ("vao dang", "ket nap")),
    ("birth", ("ngay sinh", "nam sinh", "sinh ngay")),
    ("sex", ("gioi tinh", "gioi")),
    ("ethnicity", ("dan toc",)),
    ("card", ("so the", "the dang")),
    ("cell", ("chi bo",)),
)
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_SEX = {exact_key("Nam"): Sex.MALE, exact_key("Nữ"): Sex.FEMALE}


@dataclass
class MemberRow:
    sheet: str
    row: int
    name: str
    cell: Organization
    birth: date | None
    sex: str
    ethnicity: str
    admission: date | None
    official: date | None
    card: str
    member: Member | None = None

    @property
    def status(self) -> str:
        return MemberStatus.OFFICIAL if self.official else MemberStatus.PROBATIONARY


@dataclass
class ParsedMembers:
    filename: str
    rows: list[MemberRow] = field(default_factory=list)

    def by_organization(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = defaultdict(lambda: {"official": 0, "probationary": 0})
        for r in self.rows:
            counts[r.cell.name][r.status] += 1
        return dict(counts)


def parse_date(cell: Cell, *, year_alone: bool) -> date | None:
    """A real date, "dd/mm/yyyy" text, or (birth dates only) a year, as 1 January."""
    if isinstance(cell.value, datetime):
        return cell.value.date()
    if isinstance(cell.value, date):
        return cell.value
    text = cell.text.strip()
    if not text:
        return None
    if year_alone and re.fullmatch(r"\d{4}(\.0)?", text):
        return date(int(text[:4]), 1, 1)
    found = _DATE.match(text)
    if found is None:
        raise ValueError(f"“{text}” không phải ngày dạng dd/mm/yyyy.")
    day, month, year = (int(g) for g in found.groups())
    return date(year, month, day)


def _cell_key(name: str) -> str:
    """exact_key already drops a leading kind ("Chi bộ"): "Bản Cám" finds "Chi bộ Bản Cám"."""
    return exact_key(name)


class _Reader:
    def __init__(self, grid: Grid, table: Table, org: Organization, issues: ImportIssues) -> None:
        self.grid, self.table, self.issues = grid, table, issues
        self.org = org
        self.cols: dict[str, int] = {}
        for col in table.columns:
            if col.column == table.name_column:
                continue
            for name, words in COLUMNS:
                if name not in self.cols and col.mentions(*words):
                    self.cols[name] = col.column
                    break
        cells = Organization.objects.filter(path__startswith=org.path, kind__in=CELL_KINDS, valid_until__isnull=True)
        self.cells = {_cell_key(c.name): c for c in cells}

    def _error(self, row: int, column: int | None, message: str) -> None:
        self.issues.add(self.grid.file, self.grid.sheet, row, column, message)

    def _cell(self, body: Any, name: str) -> Cell:
        column = self.cols.get(name)
        return body.cell(column) if column else Cell(body.row, 0, "")

    def rows(self) -> list[MemberRow]:
        if "cell" not in self.cols and not self.org.is_cell:
            self._error(
                self.table.header_last, None, "Thiếu cột “Chi bộ”: cần biết mỗi đảng viên sinh hoạt ở chi bộ nào."
            )
            return []
        found: list[MemberRow] = []
        for body in self.table.body():
            if body.kind != RowKind.DATA or not body.label.strip():
                continue
            dates: dict[str, date | None] = {}
            for key in ("birth", "admission", "official"):
                try:
                    dates[key] = parse_date(self._cell(body, key), year_alone=key == "birth")
                except ValueError as exc:
                    self._error(body.row, self.cols.get(key), str(exc))
                    dates[key] = None
            cell_text = self._cell(body, "cell").text
            cell = self.cells.get(_cell_key(cell_text)) if cell_text else (self.org if self.org.is_cell else None)
            if cell is None:
                self._error(body.row, self.cols.get("cell"), f"Không có chi bộ “{cell_text}” trong {self.org.name}.")
                continue
            sex_text = exact_key(self._cell(body, "sex").text)
            if sex_text and sex_text not in _SEX:
                self._error(
                    body.row, self.cols.get("sex"), f"Giới tính “{self._cell(body, 'sex').text}”: ghi Nam hoặc Nữ."
                )
            official, admission = dates["official"], dates["admission"]
            if official and admission and official < admission:
                self._error(body.row, self.cols.get("official"), "Ngày chính thức trước ngày vào Đảng.")
            found.append(
                MemberRow(
                    self.grid.sheet,
                    body.row,
                    " ".join(body.label.split()),
                    cell,
                    dates["birth"],
                    _SEX.get(sex_text, ""),
                    self._cell(body, "ethnicity").text,
                    admission,
                    official,
                    self._cell(body, "card").text.replace(" ", ""),
                )
            )
        return found


def _match(row: MemberRow, org: Organization) -> Member | None:
    """The registry's member this row is: by card number, else name + birth date + cell."""
    members = Member.objects.filter(organization__path__startswith=org.path)
    if row.card:
        by_card = members.filter(card_number=row.card).first()
        if by_card is not None:
            return by_card
    key = exact_key(row.name)
    for member in members.filter(organization=row.cell, birth_date=row.birth):
        if exact_key(member.full_name) == key:
            return member
    return None


def parse_members(data: bytes, filename: str, org: Organization) -> tuple[ParsedMembers, ImportIssues]:
    issues = ImportIssues()
    parsed = ParsedMembers(filename)
    try:
        grids = read_grids(data, filename)
    except UnreadableFile as exc:
        issues.add(filename, "", None, None, str(exc))
        return parsed, issues
    tables = [(g, t) for g in grids if (t := locate_table(g, NAME_HEADERS)) is not None]
    if not tables:
        issues.add(filename, "", None, None, "Không tìm thấy bảng danh sách đảng viên: cần cột “Họ và tên”.")
        return parsed, issues
    cards: dict[str, MemberRow] = {}
    for grid, table in tables:
        for row in _Reader(grid, table, org, issues).rows():
            if row.card and row.card in cards:
                other = cards[row.card]
                issues.add(filename, grid.sheet, row.row, None, f"Số thẻ {row.card} trùng với dòng {other.row}.")
            if row.card:
                cards.setdefault(row.card, row)
            row.member = _match(row, org)
            parsed.rows.append(row)
    return parsed, issues


def _values(member: Member) -> tuple[Any, ...]:
    return (member.organization_id, member.full_name, member.birth_date, member.sex, member.ethnicity,
            member.admission_date, member.official_date, member.card_number, member.status)  # fmt: skip


def _filled(row: MemberRow) -> Member:
    """The registry's member (or a new one) with the row's values, not saved."""
    member = row.member or Member(organization=row.cell)
    if row.member is not None:
        member = Member.objects.get(pk=row.member.pk)  # a fresh copy: the preview must not touch row.member
    member.organization, member.full_name, member.birth_date = row.cell, row.name, row.birth
    member.sex, member.ethnicity, member.card_number = row.sex, row.ethnicity, row.card or member.card_number
    member.admission_date, member.official_date, member.status = row.admission, row.official, row.status
    member.fill_derived()
    return member


def _changes(row: MemberRow) -> bool:
    return row.member is not None and _values(_filled(row)) != _values(row.member)


def row_action(row: MemberRow) -> str:
    """What applying the row would do: "created", "updated" or "unchanged" (the preview's column)."""
    if row.member is None:
        return "created"
    return "updated" if _changes(row) else "unchanged"


def _apply(parsed: ParsedMembers) -> dict[str, int]:
    created = updated = 0
    for row in parsed.rows:
        if row.member is not None and not _changes(row):
            continue
        member = _filled(row)
        try:
            member.full_clean()
        except ValidationError as exc:
            issues = ImportIssues()
            issues.add(parsed.filename, row.sheet, row.row, None, f"“{row.name}”: {' '.join(exc.messages)}")
            raise ImportRefused(issues) from exc
        created, updated = (created + 1, updated) if member.pk is None else (created, updated + 1)
        member.save()
    return {"created": created, "updated": updated}


@dataclass
class MemberImport:
    outcome: ImportOutcome[ParsedMembers]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    def as_json(self) -> dict[str, Any]:
        parsed = self.outcome.payload or ParsedMembers("")
        result = self.outcome.result or {}
        return {
            "ok": self.ok,
            "applied": self.outcome.applied,
            "errors": self.outcome.issues.as_json(),
            "created": result.get("created", sum(1 for r in parsed.rows if r.member is None)),
            "updated": result.get("updated", sum(1 for r in parsed.rows if _changes(r))),
            "by_organization": parsed.by_organization(),
        }


def import_members(
    *,
    org: Organization,
    data: bytes,
    filename: str,
    actor: Any | None,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
) -> MemberImport:
    """Preview (dry_run) or write the member list under `org`, all or nothing;
    `progress` is the background job's (the upload page), None from the command."""
    if actor is not None and not permissions.can_record_members(actor, org):
        raise PermissionDenied("Bạn không có quyền cập nhật đảng viên của tổ chức này.")
    apply = None if dry_run else _apply
    return MemberImport(run_import(lambda: parse_members(data, filename, org), apply, progress=progress), dry_run)
