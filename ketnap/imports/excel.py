"""Stream the worksheets of an .xlsx into grids, visiting only the cells the file stores.

openpyxl's normal mode builds every cell of `max_row × max_column` (a lone value at
column XFD makes 16,384 cells a row), and its read-only mode pads every row to that
width. Here the sheet XML is read with lxml's `iterparse` (entities not resolved), cell by cell, counting against the
limits of `imports.limits` as it goes; what is kept is a dict of the cells that hold
a value, and the grid is built over their extent only. openpyxl still provides the
shared strings, the styles (bold, date formats) and the sheet list, loaded in
read-only mode after `check_archive` has bounded every part's size.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO, Any

from lxml import etree
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import _cast_number

from ketnap.imports import limits
from ketnap.imports.grid import Cell, Grid, cell_text
from ketnap.imports.limits import MAX_CELLS, MAX_COLUMNS, MAX_MERGES, MAX_ROWS, UnreadableFile

Position = tuple[int, int]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class _Styles:
    """Bold and date formats by style id, read from the loaded workbook."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.bold: dict[int, bool] = {}

    def is_bold(self, style_id: int) -> bool:
        if style_id not in self.bold:
            try:
                font = self.workbook._fonts[self.workbook._cell_styles[style_id].fontId]
                self.bold[style_id] = bool(font.b)
            except (IndexError, AttributeError, TypeError):
                self.bold[style_id] = False
        return self.bold[style_id]


class _SheetReader:
    """One worksheet's stored cells and merged ranges, within the limits."""

    def __init__(
        self, workbook: Any, shared_strings: Any, styles: _Styles, filename: str, sheet: str, budget: list[int]
    ) -> None:
        self.workbook = workbook
        self.shared_strings = shared_strings
        self.styles = styles
        self.filename = filename
        self.sheet = sheet
        self.budget = budget  # [cells seen in the whole file], shared by the sheets
        self.values: dict[Position, tuple[Any, bool]] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.row = 0
        self.column = 0

    def read(self, source: IO[bytes]) -> None:
        events = etree.iterparse(
            source,
            events=("start", "end"),
            tag=("{*}row", "{*}c", "{*}mergeCell"),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        )
        for event, element in events:
            tag = element.tag
            if tag[-2:] == "}c":  # the hot path: one pass per stored cell
                if event == "end":
                    self._cell(element)
                continue
            tag = _local(tag)
            if event == "start":
                if tag == "row":
                    self._start_row(element)
                continue
            if tag == "row":
                element.clear()
                while element.getprevious() is not None:  # drop the rows already read
                    del element.getparent()[0]
            elif tag == "mergeCell":
                if len(self.merges) >= MAX_MERGES:
                    raise limits.too_many_merges(self.filename, self.sheet)
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                except (ValueError, TypeError):
                    continue
                if None not in (min_col, min_row, max_col, max_row):
                    self.merges.append((min_row, min_col, max_row, max_col))  # type: ignore[arg-type]

    def _start_row(self, element: Any) -> None:
        number = element.get("r")
        try:
            self.row = int(float(number)) if number else self.row + 1
        except ValueError:
            self.row += 1
        self.column = 0

    def _cell(self, element: Any) -> None:
        self.budget[0] += 1
        if self.budget[0] > MAX_CELLS:
            raise limits.too_many_cells(self.filename)
        if len(element) == 0 and element.get("t") != "inlineStr":  # no value: only moves the column on
            coordinate = element.get("r")
            if coordinate is None:
                self.column += 1
                return
        coordinate = element.get("r")
        try:
            row, column = coordinate_to_tuple(coordinate) if coordinate else (self.row, self.column + 1)
        except (ValueError, TypeError):
            row, column = self.row, self.column + 1
        self.column = column
        value = self._value(element)
        style = element.get("s")
        element.clear()
        if value is None or value == "":
            return
        if row > MAX_ROWS:
            raise limits.too_many_rows(self.filename, self.sheet, row)
        if column > MAX_COLUMNS:
            raise limits.too_many_columns(self.filename, self.sheet, column)
        bold = self.styles.is_bold(int(style)) if style and style.isdigit() else False
        self.values[(row, column)] = (value, bold)

    def _value(self, element: Any) -> Any:
        kind = element.get("t", "n")
        if kind == "inlineStr":
            inline = next((child for child in element if _local(child.tag) == "is"), None)
            return _inline_text(inline) if inline is not None else None
        raw = next((child.text for child in element if _local(child.tag) == "v"), None)
        if raw is None:
            return None
        try:
            if kind == "s":
                return self.shared_strings[int(raw)]
            if kind == "b":
                return bool(int(raw))
            if kind == "d":
                return from_ISO8601(raw)
            if kind in ("str", "e"):
                return raw
            number = _cast_number(raw)
            style = element.get("s")
            style_id = int(style) if style and style.isdigit() else 0
            if style_id in self.workbook._date_formats:
                return from_excel(number, self.workbook.epoch, timedelta=style_id in self.workbook._timedelta_formats)
            return number
        except (ValueError, IndexError, OverflowError, TypeError):
            return raw

    def grid(self) -> Grid:
        """The grid over the extent of the stored values; merged ranges (clipped to
        that extent) copy their top-left cell to every position they cover."""
        grid = Grid(self.filename, self.sheet)
        if not self.values:
            return grid
        height = max(r for r, _ in self.values)
        width = max(c for _, c in self.values)
        if height * width > MAX_CELLS:
            raise limits.too_many_cells(self.filename)
        merged: dict[Position, Position] = {}
        for min_row, min_col, max_row, max_col in self.merges:
            if min_row > height or min_col > width:
                continue
            for r in range(min_row, min(max_row, height) + 1):
                for c in range(min_col, min(max_col, width) + 1):
                    merged[(r, c)] = (min_row, min_col)
            if len(merged) > MAX_CELLS:
                raise limits.too_many_cells(self.filename)
        for r in range(1, height + 1):
            row = []
            for c in range(1, width + 1):
                origin = merged.get((r, c))
                value, bold = self.values.get(origin or (r, c), (None, False))
                row.append(Cell(r, c, cell_text(value), value, bold, origin is not None and origin != (r, c)))
            grid.rows.append(row)
        return grid


