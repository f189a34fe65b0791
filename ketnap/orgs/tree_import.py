"""Import of an organisation list (issue 9, point 3) on the one import mechanism.

The lists a commune has look like the appendices of its plans: a title block
("… tính đến ngày 30/06/2026"), merged headers, then one row per organisation.
Where a row sits in the tree is read, in this order, from:

1. a "Trực thuộc" column naming the parent (a row above, or an organisation that
   already exists under the chosen one);
2. "STT" numbering: "10.1" is a child of "10";
3. an indented name (Excel's indent, leading spaces, or a "-"/"+" marker) under the
   last less-indented row;
4. otherwise directly under the organisation the file is imported into.

Kind and block come from a "Loại" / "Khối" column or a "Khối …" group row by their
Vietnamese label, else the kind from the name ("Chi bộ …", "Đảng bộ bộ phận …").
Member counts (official, probationary, total; "-" is zero) are a snapshot on the date
of the file or of `--on`. A row whose count is the sum of its children's (a
sub-committee repeating its cells) is counted once, in the children; the totals row
must equal what is counted. Names are matched to existing organisations by the
Vietnamese rule of `ketnap.imports.matching`, so re-importing the same file creates
nothing and rewrites no count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from ketnap.core.text import fold
from ketnap.imports.grid import Cell, Grid, UnreadableFile, read_grids
from ketnap.imports.issues import ImportIssues, ImportRefused
from ketnap.imports.matching import MatchKind, NameIndex, NearChoices, NearQuestion, exact_key, resolve
from ketnap.imports.runner import ImportOutcome, ProgressFn, run_import
from ketnap.imports.table import BodyRow, HeaderColumn, RowKind, Table, locate_table
from ketnap.imports.values import parse_count
from ketnap.orgs import building, permissions
from ketnap.orgs.building import children_of
from ketnap.orgs.enums import CELL_KINDS, BlockKind, OrganizationKind
from ketnap.orgs.models import Block, MemberCount, Organization

IMPORT_KIND = "org_tree"
NAME_HEADERS = ("ten", "to chuc", "chi bo", "don vi")
K = OrganizationKind
_DATE = re.compile(r"(?:ngay|den|thoi diem)\D{0,12}?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_MARKER = re.compile(r"^\s*([-+•*–]+)\s*")
#: folded label fragments → kind; the longest fragment that appears wins.
KIND_LABELS = {
    "chi bo co so": K.GRASSROOTS_CELL,
    "chi bo truc thuoc": K.CELL,
    "chi bo": K.CELL,
    "dang bo bo phan": K.SUB_COMMITTEE,
    "dang bo co so": K.GRASSROOTS_COMMITTEE,
    "dang bo cap tren co so": K.UPPER,
    "dang bo tinh": K.PROVINCIAL,
    "dang bo thanh pho": K.PROVINCIAL,
    "dang bo xa": K.GRASSROOTS_COMMITTEE,
    "dang bo phuong": K.GRASSROOTS_COMMITTEE,
    "dang bo dac khu": K.GRASSROOTS_COMMITTEE,
}
BLOCK_LABELS = {
    "nong thon": BlockKind.RURAL,
    "thon": BlockKind.RURAL,
    "ban": BlockKind.RURAL,
    "dan cu": BlockKind.RESIDENTIAL,
    "to dan pho": BlockKind.RESIDENTIAL,
    "khu pho": BlockKind.RESIDENTIAL,
    "co quan": BlockKind.AGENCIES,
    "su nghiep": BlockKind.AGENCIES,
    "truong hoc": BlockKind.SCHOOLS,
    "giao duc": BlockKind.SCHOOLS,
    "truong": BlockKind.SCHOOLS,
    "luc luong vu trang": BlockKind.ARMED_FORCES,
    "quan su": BlockKind.ARMED_FORCES,
    "cong an": BlockKind.ARMED_FORCES,
    "doanh nghiep": BlockKind.ENTERPRISES,
    "mat tran": BlockKind.MASS_ORGANIZATIONS,
    "doan the": BlockKind.MASS_ORGANIZATIONS,
}


def kind_from_label(text: str) -> str | None:
    key = fold(text)
    hits = [(len(k), v) for k, v in KIND_LABELS.items() if key == k or key.startswith(k + " ") or k in key]
    return max(hits)[1] if hits else None


def block_from_label(text: str) -> str | None:
    key = fold(text).removeprefix("khoi ").strip()
    hits = [(len(k), v) for k, v in BLOCK_LABELS.items() if re.search(rf"\b{k}\b", key)]
    return max(hits)[1] if hits else None


@dataclass
class Counts:
    official: int = 0
    probationary: int = 0

    @property
    def total(self) -> int:
        return self.official + self.probationary

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.official + other.official, self.probationary + other.probationary)


@dataclass
class TreeRow:
    sheet: str
    row: int
    number: str
    name: str
    level: int
    parent_name: str = ""
    kind: str = ""
    block_kind: str | None = None
    code: str = ""
    counts: Counts | None = None
    own: Counts | None = None  # what is counted for this row itself (None: a sum row)
    parent: TreeRow | None = None
    existing_parent: Organization | None = None
    organization: Organization | None = None
    match: MatchKind | None = None
    children: list[TreeRow] = field(default_factory=list)

    @property
    def parent_kind(self) -> str | None:
        if self.parent is not None:
            return self.parent.kind
        return self.existing_parent.kind if self.existing_parent else None

    @property
    def parent_label(self) -> str:
        if self.parent is not None:
            return self.parent.name
        return self.existing_parent.name if self.existing_parent else ""

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.organization.name if self.organization else self.name,
            "kind": self.kind,
            "block": self.block_kind,
            "parent": self.parent_label,
            "created": self.match is MatchKind.CREATED,
            "match": str(self.match) if self.match else None,
            "sheet": self.sheet,
            "row": self.row,
            "official": self.own.official if self.own else None,
            "probationary": self.own.probationary if self.own else None,
        }


@dataclass
class ParsedTree:
    filename: str
    on: date | None = None
    rows: list[TreeRow] = field(default_factory=list)
    questions: list[NearQuestion] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        total = sum((r.own for r in self.rows if r.own), Counts())
        return {"official": total.official, "probationary": total.probationary, "total": total.total}


@dataclass
class _Columns:
    parent: int | None = None
    kind: int | None = None
    block: int | None = None
    code: int | None = None
    official: int | None = None
    probationary: int | None = None
    total: int | None = None


def _columns(table: Table) -> _Columns:
    found = _Columns()
    for col in table.columns:
        if col.column in (table.name_column, table.number_column) or not col.labels:
            continue
        _classify(found, col)
    return found


def _classify(found: _Columns, col: HeaderColumn) -> None:
    last = col.folded[-1]
    if col.mentions("truc thuoc", "cap tren") and found.parent is None:
        found.parent = col.column
    elif col.mentions("loai") and found.kind is None:
        found.kind = col.column
    elif last.startswith("khoi") and found.block is None:
        found.block = col.column
    elif (last == "ma" or last.startswith(("ma to chuc", "ma so", "ma don vi"))) and found.code is None:
        found.code = col.column
    elif "chinh thuc" in last:
        found.official = col.column
    elif "du bi" in last:
        found.probationary = col.column
    elif col.mentions("dang vien", "so luong", "tong so") or last in ("tong", "cong", "tong cong"):
        found.total = found.total or col.column


def _file_date(grid: Grid, table: Table) -> date | None:
    texts = [grid.caption, *(" ".join(grid.row_texts(r)) for r in range(1, table.header_first))]
    for text in texts:
        if m := _DATE.search(fold(text)):
            try:
                return date(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                return None
    return None


def _level(cell: Cell) -> tuple[int, str]:
    """Indent level and the name without its markers."""
    raw = cell.value if isinstance(cell.value, str) else cell.text
    spaces = len(raw) - len(raw.lstrip(" \u00a0\t"))
    level = getattr(cell, "indent", 0) or spaces // 2
    text = cell.text
    if m := _MARKER.match(text):
        level = max(level, len(m.group(1)))
        text = text[m.end() :]
    return level, text.strip()


def _number(cell: Cell) -> str:
    if isinstance(cell.value, float) and not cell.value.is_integer():
        return repr(cell.value)
    return cell.text.strip().rstrip(".")


class _Reader:
    """Reads one table into TreeRows, reporting every bad cell."""

    def __init__(self, grid: Grid, table: Table, issues: ImportIssues) -> None:
        self.grid, self.table, self.issues = grid, table, issues
        self.cols = _columns(table)

    def bad(self, row: int, column: int | None, message: str) -> None:
        self.issues.add(self.grid.file, self.grid.sheet, row, column, message)

    def count(self, body: BodyRow, column: int | None) -> int | None:
        if column is None:
            return None
        cell = body.cell(column)
        try:
            return parse_count(cell.value if cell.value is not None else cell.text)
        except ValueError as exc:
            self.bad(body.row, column, str(exc).replace("chỉ tiêu", "số đảng viên"))
            return None

    def counts(self, body: BodyRow) -> Counts | None:
        c = self.cols
        if c.official is None and c.probationary is None and c.total is None:
            return None
        if all(body.cell(x).is_blank for x in (c.official, c.probationary, c.total) if x):
            return None
        official, probationary, total = (self.count(body, x) for x in (c.official, c.probationary, c.total))
        if c.official is None and total is not None:
            official = total - (probationary or 0)
            if official < 0:
                self.bad(body.row, c.total, f"Tổng số {total} nhỏ hơn số dự bị {probationary}.")
                return None
        counts = Counts(official or 0, probationary or 0)
        if total is not None and c.official is not None and counts.total != total:
            self.bad(
                body.row, c.total,
                f"Tổng số ghi {total} nhưng chính thức {counts.official} + dự bị {counts.probationary} "
                f"= {counts.total}.",
            )  # fmt: skip
        return counts

    def rows(self) -> tuple[list[TreeRow], Counts | None, int | None]:
        out: list[TreeRow] = []
        group_block: str | None = None
        declared_total: Counts | None = None
        total_row: int | None = None
        for body in self.table.body():
            if body.kind is RowKind.GROUP:
                group_block = block_from_label(body.label) or group_block
                continue
            if body.kind is RowKind.TOTAL:
                declared_total, total_row = self.counts(body), body.row
                continue
            if body.kind is not RowKind.DATA:
                continue
            level, name = _level(body.cell(self.table.name_column))
            if not name:
                self.bad(body.row, self.table.name_column, "Dòng không có tên tổ chức.")
                continue
            item = TreeRow(self.grid.sheet, body.row, "", name, level)
            if self.table.number_column:
                item.number = _number(body.cell(self.table.number_column))
            c = self.cols
            item.parent_name = body.cell(c.parent).text if c.parent else ""
            item.code = body.cell(c.code).text if c.code else ""
            if c.kind and body.cell(c.kind).text:
                item.kind = kind_from_label(body.cell(c.kind).text) or ""
                if not item.kind:
                    self.bad(body.row, c.kind, f"Không hiểu loại tổ chức “{body.cell(c.kind).text}”.")
            block_text = body.cell(c.block).text if c.block else ""
            item.block_kind = block_from_label(block_text) if block_text else group_block
            if block_text and item.block_kind is None:
                self.bad(body.row, c.block, f"Không hiểu khối “{block_text}” (ví dụ: Nông thôn, Cơ quan).")
            item.counts = self.counts(body)
            out.append(item)
        return out, declared_total, total_row


def _link(rows: list[TreeRow], reader: _Reader) -> None:
    """Find each row's parent among the rows of the file (STT, indent) or by name."""
    by_number = {r.number: r for r in rows if r.number}
    by_name = {exact_key(r.name): r for r in rows}
    stack: list[TreeRow] = []
    for item in rows:
        parent: TreeRow | None = None
        if item.parent_name:
            parent = by_name.get(exact_key(item.parent_name))
        elif "." in item.number:
            parent = by_number.get(item.number.rsplit(".", 1)[0])
            if parent is None:
                reader.bad(
                    item.row, reader.table.number_column, f"Không có dòng STT “{item.number.rsplit('.', 1)[0]}”."
                )
        else:
            while stack and stack[-1].level >= item.level:
                stack.pop()
            parent = stack[-1] if stack and item.level > 0 else None
            stack.append(item)
        if parent is item:
            parent = None
        item.parent = parent
        if parent is not None:
            parent.children.append(item)


