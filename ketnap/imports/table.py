"""Find the table inside a grid and tell its rows apart.

Users' tables sit under titles and "(Kèm theo Kế hoạch số …)" lines, have headers of
one to four rows (merged: "Quý I" over "Giới thiệu" and "Kết nạp"), group rows
("I.", "Khối chi bộ nông thôn") that may carry subtotals, a totals row ("Tổng",
"Tổng cộng", "Cộng") often in bold, and notes below. `locate_table` finds the header
by its name column; `Table.body()` classifies each row below it; `verify_sums`
checks the file's own totals and subtotals against its data rows.

Nothing here knows about plans: callers say which header words mark the name column
and how to read a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ketnap.core.text import fold
from ketnap.imports.grid import Cell, Grid
from ketnap.imports.issues import ImportIssues

HEADER_SCAN_ROWS = 30
MAX_HEADER_ROWS = 5
NUMBER_HEADERS = ("stt", "so tt", "tt", "so thu tu")
DEFAULT_NAME_HEADERS = ("ten", "ho va ten", "ho ten")
TOTAL_LABELS = frozenset({"tong", "tong cong", "cong", "tong so", "cong chung", "toan dang bo"})
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_PREFIX = re.compile(r"^([ivxlc]+)\s*[.\-/)]\s*\S")
_COLUMN_NUMBER = re.compile(r"^\(?[0-9a-z]{1,2}\)?$")
_NOTE_START = ("(", "*", "ghi chu", "luu y", "chu thich")


class RowKind(StrEnum):
    DATA = "data"
    GROUP = "group"
    TOTAL = "total"
    NOTE = "note"


@dataclass(frozen=True)
class HeaderColumn:
    """A column and the header texts standing over it, top-down, without repeats."""

    column: int
    labels: tuple[str, ...]

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(label) for label in self.labels)

    def mentions(self, *words: str) -> bool:
        """True when any header text over the column contains one of the folded words."""
        return any(word in label for label in self.folded for word in words)

    @property
    def title(self) -> str:
        return " / ".join(self.labels)


@dataclass(frozen=True)
class BodyRow:
    row: int
    kind: RowKind
    label: str  # the name column's text (or the number column's, for "Tổng" spanning both)
    cells: tuple[Cell, ...]

    def cell(self, column: int) -> Cell:
        if 0 < column <= len(self.cells):
            return self.cells[column - 1]
        return Cell(self.row, column, "")


@dataclass
class Table:
    grid: Grid
    header_first: int
    header_last: int
    name_column: int
    number_column: int | None
    columns: list[HeaderColumn] = field(default_factory=list)

    def body(self) -> Iterator[BodyRow]:
        """Rows below the header, blank rows skipped; everything after the totals row
        (or after a note line) is reported as NOTE and ends the table."""
        ended = False
        for r in range(self.header_last + 1, len(self.grid.rows) + 1):
            cells = tuple(self.grid.rows[r - 1])
            if all(c.is_blank for c in cells):
                continue
            label = self.grid.cell(r, self.name_column).text
            number = self.grid.cell(r, self.number_column).text if self.number_column else ""
            if ended or _is_note(cells):
                ended = True
                yield BodyRow(r, RowKind.NOTE, label or _first_text(cells), cells)
                continue
            if is_total_label(label) or is_total_label(number):
                ended = True
                yield BodyRow(r, RowKind.TOTAL, label or number, cells)
                continue
            if is_group_row(number, label):
                yield BodyRow(r, RowKind.GROUP, label or number, cells)
                continue
            yield BodyRow(r, RowKind.DATA, label, cells)


def is_total_label(text: str) -> bool:
    return fold(text).rstrip(":. ").strip() in TOTAL_LABELS


def is_group_row(number: str, label: str) -> bool:
    """Roman numeral ("I", "II."), a letter ("A") or a "Khối …" title: a heading, not an organisation."""
    num = fold(number).rstrip(".:) ")
    name = fold(label)
    if num and (_ROMAN.match(num) or (len(num) == 1 and num.isalpha())):
        return True
    return name.startswith("khoi ") or bool(_ROMAN_PREFIX.match(name))


def _first_text(cells: Sequence[Cell]) -> str:
    return next((c.text for c in cells if c.text), "")


def _is_note(cells: Sequence[Cell]) -> bool:
    texts = {c.text for c in cells if c.text}
    if len(texts) != 1:
        return False
    only = fold(next(iter(texts)))
    return only.startswith(_NOTE_START)


def locate_table(grid: Grid, name_headers: Sequence[str] = DEFAULT_NAME_HEADERS) -> Table | None:
    """Find the header row (the first row, among the first 30, with a cell whose folded
    text starts with one of `name_headers`), its extent, and the header path of each
    column. None when the grid holds no such table."""
    for r in range(1, min(len(grid.rows), HEADER_SCAN_ROWS) + 1):
        name_col = _find(grid.rows[r - 1], lambda t: any(t == h or t.startswith(h + " ") for h in name_headers))
        if name_col is None:
            continue
        number_col = _find(grid.rows[r - 1], lambda t: t.rstrip(".") in NUMBER_HEADERS)
        header_text = grid.cell(r, name_col).text
        last = r
        while last - r + 1 < MAX_HEADER_ROWS and last < len(grid.rows):
            below = grid.cell(last + 1, name_col)
            if below.text and below.text != header_text and not _COLUMN_NUMBER.match(fold(below.text)):
                break
            if all(c.is_blank for c in grid.rows[last]):
                break
            last += 1
        columns = []
        for c in range(1, grid.width + 1):
            labels: list[str] = []
            for hr in range(r, last + 1):
                text = grid.cell(hr, c).text
                if text and not _COLUMN_NUMBER.match(fold(text)) and (not labels or labels[-1] != text):
                    labels.append(text)
            columns.append(HeaderColumn(c, tuple(labels)))
        return Table(grid, r, last, name_col, number_col, columns)
    return None


def _find(cells: Sequence[Cell], predicate: Callable[[str], bool]) -> int | None:
    for cell in cells:
        if cell.text and predicate(fold(cell.text)):
            return cell.column
    return None


def verify_sums(
    table: Table,
    rows: Sequence[BodyRow],
    columns: Sequence[int],
    value_of: Callable[[BodyRow, int], int | None],
    issues: ImportIssues,
) -> None:
    """Check every totals row and every group subtotal against the data rows it covers.

    `value_of(row, column)` returns the parsed number or None when the cell is unusable
    (already reported). A group row whose value cells are all blank carries no subtotal
    and is not checked. A group covers the data rows up to the next group or total."""
    grid = table.grid
    group: BodyRow | None = None
    group_sums: dict[int, int] = dict.fromkeys(columns, 0)
    grand: dict[int, int] = dict.fromkeys(columns, 0)

    def close_group() -> None:
        if group is None or all(group.cell(c).is_blank for c in columns):
            return
        for c in columns:
            declared = value_of(group, c)
            if declared is not None and declared != group_sums[c]:
                issues.add(
                    grid.file,
                    grid.sheet,
                    group.row,
                    c,
                    f"Dòng nhóm “{group.label}” ghi {declared} nhưng cộng các dòng trong nhóm được {group_sums[c]}.",
                )

    for row in rows:
        if row.kind is RowKind.GROUP:
            close_group()
            group, group_sums = row, dict.fromkeys(columns, 0)
        elif row.kind is RowKind.DATA:
            for c in columns:
                value = value_of(row, c) or 0
                group_sums[c] += value
                grand[c] += value
        elif row.kind is RowKind.TOTAL:
            close_group()
            group = None
            for c in columns:
                declared = value_of(row, c)
                if declared is not None and declared != grand[c]:
                    issues.add(
                        grid.file,
                        grid.sheet,
                        row.row,
                        c,
                        f"Dòng “{row.label}” ghi {declared} nhưng cộng các dòng được {grand[c]}.",
                    )
    close_group()