def _inline_text(inline: Any) -> str:
    """The text of an inline string, runs joined, phonetic hints left out."""
    parts = []
    for child in inline:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


@dataclass(frozen=True)
class _Sheet:
    title: str
    path: str
    state: str


def _open_workbook(data: bytes, filename: str) -> tuple[Any, list[_Sheet]]:
    """openpyxl's reader for everything but the worksheets: its read-only
    worksheets measure themselves by parsing the whole sheet when the file has no
    `<dimension>`, which is what a hostile file leaves out."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        reader.read_theme()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [
            _Sheet(sheet.name, rel.target, sheet.state or "visible")
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in (rel.Type or "")
        ]
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise UnreadableFile(f"{filename}: không đọc được tệp Excel ({exc.__class__.__name__}).") from exc
    return reader, sheets


def read_xlsx(data: bytes, filename: str) -> list[Grid]:
    """Visible worksheets as grids; refused in Vietnamese past a limit."""
    limits.check_archive(data, filename, "Excel")
    reader, sheets = _open_workbook(data, filename)
    try:
        if len(sheets) > limits.MAX_SHEETS:
            raise limits.too_many_tables(filename, len(sheets))
        styles = _Styles(reader.wb)
        budget = [0]
        grids = []
        for sheet in sheets:
            if sheet.state != "visible":
                continue
            sheet_reader = _SheetReader(reader.wb, reader.shared_strings, styles, filename, sheet.title, budget)
            try:
                with reader.archive.open(sheet.path) as source:
                    sheet_reader.read(source)
            except UnreadableFile:
                raise
            except Exception as exc:  # damaged XML, lying zip header, missing part
                raise UnreadableFile(f"{filename}: không đọc được tệp Excel ({exc.__class__.__name__}).") from exc
            grids.append(sheet_reader.grid())
        return grids
    finally:
        reader.archive.close()
