"""WordprocessingML written directly, where python-docx's object model is slow or silent.

Why: python-docx finds a cell by recomputing the whole grid (`table.cell(r, c)` walks
every row), so filling a 41-row appendix cell by cell took seconds and grew faster than
the rows; and it never writes a `w:tblGrid` with widths, which LibreOffice (the server's
PDF converter) follows, so every column came out equal. Here a table is one XML string
built in a single pass (linear in the cells) with a fixed layout, a designed grid and
the same width on every cell, header rows repeated on each page and rows that do not
split across pages.

Also here: the PAGE field, paragraph borders, keep-with-next and the document language,
all small pieces of raw XML that python-docx has no API for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ketnap.documents.tables import TableSpec, display, header_layout

TWIPS_PER_CM = 567
LANGUAGE = "vi-VN"


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def column_twips(weights: Sequence[float], total_cm: float) -> list[int]:
    """Column widths in twips proportional to `weights`, summing exactly to the text width."""
    total = twips(total_cm)
    scale = total / sum(weights)
    widths = [round(w * scale) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _run(text: str, *, bold: bool, size_pt: float) -> str:
    props = ("<w:b/>" if bold else "") + f'<w:sz w:val="{round(size_pt * 2)}"/>'
    pieces = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n")]
    return f"<w:r><w:rPr>{props}</w:rPr>{'<w:br/>'.join(pieces)}</w:r>"


def _paragraph(text: str, *, bold: bool, center: bool, size_pt: float) -> str:
    jc = "center" if center else "left"
    run = _run(text, bold=bold, size_pt=size_pt) if text else ""
    return (
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:firstLine="0"/><w:jc w:val="{jc}"/></w:pPr>{run}</w:p>'
    )


def _cell(width: int, body: str, *, span: int = 1, vmerge: str | None = None) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    return f'<w:tc><w:tcPr>{props}<w:vAlign w:val="center"/></w:tcPr>{body}</w:tc>'


def _borders(value: str) -> str:
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    if value == "nil":
        return "<w:tblBorders>" + "".join(f'<w:{e} w:val="nil"/>' for e in edges) + "</w:tblBorders>"
    return (
        "<w:tblBorders>"
        + "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' for e in edges)
        + "</w:tblBorders>"
    )


def _table_open(widths: Sequence[int], *, bordered: bool) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"{_borders('single' if bordered else 'nil')}"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    )


def _header_rows(spec: TableSpec, widths: Sequence[int], size_pt: float) -> list[str]:
    """Header band rows: a merged cell is one `w:tc` with gridSpan, its rowspan a
    vMerge restart above and vMerge continue cells below."""
    height = spec.header_height
    rows: list[dict[int, str]] = [{} for _ in range(height)]
    for placed in header_layout(spec.header):
        span = placed.cell.colspan
        width = sum(widths[placed.column : placed.column + span])
        text = _paragraph(placed.cell.text, bold=True, center=True, size_pt=size_pt)
        merged = placed.cell.rowspan > 1
        rows[placed.row][placed.column] = _cell(width, text, span=span, vmerge="restart" if merged else None)
        for below in range(placed.row + 1, placed.last_row + 1):
            empty = _paragraph("", bold=False, center=True, size_pt=size_pt)
            rows[below][placed.column] = _cell(width, empty, span=span, vmerge="continue")
    props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
    return [f"<w:tr>{props}{''.join(cells[c] for c in sorted(cells))}</w:tr>" for cells in rows]


def _body_row(spec: TableSpec, values: Sequence[object], widths: Sequence[int], bold: bool, size_pt: float) -> str:
    cells = []
    for c, width in enumerate(widths):
        value = values[c] if c < len(values) else None
        text = display(value)  # type: ignore[arg-type]
        center = c not in spec.text_columns
        cells.append(_cell(width, _paragraph(text, bold=bold, center=center, size_pt=size_pt)))
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"


def table_xml(spec: TableSpec, width_cm: float, *, size_pt: float = 12) -> str:
    """The whole bordered table as one XML string, in one pass over the cells."""
    count = spec.column_count
    weights = spec.widths if spec.widths and len(spec.widths) == count else [1.0] * count
    widths = column_twips(weights, width_cm)
    parts = [_table_open(widths, bordered=True), *_header_rows(spec, widths, size_pt)]
    parts += [_body_row(spec, row, widths, i in spec.bold_rows, size_pt) for i, row in enumerate(spec.rows)]
    parts.append("</w:tbl>")
    return "".join(parts)


def add_table(document: DocxDocument, spec: TableSpec, width_cm: float, *, size_pt: float = 12) -> Table:
    """Append the table of `spec` to the body (before the final section properties)."""
    tbl = parse_xml(table_xml(spec, width_cm, size_pt=size_pt))
    document.element.body._insert_tbl(tbl)  # type: ignore[attr-defined]
    return Table(tbl, document._body)


_TBL_PR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)
_PPR_AFTER_BORDER = (
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
_STYLE_AFTER_RPR = ("tblPr", "trPr", "tcPr", "tblStylePr")


def insert_before(parent: object, child: object, successors: Sequence[str]) -> None:
    """Insert `child` before the first existing sibling named in `successors` (the
    schema's element order, which Word enforces), else append it."""
    for name in successors:
        found = parent.find(qn(f"w:{name}"))  # type: ignore[attr-defined]
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)  # type: ignore[attr-defined]