def _sum_rows(rows: list[TreeRow], reader: _Reader) -> None:
    """A row repeating the sum of its children is counted once, in the children."""
    for item in reversed(rows):
        below = [c for c in item.children if c.counts is not None]
        if item.counts is None:
            continue
        if not below:
            item.own = item.counts
            continue
        summed = sum((_subtree(c) for c in below), Counts())
        same = (summed.official, summed.probationary) == (item.counts.official, item.counts.probationary)
        if same or item.counts.total == 0:  # a sum row, or "-": no members of its own
            item.own = None
        else:
            reader.bad(
                item.row, reader.cols.total or reader.cols.official,
                f"“{item.name}” ghi {item.counts.total} đảng viên nhưng cộng các tổ chức trực thuộc được "
                f"{summed.total}: ghi số của riêng tổ chức này, hoặc đúng tổng của các tổ chức trực thuộc.",
            )  # fmt: skip


def _subtree(item: TreeRow) -> Counts:
    return item.counts or sum((_subtree(c) for c in item.children), Counts())


def _kind_of(item: TreeRow) -> str:
    from_name = kind_from_label(item.name) if fold(item.name).startswith(("chi bo", "dang bo")) else None
    kind = item.kind or from_name or K.CELL
    parent_kind = item.parent_kind
    if kind == K.CELL and parent_kind in (K.PROVINCIAL, K.UPPER, None):
        return K.GRASSROOTS_CELL
    if kind == K.GRASSROOTS_COMMITTEE and parent_kind == K.GRASSROOTS_COMMITTEE:
        return K.SUB_COMMITTEE
    return kind


