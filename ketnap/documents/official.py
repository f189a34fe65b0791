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

36-HD/VPTW layout throughout: page numbers from page 2, centred at the top; the
motto's solid line a bottom border as long as the text; the signature block kept
with the last paragraph; "Phụ lục 1, 2, …" when there are several; "Nơi nhận" in the
party style (14 pt, upright, underlined; recipients 12 pt, one a line, "," ending
each and "." the last); every table with a designed grid (`ooxml.add_table`); the
proofing language vi-VN on every style; core properties naming the issuer.

Times New Roman is requested; on the server Debian's fonts-liberation2 supplies
Liberation Serif, its metric-compatible twin, so LibreOffice's PDF keeps the same
line breaks as Word. Callers (plans, and the pipeline's
admission forms) build the data; nothing here knows what a plan is.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ketnap.documents import ooxml
from ketnap.documents.tables import TableSpec

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12


@dataclass(frozen=True)
class Heading:
    """A section heading ("I. MỤC ĐÍCH, YÊU CẦU"): bold, not indented."""

    text: str
    italic: bool = False
    center: bool = False  # "QUYẾT ĐỊNH:" of a decision, centred


@dataclass(frozen=True)
class Para:
    """A body paragraph; `bullet` prefixes "- " as the documents do; `lead` is a bold
    opening ("Điều 1.") before the text, as a decision's articles are set."""

    text: str
    bold: bool = False
    italic: bool = False
    bullet: bool = False
    lead: str = ""


Block = Heading | Para


@dataclass(frozen=True)
class Signature:
    capacity: tuple[str, ...] = ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")
    signer: str = ""


@dataclass
class Appendix:
    title: str = "PHỤ LỤC"  # numbered "PHỤ LỤC 1", "PHỤ LỤC 2" when there are several
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
    template: str = ""  # which template (and version) produced the document


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


@functools.cache
def _base_bytes() -> bytes:
    """The blank document with the party's styles (fonts, sizes, vi-VN on all 164
    styles) prepared once per process; each render opens a copy."""
    document = Document()
    _base_style(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document(io.BytesIO(_base_bytes()))
    _properties(document, doc)
    section = document.sections[0]
    _a4(section, landscape=False)
    _page_numbers(section)
    _header_block(document, doc)
    _centered(document, doc.kind.upper(), bold=True, size=15, space_before=12)
    _centered(document, doc.title, bold=True, size=14)
    _centered(document, "-----", size=14)
    for block in doc.body:
        _block(document, block)
    _closing(document, doc)
    numbered = len(doc.appendices) > 1
    for i, appendix in enumerate(doc.appendices, start=1):
        _appendix(document, doc, appendix, number=i if numbered else None)
    _end_with_small_paragraph(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def appendix_title(title: str, number: int | None) -> str:
    """ "PHỤ LỤC 2" among several appendices, "PHỤ LỤC" for a single one."""
    title = title.upper()
    return f"{title} {number}" if number is not None and title == "PHỤ LỤC" else title


def _base_style(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT  # type: ignore[attr-defined]
    style.font.size = Pt(BODY_PT)  # type: ignore[attr-defined]
    for rpr in _default_and_normal_rpr(document):
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
    pf = style.paragraph_format  # type: ignore[attr-defined]
    pf.space_after = Pt(6)
    pf.line_spacing = 1.1
    ooxml.set_language(document)
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), ooxml.LANGUAGE)


def _default_and_normal_rpr(document: DocxDocument) -> list[Any]:
    found = [document.styles["Normal"].element.get_or_add_rPr()]
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is not None:
        found.append(rpr)
    return found


def _properties(document: DocxDocument, doc: OfficialDocument) -> None:
    """Core properties name the issuing organisation (python-docx's defaults say
    "python-docx"), and say which template produced the file."""
    props = document.core_properties
    issuer = doc.issuer.upper()
    props.author = props.last_modified_by = issuer
    props.title = f"{doc.kind.upper()} {doc.title}".strip()
    props.subject = doc.title
    props.keywords = doc.kind
    props.category = doc.kind
    props.language = ooxml.LANGUAGE
    props.comments = f"{issuer}; mẫu {doc.template}" if doc.template else issuer
    props.revision = 1
    if doc.issued_on is not None:
        stamp = datetime(doc.issued_on.year, doc.issued_on.month, doc.issued_on.day)
        props.created = props.modified = stamp


def _a4(section: object, *, landscape: bool) -> None:
    short, long_ = Cm(21), Cm(29.7)
    sec = section  # python-docx Section
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    sec.page_width, sec.page_height = (long_, short) if landscape else (short, long_)  # type: ignore[attr-defined]
    sec.top_margin = sec.bottom_margin = Cm(2)  # type: ignore[attr-defined]
    sec.left_margin, sec.right_margin = (Cm(2), Cm(2)) if landscape else (Cm(3), Cm(1.5))  # type: ignore[attr-defined]
    sec.header_distance = Cm(1)  # type: ignore[attr-defined]


def _page_numbers(section: object) -> None:
    """36-HD: page numbers from page 2, centred in the top margin. The first page has
    its own (empty) header; later sections inherit the numbered one."""
    sec = section
    sec.different_first_page_header_footer = True  # type: ignore[attr-defined]
    paragraph = sec.header.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ooxml.add_page_field(paragraph)
    for run in paragraph.runs:
        run.font.size = Pt(BODY_PT)
        run.font.name = FONT


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
) -> Paragraph:
    xml = ooxml.paragraph_xml(
        text, align="center", bold=bold, italic=italic, underline=underline, size_pt=size, space_before_pt=space_before
    )
    return ooxml.append_paragraph(target, xml)


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
    ooxml.set_grid(table, widths)
    ooxml.no_split_rows(table)
    left, right = table.rows[0].cells
    for cell in (left, right):
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return left, right


