"""Official party documents as .docx, laid out as Hướng dẫn 36-HD/VPTW prescribes.

A document is data (`OfficialDocument`): issuer, number and symbol, place and date,
kind and title, body blocks, signature, recipients and appendices. `render_docx()`
turns it into Word bytes:

* a borderless header table: left "ĐẢNG BỘ …" (upper body) / **ĐẢNG ỦY …** / "*" /
  "Số 35-KH/ĐU"; right **ĐẢNG CỘNG SẢN VIỆT NAM** (underlined) and the italic
  "Cao Minh, ngày 19 tháng 01 năm 2026";
* the kind ("KẾ HOẠCH") and title, bold and centred;
* body paragraphs (Times New Roman 14 pt, justified, first-line indent);
* "Nơi nhận:" on the left and the signature block on the right ("T/M BAN THƯỜNG VỤ",
  "BÍ THƯ", room to sign, the signer);
* each appendix in its own landscape section with its header block, title and table.

Times New Roman is requested; on Linux, fonts-liberation2 supplies its metric twin,
so LibreOffice's PDF keeps the same line breaks. Callers (plans, and the pipeline's
admission forms) build the data; nothing here knows what a plan is.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from ketnap.documents.tables import TableSpec, display, header_layout

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12


@dataclass(frozen=True)
class Heading:
    """A section heading ("I. MỤC ĐÍCH, YÊU CẦU"): bold, not indented."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """A body paragraph; `bullet` prefixes "- " as the documents do."""

    text: str
    bold: bool = False
    italic: bool = False
    bullet: bool = False


Block = Heading | Para


@dataclass(frozen=True)
class Signature:
    capacity: tuple[str, ...] = ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")
    signer: str = ""


@dataclass
class Appendix:
    title: str
    subtitle: str = ""
    note: str = ""  # "(Kèm theo Kế hoạch số … ngày … của …)"
    table: TableSpec | None = None
    footnotes: list[str] = field(default_factory=list)
    landscape: bool = True
    repeat_header_block: bool = True


@dataclass
class OfficialDocument:
    issuer: str  # "ĐẢNG ỦY XÃ CAO MINH"
    kind: str  # "KẾ HOẠCH", "NGHỊ QUYẾT", "QUYẾT ĐỊNH"
    title: str  # "phát triển đảng viên năm 2026"
    issuer_parent: str = ""  # "ĐẢNG BỘ TỈNH THÁI NGUYÊN"
    number: str = ""  # "35-KH/ĐU"; blank leaves room to write it by hand
    symbol_hint: str = "-KH/ĐU"
    place: str = ""
    issued_on: date | None = None
    body: list[Block] = field(default_factory=list)
    signature: Signature | None = field(default_factory=Signature)
    recipients: list[str] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)


def long_date(place: str, on: date | None) -> str:
    """ "Cao Minh, ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 take a
    leading zero (36-HD/VPTW); an unknown date leaves blanks to fill by hand."""
    prefix = f"{place}, " if place else ""
    if on is None:
        return f"{prefix}ngày     tháng     năm"
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"{prefix}ngày {on.day:02d} tháng {month} năm {on.year}"


def number_line(doc: OfficialDocument) -> str:
    return f"Số {doc.number}" if doc.number else f"Số        {doc.symbol_hint}"


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    _base_style(document)
    section = document.sections[0]
    _a4(section, landscape=False)
    _header_block(document, doc)
    _centered(document, doc.kind.upper(), bold=True, size=15, space_before=12)
    _centered(document, doc.title, bold=True, size=14)
    _centered(document, "-----", size=14)
    for block in doc.body:
        _block(document, block)
    _closing(document, doc)
    for appendix in doc.appendices:
        _appendix(document, doc, appendix)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _base_style(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT  # type: ignore[attr-defined]
    style.font.size = Pt(BODY_PT)  # type: ignore[attr-defined]
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    pf = style.paragraph_format  # type: ignore[attr-defined]
    pf.space_after = Pt(6)
    pf.line_spacing = 1.1


def _a4(section: object, *, landscape: bool) -> None:
    short, long_ = Cm(21), Cm(29.7)
    sec = section  # python-docx Section
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    sec.page_width, sec.page_height = (long_, short) if landscape else (short, long_)  # type: ignore[attr-defined]
    sec.top_margin = sec.bottom_margin = Cm(2)  # type: ignore[attr-defined]
    sec.left_margin, sec.right_margin = (Cm(2), Cm(2)) if landscape else (Cm(3), Cm(1.5))  # type: ignore[attr-defined]


def _text_width(landscape: bool) -> float:
    return 29.7 - 4 if landscape else 21 - 4.5


def _centered(
    target: DocxDocument | _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_PT,
    underline: bool = False,
    space_before: float = 0,
) -> None:
    paragraph = target.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(space_before)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)


def _borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _two_columns(document: DocxDocument, widths: tuple[float, float]) -> tuple[_Cell, _Cell]:
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(widths[0]), Cm(widths[1])
    for cell in (left, right):
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return left, right


def _drop_first_empty(cell: _Cell) -> None:
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._element.getparent().remove(first._element)


def _header_block(document: DocxDocument, doc: OfficialDocument, *, landscape: bool = False) -> None:
    total = _text_width(landscape)
    left, right = _two_columns(document, (total * 0.45, total * 0.55))
    if doc.issuer_parent:
        _centered(left, doc.issuer_parent.upper())
    _centered(left, doc.issuer.upper(), bold=True)
    _centered(left, "*")
    _centered(left, number_line(doc))
    _centered(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=15)
    _centered(right, "")
    _centered(right, long_date(doc.place, doc.issued_on), italic=True)
    _drop_first_empty(left)
    _drop_first_empty(right)


def _block(document: DocxDocument, block: Block) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if isinstance(block, Heading):
        run = paragraph.add_run(block.text)
        run.bold, run.italic = True, block.italic
        paragraph.paragraph_format.first_line_indent = Cm(1)
        return
    paragraph.paragraph_format.first_line_indent = Cm(1)
    run = paragraph.add_run(("- " if block.bullet else "") + block.text)
    run.bold, run.italic = block.bold, block.italic


def _closing(document: DocxDocument, doc: OfficialDocument) -> None:
    if doc.signature is None and not doc.recipients:
        return
    total = _text_width(False)
    left, right = _two_columns(document, (total * 0.5, total * 0.5))
    if doc.recipients:
        heading = left.add_paragraph()
        run = heading.add_run("Nơi nhận:")
        run.bold, run.italic, run.underline = True, True, True
        run.font.size = Pt(12)
        for line in doc.recipients:
            paragraph = left.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(f"- {line}")
            run.font.size = Pt(11)
    if doc.signature is not None:
        for line in doc.signature.capacity:
            _centered(right, line.upper(), bold=True)
        for _ in range(4):
            _centered(right, "")
        _centered(right, doc.signature.signer, bold=True)
    _drop_first_empty(left)
    _drop_first_empty(right)


def _appendix(document: DocxDocument, doc: OfficialDocument, appendix: Appendix) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _a4(section, landscape=appendix.landscape)
    if appendix.repeat_header_block:
        _header_block(document, doc, landscape=appendix.landscape)
    _centered(document, appendix.title.upper(), bold=True, size=14, space_before=12)
    if appendix.subtitle:
        _centered(document, appendix.subtitle.upper(), bold=True, size=13)
    if appendix.note:
        _centered(document, appendix.note, italic=True, size=13)
    document.add_paragraph()
    if appendix.table is not None:
        write_docx_table(document, appendix.table, _text_width(appendix.landscape))
    for note in appendix.footnotes:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(note)
        run.italic = True
        run.font.size = Pt(12)


def write_docx_table(document: DocxDocument, spec: TableSpec, width_cm: float) -> Table:
    """A bordered table with merged, bold, repeated header rows and bold total rows."""
    height = spec.header_height
    table = document.add_table(rows=height + len(spec.rows), cols=spec.column_count)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if spec.widths:
        scale = width_cm / sum(spec.widths)
        for c, w in enumerate(spec.widths):
            for cell in table.columns[c].cells:
                cell.width = Cm(w * scale)
    for placed in header_layout(spec.header):
        cell = table.cell(placed.row, placed.column)
        if placed.cell.rowspan > 1 or placed.cell.colspan > 1:
            cell = cell.merge(table.cell(placed.last_row, placed.last_column))
        _cell_text(cell, placed.cell.text, bold=True, center=True)
    for r in range(height):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
    for i, values in enumerate(spec.rows):
        bold = i in spec.bold_rows
        for c, value in enumerate(values):
            _cell_text(table.cell(height + i, c), display(value), bold=bold, center=c not in spec.text_columns)
    return table


def _cell_text(cell: _Cell, text: str, *, bold: bool, center: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = None
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(TABLE_PT)
