"""Read the tables of a user's `.xlsx` or `.docx` file into plain grids of cells.

Users' appendices come as Excel sheets and Word tables, with merged header cells,
bold totals and blank lines. Both formats are turned into the same `Grid`: a list of
rows of `Cell`s that know their sheet, row and column, so validators never care
which program made the file. Merged cells are resolved: every position covered by a
merge carries the text of its top-left cell (and `merged=True`), which is how a
reader sees "Quý I" standing over both *Giới thiệu* and *Kết nạp*.

Entry point: `read_grids(data, filename)`; it raises `UnreadableFile` (Vietnamese
message) for a file that is neither a valid .xlsx nor a valid .docx, or that is past
one of the limits of `imports.limits` (checked before the work, see there). Workbooks
are streamed (`imports.excel`): only the cells stored in the file are visited, so a
lone cell at column XFD costs one cell, not 16,384 a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ketnap.core.text import normalize
from ketnap.imports.limits import MAX_ROWS, UnreadableFile

XLSX_TYPES = (".xlsx", ".xlsm")
DOCX_TYPES = (".docx",)
SUPPORTED_TYPES = XLSX_TYPES + DOCX_TYPES


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
        from ketnap.imports.excel import read_xlsx

        return read_xlsx(data, filename)
    if lower.endswith(DOCX_TYPES):
        from ketnap.imports.word import read_docx

        return read_docx(data, filename)
    if lower.endswith((".xls", ".doc")):
        raise UnreadableFile(
            f"{filename}: định dạng cũ (.xls/.doc) chưa được hỗ trợ. Hãy mở tệp bằng Excel hoặc Word và "
            "lưu lại dưới dạng .xlsx hoặc .docx."
        )
    raise UnreadableFile(f"{filename}: chỉ nhận tệp Excel (.xlsx) hoặc Word (.docx).")


def cell_text(value: Any) -> str:
    """The display text of a raw cell value: integral floats without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize(str(value))


__all__ = ["MAX_ROWS", "Cell", "Grid", "UnreadableFile", "cell_text", "read_grids"]