def _display_name(item: TreeRow) -> str:
    if fold(item.name).startswith(("chi bo", "dang bo", "dang uy")):
        return item.name
    return f"Chi bộ {item.name}"


class _Resolver:
    """Matches rows to organisations under their parents; one index per parent."""

    def __init__(self, under: Organization, near: NearChoices, parsed: ParsedTree, reader: _Reader) -> None:
        self.under, self.near, self.parsed, self.reader = under, near, parsed, reader
        self.indexes: dict[int, NameIndex[Organization]] = {}
        subtree = Organization.objects.filter(path__startswith=under.path).exclude(kind__in=CELL_KINDS)
        self.committees: NameIndex[Organization] = NameIndex()
        for org in subtree:
            self.committees.add(org, org.name)

    def children_of(self, parent: Organization) -> NameIndex[Organization]:
        if parent.pk not in self.indexes:
            index: NameIndex[Organization] = NameIndex()
            for child in children_of(parent):
                if child.valid_until is None:
                    index.add(child, child.name)
            self.indexes[parent.pk] = index
        return self.indexes[parent.pk]

    def place(self, item: TreeRow) -> None:
        reader = self.reader
        if item.parent is None:
            item.existing_parent = self.under
            if item.parent_name:
                found = resolve(self.committees, item.parent_name, self.near, may_create=False, what="tổ chức cấp trên")
                item.existing_parent = found.target
                if found.problem:
                    reader.bad(item.row, reader.cols.parent, found.problem)
                    self._ask(found.question)
                    return
        item.kind = _kind_of(item)
        parent_org = item.parent.organization if item.parent else item.existing_parent
        if parent_org is None:
            item.match = MatchKind.CREATED
        else:
            found = resolve(self.children_of(parent_org), item.name, self.near, may_create=True,
                            sheet=item.sheet, row=item.row)  # fmt: skip
            item.organization, item.match = found.target, found.match
            if found.problem:
                reader.bad(item.row, reader.table.name_column, found.problem)
                self._ask(found.question)
                return
        if item.organization is not None:
            item.kind = item.organization.kind
        if item.match is MatchKind.CREATED:
            try:
                building.check_placement(item.kind, _placement_parent(item))
            except ValidationError as exc:
                reader.bad(item.row, reader.table.name_column, f"“{item.name}”: {exc.messages[0]}")

    def _ask(self, question: NearQuestion | None) -> None:
        if question is not None:
            self.parsed.questions.append(question)


