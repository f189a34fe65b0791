"""The generic import pieces: numbers, names, grids from .xlsx/.docx, header detection,
row kinds and sum verification."""

from __future__ import annotations

import io

import docx
import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from ketnap.imports.grid import UnreadableFile, read_grids
from ketnap.imports.issues import ImportIssue, ImportIssues, column_letter
from ketnap.imports.table import RowKind, is_group_row, is_total_label, locate_table, verify_sums
from ketnap.imports.values import NameMatcher, name_key, parse_count


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("-", 0),
        ("", 0),
        (None, 0),
        ("  ", 0),
        ("–", 0),
        ("06", 6),
        ("0", 0),
        (3, 3),
        (3.0, 3),
        ("12", 12),
        ("1.251", 1251),
    ],
)
def test_parse_count_accepts_what_users_write(raw: object, expected: int) -> None:
    assert parse_count(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("1,5", "không phải số nguyên"),
        ("1.5", "không phải số nguyên"),
        (1.5, "không phải số nguyên"),
        ("-1", "Số âm"),
        (-1, "Số âm"),
        (-2.0, "Số âm"),
        ("abc", "không phải là số"),
        ("1 người", "không phải là số"),
        (True, "số nguyên không âm"),
    ],
)
def test_parse_count_refuses_with_a_vietnamese_reason(raw: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_count(raw)


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Đèo Cáo - Lân Chàm", "Chi bộ Đèo Cáo - Lân Chàm"),
        ("đèo cáo-lân  chàm", "Chi bộ Đèo Cáo - Lân Chàm"),
        ("CHI BỘ HƯNG THỊNH", "Chi bộ Hưng Thịnh"),
        ("Trường TH&THCS", "Chi bộ Trường TH & THCS"),
        ("Đoàn TNCS HCM", "Đoàn TNCS Hồ Chí Minh"),
        ("Đảng bộ các cơ quan Đảng", "các cơ quan Đảng"),
    ],
)
def test_name_key_ignores_diacritics_case_spaces_and_prefix(written: str, stored: str) -> None:
    assert name_key(written) == name_key(stored)


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Chi bộ Làng Gia") != name_key("Chi bộ Làng Cà")
    assert name_key("Chi bộ Công an") != name_key("Cộng")


def test_name_matcher_reports_ambiguity_as_no_match() -> None:
    matcher: NameMatcher[int] = NameMatcher()
    matcher.add(1, "Chi bộ Bản Sáng")
    matcher.add(2, "Đảng bộ Bản Sáng")
    matcher.add(3, "Hội Phụ nữ", "Hội Liên hiệp Phụ nữ")
    assert matcher.candidates("Bản Sáng") == [1, 2]
    assert matcher.match("Bản Sáng") is None
    assert matcher.match("hoi lien hiep phu nu") == 3
    assert matcher.match("Chi bộ Không Có") is None


def test_issue_locations_read_like_a_clerk_would_say_them() -> None:
    assert column_letter(1) == "A" and column_letter(27) == "AA"
    xlsx = ImportIssue("bieu.xlsx", "Chi bộ", 7, 4, "Sai")
    assert str(xlsx) == "bieu.xlsx, trang Chi bộ, dòng 7, cột D: Sai"
    word = ImportIssue("bieu.docx", "Bảng 2", 3, 5, "Sai")
    assert word.where == "bieu.docx, Bảng 2, dòng 3, cột 5"
    assert word.as_json()["column_label"] == "cột 5"
    issues = ImportIssues()
    issues.add("a.xlsx", "S", 1, 1, "x")
    issues.add("a.xlsx", "S", 1, 1, "x")
    assert len(issues) == 1 and bool(issues)


def _xlsx(rows: list[list[object]], merges: tuple[str, ...] = (), bold_rows: tuple[int, ...] = ()) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Phụ lục"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, value)
            if r in bold_rows:
                cell.font = Font(bold=True)
    for rng in merges:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_grid_resolves_merged_headers_and_finds_the_table() -> None:
    data = _xlsx(
        [
            ["BIỂU GIAO CHỈ TIÊU"],
            [],
            ["Stt", "Tên chi bộ", "Quý I", None, "Ghi chú"],
            [None, None, "Giới thiệu", "Kết nạp", None],
            ["I", "Khối nông thôn", 2, 1, None],
            [1, "Làng Gia", 1, "-", None],
            [2, "Làng Cà", "01", 1, None],
            ["Tổng cộng", None, 2, 1, None],
            ["(Ghi chú: có thể giao bổ sung)"],
        ],
        merges=("A3:A4", "B3:B4", "C3:D3", "E3:E4", "A8:B8", "A9:E9"),
        bold_rows=(8,),
    )
    (grid,) = read_grids(data, "bieu.xlsx")
    assert grid.sheet == "Phụ lục"
    assert grid.cell(3, 4).text == "Quý I" and grid.cell(3, 4).merged
    table = locate_table(grid)
    assert table is not None
    assert (table.header_first, table.header_last, table.name_column, table.number_column) == (3, 4, 2, 1)
    assert table.columns[2].labels == ("Quý I", "Giới thiệu")
    assert table.columns[3].mentions("ket nap")
    kinds = [(row.row, row.kind) for row in table.body()]
    assert kinds == [(5, RowKind.GROUP), (6, RowKind.DATA), (7, RowKind.DATA), (8, RowKind.TOTAL), (9, RowKind.NOTE)]
    total_row = next(r for r in table.body() if r.kind is RowKind.TOTAL)
    assert total_row.cell(3).bold


