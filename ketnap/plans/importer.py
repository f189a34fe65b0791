"""Import of allocation appendices (P6): the allocation-specific part on top of
ketnap.imports.

Reading: every sheet / Word table whose header has a name column ("Tên chi bộ",
"Tên tổ chức Đảng"…) and at least one *admit* column is an allocation table. Each
value column is classified by the header texts over it: *introduce* ("Giới thiệu
quần chúng ưu tú") or *admit* ("Kết nạp", "Chỉ tiêu … kết nạp"), a quarter ("Quý
I"…"Quý IV") or the year ("Cộng", "Tổng", or no quarter at all), and "Ghi chú".
Rows are matched by name to the plan organisation's active children, then to its
mass organisations (coordination quotas). The file's totals row, group subtotals and
row totals must agree with its rows; every value must be a non-negative whole
number; every row must match (or, with create_missing, becomes a new cell).

`import_allocations()` is the one entry point of the command, the browser upload
and the demo loader: preview with apply=False, all-or-nothing apply otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ketnap.audit.registry import record
from ketnap.core.text import fold
from ketnap.imports.grid import Grid, UnreadableFile, read_grids
from ketnap.imports.issues import ImportIssues, ImportRefused
from ketnap.imports.matching import MatchKind, NameIndex, NearChoices, NearQuestion, exact_key, resolve
from ketnap.imports.runner import ImportOutcome, ProgressFn, run_import
from ketnap.imports.table import BodyRow, RowKind, Table, locate_table, verify_sums
from ketnap.imports.values import parse_count
from ketnap.orgs.enums import OrganizationKind
from ketnap.orgs.models import Block, MassOrganization, Organization
from ketnap.orgs.permissions import can_manage_tree
from ketnap.plans import permissions, selectors
from ketnap.plans.enums import QUARTERS, PlanStatus
from ketnap.plans.models import Allocation, AllocationRevision, Plan

NAME_HEADERS = ("ten", "to chuc", "chi bo", "don vi")
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|1|2|3|4)\b")
_QUARTER_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class ValueColumn:
    column: int
    kind: str  # "introduce" | "admit"
    quarter: int | None  # None: the year


def classify(table: Table) -> tuple[list[ValueColumn], int | None]:
    """Value columns and the note column of a located table."""
    values: list[ValueColumn] = []
    note: int | None = None
    skip = {table.name_column, table.number_column}
    for col in table.columns:
        if col.column in skip or not col.labels:
            continue
        folded = col.folded
        if any("ghi chu" in label for label in folded):
            note = col.column
            continue
        kind = None
        for label in reversed(folded):
            if "gioi thieu" in label:
                kind = "introduce"
                break
            if "ket nap" in label or "phat trien dang vien" in label:
                kind = "admit"
                break
        if kind is None:
            continue
        # A column under "Quý …" is that quarter; any other ("Cộng", "Tổng", a yearly
        # "Chỉ tiêu … năm 2026") holds the year's figure.
        quarter = next((_QUARTER_NUMBER[m.group(1)] for lb in folded if (m := _QUARTER.search(lb))), None)
        values.append(ValueColumn(col.column, kind, quarter))
    return values, note


@dataclass
class ParsedRow:
    sheet: str
    row: int
    name_in_file: str
    organization: Organization | None = None
    mass_organization: MassOrganization | None = None
    introduce: list[int] | None = None
    admit: list[int] | None = None
    introduce_total: int = 0
    admit_total: int = 0
    note: str = ""
    block: Block | None = None  # for a row to be created: the group ("Khối …") it sat under
    exempt: bool = False
    exempt_reason: str = ""
    match: MatchKind | None = None
    question: NearQuestion | None = None

    @property
    def is_new(self) -> bool:
        return self.organization is None and self.mass_organization is None

    @property
    def name(self) -> str:
        recipient = self.organization or self.mass_organization
        return recipient.name if recipient else self.name_in_file

    def as_json(self) -> dict[str, Any]:
        return {
            "organization": self.name,
            "name_in_file": self.name_in_file,
            "coordination": self.mass_organization is not None,
            "created": self.is_new,
            "match": str(self.match) if self.match else None,
            "introduce": self.introduce,
            "admit": self.admit,
            "introduce_total": self.introduce_total,
            "admit_total": self.admit_total,
            "note": self.note,
            "exempt": self.exempt,
            "exempt_reason": self.exempt_reason,
            "sheet": self.sheet,
            "row": self.row,
        }


@dataclass
class ParsedFile:
    filename: str
    rows: list[ParsedRow] = field(default_factory=list)
    by_quarter: bool = False
    with_introduce: bool = False
    plan: Plan | None = None
    questions: list[NearQuestion] = field(default_factory=list)

    def totals(self, coordination: bool) -> dict[str, int]:
        rows = [r for r in self.rows if (r.mass_organization is not None) == coordination]
        return {"introduce": sum(r.introduce_total for r in rows), "admit": sum(r.admit_total for r in rows)}


def _matchers(org: Organization, year: int) -> tuple[NameIndex[Organization], NameIndex[MassOrganization]]:
    orgs: NameIndex[Organization] = NameIndex()
    probe = Plan(organization=org, year=year)
    for child in selectors.active_children(probe):
        orgs.add(child, child.name)
    mass: NameIndex[MassOrganization] = NameIndex()
    for m in org.mass_organizations.all():
        mass.add(m, m.name, m.get_kind_display())
    return orgs, mass


def parse_file(
    data: bytes, filename: str, org: Organization, year: int, *, create_missing: bool, near: NearChoices | None = None
) -> tuple[ParsedFile, ImportIssues]:
    """Read and validate the file against the database as it is now (no writes)."""
    issues = ImportIssues()
    parsed = ParsedFile(filename)
    try:
        grids = read_grids(data, filename)
    except UnreadableFile as exc:
        issues.add(filename, "", None, None, str(exc))
        return parsed, issues
    orgs, mass = _matchers(org, year)
    blocks = {exact_key(b.name): b for b in org.blocks.all()}
    layouts = set()
    found = False
    for grid in grids:
        table = locate_table(grid, NAME_HEADERS)
        if table is None:
            continue
        columns, note_col = classify(table)
        if not any(c.kind == "admit" for c in columns):
            continue
        found = True
        by_quarter = any(c.quarter for c in columns)
        layouts.add(by_quarter)
        parsed.with_introduce |= any(c.kind == "introduce" for c in columns)
        context = _Context(orgs, mass, blocks, create_missing, near or NearChoices())
        _parse_table(grid, table, columns, note_col, context, parsed, issues)
    if not found:
        issues.add(
            filename,
            "",
            None,
            None,
            "Không tìm thấy bảng giao chỉ tiêu: cần một dòng tiêu đề có cột tên (ví dụ “Tên chi bộ”) "
            "và cột chỉ tiêu kết nạp.",
        )
    if len(layouts) > 1:
        issues.add(
            filename, "", None, None, "Các bảng trong tệp không cùng cách giao (một bảng theo quý, một bảng cả năm)."
        )
    parsed.by_quarter = layouts == {True}
    _check_duplicates(parsed, issues)
    _check_plan(parsed, org, year, issues)
    return parsed, issues


@dataclass
class _Context:
    orgs: NameIndex[Organization]
    mass: NameIndex[MassOrganization]
    blocks: dict[str, Block]
    create_missing: bool
    near: NearChoices


def _parse_table(
    grid: Grid,
    table: Table,
    columns: list[ValueColumn],
    note_col: int | None,
    ctx: _Context,
    parsed: ParsedFile,
    issues: ImportIssues,
) -> None:
    rows = list(table.body())
    values: dict[tuple[int, int], int | None] = {}
    for row in rows:
        if row.kind is RowKind.NOTE:
            continue
        for col in columns:
            cell = row.cell(col.column)
            try:
                values[(row.row, col.column)] = parse_count(cell.value if cell.value is not None else cell.text)
            except ValueError as exc:
                values[(row.row, col.column)] = None
                issues.add(grid.file, grid.sheet, row.row, col.column, str(exc))
    verify_sums(table, rows, [c.column for c in columns], lambda r, c: values.get((r.row, c)), issues)
    data_rows = [r for r in rows if r.kind is RowKind.DATA]
    # A table whose rows are mostly mass organisations is the coordination table: its
    # unknown rows are unknown mass organisations, never new cells.
    mass_context = sum(1 for r in data_rows if ctx.mass.find(r.label).target) > len(data_rows) / 2
    group_block: Block | None = None
    for row in rows:
        if row.kind is RowKind.GROUP:
            group_block = ctx.blocks.get(exact_key(row.label))
        if row.kind is not RowKind.DATA:
            continue
        item = _parsed_row(grid, row, columns, note_col, values, issues)
        if not row.label:
            issues.add(grid.file, grid.sheet, row.row, table.name_column, "Dòng có số liệu nhưng không có tên tổ chức.")
            continue
        problem = _match_row(item, row.label, mass_context, ctx, grid.sheet, row.row)
        if problem:
            issues.add(grid.file, grid.sheet, row.row, table.name_column, problem)
        if item.question is not None:
            parsed.questions.append(item.question)
        if item.is_new:
            item.block = group_block
        parsed.rows.append(item)


def _match_row(item: ParsedRow, label: str, mass_context: bool, ctx: _Context, sheet: str, row: int) -> str | None:
    """Find the recipient of a row by the one name-matching rule (ketnap.imports.matching):
    a child organisation, else a mass organisation; near matches only when answered."""
    if not mass_context:
        found = ctx.orgs.find(label)
        if found.target is not None:
            item.organization, item.match = found.target, MatchKind.EXACT
            return None
        if found.ambiguous:
            return f"“{label}” trùng tên với nhiều tổ chức."
    mass_found = ctx.mass.find(label)
    if mass_found.target is not None:
        item.mass_organization, item.match = mass_found.target, MatchKind.EXACT
        return None
    if mass_context:
        res_mass = resolve(ctx.mass, label, ctx.near, may_create=False, what="Mặt trận/đoàn thể", sheet=sheet, row=row)
        item.mass_organization, item.match = res_mass.target, res_mass.match
        _remember(item, res_mass.question)
        if res_mass.not_found:
            return f"Không tìm thấy Mặt trận/đoàn thể “{label}” của đảng bộ."
        return res_mass.problem
    res = resolve(ctx.orgs, label, ctx.near, may_create=ctx.create_missing, near_may_create=True, sheet=sheet, row=row)
    item.organization, item.match = res.target, res.match
    _remember(item, res.question)
    if res.not_found:
        return (
            f"Không tìm thấy tổ chức trực thuộc tên “{label}” (dùng tùy chọn tạo tổ chức còn thiếu "
            "nếu đây là chi bộ mới)."
        )
    return res.problem


def _remember(item: ParsedRow, question: NearQuestion | None) -> None:
    item.question = question


EXEMPT_PREFIX = "Không giao"


def split_note(text: str) -> tuple[bool, str, str]:
    """The note column as the export writes it — "Không giao: <reason>; <note>" for an
    exempt row — back into (exempt, reason, note), so the exemption survives a round
    trip through Excel or Word."""
    text = (text or "").strip()
    if not fold(text).startswith(fold(EXEMPT_PREFIX)):
        return False, "", text
    rest = text[len(EXEMPT_PREFIX) :].lstrip()
    if fold(rest).startswith("chi tieu"):  # "Không giao chỉ tiêu: …"
        rest = rest[len("chỉ tiêu") :].lstrip()
    rest = rest.removeprefix(":").strip()
    reason, _, note = rest.partition(";")
    return True, reason.strip(), note.strip()


def _parsed_row(
    grid: Grid,
    row: BodyRow,
    columns: list[ValueColumn],
    note_col: int | None,
    values: dict[tuple[int, int], int | None],
    issues: ImportIssues,
) -> ParsedRow:
    exempt, reason, note = split_note(row.cell(note_col).text if note_col else "")
    item = ParsedRow(grid.sheet, row.row, row.label, note=note, exempt=exempt, exempt_reason=reason)
    for kind in ("introduce", "admit"):
        quarter_cols = {c.quarter: c.column for c in columns if c.kind == kind and c.quarter}
        year_col = next((c.column for c in columns if c.kind == kind and c.quarter is None), None)
        quarters = [values.get((row.row, quarter_cols[q])) or 0 if q in quarter_cols else 0 for q in QUARTERS]
        total = values.get((row.row, year_col)) if year_col else None
        if quarter_cols:
            setattr(item, kind, quarters)
            summed = sum(quarters)
            if total is not None and total != summed:
                issues.add(
                    grid.file, grid.sheet, row.row, year_col,
                    f"Cột cộng ghi {total} nhưng cộng các quý được {summed}.",
                )  # fmt: skip
            setattr(item, f"{kind}_total", summed)
        elif total is not None:
            setattr(item, f"{kind}_total", total)
    return item


def _check_duplicates(parsed: ParsedFile, issues: ImportIssues) -> None:
    seen: dict[tuple[str, int], ParsedRow] = {}
    for item in parsed.rows:
        recipient = item.organization or item.mass_organization
        key = (type(recipient).__name__, recipient.pk) if recipient else ("new", hash(exact_key(item.name_in_file)))
        if key in seen:
            first = seen[key]
            issues.add(
                parsed.filename, item.sheet, item.row, None,
                f"“{item.name_in_file}” đã có ở {first.sheet}, dòng {first.row}: mỗi tổ chức chỉ một dòng.",
            )  # fmt: skip
        seen[key] = item


def _check_plan(parsed: ParsedFile, org: Organization, year: int, issues: ImportIssues) -> None:
    plan = Plan.objects.filter(organization=org, year=year).first()
    parsed.plan = plan
    if plan is None or plan.status == PlanStatus.DRAFT:
        return
    if selectors.editable_revision(plan) is None:
        issues.add(
            parsed.filename, "", None, None,
            f"Kế hoạch năm {year} của {org.name} đã ban hành: hãy tạo một lần giao bổ sung rồi nhập lại.",
        )  # fmt: skip
    elif plan.by_quarter != parsed.by_quarter:
        issues.add(
            parsed.filename, "", None, None,
            "Bảng trong tệp khác cách giao của kế hoạch đã ban hành (theo quý / cả năm).",
        )  # fmt: skip


def _new_code(parent: Organization) -> str:
    taken = set(Organization.objects.filter(code__startswith=f"{parent.code}.").values_list("code", flat=True))
    n = parent.numchild + 1
    while f"{parent.code}.{n:02d}" in taken:
        n += 1
    return f"{parent.code}.{n:02d}"


def _apply(parsed: ParsedFile, org: Organization, year: int, actor: Any) -> Plan:
    from ketnap.plans import services

    plan = parsed.plan
    if plan is None:
        plan = services.create_plan(
            org, actor=actor if actor is not None else services.SYSTEM, year=year,
            by_quarter=parsed.by_quarter, with_introduce=parsed.with_introduce,
        )  # fmt: skip
    elif plan.is_draft:
        plan.by_quarter, plan.with_introduce = parsed.by_quarter, parsed.with_introduce
        plan.save()
    revision = selectors.editable_revision(plan)
    if revision is None:
        raise ImportRefused(parsed_issue(parsed, "Kế hoạch đã ban hành: hãy tạo một lần giao bổ sung."))
    if any(item.is_new for item in parsed.rows) and actor is not None and not can_manage_tree(actor, org):
        raise ImportRefused(parsed_issue(parsed, "Bạn không có quyền tạo tổ chức mới trong cây tổ chức."))
    revision.allocations.all().delete()
    for position, item in enumerate(parsed.rows, start=1):
        _save_row(revision, item, position, org)
    record(
        "import",
        plan,
        {
            "file": [None, parsed.filename],
            "rows": [None, len(parsed.rows)],
            "totals": [None, parsed.totals(False)],
            "coordination_totals": [None, parsed.totals(True)],
            "revision": [None, revision.number],
        },
    )
    return plan


def parsed_issue(parsed: ParsedFile, message: str) -> ImportIssues:
    issues = ImportIssues()
    issues.add(parsed.filename, "", None, None, message)
    return issues


def _save_row(revision: AllocationRevision, item: ParsedRow, position: int, org: Organization) -> None:
    if item.is_new:
        item.organization = Organization.objects.add_child(
            org,
            create_kwargs={
                "name": item.name_in_file if fold(item.name_in_file).startswith(("chi bo", "dang bo"))
                else f"Chi bộ {item.name_in_file}",
                "code": _new_code(org),
                "kind": OrganizationKind.CELL,
                "block": item.block,
                "valid_from": date(revision.plan.year, 1, 1),
            },
        )  # fmt: skip
        org.refresh_from_db()
    row = Allocation(
        revision=revision,
        position=position,
        organization=item.organization,
        mass_organization=item.mass_organization,
        introduce_total=item.introduce_total,
        admit_total=item.admit_total,
        note=item.note[:255],
        exempt=item.exempt,
        exempt_reason=item.exempt_reason[:255],
    )
    for kind in ("introduce", "admit"):
        quarters = getattr(item, kind)
        if quarters is not None:
            for q, value in zip(QUARTERS, quarters, strict=True):
                setattr(row, f"{kind}_q{q}", value)
    row.save()


@dataclass
class AllocationImport:
    outcome: ImportOutcome[ParsedFile]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    @property
    def parsed(self) -> ParsedFile:
        assert self.outcome.payload is not None
        return self.outcome.payload

    def as_json(self) -> dict[str, Any]:
        parsed = self.outcome.payload or ParsedFile("")
        plan = self.outcome.result
        return {
            "ok": self.ok,
            "applied": self.outcome.applied,
            "dry_run": self.dry_run,
            "errors": self.outcome.issues.as_json(),
            "by_quarter": parsed.by_quarter,
            "allocations": [r.as_json() for r in parsed.rows],
            "totals": parsed.totals(False),
            "coordination_totals": parsed.totals(True),
            "plan": plan.pk if isinstance(plan, Plan) else (parsed.plan.pk if parsed.plan else None),
            "near": [q.as_json() for q in parsed.questions],
        }


def import_allocations(
    *,
    org: Organization,
    year: int,
    data: bytes,
    filename: str,
    actor: Any | None,
    create_missing: bool = False,
    dry_run: bool = False,
    near: NearChoices | None = None,
    progress: ProgressFn | None = None,
) -> AllocationImport:
    """Preview (dry_run) or apply the file as the table of `org`'s plan of `year`.

    The plan is created as a draft if missing; a draft plan's table, or the open
    supplementary revision of an issued plan, is replaced by the file's rows.
    `actor=None` means the server operator (command line, demo loader); a user must
    be allowed to edit the plan (and to manage the tree when rows are created)."""
    if actor is not None:
        probe = Plan.objects.filter(organization=org, year=year).first() or Plan(organization=org, year=year)
        if not permissions.can_edit_plan(actor, probe):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("Bạn không có quyền nhập bảng giao chỉ tiêu cho tổ chức này.")

    def parse() -> tuple[ParsedFile, ImportIssues]:
        return parse_file(data, filename, org, year, create_missing=create_missing, near=near)

    apply = None if dry_run else (lambda parsed: _apply(parsed, org, year, actor))
    return AllocationImport(run_import(parse, apply, progress=progress), dry_run)