def sort_table_properties(table: Table) -> None:
    """Put `w:tblPr`'s children back in schema order after python-docx appended some."""
    tbl_pr = table._tbl.tblPr
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_TBL_PR_ORDER)}
    children = sorted(tbl_pr, key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        tbl_pr.append(child)


def set_grid(table: Table, widths_cm: Sequence[float]) -> None:
    """Give a python-docx table (the borderless layout tables: header block, closing)
    a designed grid: gridCol widths, the same width on each cell, fixed layout."""
    widths = [twips(w) for w in widths_cm]
    tbl = table._tbl
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    table.autofit = False
    tbl_pr = tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:w"), str(sum(widths)))
        tbl_w.set(qn("w:type"), "dxa")
    for tr in tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")
    sort_table_properties(table)


def no_split_rows(table: Table) -> None:
    for tr in table._tbl.tr_lst:
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def add_page_field(paragraph: Paragraph) -> None:
    """A PAGE field (begin / instruction / separate / "2" / end) Word and LibreOffice update."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def bottom_border(paragraph: Paragraph, *, size_eighths: int = 8) -> None:
    """A solid line under the paragraph, as wide as the paragraph (its indents decide)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(attr), value)
    borders.append(bottom)
    insert_before(p_pr, borders, _PPR_AFTER_BORDER)


def keep_with_next(paragraphs: Iterable[Paragraph]) -> None:
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True


def set_language(document: DocxDocument, language: str = LANGUAGE) -> None:
    """Proofing language on the document defaults and on every style, so Word checks
    Vietnamese spelling (not en-US) whichever style a paragraph uses."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    targets = []
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is not None:
                targets.append(rpr)
    for style in styles.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            insert_before(style, rpr, _STYLE_AFTER_RPR)
        targets.append(rpr)
    for rpr in targets:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), language)


def paragraph_xml(
    text: str,
    *,
    align: str = "both",
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size_pt: float | None = None,
    space_before_pt: float = 0,
    space_after_pt: float | None = 0,
    first_line_cm: float | None = None,
    lead: str = "",
) -> str:
    """One paragraph with one run (after a bold `lead` run when given: "Điều 1."), as
    XML (python-docx's per-property setters insert each element with an XPath search
    over its successors: ~1 ms a property)."""
    spacing = f'w:before="{round(space_before_pt * 20)}"'
    if space_after_pt is not None:
        spacing += f' w:after="{round(space_after_pt * 20)}"'
    ind = f'<w:ind w:firstLine="{twips(first_line_cm)}"/>' if first_line_cm is not None else ""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if size_pt is not None:
        props += f'<w:sz w:val="{round(size_pt * 2)}"/>'
    if underline:
        props += '<w:u w:val="single"/>'
    run = f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    if lead:
        lead_props = props if "<w:b/>" in props else "<w:b/>" + props
        run = f'<w:r><w:rPr>{lead_props}</w:rPr><w:t xml:space="preserve">{escape(lead)} </w:t></w:r>' + run
    return f'<w:p {nsdecls("w")}><w:pPr><w:spacing {spacing}/>{ind}<w:jc w:val="{align}"/></w:pPr>{run}</w:p>'


def append_paragraph(container: Any, xml: str) -> Paragraph:
    """Append a paragraph built by `paragraph_xml` to a document or a table cell."""
    p = parse_xml(xml)
    element = container._element if hasattr(container, "_element") else container
    if element.tag == qn("w:document"):
        element.body._insert_p(p)
        parent = container._body
    else:
        element.append(p)
        parent = container
    return Paragraph(p, parent)
