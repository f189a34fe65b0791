"""Excel output in the layout users already keep, and that they can keep working in.

Titles above, a header band with merged cells, thin borders, bold totals. Numbers are
numbers in Vietnamese formats (thousands grouped, zero shown as "-"); totals and
percentages are formulas over the rows (`TableSpec.total_rows`, `row_sums`, `ratios`)
with their values cached in the file, so a reader that does not recalculate (our own
re-import, a phone viewer) still sees the right figures; percentages are fractions with
a % format. Header and wrapped rows get a height that shows their text. Print setup:
A4, orientation by the table's width, fit to one page wide, header rows repeated.

Inert output (formula injection): every text cell whose value starts with "=", "+",
"-", "@", a tab or a CR is written as a string with Excel's quote prefix, never as a
formula — `workbook_bytes` sweeps every cell of every sheet before saving, so this
holds for any writer, and only formulas registered by `write_formula` stay formulas.

    wb = Workbook(); ws = wb.active
    row = write_title(ws, ["BIỂU GIAO CHỈ TIÊU …", "(Kèm theo …)"], width=12)
    row = write_table(ws, spec, top=row + 1)
    setup_print(ws, header_rows=(first, last))
    data = workbook_bytes(wb)
"""

from __future__ import annotations

import functools
import io
import math
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ketnap.documents.tables import TableSpec, Value, header_layout