def _drop_first_empty(cell: _Cell) -> None:
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._element.getparent().remove(first._element)


#: Advance widths of Times New Roman Bold capitals (1/1000 em), for the motto's line.
_BOLD_CAPS = {"A": 722, "C": 722, "D": 722, "Đ": 722, "E": 667, "G": 778, "I": 389, "M": 944, "N": 722,
              "O": 778, "S": 556, "T": 667, "V": 722, " ": 250}  # fmt: skip
MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
_CELL_MARGINS_CM = 0.38  # Word's default 0.19 cm on each side of a table cell
MOTTO_SLACK_CM = 0.2


def text_width_cm(text: str, size_pt: float) -> float:
    """Width of a capitals line in Times New Roman Bold (tone marks do not widen it)."""
    units = 0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0] if char != "Đ" else char
        units += _BOLD_CAPS.get(base.upper(), 722)
    return units / 1000 * size_pt / 72 * 2.54


def _motto(cell: _Cell, cell_width_cm: float) -> None:
    """ "ĐẢNG CỘNG SẢN VIỆT NAM" with its solid line drawn as a bottom border indented
    to the text's length (a text underline would cut through the dots of Ộ and Ệ)."""
    paragraph = _centered(cell, MOTTO, bold=True, size=15)
    # The line runs 2 mm past the text on each side: LibreOffice's Liberation Serif
    # and Word's Times New Roman differ by a hair, and a line shorter than the text
    # would wrap the motto onto two lines.
    side = max(0.0, (cell_width_cm - _CELL_MARGINS_CM - text_width_cm(MOTTO, 15)) / 2 - MOTTO_SLACK_CM)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Cm(side)
    ooxml.bottom_border(paragraph)


def _header_block(document: DocxDocument, doc: OfficialDocument, *, landscape: bool = False) -> None:
    total = _text_width(landscape)
    # Portrait: halves, so that "ĐẢNG BỘ TỈNH THÁI NGUYÊN" (14 pt) keeps to one line.
    widths = (total * 0.42, total * 0.58) if landscape else (total * 0.5, total * 0.5)
    left, right = _two_columns(document, widths)
    if doc.issuer_parent:
        _centered(left, doc.issuer_parent.upper())
    _centered(left, doc.issuer.upper(), bold=True)
    _centered(left, "*")
    _centered(left, number_line(doc))
    _motto(right, widths[1])
    _centered(right, "")
    _centered(right, long_date(doc.place, doc.issued_on), italic=True)
    _drop_first_empty(left)
    _drop_first_empty(right)


