"""Spreadsheets and Word tables shaped like the lists communes have, made in the test."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font


def xlsx(header: Sequence[str], rows: Sequence[Sequence[object]], *, title: Sequence[str] = (),
         indents: dict[int, int] | None = None, sheet: str = "Danh sách") -> bytes:  # fmt: skip
    """A title block (merged lines), a bold header, then the rows; `indents` maps a row
    index to Excel's indent level of its name cell (column 2)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for line in title:
        ws.append([line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
    ws.append([])
    ws.append(list(header))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for i, row in enumerate(rows):
        ws.append(list(row))
        if indents and i in indents:
            ws.cell(ws.max_row, 2).alignment = Alignment(indent=indents[i])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def docx(header: Sequence[str], rows: Sequence[Sequence[object]], *, title: Sequence[str] = ()) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for line in title:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
