"""The plan as files (P6): the allocation table as .xlsx in the users' own layout (so
re-importing an export gives the same numbers), the whole plan as an official .docx
in the party's format with the appendix on landscape pages, and as PDF.

One `allocation_table()` describes the table; Word and Excel render the same spec."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from ketnap.documents import templating
from ketnap.documents.issuers import issuer_names, name_on, place_of
from ketnap.documents.official import Appendix, OfficialDocument, Signature, render_docx
from ketnap.documents.spreadsheet import setup_print, workbook_bytes, write_table, write_title
from ketnap.documents.tables import HeaderCell, TableSpec, Value
from ketnap.documents.variants import current_template
from ketnap.orgs.models import Organization
from ketnap.plans import selectors
from ketnap.plans.enums import QUARTER_LABELS, QUARTERS, TargetScope
from ketnap.plans.models import Allocation, AllocationRevision, Plan, Target

INTRO, ADMIT = "Giới thiệu quần chúng ưu tú", "Kết nạp"


def allocation_table(plan: Plan, rows: Sequence[Allocation], *, coordination: bool) -> TableSpec:
    """Header band and body of one appendix table (organisations, or mass organisations)."""
    name_head = "Tên Mặt trận, đoàn thể" if coordination else "Tên tổ chức đảng"
    year_head = f"Chỉ tiêu giới thiệu quần chúng ưu tú và phát triển đảng viên năm {plan.year}"
    kinds = ["introduce", "admit"] if plan.with_introduce else ["admit"]
    labels = {"introduce": INTRO, "admit": ADMIT}
    if plan.by_quarter:
        span = 3 if len(kinds) == 2 else 2
        top = [
            HeaderCell("Stt", rowspan=span),
            HeaderCell(name_head, rowspan=span),
            HeaderCell(year_head, colspan=4 * len(kinds)),
            HeaderCell("Cộng", colspan=len(kinds)),
            HeaderCell("Ghi chú", rowspan=span),
        ]
        if len(kinds) == 2:
            middle = [HeaderCell(QUARTER_LABELS[q], colspan=2) for q in QUARTERS]
            middle += [HeaderCell(labels[k], rowspan=2) for k in kinds]
            bottom = [HeaderCell(labels[k]) for _ in QUARTERS for k in kinds]
            header = [top, middle, bottom]
        else:
            header = [top, [HeaderCell(f"{QUARTER_LABELS[q]} ({ADMIT.lower()})") for q in QUARTERS]
                      + [HeaderCell(ADMIT)]]  # fmt: skip
    elif len(kinds) == 2:
        header = [
            [HeaderCell("Stt", rowspan=2), HeaderCell(name_head, rowspan=2), HeaderCell(year_head, colspan=2),
             HeaderCell("Ghi chú", rowspan=2)],
            [HeaderCell(INTRO), HeaderCell(ADMIT)],
        ]  # fmt: skip
    else:
        header = [
            [HeaderCell("Stt"), HeaderCell(name_head),
             HeaderCell(f"Chỉ tiêu tối thiểu kết nạp đảng viên năm {plan.year}"), HeaderCell("Ghi chú")]
        ]  # fmt: skip
    body: list[list[Value]] = []
    sums: dict[str, int] = {}
    for n, row in enumerate(rows, start=1):
        values: list[Value] = []
        if plan.by_quarter:
            for q in QUARTERS:
                values += [getattr(row, f"{k}_q{q}") or 0 for k in kinds]
        values += [getattr(row, f"{k}_total") for k in kinds]
        for i, v in enumerate(values):
            sums[str(i)] = sums.get(str(i), 0) + int(v or 0)
        note = row.note or ""
        if row.exempt:
            note = f"Không giao: {row.exempt_reason}".strip() + (f"; {note}" if note else "")
        body.append([n, row.recipient_name, *values, note])
    width = len(body[0]) - 3 if body else (4 * len(kinds) + len(kinds) if plan.by_quarter else len(kinds))
    body.append(["", "Tổng cộng", *[sums.get(str(i), 0) for i in range(width)], ""])
    widths = [5.0, 34.0, *([9.0] * width), 18.0]
    row_sums: dict[int, tuple[int, ...]] = {}
    if plan.by_quarter:
        k = len(kinds)
        row_sums = {2 + 4 * k + i: tuple(2 + q * k + i for q in range(4)) for i in range(k)}
    last = frozenset({len(body) - 1})
    return TableSpec(header=header, rows=body, bold_rows=last, widths=widths, total_rows=last, row_sums=row_sums,
                     text_columns=frozenset({1, len(widths) - 1}))  # fmt: skip


def _split(rows: Sequence[Allocation]) -> tuple[list[Allocation], list[Allocation]]:
    return [r for r in rows if not r.is_coordination], [r for r in rows if r.is_coordination]


def _titles(plan: Plan, coordination: bool) -> list[str]:
    what = "GIAO CHỈ TIÊU PHỐI HỢP PHÁT TRIỂN ĐẢNG VIÊN" if coordination else "GIAO CHỈ TIÊU PHÁT TRIỂN ĐẢNG VIÊN"
    return [f"{what} NĂM {plan.year}", annex_note(plan)]


def annex_note(plan: Plan) -> str:
    number = plan.document_number or "   -KH/ĐU"
    day = f" ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else ""
    return f"(Kèm theo Kế hoạch số {number}{day} của {committee_body(plan.organization)})"


def committee_body(org: Organization) -> str:
    return "Chi bộ" if org.is_cell else "Ban Thường vụ Đảng ủy"


def plan_xlsx(plan: Plan, revision: AllocationRevision | None) -> bytes:
    """One sheet for the organisations, one for the mass organisations if any."""
    return plan_workbook(plan, selectors.rows_of(revision), revision)


def plan_workbook(plan: Plan, rows: Sequence[Allocation], revision: AllocationRevision | None) -> bytes:
    orgs, mass = _split(rows)
    wb = Workbook()
    first = wb.active
    assert first is not None
    sheets = [(first, "Chỉ tiêu các tổ chức", orgs, False)]
    if mass:
        sheets.append((wb.create_sheet(), "Phối hợp MTTQ, đoàn thể", mass, True))
    for ws, title, part, coordination in sheets:
        ws.title = title
        spec = allocation_table(plan, part, coordination=coordination)
        # The organisation's name goes to the printed page header, not above the table: a
        # title such as "CHI BỘ HƯNG THỊNH" would read as the table's name column.
        ws.oddHeader.center.text = plan.organization.name
        top = write_title(ws, ["PHỤ LỤC", *_titles(plan, coordination)], width=spec.column_count, bold_first=2)
        end = write_table(ws, spec, top=top + 1)
        setup_print(ws, header_rows=(top + 1, top + spec.header_height))
        if revision is not None and revision.number:
            ws.cell(end + 1, 1, f"{revision}: {revision.reason} (hiệu lực từ {revision.effective_on:%d/%m/%Y})")
    return workbook_bytes(wb)


def _target_sentence(plan: Plan, targets: Sequence[Target]) -> str:
    value = selectors.target_value(selectors.total_target(targets), plan.organization)
    whole = "Toàn chi bộ" if plan.organization.is_cell else "Toàn Đảng bộ"
    if value.count is None:
        return f"{whole} phấn đấu kết nạp đảng viên mới năm {plan.year} (chỉ tiêu chưa xác định)."
    if value.rate is not None:
        rate = f"{value.rate.normalize():f}".replace(".", ",")
        members = f"{value.headcount or 0:,}".replace(",", ".")
        on = f" tại ngày {value.headcount_on:%d/%m/%Y}" if value.headcount_on else ""
        return (f"{whole} phấn đấu kết nạp đảng viên mới năm {plan.year} đạt tỷ lệ từ {rate}% trở lên so với tổng "
                f"số đảng viên ({members} đảng viên{on}), tức ít nhất {value.count} đảng viên.")  # fmt: skip
    return f"{whole} phấn đấu kết nạp từ {value.count:02d} đảng viên mới trở lên trong năm {plan.year}."


def _sub_target_lines(targets: Sequence[Target]) -> list[str]:
    lines = []
    for t in targets:
        amount = f"{t.rate.normalize():f}".replace(".", ",") + "%" if t.rate is not None else f"{t.count or 0:02d}"
        if t.scope == TargetScope.BLOCK and t.block:
            lines.append(f"{t.block.name} kết nạp từ {amount} đảng viên trở lên.")
        elif t.scope == TargetScope.EACH_ORGANIZATION:
            lines.append(f"Mỗi tổ chức thuộc {t.get_block_kind_display().lower()} kết nạp ít nhất {amount}.")
        elif t.scope == TargetScope.STRUCTURE:
            lines.append(f"{t.get_group_display()}: {amount}" + (f" ({t.note})" if t.note else "") + ".")
    return lines


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _appendix(plan: Plan, table: TableSpec, coordination: bool) -> Appendix:
    """An appendix on a landscape page only when its columns need one (a four-column
    table on landscape pages doubles the page count)."""
    wide = sum(table.widths or []) > 95
    return Appendix("PHỤ LỤC", _titles(plan, coordination)[0], annex_note(plan), table, landscape=wide)


def plan_context(plan: Plan, targets: Sequence[Target]) -> dict[str, Any]:
    """What the plan's template may use: the same data the plan's page shows."""
    return {
        "legal_bases": [basis.rstrip(";.") for basis in _lines(plan.legal_bases)],
        "committee_body": committee_body(plan.organization),
        "plan_title": plan.title.lower(),
        "year": plan.year,
        "organization": name_on(plan.organization, plan.issued_on),
        "purpose": _lines(plan.purpose),
        "requirements": _lines(plan.requirements),
        "target_sentence": _target_sentence(plan, targets),
        "sub_targets": _sub_target_lines([t for t in targets if t.scope != "total"]),
        "tasks": _lines(plan.tasks) if plan.tasks.strip() else [],
        "recipients": _lines(plan.recipients),
    }


def official_document(
    plan: Plan, revision: AllocationRevision | None, template: tuple[bytes, str] | None = None
) -> OfficialDocument:
    """The plan as a document: body and recipients from its template (`template` is
    (file, version); the organisation's own variant or the built-in one when None),
    header, signature and appendices laid out by the renderer."""
    targets = selectors.targets_of(plan)
    parent, issuer = issuer_names(plan.organization, plan.issued_on)
    kind = templating.KINDS["ke-hoach"]
    data, version = template or current_template(kind, plan.organization)
    filled = templating.fill(data, version, plan_context(plan, targets))
    body = filled.body
    rows = selectors.rows_of(revision)
    orgs, mass = _split(rows)
    appendices = []
    if orgs or not mass:
        appendices.append(_appendix(plan, allocation_table(plan, orgs, coordination=False), False))
    if mass:
        appendices.append(_appendix(plan, allocation_table(plan, mass, coordination=True), True))
    if revision is not None and revision.number and appendices:
        appendices[0].footnotes.append(
            f"({revision}: {revision.reason}; hiệu lực từ ngày {revision.effective_on:%d/%m/%Y}.)"
        )
    return OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        number=plan.document_number,
        symbol_hint="-KH/CB" if plan.organization.is_cell else "-KH/ĐU",
        place=plan.place or place_of(plan.organization, plan.issued_on),
        issued_on=plan.issued_on,
        kind="KẾ HOẠCH",
        title=f"phát triển đảng viên năm {plan.year}",
        body=body,
        signature=Signature(tuple(_lines(plan.signing_capacity)), plan.signer),
        recipients=filled.recipients,
        appendices=appendices,
        template=filled.version,
    )


def plan_docx(plan: Plan, revision: AllocationRevision | None) -> bytes:
    return render_docx(official_document(plan, revision))