def _block(document: DocxDocument, block: Block) -> Paragraph:
    if isinstance(block, Heading):
        if block.center:
            xml = ooxml.paragraph_xml(block.text, align="center", bold=True, italic=block.italic, space_after_pt=None)
        else:
            xml = ooxml.paragraph_xml(block.text, bold=True, italic=block.italic, space_after_pt=None, first_line_cm=1)
        paragraph = ooxml.append_paragraph(document, xml)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph
    text = ("- " if block.bullet else "") + block.text
    xml = ooxml.paragraph_xml(
        text, bold=block.bold, italic=block.italic, space_after_pt=None, first_line_cm=1, lead=block.lead
    )
    return ooxml.append_paragraph(document, xml)


def recipient_lines(lines: list[str]) -> list[str]:
    """36-HD: each recipient on its own line after "- ", ending in ","; the last in "."."""
    out = []
    for i, line in enumerate(lines):
        text = line.strip().rstrip(",.;")
        out.append(f"- {text}{'.' if i == len(lines) - 1 else ','}")
    return out


def _closing(document: DocxDocument, doc: OfficialDocument) -> None:
    if doc.signature is None and not doc.recipients:
        return
    # The signature block stays with the last body paragraph (never alone on a page).
    if document.paragraphs:
        ooxml.keep_with_next(document.paragraphs[-1:])
    total = _text_width(False)
    left, right = _two_columns(document, (total * 0.45, total * 0.55))
    if doc.recipients:
        ooxml.append_paragraph(left, ooxml.paragraph_xml("Nơi nhận:", align="left", underline=True, size_pt=14))
        for line in recipient_lines(doc.recipients):
            ooxml.append_paragraph(left, ooxml.paragraph_xml(line, align="left", size_pt=12))
    if doc.signature is not None:
        for line in doc.signature.capacity:
            _centered(right, line.upper(), bold=True)
        for _ in range(4):
            _centered(right, "")
        _centered(right, doc.signature.signer, bold=True)
    _drop_first_empty(left)
    _drop_first_empty(right)
    ooxml.keep_with_next([*left.paragraphs[:-1], *right.paragraphs[:-1]])


def _shrink(paragraph: Paragraph) -> None:
    """An empty paragraph Word requires (before a section break or at the end) made
    1 pt high, so that a full page never spills it onto a blank page of its own."""
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.paragraph_format.first_line_indent = None
    mark = paragraph._p.get_or_add_pPr()
    rpr = mark.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ooxml.insert_before(mark, rpr, ("sectPr", "pPrChange"))
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    rpr.append(size)


def _end_with_small_paragraph(document: DocxDocument) -> None:
    body = document.element.body
    last = body[-2] if len(body) > 1 else None  # body[-1] is the final sectPr
    if last is not None and last.tag == qn("w:tbl"):
        _shrink(document.add_paragraph())


def _appendix(document: DocxDocument, doc: OfficialDocument, appendix: Appendix, *, number: int | None) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _shrink(document.paragraphs[-1])  # the paragraph that now carries the previous section's break
    _a4(section, landscape=appendix.landscape)
    section.different_first_page_header_footer = False
    if appendix.repeat_header_block:
        _header_block(document, doc, landscape=appendix.landscape)
    _centered(document, appendix_title(appendix.title, number), bold=True, size=14, space_before=12)
    if appendix.subtitle:
        _centered(document, appendix.subtitle.upper(), bold=True, size=13)
    if appendix.note:
        _centered(document, appendix.note, italic=True, size=13)
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    if appendix.table is not None:
        write_docx_table(document, appendix.table, _text_width(appendix.landscape))
    for note in appendix.footnotes:
        ooxml.append_paragraph(document, ooxml.paragraph_xml(note, align="left", italic=True, size_pt=12))


def write_docx_table(document: DocxDocument, spec: TableSpec, width_cm: float) -> Table:
    """A bordered table with merged, bold, repeated header rows and bold total rows,
    its columns as designed (`spec.widths`), built in one pass (see `ooxml`)."""
    return ooxml.add_table(document, spec, width_cm, size_pt=TABLE_PT)
