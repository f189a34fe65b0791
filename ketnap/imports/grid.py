"""Read the tables of a user's `.xlsx` or `.docx` file into plain grids of cells.

Users' appendices come as Excel sheets and Word tables, with merged header cells,
bold totals and blank lines. Both formats are turned into the same `Grid`: a list of
rows of `Cell`s that know their sheet, row and column, so validators never care
which program made the file. Merged cells are resolved: every position covered by a
merge carries the text of its top-left cell (and `merged=True`), which is how a
reader sees "Quý I" standing over both *Giới thiệu* and *Kết nạp*.

Entry point: `read_grids(data, filename)`; it raises `UnreadableFile` (Vietnamese
message) for a file that is neither a valid .xlsx nor a valid .docx.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from ketnap.core.text import normalize

XLSX_TYPES = (".xlsx", ".xlsm")
DOCX_TYPES = (".docx",)
SUPPORTED_TYPES = XLSX_TYPES + DOCX_TYPES
MAX_ROWS = 5000  # an appendix has tens of rows; a larger sheet is a wrong file, not a slow import


class UnreadableFile(Exception):
    """The file cannot be opened as a spreadsheet or Word document."""


@dataclass(frozen=True)
class Cell:
    """One position of a table. `text` is NFC-normalised with single spaces; `value`
    is the raw value (int/float for numeric Excel cells, else the text)."""

    row: int
    column: int
    text: str
    value: Any = None
    bold: bool = False
    merged: bool = False
    indent: int = 0  # Excel's indent level of the cell (lists show children indented)

    @property
    def is_blank(self) -> bool:
        return self.text == ""


@dataclass
class Grid:
    """A table as read from one sheet or one Word table; rows are 1-based like the file."""

    file: str
    sheet: str
    rows: list[list[Cell]] = field(default_factory=list)
    # Text found in the document just above the table (Word paragraphs): titles such
    # as "BIỂU GIAO CHỈ TIÊU … (KHỐI MTTQ VÀ ĐOÀN THỂ)" tell what the table is about.
    caption: str = ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, column: int) -> Cell:
        """The cell at 1-based (row, column), blank when the row is shorter."""
        cells = self.rows[row - 1] if 0 < row <= len(self.rows) else []
        if 0 < column <= len(cells):
            return cells[column - 1]
        return Cell(row, column, "")

    def row_texts(self, row: int) -> list[str]:
        return [c.text for c in self.rows[row - 1]] if 0 < row <= len(self.rows) else []


def read_grids(data: bytes, filename: str) -> list[Grid]:
    """Every table of the file: one grid per worksheet, or per Word table."""
    lower = filename.lower()
    if lower.endswith(XLSX_TYPES):
        return read_xlsx(data, filename)
    if lower.endswith(DOCX_TYPES):
        return read_docx(data, filename)
    if lower.endswith((".xls", ".doc")):
        raise UnreadableFile(
            f"{filename}: định dạng cũ (.xls/.doc) chưa được hỗ trợ. Hãy mở tệp bằng Excel hoặc Word và "
            "lưu lại dưới dạng .xlsx hoặc .docx."
        )
    raise UnreadableFile(f"{filename}: chỉ nhận tệp Excel (.xlsx) hoặc Word (.docx).")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize(str(value))


def read_xlsx(data: bytes, filename: str) -> list[Grid]:
    """Worksheets as grids; merged ranges copied to every position they cover."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise UnreadableFile(f"{filename}: không đọc được tệp Excel ({exc.__class__.__name__}).") from exc
    grids = []
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            continue
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    merged[(r, c)] = (rng.min_row, rng.min_col)
        max_row = min(ws.max_row, MAX_ROWS)
        max_col = ws.max_column
        grid = Grid(filename, ws.title)
        for r in range(1, max_row + 1):
            row = []
            for c in range(1, max_col + 1):
                origin = merged.get((r, c))
                src = ws.cell(*origin) if origin else ws.cell(r, c)
                value = src.value
                bold = bool(src.font and src.font.b)
                indent = int(getattr(src.alignment, "indent", 0) or 0) if src.has_style else 0
                row.append(Cell(r, c, _text(value), value, bold, origin is not None and origin != (r, c), indent))
            grid.rows.append(row)
        grids.append(grid)
    return grids


def read_docx(data: bytes, filename: str) -> list[Grid]:
    """Word tables as grids, named "Bảng 1", "Bảng 2"… in document order, each with the
    paragraphs just above it as its caption."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise UnreadableFile(f"{filename}: không đọc được tệp Word ({exc.__class__.__name__}).") from exc
    grids: list[Grid] = []
    recent: list[str] = []
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
        seen: dict[int, Any] = {}  # id → element, kept referenced so that ids stay unique
        for r, tr in enumerate(block.rows[:MAX_ROWS], start=1):
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
        grids.append(grid)
    return grids
