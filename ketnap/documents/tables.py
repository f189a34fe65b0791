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


Value = str | int | float | None


@dataclass
class TableSpec:
    """Header band + body. `bold_rows` are 0-based body row indexes (totals, groups);
    `widths` are column widths in characters (Excel's unit; Word converts them);
    `text_columns` are 0-based columns left-aligned (names, notes), the rest centred.

    For Excel (people keep working in the file) the spec also says which cells are
    arithmetic, so they are written as formulas over the rows with their values
    cached: `total_rows` sum every number column over the body rows above them (other
    total rows excluded); `row_sums` maps a column to the columns it adds up in each
    row ("Cộng" of four quarters); `ratios` maps a column to (numerator, denominator)
    columns, written as a percentage. A total that does not equal the sum of its
    rows (a figure of the whole, not of the parts) stays a value. Word shows the
    values as they are."""

    header: list[list[HeaderCell]]
    rows: list[list[Value]] = field(default_factory=list)
    bold_rows: frozenset[int] = frozenset()
    widths: list[float] | None = None
    text_columns: frozenset[int] = frozenset({1})
    total_rows: frozenset[int] = frozenset()
    row_sums: dict[int, tuple[int, ...]] = field(default_factory=dict)
    ratios: dict[int, tuple[int, int]] = field(default_factory=dict)
    percent_columns: frozenset[int] = frozenset()  # values in percent (12.5): Excel stores 0.125 as "12,5%"

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
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return "-" if value == 0 else f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return value