FONT = "Times New Roman"
ZERO_AS_DASH = '#,##0;-#,##0;"-"'
DECIMAL = '#,##0.0;-#,##0.0;"-"'
PERCENT = "0.0%"
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FONT = Font(name=FONT, size=11, bold=True)
_BODY_FONT = Font(name=FONT, size=12)
_BOLD_FONT = Font(name=FONT, size=12, bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_LINE_PT = 15.75  # one line of 12 pt Times New Roman
_FORMULAS = "_ketnap_formulas"  # per-sheet {coordinate: cached value} of registered formulas


def write_title(ws: Worksheet, lines: list[str], *, width: int, top: int = 1, bold_first: int = 1) -> int:
    """Centred title lines merged across `width` columns; returns the next free row."""
    row = top
    for i, line in enumerate(lines):
        if not line:
            row += 1
            continue
        ws.cell(row, 1, line)
        ws.cell(row, 1).font = Font(name=FONT, size=13, bold=i < bold_first, italic=i >= bold_first)
        ws.cell(row, 1).alignment = _CENTER
        if width > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    return row


def write_formula(ws: Worksheet, row: int, column: int, formula: str, cached: float | int | str | None) -> None:
    """A formula the system means to write (not user text), with the value a reader
    that does not recalculate should see."""
    cell = ws.cell(row, column, formula)
    formulas: dict[str, object] = ws.__dict__.setdefault(_FORMULAS, {})
    formulas[cell.coordinate] = cached


def _lines_needed(text: str, width_chars: float) -> int:
    """Wrapped lines of `text` in a column `width_chars` wide (Excel's width unit)."""
    usable = max(1.0, width_chars - 1)
    return sum(max(1, math.ceil(len(part) * 1.1 / usable)) for part in text.split("\n"))


def _widths(spec: TableSpec) -> list[float]:
    return list(spec.widths) if spec.widths and len(spec.widths) >= spec.column_count else [12.0] * spec.column_count


def _header(ws: Worksheet, spec: TableSpec, top: int, left: int, widths: Sequence[float]) -> None:
    lines = [1] * spec.header_height
    for placed in header_layout(spec.header):
        r, c = top + placed.row, left + placed.column
        ws.cell(r, c, placed.cell.text)
        if placed.cell.rowspan > 1 or placed.cell.colspan > 1:
            ws.merge_cells(
                start_row=r, start_column=c, end_row=top + placed.last_row, end_column=left + placed.last_column
            )
        width = sum(widths[placed.column : placed.last_column + 1])
        need = math.ceil(_lines_needed(placed.cell.text, width) / placed.cell.rowspan)
        lines[placed.row] = max(lines[placed.row], need)
    for r in range(top, top + spec.header_height):
        for c in range(left, left + spec.column_count):
            cell = ws.cell(r, c)
            cell.border, cell.alignment, cell.font = BORDER, _CENTER, _HEADER_FONT
        ws.row_dimensions[r].height = max(1, lines[r - top]) * _LINE_PT


def _number_format(value: Value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return ZERO_AS_DASH
    if isinstance(value, float):
        return DECIMAL
    return None


def _ratio(values: Sequence[Value], num: int, den: int) -> float | None:
    a, b = values[num] if num < len(values) else None, values[den] if den < len(values) else None
    if not isinstance(a, int | float) or not isinstance(b, int | float) or not b:
        return None
    return a / b


def write_table(ws: Worksheet, spec: TableSpec, *, top: int, left: int = 1) -> int:
    """The header band (merged as `spec.header` says) and the body; returns the next free row."""
    widths = _widths(spec)
    _header(ws, spec, top, left, widths)
    first = top + spec.header_height
    totals = sorted(spec.total_rows)
    for i, values in enumerate(spec.rows):
        r = first + i
        font = _BOLD_FONT if i in spec.bold_rows else _BODY_FONT
        lines = 1
        for j in range(spec.column_count):
            value = values[j] if j < len(values) else None
            cell = ws.cell(r, left + j)
            _fill(ws, cell.row, cell.column, spec, values, i, j, first, totals, left)
            cell.border, cell.font = BORDER, font
            cell.alignment = _LEFT if j in spec.text_columns else _CENTER
            if isinstance(value, str):
                lines = max(lines, _lines_needed(value, widths[j]))
        if lines > 1:
            ws.row_dimensions[r].height = lines * _LINE_PT
    for j, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(left + j)].width = w
    return first + len(spec.rows)


def _fill(
    ws: Worksheet,
    r: int,
    c: int,
    spec: TableSpec,
    values: Sequence[Value],
    i: int,
    j: int,
    first: int,
    totals: list[int],
    left: int,
) -> None:
    """One body cell: a ratio, a row sum or a column total as a formula with its value
    cached; anything else as the plain value."""
    value = values[j] if j < len(values) else None
    letter = get_column_letter(c)
    if j in spec.ratios:
        num, den = spec.ratios[j]
        cached = _ratio(values, num, den)
        n, d = f"{get_column_letter(left + num)}{r}", f"{get_column_letter(left + den)}{r}"
        write_formula(ws, r, c, f'=IF(N({d})=0,"",{n}/{d})', "" if cached is None else cached)
        ws.cell(r, c).number_format = PERCENT
        return
    if j in spec.percent_columns and isinstance(value, int | float):
        ws.cell(r, c, value / 100).number_format = PERCENT
        return
    if isinstance(value, int | float) and not isinstance(value, bool):
        if j in spec.row_sums:
            refs = ",".join(f"{get_column_letter(left + k)}{r}" for k in spec.row_sums[j])
            write_formula(ws, r, c, f"=SUM({refs})", value)
        elif i in spec.total_rows and j not in spec.text_columns and j > 0:
            start = max([t + 1 for t in totals if t < i], default=0)
            above = [row[j] if j < len(row) else None for row in spec.rows[start:i]]
            adds_up = sum(v for v in above if isinstance(v, int | float)) == value
            if start < i and adds_up:
                write_formula(ws, r, c, f"=SUM({letter}{first + start}:{letter}{first + i - 1})", value)
            else:
                ws.cell(r, c, value)
        else:
            ws.cell(r, c, value)
        ws.cell(r, c).number_format = _number_format(value) or "General"
        return
    ws.cell(r, c, value)


def setup_print(ws: Worksheet, *, header_rows: tuple[int, int] | None = None, landscape: bool | None = None) -> None:
    """A4; landscape when the columns are wider than a portrait page (or as asked);
    fit to one page wide; header rows repeated on each printed page."""
    if landscape is None:
        total = sum((d.width or 8.43) for d in ws.column_dimensions.values()) or 0
        landscape = total > 95
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


def make_inert(wb: Workbook) -> None:
    """Every text cell starting with a formula trigger becomes a quoted string; every
    formula not registered by `write_formula` (user text such as "=HYPERLINK(…)"
    assigned to a cell) becomes text too."""
    for ws in wb.worksheets:
        registered: dict[str, object] = ws.__dict__.get(_FORMULAS, {})
        for cell in ws._cells.values():
            value = cell.value
            if not isinstance(value, str) or not value.startswith(DANGEROUS_PREFIXES):
                continue
            if cell.data_type == "f" and cell.coordinate in registered:
                continue
            cell.data_type = "s"
            cell.quotePrefix = True


_FORMULA_CELL = re.compile(r'(<c r="([A-Z]+[0-9]+)"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(?:</v>)?')


def _cache_values(data: bytes, wb: Workbook) -> bytes:
    """Write the cached value of each registered formula into the saved sheets
    (openpyxl saves formulas with an empty <v/>)."""
    caches = {i: ws.__dict__.get(_FORMULAS, {}) for i, ws in enumerate(wb.worksheets, start=1)}
    if not any(caches.values()):
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            cache = caches.get(int(match.group(1))) if match else None
            if cache:
                content = _FORMULA_CELL.sub(functools.partial(_cached, cache=cache), content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()


def _cached(match: re.Match[str], cache: dict[str, object]) -> str:
    opening, ref, formula = match.group(1), match.group(2), match.group(3)
    value = cache.get(ref)
    if value is None:
        return match.group(0)
    if isinstance(value, str):
        opening = opening.replace("<c ", '<c t="str" ', 1)
        return f"{opening}{formula}<v>{escape(value)}</v>"
    return f"{opening}{formula}<v>{value!r}</v>" if isinstance(value, float) else f"{opening}{formula}<v>{value}</v>"


def workbook_bytes(wb: Workbook) -> bytes:
    make_inert(wb)
    out = io.BytesIO()
    wb.save(out)
    return _cache_values(out.getvalue(), wb)
