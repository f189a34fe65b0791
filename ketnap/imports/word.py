"""Word tables as grids, after checking the document's size and table dimensions.

python-docx loads `document.xml` whole (bounded by `check_archive`'s per-part limit),
then `_Row.cells` repeats a cell once per grid column it spans: a hostile
`w:gridSpan="1000000000"` or `w:gridBefore` would build a billion cells. So before
any grid is built, every top-level table is measured from the XML (rows, and the
grid columns of each row) against the limits of `imports.limits`.
"""

from __future__ import annotations

import io
from typing import Any

from ketnap.core.text import normalize
from ketnap.imports import limits
from ketnap.imports.grid import Cell, Grid
from ketnap.imports.limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, UnreadableFile


def _int_val(element: Any, path: str) -> int:
    """The integer `w:val` of the child at `path` (1 when absent); a junk value is refused."""
    from docx.oxml.ns import qn

    child = element.find(path)
    if child is None:
        return 1 if path.endswith("gridSpan") else 0
    raw = child.get(qn("w:val"), "")
    try:
        return int(raw)
    except ValueError:
        raise UnreadableFile(f"giá trị “{raw[:20]}” không hợp lệ") from None


def check_tables(document: Any, filename: str) -> None:
    """Refuse a document whose tables pass the limits, before reading their cells."""
    from docx.oxml.ns import qn

    tables = document.element.body.findall(qn("w:tbl"))
    if len(tables) > limits.MAX_SHEETS:
        raise limits.too_many_tables(filename, len(tables))
    cells = 0
    for number, table in enumerate(tables, start=1):
        sheet = f"Bảng {number}"
        rows = table.findall(qn("w:tr"))
        if len(rows) > MAX_ROWS:
            raise limits.too_many_rows(filename, sheet, len(rows))
        for tr in rows:
            try:
                width = _int_val(tr, f"{qn('w:trPr')}/{qn('w:gridBefore')}")
                width += _int_val(tr, f"{qn('w:trPr')}/{qn('w:gridAfter')}")
                for tc in tr.findall(qn("w:tc")):
                    width += max(1, _int_val(tc, f"{qn('w:tcPr')}/{qn('w:gridSpan')}"))
            except UnreadableFile as exc:
                raise UnreadableFile(f"{filename}, {sheet}: {exc}.") from None
            if width > MAX_COLUMNS:
                raise limits.too_many_columns(filename, sheet, width)
            cells += width
            if cells > MAX_CELLS:
                raise limits.too_many_cells(filename)


def read_docx(data: bytes, filename: str) -> list[Grid]:
    """Word tables as grids, named "Bảng 1", "Bảng 2"… in document order, each with the
    paragraphs just above it as its caption."""
    limits.check_archive(data, filename, "Word")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise UnreadableFile(f"{filename}: không đọc được tệp Word ({exc.__class__.__name__}).") from exc
    check_tables(document, filename)
    grids: list[Grid] = []
    recent: list[str] = []
    try:
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                text = normalize(block.text)
                if text:
                    recent = [*recent[-3:], text]
                continue
            if not isinstance(block, Table):
                continue
            grid = Grid(filename, f"Bảng {len(grids) + 1}", caption=" ".join(recent))
            recent = []
            _fill(grid, block)
            grids.append(grid)
    except (ValueError, IndexError, KeyError) as exc:  # a damaged table structure
        raise UnreadableFile(f"{filename}: không đọc được tệp Word ({exc.__class__.__name__}).") from exc
    return grids


def _fill(grid: Grid, table: Any) -> None:
    seen: dict[int, Any] = {}  # id → element, kept referenced so that ids stay unique
    for r, tr in enumerate(table.rows, start=1):
        row: list[Cell] = []
        for _ in range(tr.grid_cols_before):
            row.append(Cell(r, len(row) + 1, ""))
        for cell in tr.cells:
            key = id(cell._tc)
            bold = any(run.bold for p in cell.paragraphs for run in p.runs if run.text.strip())
            text = normalize(cell.text)
            row.append(Cell(r, len(row) + 1, text, text, bold, key in seen))
            seen[key] = cell._tc
        grid.rows.append(row)
