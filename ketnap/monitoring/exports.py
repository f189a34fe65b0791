"""Files of monitoring: periodic reports as party-format .docx (ketnap.documents.official)
and .xlsx, the dashboard's tables as .xlsx. Tables are described once as `TableSpec`
and rendered by ketnap.documents for Word and Excel alike.

Why every total row here is written as the sum of the rows above it: the compiled
report must equal the sum of its parts (M5), and a reader checks that with a pencil.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ketnap.documents import templating
from ketnap.documents.issuers import issuer_names, place_of
from ketnap.documents.official import Appendix, OfficialDocument, Para, Signature, render_docx
from ketnap.documents.spreadsheet import setup_print, workbook_bytes, write_table, write_title
from ketnap.documents.tables import HeaderCell, TableSpec, Value
from ketnap.documents.variants import current_template
from ketnap.monitoring.figures import FIGURES, KEYS, LABELS, ratio
from ketnap.monitoring.models import PeriodicReport
from ketnap.monitoring.selectors.dashboard import Dashboard
from ketnap.monitoring.statistics_forms import FormRow
from ketnap.plans.enums import QUARTER_LABELS, QUARTERS

#: Columns of the per-organisation table of a compiled report (Word: the essentials).
PART_COLUMNS: tuple[str, ...] = (
    "headcount",
    "admit_quota_year",
    "admit_quota_period",
    "admitted_period",
    "admitted_ytd",
    "introduced_period",
    "confirmed_period",
    "pool_end",
)


def add_sheet(wb: Workbook, title: str, lines: list[str], spec: TableSpec, note: str = "", bold_first: int = 1) -> None:
    """A titled table on a sheet of its own (the workbook's first, unused sheet first)."""
    first = wb.active
    ws: Worksheet = first if first is not None and first.title == "Sheet" else wb.create_sheet()
    ws.title = title
    top = write_title(ws, lines, width=spec.column_count, bold_first=bold_first)
    end = write_table(ws, spec, top=top + 1)
    setup_print(ws, header_rows=(top + 1, top + spec.header_height))
    if note:
        ws.cell(end + 1, 1, note)


# ---------------------------------------------------------------- periodic reports


def figures_table(figures: Mapping[str, int]) -> TableSpec:
    rows: list[list[Value]] = [[i, f.label, int(figures.get(f.key, 0))] for i, f in enumerate(FIGURES, start=1)]
    return TableSpec(
        header=[[HeaderCell("TT"), HeaderCell("Nội dung"), HeaderCell("Số liệu")]],
        rows=rows,
        widths=[6, 70, 14],
    )


def parts_table(parts: Sequence[Mapping[str, Any]], total: Mapping[str, int], columns: Sequence[str]) -> TableSpec:
    """One row per submitted report, and "Cộng" — each cell the sum of its column."""
    header = [[HeaderCell("TT"), HeaderCell("Tổ chức"), *(HeaderCell(LABELS[k]) for k in columns)]]
    rows: list[list[Value]] = [
        [i, str(p["name"]), *(int(p["figures"].get(k, 0)) for k in columns)] for i, p in enumerate(parts, start=1)
    ]
    rows.append(["", "Cộng", *(int(total.get(k, 0)) for k in columns)])
    last = frozenset({len(rows) - 1})
    return TableSpec(header, rows, bold_rows=last, total_rows=last, widths=[5, 34, *[12] * len(columns)])


def _n(value: int) -> str:
    return f"{value:02d}" if value < 10 else f"{value:,}".replace(",", ".")


def result_paragraphs(figures: Mapping[str, int]) -> list[Para]:
    """The figures said in sentences, as a report's "Kết quả" section reads."""
    f = {k: int(figures.get(k, 0)) for k in KEYS}
    done = ratio(f, "admitted_ytd", "admit_quota_year")
    share = f" (đạt {str(done).replace('.', ',')}% chỉ tiêu cả năm là {_n(f['admit_quota_year'])})" if done else ""
    quota = f"; chỉ tiêu trong kỳ {_n(f['introduce_quota_period'])}" if f["introduce_quota_period"] else ""
    structure = ", ".join(
        f"{LABELS[k].removeprefix('— trong đó ')} {_n(f[k])}"
        for k in ("female_period", "ethnic_minority_period", "religious_period", "youth_union_period")
        if f[k]
    )
    return [
        Para(f"Tổng số đảng viên đầu năm {_n(f['headcount_year_start'])}, đến cuối kỳ {_n(f['headcount'])} đảng viên."),
        Para(
            f"Giới thiệu {_n(f['introduced_period'])} quần chúng ưu tú trong kỳ{quota} (từ đầu năm: "
            f"{_n(f['introduced_ytd'])}); có {_n(f['certified_period'])} quần chúng được cấp giấy chứng nhận lớp bồi "
            "dưỡng nhận thức về Đảng.",
            bullet=True,
        ),
        Para(
            f"Kết nạp {_n(f['admitted_period'])} đảng viên mới trong kỳ"
            + (f" (trong đó: {structure})" if structure else "")
            + f"; từ đầu năm kết nạp {_n(f['admitted_ytd'])} đảng viên{share}.",
            bullet=True,
        ),
        Para(
            f"Công nhận {_n(f['confirmed_period'])} đảng viên chính thức; nguồn quần chúng ưu tú đang theo dõi cuối kỳ "
            f"{_n(f['pool_end'])} người, trong đó {_n(f['sympathizers_end'])} người trong danh sách cảm tình đảng.",
            bullet=True,
        ),
    ]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def report_document(report: PeriodicReport, figures: Mapping[str, int], issued_on: date | None) -> OfficialDocument:
    org, round_ = report.organization, report.round
    on = issued_on or round_.due_on
    parent, issuer = issuer_names(org, on)
    due = round_.compile_due_on if report.compiled else round_.due_on
    speaker = "Chi bộ" if org.is_cell else f"Ban Thường vụ {org.committee_name}"
    incomplete = (report.figures or {}).get("title", "") if report.compiled else ""
    sentences = [p.text for p in result_paragraphs(figures)]
    recipients = [
        f"{round_.organization.committee_name} (b/c)" if not report.compiled else "Cấp ủy cấp trên (b/c)",
        "Lưu.",
    ]
    context = {
        "incomplete": incomplete,
        "missing": _missing_lines(report) if incomplete else [],
        "period": round_.period_label,
        "requester": round_.organization.name,
        "due": f"{due:%d/%m/%Y}",
        "speaker": speaker,
        "figure_summary": sentences[0],
        "figure_lines": sentences[1:],
        "results": _lines(report.results),
        "difficulties": _lines(report.difficulties),
        "proposals": _lines(report.proposals),
        "recipients": recipients,
    }
    filled = templating.fill(*current_template(templating.KINDS["bao-cao"], org), context=context)
    appendices = [
        Appendix(
            "PHỤ LỤC",
            "SỐ LIỆU PHÁT TRIỂN ĐẢNG VIÊN",
            f"({round_.period_label})",
            figures_table(figures),
            landscape=False,
        )
    ]
    parts = (report.figures or {}).get("parts") or []
    if report.compiled and parts:
        appendices.append(
            Appendix(
                "PHỤ LỤC",
                "SỐ LIỆU CÁC TỔ CHỨC TRỰC THUỘC",
                f"({round_.period_label})",
                parts_table(_marked(parts), report.figures.get("parts_sum", figures), PART_COLUMNS),
            )
        )
        missing = [m["name"] for m in report.figures.get("missing", [])]
        if missing:
            appendices[-1].footnotes.append("Chưa nộp báo cáo: " + "; ".join(missing) + ".")
    cell = org.is_cell
    return OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        number=report.document_number,
        symbol_hint="-BC/CB" if cell else "-BC/ĐU",
        place=place_of(org, on),
        issued_on=issued_on,
        kind="BÁO CÁO",
        title=f"kết quả công tác phát triển đảng viên {round_.period_label}"
        + (f" — {incomplete}" if incomplete else ""),
        body=filled.body,
        signature=Signature(("T/M CHI BỘ", "BÍ THƯ") if cell else ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"), report.signer),
        recipients=filled.recipients,
        appendices=appendices,
        template=filled.version,
    )


def report_docx(report: PeriodicReport, figures: Mapping[str, int], issued_on: date | None) -> bytes:
    return render_docx(report_document(report, figures, issued_on))


def _missing_lines(report: PeriodicReport) -> list[str]:
    missing = (report.figures or {}).get("missing", [])
    left_out = [m["name"] for m in missing if not m.get("filled")]
    filled = [m["name"] for m in missing if m.get("filled")]
    lines = ["Chưa nộp báo cáo, không tính: " + "; ".join(left_out) + "."] if left_out else []
    if filled:
        lines.append("Chưa nộp báo cáo, tính theo số liệu của hệ thống trong kỳ: " + "; ".join(filled) + ".")
    lines.append(f"Tổng số đảng viên và chỉ tiêu theo hồ sơ của {report.organization.name}.")
    return lines


def _marked(parts: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Parts filled from the system's data are named as such in the tables."""
    return [{**p, "name": f"{p['name']} (số liệu hệ thống)" if p.get("filled") else p["name"]} for p in parts]


def report_workbook(report: PeriodicReport, figures: Mapping[str, int]) -> bytes:
    wb = Workbook()
    title = [
        issuer_names(report.organization, report.round.due_on)[1],
        f"SỐ LIỆU PHÁT TRIỂN ĐẢNG VIÊN {report.round.period_label.upper()}",
    ]
    incomplete = (report.figures or {}).get("title", "") if report.compiled else ""
    if incomplete:
        title += [incomplete, *_missing_lines(report)]
    status = "đã nộp" if report.is_submitted else "số liệu tạm tính, chưa nộp"
    add_sheet(wb, "Số liệu", title, figures_table(figures), f"({status})")
    parts = (report.figures or {}).get("parts") or []
    if report.compiled and parts:
        parts_sum = report.figures.get("parts_sum", figures)
        add_sheet(
            wb,
            "Các tổ chức",
            [*title, "(tổng hợp từ các báo cáo đã nộp)"],
            parts_table(_marked(parts), parts_sum, KEYS),
        )
    return workbook_bytes(wb)


# ---------------------------------------------------------------- dashboard


def progress_table(d: Dashboard, kind: str) -> TableSpec:
    header = [
        [
            HeaderCell("TT", rowspan=2),
            HeaderCell("Tổ chức", rowspan=2),
            HeaderCell("Chỉ tiêu cả năm", rowspan=2),
            *(HeaderCell(QUARTER_LABELS[q], colspan=2) for q in QUARTERS),
            HeaderCell("Từ đầu năm", rowspan=2),
            HeaderCell("Đảng viên đầu năm", rowspan=2),
            HeaderCell("Nguồn", rowspan=2),
        ],
        [HeaderCell(t) for _ in QUARTERS for t in ("Chỉ tiêu", "Thực hiện")],
    ]
    rows: list[list[Value]] = []
    for i, row in enumerate([*d.progress.rows, d.progress.total], start=1):
        cells = [v for pair in row.cells(kind) for v in pair]
        last = row is d.progress.total
        rows.append(
            [
                "" if last else i,
                row.label,
                row.quota.total(kind),
                *cells,
                row.achieved[kind].ytd,
                row.headcount_year_start,
                row.pool,
            ]
        )
    total = frozenset({len(rows) - 1})
    return TableSpec(header, rows, bold_rows=total, total_rows=total, widths=[5, 34, 10, *[8] * 8, 10, 10, 8])


def _structure_value(d: Dashboard, row: FormRow) -> Value:
    value = d.structure.get(row.key, {}).get("ytd", 0)
    return f"{value:.1f}".replace(".", ",") if row.average_age else int(value)


def dashboard_workbook(d: Dashboard) -> bytes:
    p = d.progress
    wb = Workbook()
    head = [
        issuer_names(p.organization, p.as_of)[1],
        f"TIẾN ĐỘ PHÁT TRIỂN ĐẢNG VIÊN NĂM {p.as_of.year}",
        f"(số liệu đến ngày {p.as_of:%d/%m/%Y})",
    ]
    add_sheet(wb, "Kết nạp", head, progress_table(d, "admit"), f"Chỉ tiêu của {p.organization.name}: {p.own.label}")
    if d.shows_introduce:
        add_sheet(wb, "Giới thiệu quần chúng", head, progress_table(d, "introduce"))
    funnel = TableSpec(
        [[HeaderCell("Giai đoạn"), HeaderCell("Đang ở"), HeaderCell("Vào trong năm"), HeaderCell("Trung vị số ngày")]],
        [
            [
                s.label,
                s.now,
                s.reached_this_year,
                round(s.stays.median_days) if s.stays and s.stays.median_days is not None else None,
            ]
            for s in d.stages
        ],
        widths=[34, 12, 14, 16],
        text_columns=frozenset({0}),
    )
    add_sheet(wb, "Quy trình", head, funnel)
    structure = TableSpec(
        [[HeaderCell("Tiêu chí"), HeaderCell("Số người / tuổi")]],
        [[r.label, _structure_value(d, r)] for r in d.structure_rows],
        widths=[50, 16],
        text_columns=frozenset({0}),
    )
    add_sheet(wb, "Cơ cấu", head, structure)
    return workbook_bytes(wb)