def _placement_parent(item: TreeRow) -> Organization | None:
    """An Organization standing for the row's parent, real or (for a row of the file) unsaved."""
    if item.parent is None:
        return item.existing_parent
    return item.parent.organization or Organization(name=item.parent.name, kind=item.parent.kind)


def parse_tree(
    data: bytes, filename: str, under: Organization, on: date | None, near: NearChoices
) -> tuple[ParsedTree, ImportIssues]:
    """Read and validate the file against the tree as it is now (no writes)."""
    issues = ImportIssues()
    parsed = ParsedTree(filename, on)
    try:
        grids = read_grids(data, filename)
    except UnreadableFile as exc:
        issues.add(filename, "", None, None, str(exc))
        return parsed, issues
    tables = [(g, t) for g in grids if (t := locate_table(g, NAME_HEADERS)) is not None]
    if not tables:
        issues.add(filename, "", None, None, "Không tìm thấy bảng danh sách tổ chức: cần dòng tiêu đề có cột “Tên”.")
        return parsed, issues
    for grid, table in tables:
        reader = _Reader(grid, table, issues)
        rows, declared, total_row = reader.rows()
        _link(rows, reader)
        _sum_rows(rows, reader)
        parsed.on = parsed.on or _file_date(grid, table)
        resolver = _Resolver(under, near, parsed, reader)
        for item in rows:
            resolver.place(item)
        counted = sum((r.own for r in rows if r.own), Counts())
        if declared is not None and (declared.official, declared.probationary) != (
            counted.official,
            counted.probationary,
        ):
            message = f"Dòng tổng ghi {declared.total} đảng viên nhưng cộng các tổ chức được {counted.total}."
            issues.add(grid.file, grid.sheet, total_row, reader.cols.total or reader.cols.official, message)
        parsed.rows.extend(rows)
    if any(r.own for r in parsed.rows) and parsed.on is None:
        issues.add(filename, "", None, None, "Tệp có số đảng viên nhưng không ghi tính đến ngày nào: hãy chọn ngày.")
    return parsed, issues