def test_verify_sums_flags_wrong_totals_and_subtotals_only() -> None:
    data = _xlsx(
        [
            ["Stt", "Tên chi bộ", "Kết nạp"],
            ["I", "Khối nông thôn", 3],
            [1, "Làng Gia", 1],
            [2, "Làng Cà", 1],
            ["II", "Khối cơ quan", None],
            [3, "Y tế", 1],
            ["Cộng", None, 4],
        ]
    )
    (grid,) = read_grids(data, "bieu.xlsx")
    table = locate_table(grid)
    assert table is not None
    issues = ImportIssues()
    rows = list(table.body())
    verify_sums(table, rows, [3], lambda row, col: parse_count(row.cell(col).value), issues)
    messages = [(i.row, i.column, i.message) for i in issues]
    assert messages == [
        (2, 3, "Dòng nhóm “Khối nông thôn” ghi 3 nhưng cộng các dòng trong nhóm được 2."),
        (7, 3, "Dòng “Cộng” ghi 4 nhưng cộng các dòng được 3."),
    ]


def test_docx_tables_become_grids_with_captions_and_bold() -> None:
    document = docx.Document()
    document.add_paragraph("BIỂU GIAO CHỈ TIÊU (KHỐI MTTQ VÀ ĐOÀN THỂ)")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "Số TT", "Tên chi bộ", "Quý I"
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(1, 2).text, table.cell(1, 3).text = "Giới thiệu", "Kết nạp"
    table.cell(2, 0).text, table.cell(2, 1).text, table.cell(2, 2).text, table.cell(2, 3).text = (
        "1",
        "Hội Nông dân",
        "1",
        "-",
    )
    run = table.cell(3, 1).paragraphs[0].add_run("Tổng cộng")
    run.bold = True
    buf = io.BytesIO()
    document.save(buf)
    (grid,) = read_grids(buf.getvalue(), "bieu.docx")
    assert grid.sheet == "Bảng 1" and "MTTQ" in grid.caption
    assert grid.cell(1, 4).text == "Quý I" and grid.cell(2, 1).text == "Số TT"
    found = locate_table(grid)
    assert found is not None and found.header_last == 2
    assert [r.kind for r in found.body()] == [RowKind.DATA, RowKind.TOTAL]
    assert grid.cell(4, 2).bold


def test_unreadable_files_are_refused_in_vietnamese() -> None:
    with pytest.raises(UnreadableFile, match="không đọc được tệp Excel"):
        read_grids(b"not a zip", "bieu.xlsx")
    with pytest.raises(UnreadableFile, match="định dạng cũ"):
        read_grids(b"", "bieu.xls")
    with pytest.raises(UnreadableFile, match="chỉ nhận"):
        read_grids(b"", "bieu.pdf")


@pytest.mark.parametrize(
    ("number", "label", "expected"),
    [
        ("I", "Khối nông thôn", True),
        ("II.", "", True),
        ("", "Khối cơ quan", True),
        ("A", "Chi bộ", True),
        ("1", "Làng Gia", False),
        ("", "I. Khối trường học", True),
        ("", "Chi bộ Công an", False),
    ],
)
def test_group_rows(number: str, label: str, expected: bool) -> None:
    assert is_group_row(number, label) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Tổng", True), ("Tổng cộng:", True), ("Cộng", True), ("Công an", False), ("Tổng cộng ", True), ("Chi bộ", False)],
)
def test_total_labels(text: str, expected: bool) -> None:
    assert is_total_label(text) is expected


def test_counts_past_the_limit_are_refused_before_the_database() -> None:
    from ketnap.imports.values import MAX_COUNT, parse_count

    assert parse_count(str(MAX_COUNT)) == MAX_COUNT
    for value in (MAX_COUNT + 1, str(2**31), 2.0**40, "3.000.000.000"):
        with pytest.raises(ValueError, match=r"vượt giới hạn 100\.000"):
            parse_count(value)
