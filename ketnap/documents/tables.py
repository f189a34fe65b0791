"""A table described once, rendered into Word (official documents) or Excel.

Party appendices have headers of several rows with merged cells ("Quý I" over
"Giới thiệu" and "Kết nạp", "Stt" spanning all header rows). `TableSpec` says that
as data: header rows of `HeaderCell(text, colspan, rowspan)` laid out left to right,
skipping positions already covered by a rowspan from above, then body rows of plain
values. Both renderers call `header_layout()` so they merge exactly the same ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class PlacedHeader:
    """A header cell at its 0-based (row, column) position in the header band."""

    row: int
    column: int
    cell: HeaderCell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_column(self) -> int:
        return self.column + self.cell.colspan - 1


Value = str | int | None


@dataclass
class TableSpec:
    """Header band + body. `bold_rows` are 0-based body row indexes (totals, groups);
    `widths` are column widths in characters (Excel's unit; Word converts them);
    `text_columns` are 0-based columns left-aligned (names, notes), the rest centred."""

    header: list[list[HeaderCell]]
    rows: list[list[Value]] = field(default_factory=list)
    bold_rows: frozenset[int] = frozenset()
    widths: list[float] | None = None
    text_columns: frozenset[int] = frozenset({1})

    @property
    def column_count(self) -> int:
        return max((p.last_column + 1 for p in header_layout(self.header)), default=0)

    @property
    def header_height(self) -> int:
        return max((p.last_row + 1 for p in header_layout(self.header)), default=0)


def header_layout(header: list[list[HeaderCell]]) -> list[PlacedHeader]:
    """Positions of the header cells, honouring rowspans from the rows above."""
    taken: set[tuple[int, int]] = set()
    placed: list[PlacedHeader] = []
    for r, cells in enumerate(header):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            placed.append(PlacedHeader(r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def display(value: Value) -> str:
    """How a value appears in a Word table: zero as "-", as the appendices write it."""
    if value is None:
        return ""
    if isinstance(value, int):
        return "-" if value == 0 else str(value)
    return value
