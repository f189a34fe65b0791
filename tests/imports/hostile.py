"""A corpus of hostile .xlsx/.docx files, generated (nothing binary in git).

Each entry is a few KB to a few MB on disk and aims at one way of holding a worker:
cells far out (column XFD, row 1,048,576), parts that inflate past the limits (honest
or lying zip headers), 10,000 sheets, huge shared strings, millions of tiny cells,
merged ranges over the whole sheet, Word rows spanning a billion grid columns. The
tests (tests/imports/test_hostile_files.py) and the benchmark
(benchmarks/hostile_files.py) both use `corpus()`; every file must be read or refused
in Vietnamese, in bounded time and memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Iterator

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MB = 1024 * 1024


def _base_xlsx(sheets: int = 1) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Phụ lục"
    wb.active["A1"], wb.active["B1"] = "Stt", "Tên chi bộ"
    for n in range(1, sheets):
        wb.create_sheet(f"S{n}")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _replace(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The zip `data` with `parts` replaced or added (deflated)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info.filename, src.read(info.filename))
        for name, content in parts.items():
            dst.writestr(name, content)
    return out.getvalue()


def _sheet(rows: str, tail: str = "") -> bytes:
    return f'<?xml version="1.0"?><worksheet {NS}><sheetData>{rows}</sheetData>{tail}</worksheet>'.encode()


def _lie_about_size(data: bytes, name: str, declared: int) -> bytes:
    """Patch the zip so that member `name` declares `declared` bytes uncompressed."""
    raw = bytearray(data)
    encoded = name.encode()
    pos = 0
    while (pos := raw.find(b"PK\x03\x04", pos)) != -1:  # local headers: size at +22
        n, _extra = struct.unpack("<HH", raw[pos + 26 : pos + 30])
        if raw[pos + 30 : pos + 30 + n] == encoded:
            raw[pos + 22 : pos + 26] = struct.pack("<I", declared)
        pos += 4
    pos = 0
    while (pos := raw.find(b"PK\x01\x02", pos)) != -1:  # central directory: size at +24
        n = struct.unpack("<H", raw[pos + 28 : pos + 30])[0]
        if raw[pos + 46 : pos + 46 + n] == encoded:
            raw[pos + 24 : pos + 28] = struct.pack("<I", declared)
        pos += 4
    return bytes(raw)


def sparse_xfd_value() -> bytes:
    return _replace(
        _base_xlsx(),
        {"xl/worksheets/sheet1.xml": _sheet('<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>')},
    )


def sparse_xfd_blank_styled() -> bytes:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{r}</t></is></c><c r="XFD{r}" s="0"/></row>'
        for r in range(1, 2001)
    )
    return _replace(_base_xlsx(), {"xl/worksheets/sheet1.xml": _sheet(rows)})


def last_row_value() -> bytes:
    return _replace(
        _base_xlsx(), {"xl/worksheets/sheet1.xml": _sheet('<row r="1048576"><c r="A1048576"><v>1</v></c></row>')}
    )


def deflate_bomb() -> bytes:
    row = '<row><c t="inlineStr"><is><t>' + "A" * 1000 + "</t></is></c></row>"
    return _replace(_base_xlsx(), {"xl/worksheets/sheet1.xml": _sheet(row * 40_000)})


def lying_deflate_bomb() -> bytes:
    return _lie_about_size(deflate_bomb(), "xl/worksheets/sheet1.xml", 4096)


def tiny_cells_bomb() -> bytes:
    return _replace(_base_xlsx(), {"xl/worksheets/sheet1.xml": _sheet("<row>" + "<c/>" * 3_000_000 + "</row>")})


def ten_thousand_sheets() -> bytes:
    sheets = "".join(f'<sheet name="S{n}" sheetId="{n}" r:id="rId1"/>' for n in range(1, 10_001))
    workbook = (
        f'<?xml version="1.0"?><workbook {NS} '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheets}</sheets></workbook>"
    ).encode()
    return _replace(_base_xlsx(), {"xl/workbook.xml": workbook})


def huge_shared_strings() -> bytes:
    strings = "".join(f"<si><t>{n:07d}{'x' * 40}</t></si>" for n in range(200_000))
    sst = f'<?xml version="1.0"?><sst {NS} count="200000" uniqueCount="200000">{strings}</sst>'.encode()
    return _replace(_base_xlsx(), {"xl/sharedStrings.xml": sst})


def one_huge_shared_string() -> bytes:
    sst = f'<?xml version="1.0"?><sst {NS} count="1" uniqueCount="1"><si><t>{"x" * (40 * MB)}</t></si></sst>'.encode()
    return _replace(_base_xlsx(), {"xl/sharedStrings.xml": sst})


def whole_sheet_merge() -> bytes:
    tail = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Tiêu đề</t></is></c></row><row r="3"><c r="C3"><v>1</v></c></row>'
    return _replace(_base_xlsx(), {"xl/worksheets/sheet1.xml": _sheet(rows, tail)})


def many_merges() -> bytes:
    merges = "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(1, 6001))
    return _replace(_base_xlsx(), {"xl/worksheets/sheet1.xml": _sheet("", f"<mergeCells>{merges}</mergeCells>")})


def billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    body = _sheet('<row><c t="inlineStr"><is><t>&a9;</t></is></c></row>').decode()
    sheet = body.replace('<?xml version="1.0"?>', f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>')
    return _replace(_base_xlsx(), {"xl/worksheets/sheet1.xml": sheet.encode()})


def _docx_with(body: str) -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = f'<?xml version="1.0"?><w:document {w}><w:body>{body}</w:body></w:document>'.encode()
    return _replace(buf.getvalue(), {"word/document.xml": document})


def docx_grid_span() -> bytes:
    return _docx_with(
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>'
    )


def docx_grid_before() -> bytes:
    return _docx_with(
        '<w:tbl><w:tr><w:trPr><w:gridBefore w:val="999999999"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>'
    )


def docx_many_rows() -> bytes:
    return _docx_with("<w:tbl>" + "<w:tr><w:tc><w:p/></w:tc></w:tr>" * 20_000 + "</w:tbl>")


def docx_many_tables() -> bytes:
    return _docx_with("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>" * 10_000)


def docx_bomb() -> bytes:
    return _docx_with("<w:p><w:r><w:t>" + "A" * (30 * MB) + "</w:t></w:r></w:p>")


# name → (builder, file name, whether the reader must refuse it)
CORPUS: dict[str, tuple[Callable[[], bytes], str, bool]] = {
    "sparse_xfd_value": (sparse_xfd_value, "xfd.xlsx", True),
    "sparse_xfd_blank_styled": (sparse_xfd_blank_styled, "xfd-blank.xlsx", False),
    "last_row_value": (last_row_value, "last-row.xlsx", True),
    "deflate_bomb": (deflate_bomb, "bomb.xlsx", True),
    "lying_deflate_bomb": (lying_deflate_bomb, "lying-bomb.xlsx", True),
    "tiny_cells_bomb": (tiny_cells_bomb, "cells.xlsx", True),
    "ten_thousand_sheets": (ten_thousand_sheets, "sheets.xlsx", True),
    "huge_shared_strings": (huge_shared_strings, "strings.xlsx", False),
    "one_huge_shared_string": (one_huge_shared_string, "string.xlsx", True),
    "whole_sheet_merge": (whole_sheet_merge, "merge.xlsx", False),
    "many_merges": (many_merges, "merges.xlsx", True),
    "billion_laughs": (billion_laughs, "laughs.xlsx", True),
    "docx_grid_span": (docx_grid_span, "span.docx", True),
    "docx_grid_before": (docx_grid_before, "before.docx", True),
    "docx_many_rows": (docx_many_rows, "rows.docx", True),
    "docx_many_tables": (docx_many_tables, "tables.docx", True),
    "docx_bomb": (docx_bomb, "bomb.docx", True),
}


def corpus() -> Iterator[tuple[str, str, bytes, bool]]:
    """(name, file name, bytes, must be refused) for every hostile file."""
    for name, (build, filename, refused) in CORPUS.items():
        yield name, filename, build(), refused
