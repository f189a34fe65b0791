"""Official .docx, Excel tables and PDF: open the generated files and read them back."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import Workbook, load_workbook

from ketnap.documents.official import Appendix, Heading, OfficialDocument, Para, Signature, long_date, render_docx
from ketnap.documents.pdf import PdfUnavailable, docx_to_pdf, soffice_path
from ketnap.documents.spreadsheet import setup_print, workbook_bytes, write_table, write_title
from ketnap.documents.tables import HeaderCell, TableSpec, display, header_layout

QUARTER_HEADER = [
    [HeaderCell("Stt", rowspan=2), HeaderCell("Tên chi bộ", rowspan=2), HeaderCell("Quý I", colspan=2),
     HeaderCell("Ghi chú", rowspan=2)],
    [HeaderCell("Giới thiệu"), HeaderCell("Kết nạp")],
]  # fmt: skip


def _spec() -> TableSpec:
    return TableSpec(
        header=QUARTER_HEADER,
        rows=[[1, "Làng Gia", 1, 0, ""], [2, "Làng Cà", 2, 1, "bổ sung"], ["", "Tổng cộng", 3, 1, ""]],
        bold_rows=frozenset({2}),
        widths=[5, 30, 10, 10, 15],
    )


def test_header_layout_skips_positions_covered_from_above() -> None:
    placed = [(p.row, p.column, p.cell.text) for p in header_layout(QUARTER_HEADER)]
    assert placed == [(0, 0, "Stt"), (0, 1, "Tên chi bộ"), (0, 2, "Quý I"), (0, 4, "Ghi chú"),
                      (1, 2, "Giới thiệu"), (1, 3, "Kết nạp")]  # fmt: skip
    assert _spec().column_count == 5 and _spec().header_height == 2
    assert display(0) == "-" and display(3) == "3" and display(None) == ""


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 1, 19), "Cao Minh, ngày 19 tháng 01 năm 2026"),
        (date(2026, 2, 5), "Cao Minh, ngày 05 tháng 02 năm 2026"),
        (date(2026, 3, 5), "Cao Minh, ngày 05 tháng 3 năm 2026"),
        (date(2026, 12, 31), "Cao Minh, ngày 31 tháng 12 năm 2026"),
        (None, "Cao Minh, ngày     tháng     năm"),
    ],
)
def test_long_date_follows_the_party_format(on: date | None, expected: str) -> None:
    assert long_date("Cao Minh", on) == expected


def _document() -> OfficialDocument:
    return OfficialDocument(
        issuer_parent="Đảng bộ huyện Hữu Lũng",
        issuer="Đảng ủy xã Đồng Tiến",
        number="35-KH/ĐU",
        place="Đồng Tiến",
        issued_on=date(2024, 1, 23),
        kind="Kế hoạch",
        title="Phát triển đảng viên năm 2024",
        body=[Heading("I- MỤC ĐÍCH, YÊU CẦU"), Para("Nâng cao nhận thức."), Para("Ý một", bullet=True)],
        signature=Signature(("T/M BAN THƯỜNG VỤ", "BÍ THƯ"), "Đàm Văn Học"),
        recipients=["Ban Tổ chức huyện ủy (b/c)", "Lưu Văn phòng Đảng ủy"],
        appendices=[Appendix("Biểu giao chỉ tiêu", note="(Kèm theo Kế hoạch số 35-KH/ĐU)", table=_spec())],
    )


def _all_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_official_docx_has_the_party_layout() -> None:
    document = docx.Document(io.BytesIO(render_docx(_document())))
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["ĐẢNG BỘ HUYỆN HỮU LŨNG", "ĐẢNG ỦY XÃ ĐỒNG TIẾN", "*", "Số 35-KH/ĐU"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    motto = right.paragraphs[0]
    assert motto.runs[0].bold and not motto.runs[0].underline  # the line is a border, not an underline
    assert motto._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert right.paragraphs[-1].text == "Đồng Tiến, ngày 23 tháng 01 năm 2024" and right.paragraphs[-1].runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in texts and "Phát triển đảng viên năm 2024" in texts
    assert "- Ý một" in texts
    closing = document.tables[1]
    recipients, signature = closing.rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    assert [p.text for p in recipients.paragraphs[1:]] == ["- Ban Tổ chức huyện ủy (b/c),", "- Lưu Văn phòng Đảng ủy."]
    sig = [p.text for p in signature.paragraphs if p.text]
    assert sig == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đàm Văn Học"]
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_appendix_is_a_landscape_section_with_merged_headers_and_bold_total() -> None:
    document = docx.Document(io.BytesIO(render_docx(_document())))
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    appendix = document.sections[1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and appendix.page_width > appendix.page_height
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Stt", "Tên chi bộ", "Quý I", "Quý I", "Ghi chú"]
    assert [c.text for c in table.rows[1].cells] == ["Stt", "Tên chi bộ", "Giới thiệu", "Kết nạp", "Ghi chú"]
    assert [c.text for c in table.rows[2].cells] == ["1", "Làng Gia", "1", "-", ""]
    total = table.rows[4].cells
    assert total[1].text == "Tổng cộng" and total[2].paragraphs[0].runs[0].bold
    assert "BIỂU GIAO CHỈ TIÊU" in _all_text(document)


def test_xlsx_table_merges_headers_and_keeps_numbers_numeric() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    next_row = write_title(ws, ["BIỂU GIAO CHỈ TIÊU", "(Kèm theo Kế hoạch)"], width=5)
    end = write_table(ws, _spec(), top=next_row + 1)
    setup_print(ws, header_rows=(next_row + 1, next_row + 2), landscape=True)
    loaded = load_workbook(io.BytesIO(workbook_bytes(wb)))
    sheet = loaded.active
    assert sheet is not None
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:E1", "A2:E2", "A4:A5", "B4:B5", "C4:D4", "E4:E5"} <= merged
    assert sheet["C4"].value == "Quý I" and sheet["C5"].value == "Giới thiệu"
    assert sheet["D6"].value == 0 and sheet["D6"].number_format == '#,##0;-#,##0;"-"'
    assert sheet["C8"].value == 3 and sheet["C8"].font.b
    assert end == 9
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    assert sheet.print_title_rows == "$4:$5"


needs_soffice = pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) hoặc pdftotext chưa được cài: apt-get install libreoffice-writer-nogui poppler-utils",
)


@needs_soffice
def test_pdf_contains_the_document_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdf = docx_to_pdf(render_docx(_document()))
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "kh.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 35-KH/ĐU" in text and "Đàm Văn Học" in text
    assert "Làng Gia" in text


def test_pdf_without_libreoffice_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ketnap.documents.pdf.soffice_path", lambda: None)
    with pytest.raises(PdfUnavailable, match="LibreOffice"):
        docx_to_pdf(b"")
