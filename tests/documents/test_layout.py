"""36-HD layout read back from the generated .docx: designed column widths (grid and
cells), repeated header rows, the page-number field from page 2, the signature kept
with the last paragraph, appendix numbering, the place in the date line, fonts,
language and core properties."""

from __future__ import annotations

import io
from datetime import date

import docx
from docx.oxml.ns import qn

from ketnap.documents.official import (
    Appendix,
    OfficialDocument,
    Para,
    Signature,
    appendix_title,
    render_docx,
    text_width_cm,
)
from ketnap.documents.ooxml import column_twips, twips
from ketnap.documents.tables import HeaderCell, TableSpec


def _spec(rows: int) -> TableSpec:
    header = [
        [HeaderCell("Stt", rowspan=2), HeaderCell("Tên tổ chức đảng", rowspan=2), HeaderCell("Quý I", colspan=2)],
        [HeaderCell("Giới thiệu"), HeaderCell("Kết nạp")],
    ]
    body = [[i, f"Chi bộ thôn {i}", 1, 0] for i in range(1, rows + 1)]
    return TableSpec(header, body, widths=[5, 34, 9, 9])


def _doc(appendices: int = 1) -> docx.document.Document:
    doc = OfficialDocument(
        issuer="Đảng ủy xã Cao Minh",
        issuer_parent="Đảng bộ tỉnh Thái Nguyên",
        kind="Kế hoạch",
        title="phát triển đảng viên năm 2026",
        place="Cao Minh",
        issued_on=date(2026, 1, 19),
        body=[Para(f"Đoạn {i}.") for i in range(5)],
        signature=Signature(signer="Nguyễn Văn A"),
        recipients=["Ban Tổ chức Tỉnh ủy", "Lưu"],
        appendices=[Appendix(table=_spec(41), landscape=False) for _ in range(appendices)],
        template="ke-hoach@1",
    )
    return docx.Document(io.BytesIO(render_docx(doc)))


def test_every_table_has_a_designed_grid_and_cell_widths() -> None:
    document = _doc()
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert all(w > 0 for w in grid) and sum(grid) == twips(16.5), grid
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for tr in table._tbl.tr_lst:
            column = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                assert tc.tcPr.tcW.w == sum(grid[column : column + span])  # twips, as the grid
                column += span
    grids = [[int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))] for t in document.tables]
    assert grids[0] == [twips(8.25), twips(8.25)]  # header block
    assert grids[1] == [twips(16.5 * 0.45), twips(16.5 * 0.55)]  # "Nơi nhận" | signature
    appendix = document.tables[-1]
    grid = [int(c.get(qn("w:w"))) for c in appendix._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == column_twips([5, 34, 9, 9], 21 - 4.5) and sum(grid) == twips(16.5)


def test_header_rows_repeat_and_rows_do_not_split() -> None:
    table = _doc().tables[-1]
    rows = table._tbl.tr_lst
    assert [r.trPr.find(qn("w:tblHeader")) is not None for r in rows[:3]] == [True, True, False]
    assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    assert [c.text for c in table.rows[2].cells] == ["1", "Chi bộ thôn 1", "1", "-"]


def test_page_numbers_from_page_two_centred_at_the_top() -> None:
    section = _doc().sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    header = section.header.paragraphs[0]
    assert header.alignment == 1  # centred
    instructions = [i.text for i in header._p.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]


def test_signature_block_is_kept_with_the_last_paragraph() -> None:
    document = _doc()
    body = document.element.body
    closing = document.tables[1]._tbl
    before = closing.getprevious()
    assert before.tag == qn("w:p") and before.pPr.keepNext is not None
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in closing.tr_lst)
    signature = document.tables[1].rows[0].cells[1].paragraphs
    assert all(p.paragraph_format.keep_with_next for p in signature[:-1])
    assert body is not None


def test_several_appendices_are_numbered() -> None:
    texts = [p.text for p in _doc(appendices=2).paragraphs]
    assert "PHỤ LỤC 1" in texts and "PHỤ LỤC 2" in texts and "PHỤ LỤC" not in texts
    assert "PHỤ LỤC" in [p.text for p in _doc(appendices=1).paragraphs]
    assert appendix_title("Phụ lục", None) == "PHỤ LỤC" and appendix_title("Phụ lục", 3) == "PHỤ LỤC 3"


def test_date_line_has_the_place_and_every_header_block_too() -> None:
    document = _doc(appendices=2)
    for table in (document.tables[0], document.tables[2], document.tables[4]):
        assert table.rows[0].cells[1].paragraphs[-1].text == "Cao Minh, ngày 19 tháng 01 năm 2026"


def test_motto_line_is_a_border_as_long_as_the_text() -> None:
    cell = _doc().tables[0].rows[0].cells[1]
    motto = cell.paragraphs[0]
    assert motto._p.pPr.find(qn("w:pBdr")) is not None
    indent = motto.paragraph_format.left_indent.cm
    line = cell.width.cm - 0.38 - 2 * indent
    assert abs(line - text_width_cm("ĐẢNG CỘNG SẢN VIỆT NAM", 15) - 0.4) < 0.05 and 6 < line < 9


def test_language_fonts_and_properties() -> None:
    document = _doc()
    styles = document.styles.element.findall(qn("w:style"))
    assert styles and all(s.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "vi-VN" for s in styles)
    default = document.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert default.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert default.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    assert document.styles["Normal"].font.name == "Times New Roman"
    props = document.core_properties
    assert props.author == "ĐẢNG ỦY XÃ CAO MINH" and "python-docx" not in (props.comments + props.author)
    assert "ke-hoach@1" in props.comments and props.language == "vi-VN"


def test_party_style_recipients() -> None:
    left = _doc().tables[1].rows[0].cells[0].paragraphs
    head = left[0].runs[0]
    assert left[0].text == "Nơi nhận:" and head.underline and not head.italic and not head.bold
    assert head.font.size.pt == 14
    assert [p.text for p in left[1:]] == ["- Ban Tổ chức Tỉnh ủy,", "- Lưu."]
    assert all(p.runs[0].font.size.pt == 12 for p in left[1:])
