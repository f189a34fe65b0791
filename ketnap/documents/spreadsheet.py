"""Excel output in the layout users already keep: titles above, a header band with
merged cells, thin borders, bold totals, numbers stored as numbers (zero shown as
"-" by the number format, so the file still adds up in Excel), A4 landscape print
setup with the header rows repeated on every page.

    wb = Workbook(); ws = wb.active
    row = write_title(ws, ["BIỂU GIAO CHỈ TIÊU …", "(Kèm theo …)"], width=12)
    row = write_table(ws, spec, top=row + 1)
    setup_print(ws, header_rows=(first, last))
    data = workbook_bytes(wb)
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ketnap.documents.tables import TableSpec, header_layout

FONT = "Times New Roman"
ZERO_AS_DASH = '0;-0;"-"'
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def write_title(ws: Worksheet, lines: list[str], *, width: int, top: int = 1, bold_first: int = 1) -> int:
    """Centred title lines merged across `width` columns; returns the next free row."""
    row = top
    for i, line in enumerate(lines):
        if not line:
            row += 1
            continue
        ws.cell(row, 1, line)
        ws.cell(row, 1).font = Font(name=FONT, size=13, bold=i < bold_first, italic=i >= bold_first)
        ws.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    return row


def write_table(ws: Worksheet, spec: TableSpec, *, top: int, left: int = 1) -> int:
    """The header band (merged as `spec.header` says) and the body; returns the next free row."""
    for placed in header_layout(spec.header):
        r, c = top + placed.row, left + placed.column
        cell = ws.cell(r, c, placed.cell.text)
        if placed.cell.rowspan > 1 or placed.cell.colspan > 1:
            ws.merge_cells(
                start_row=r, start_column=c, end_row=top + placed.last_row, end_column=left + placed.last_column
            )
        cell.font = Font(name=FONT, size=11, bold=True)
    height = spec.header_height
    for r in range(top, top + height):
        for c in range(left, left + spec.column_count):
            ws.cell(r, c).border = BORDER
            ws.cell(r, c).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, values in enumerate(spec.rows):
        r = top + height + i
        for j, value in enumerate(values):
            cell = ws.cell(r, left + j, value)
            cell.border = BORDER
            cell.font = Font(name=FONT, size=12, bold=i in spec.bold_rows)
            if isinstance(value, int):
                cell.number_format = ZERO_AS_DASH
            horizontal = "left" if j in spec.text_columns else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        for j in range(len(values), spec.column_count):
            ws.cell(r, left + j).border = BORDER
    if spec.widths:
        for j, w in enumerate(spec.widths):
            ws.column_dimensions[get_column_letter(left + j)].width = w
    return top + height + len(spec.rows)


def setup_print(ws: Worksheet, *, header_rows: tuple[int, int] | None = None, landscape: bool = True) -> None:
    """A4, landscape, fit to one page wide, header rows repeated on each printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if header_rows:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