def _apply(parsed: ParsedTree, under: Organization, actor: Any) -> dict[str, int]:
    created = counted = 0
    for item in parsed.rows:
        if item.organization is None:
            parent = item.parent.organization if item.parent else item.existing_parent
            assert parent is not None
            block = _block(parent, item.block_kind)
            try:
                item.organization = building.add_organization(
                    actor=actor, parent=parent, name=_display_name(item), kind=item.kind, block=block,
                    code=item.code,
                )  # fmt: skip
            except ValidationError as exc:
                issues = ImportIssues()
                issues.add(parsed.filename, item.sheet, item.row, None, f"“{item.name}”: {exc.messages[0]}")
                raise ImportRefused(issues) from exc
            created += 1
        elif item.organization.block is None and item.block_kind:
            parent = Organization.objects.get_parent(item.organization)
            if parent is not None:
                item.organization.block = _block(parent, item.block_kind)
                item.organization.save()
        if item.own is not None and parsed.on is not None:
            counted += _snapshot(item.organization, parsed.on, item.own)
    return {"created": created, "counts_written": counted}


def _block(parent: Organization, kind: str | None) -> Block | None:
    if kind is None or parent.kind in CELL_KINDS:
        return None
    block = Block.objects.filter(organization=parent, kind=kind).first()
    return block or Block.objects.create(organization=parent, kind=kind, name=BlockKind(kind).label)


def _snapshot(org: Organization, on: date, counts: Counts) -> int:
    existing = MemberCount.objects.filter(organization=org, counted_on=on).first()
    if existing and (existing.official, existing.probationary) == (counts.official, counts.probationary):
        return 0
    snapshot = existing or MemberCount(organization=org, counted_on=on)
    snapshot.official, snapshot.probationary = counts.official, counts.probationary
    snapshot.save()
    return 1


@dataclass
class TreeImport:
    outcome: ImportOutcome[ParsedTree]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    def as_json(self) -> dict[str, Any]:
        parsed = self.outcome.payload or ParsedTree("")
        return {
            "ok": self.ok,
            "applied": self.outcome.applied,
            "dry_run": self.dry_run,
            "errors": self.outcome.issues.as_json(),
            "on": parsed.on.isoformat() if parsed.on else None,
            "organizations": [r.as_json() for r in parsed.rows],
            "totals": parsed.totals(),
            "near": [q.as_json() for q in parsed.questions],
            "result": self.outcome.result,
        }


def import_tree(
    *,
    under: Organization,
    data: bytes,
    filename: str,
    actor: Any | None,
    on: date | datetime | None = None,
    dry_run: bool = False,
    near: NearChoices | None = None,
    progress: ProgressFn | None = None,
) -> TreeImport:
    """Preview (dry_run) or apply the organisation list under `under`, all or nothing;
    `progress` is the background job's (the upload page), None from the command."""
    if actor is not None and not permissions.can_manage_tree(actor, under):
        raise PermissionDenied("Bạn không có quyền thêm tổ chức vào tổ chức này.")
    day = on.date() if isinstance(on, datetime) else on
    choices = near or NearChoices()

    def parse() -> tuple[ParsedTree, ImportIssues]:
        return parse_tree(data, filename, under, day, choices)

    apply = None if dry_run else (lambda parsed: _apply(parsed, under, actor))
    return TreeImport(run_import(parse, apply, progress=progress), dry_run)
