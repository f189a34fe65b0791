"""Files of the statistics form (Biểu 2-BTCTW and 2B, .xlsx) and of the year-end
evaluation (.xlsx and party-format .docx). Kept apart from exports.py (reports and
dashboard) so each file stays readable."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from ketnap.documents import templating
from ketnap.documents.issuers import issuer_names, place_of
from ketnap.documents.official import Appendix, OfficialDocument, Signature, render_docx
from ketnap.documents.spreadsheet import FONT, workbook_bytes
from ketnap.documents.tables import HeaderCell, TableSpec, Value
from ketnap.documents.variants import current_template
from ketnap.monitoring.exports import add_sheet
from ketnap.monitoring.selectors.evaluation import SUGGESTIONS, Evaluation
from ketnap.monitoring.selectors.statistics import Breakdown, Statistics
from ketnap.orgs.enums import OrganizationKind
from ketnap.orgs.models import Organization


def _decimal(value: object) -> str:
    return "" if value is None else str(value).replace(".", ",")


def _count(value: float | None, average: bool) -> Value:
    if value is None:
        return None
    return round(float(value), 1) if average else int(value)


def form_table(s: Statistics) -> TableSpec:
    header = [
        [
            HeaderCell("TT", rowspan=2),
            HeaderCell("Tiêu chí", rowspan=2),
            HeaderCell("Thực hiện", colspan=2),
            HeaderCell("% so với cùng kỳ", rowspan=2),
        ],
        [
            HeaderCell(f"Kỳ này\n({s.period.start:%d/%m/%Y} – {s.period.end:%d/%m/%Y})"),
            HeaderCell(f"Cùng kỳ năm trước\n({s.previous.start:%d/%m/%Y} – {s.previous.end:%d/%m/%Y})"),
        ],
        [HeaderCell("A"), HeaderCell("B"), HeaderCell("1"), HeaderCell("2"), HeaderCell("3 = 1 × 100 / 2")],
    ]
    rows: list[list[Value]] = []
    bold: set[int] = set()
    for line in s.lines:
        if line.row.level <= 1 and line.row.code:
            bold.add(len(rows))
        label = "    " * max(0, line.row.level - 1) + line.row.label
        average = line.row.average_age
        rows.append(
            [line.row.code, label, _count(line.this, average), _count(line.last, average), _decimal(line.ratio)]
        )
    bold.add(len(rows))
    rows.append(["III", "Số tổ chức cơ sở đảng có đến cuối kỳ báo cáo", None, None, None])
    for i, g in enumerate(s.grassroots, start=1):
        rows.append([str(i), g.label, g.total, None, None])
        rows.append(["", "    + Có kết nạp đảng viên", g.with_admission, None, None])
        rows.append(["", "    + Không còn quần chúng", g.without_candidates, None, None])
    return TableSpec(header, rows, bold_rows=frozenset(bold), widths=[6, 62, 16, 16, 14], ratios={4: (2, 3)})


def breakdown_table(title: str, items: list[Breakdown]) -> TableSpec:
    header = [
        [HeaderCell("TT"), HeaderCell(title), HeaderCell("Tổng số"), HeaderCell("Trong đó nữ"), HeaderCell("Tỷ lệ %")]
    ]
    rows: list[list[Value]] = [
        [i, b.label, b.total, b.women, None if b.share is None else float(b.share)] for i, b in enumerate(items, 1)
    ]
    return TableSpec(
        header, rows or [["", "(không có)", 0, 0, ""]], widths=[6, 40, 12, 12, 10], percent_columns=frozenset({4})
    )


def board_name(org: Organization, on: date) -> list[str]:
    """The form's header names the reporting board: "ĐẢNG ỦY XÃ CAO MINH / BAN XÂY DỰNG
    ĐẢNG" for a commune (its organising board since 2025), "BAN TỔ CHỨC" above it —
    under the name the committee had at the end of the period (`on`)."""
    committee = issuer_names(org, on)[1]
    if org.is_cell:
        return [committee]
    return [committee, "BAN TỔ CHỨC" if org.kind == OrganizationKind.PROVINCIAL else "BAN XÂY DỰNG ĐẢNG"]


def _signatures(ws: Worksheet, row: int, width: int, on: date) -> None:
    """The form's two signature blocks: the compiler (left) and the head of the board
    (right), with the date line above the right one."""
    half = max(1, width // 2)
    lines = [
        ("", f"…, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}"),
        ("NGƯỜI LẬP BIỂU", "TRƯỞNG BAN"),
        ("(Ký, ghi rõ họ tên, số điện thoại di động và cố định)", "(Ký tên, đóng dấu)"),
    ]
    for i, (left, right) in enumerate(lines):
        r = row + i
        for column, text in ((1, left), (half + 1, right)):
            if text:
                cell = ws.cell(r, column, text)
                cell.font = Font(name=FONT, size=12, bold=i == 1, italic=i != 1)
                cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half)
        ws.merge_cells(start_row=r, start_column=half + 1, end_row=r, end_column=width)


def _form_sheet(wb: Workbook, title: str, lines: list[str], spec: TableSpec, s: Statistics, note: str = "") -> None:
    add_sheet(wb, title, lines, spec, note, bold_first=len(lines) - 1)
    ws = wb[title]
    _signatures(ws, ws.max_row + 2, spec.column_count, s.period.end)


def statistics_workbook(s: Statistics) -> bytes:
    board = board_name(s.organization, s.period.end)
    period = f"(Từ ngày {s.period.start:%d/%m/%Y} đến ngày {s.period.end:%d/%m/%Y})"
    wb = Workbook()
    _form_sheet(wb, "Biểu 2", [*board, s.form.title, period], form_table(s), s, s.form.reference)
    _form_sheet(
        wb,
        "Biểu 2B dân tộc",
        [*board, "ĐẢNG VIÊN MỚI KẾT NẠP CHIA THEO DÂN TỘC", period],
        breakdown_table("Dân tộc", s.ethnicities),
        s,
    )
    _form_sheet(
        wb,
        "Biểu 2B tôn giáo",
        [*board, "ĐẢNG VIÊN MỚI KẾT NẠP LÀ NGƯỜI THEO TÔN GIÁO", period],
        breakdown_table("Tôn giáo", s.religions),
        s,
    )
    return workbook_bytes(wb)


# ---------------------------------------------------------------- year-end evaluation


def evaluation_table(e: Evaluation) -> TableSpec:
    header = [
        [
            HeaderCell("TT"),
            HeaderCell("Tổ chức"),
            HeaderCell("Chỉ tiêu kết nạp"),
            HeaderCell("Đã kết nạp"),
            HeaderCell("% chỉ tiêu"),
            HeaderCell("Nguồn cuối năm"),
            HeaderCell("Chỉ tiêu phụ"),
            HeaderCell("Gợi ý đánh giá, xếp loại"),
        ]
    ]
    rows: list[list[Value]] = []
    for i, item in enumerate(e.inputs, start=1):
        subs = "; ".join(
            f"{s.label}: {s.achieved} ({s.required}) {'đạt' if s.met else 'chưa đạt'}" for s in item.sub_targets
        )
        quota = item.row.quota.admit if item.row.quota.given else None
        rows.append(
            [
                i,
                item.row.label,
                quota,
                item.row.achieved["admit"].ytd,
                _decimal(item.completion),
                item.row.pool,
                subs,
                item.suggestion,
            ]
        )
    t = e.total
    rows.append(["", "Cộng", t.quota.admit, t.achieved["admit"].ytd, _decimal(t.completion()), t.pool, "", ""])
    last = frozenset({len(rows) - 1})
    return TableSpec(
        header,
        rows,
        bold_rows=last,
        total_rows=last,
        ratios={4: (3, 2)},
        widths=[5, 34, 10, 10, 9, 10, 34, 34],
        text_columns=frozenset({1, 6, 7}),
    )


def evaluation_workbook(e: Evaluation) -> bytes:
    issuer = issuer_names(e.organization, e.as_of)[1]
    title = [
        issuer,
        f"ĐÁNH GIÁ THỰC HIỆN CHỈ TIÊU PHÁT TRIỂN ĐẢNG VIÊN NĂM {e.year}",
        f"(số liệu đến ngày {e.as_of:%d/%m/%Y})",
    ]
    wb = Workbook()
    add_sheet(
        wb,
        "Các tổ chức",
        title,
        evaluation_table(e),
        "Gợi ý đánh giá là đầu vào cho việc đánh giá, xếp loại tổ chức đảng; Ban Thường vụ quyết định.",
    )
    if e.org_targets:
        spec = TableSpec(
            [[HeaderCell("Chỉ tiêu"), HeaderCell("Yêu cầu"), HeaderCell("Thực hiện"), HeaderCell("Kết quả")]],
            [[s.label, s.required, s.achieved, "Đạt" if s.met else "Chưa đạt"] for s in e.org_targets],
            widths=[40, 14, 18, 12],
            text_columns=frozenset({0}),
        )
        add_sheet(wb, "Chỉ tiêu phụ", title, spec)
    return workbook_bytes(wb)


def evaluation_docx(e: Evaluation) -> bytes:
    parent, issuer = issuer_names(e.organization, e.as_of)
    t = e.total
    quota = t.quota.admit
    cases: dict[str, int] = {}
    for item in e.inputs:
        cases[item.case] = cases.get(item.case, 0) + 1
    context = {
        "year": e.year,
        "as_of": f"{e.as_of:%d/%m/%Y}",
        "achieved": t.achieved["admit"].ytd,
        "quota": quota,
        "completion": f", đạt {_decimal(t.completion())}%" if quota else "",
        "org_targets": [
            f"{s.label}: yêu cầu {s.required}, thực hiện {s.achieved} — {'đạt' if s.met else 'chưa đạt'}."
            for s in e.org_targets
        ],
        "cases": [f"{SUGGESTIONS[case]}: {n} tổ chức." for case, n in cases.items()],
        "recipients": ["Ban Thường vụ Đảng ủy", "Lưu."],
    }
    filled = templating.fill(*current_template(templating.KINDS["danh-gia"], e.organization), context=context)
    document = OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        symbol_hint="-BC/ĐU",
        place=place_of(e.organization, e.as_of),
        kind="BÁO CÁO",
        title=f"đánh giá kết quả thực hiện chỉ tiêu phát triển đảng viên năm {e.year}",
        body=filled.body,
        signature=Signature(),
        recipients=filled.recipients,
        template=filled.version,
        appendices=[
            Appendix(
                "PHỤ LỤC", "KẾT QUẢ THỰC HIỆN CỦA CÁC TỔ CHỨC ĐẢNG TRỰC THUỘC", f"(năm {e.year})", evaluation_table(e)
            )
        ],
    )
    return render_docx(document)
