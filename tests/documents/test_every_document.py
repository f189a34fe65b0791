"""Every .docx the screens offer, read back as Word reads it (issue 13, point 7): the
plan, the sympathizer list, a report, the evaluation and each admission form of a
demo candidate — designed column widths (grid and cells), the page-number field from
page 2, the signature kept with the last paragraph, vi-VN and Times New Roman in the
styles, the place in the date line, "Phụ lục n" among several, properties naming the
issuer and the template version."""

from __future__ import annotations

import io
import re

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn
from lxml import etree

from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.pipeline import documents
from ketnap.pipeline.models import Candidate
from ketnap.plans.models import Plan
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db
DATE_LINE = re.compile(r"^[^\d,]+, ngày (\d{2}|\s+) tháng (\d{1,2}|\s+) năm( \d{4})?$")


def demo_form_urls() -> dict[str, tuple[str, str]]:
    """(user, URL) of each form a demo candidate of Cao Minh can print."""
    cao_minh = org("Đảng bộ xã Cao Minh")
    found: dict[str, tuple[str, str]] = {}
    people = Candidate.objects.filter(organization__path__startswith=cao_minh.path).order_by("pk")
    for c in people.prefetch_related("resolutions", "appraisals", "verifications"):
        for code, _ in documents.available(c):
            found.setdefault(code, ("bxd.caominh", reverse("pipeline:form", args=[c.pk, code])))
    return found


def document_urls() -> dict[str, tuple[str, str]]:
    cao_minh = org("Đảng bộ xã Cao Minh")
    q1 = ReportingRound.objects.get(organization=cao_minh, quarter=1, is_demo=True)
    compiled = PeriodicReport.objects.get(round=q1, organization=cao_minh)
    plan = Plan.objects.get(organization=cao_minh, year=2026)
    evaluation = reverse("monitoring:evaluation", args=[cao_minh.pk]) + "?on=2026-11-20&format=docx"
    return {
        "kế hoạch": ("tinh.thainguyen", reverse("plans:export_docx", args=[plan.pk])),
        "danh sách cảm tình": (
            "bithu.hungthinh",
            reverse("pipeline:sympathizers_docx", args=[org("Chi bộ Hưng Thịnh").pk]),
        ),
        "báo cáo tổng hợp": ("bxd.caominh", reverse("monitoring:report_docx", args=[compiled.pk])),
        "đánh giá": ("bxd.caominh", evaluation),
        **demo_form_urls(),
    }


NAMES = ["kế hoạch", "danh sách cảm tình", "báo cáo tổng hợp", "đánh giá", "6-knd", "9-knd", "13-knd", "qd-cn"]


def _xml(element: object) -> str:
    return etree.tostring(element, encoding=str)


def _open(name: str) -> docx.document.Document:
    urls = document_urls()
    assert name in urls, f"the demo has no {name}: {sorted(urls)}"
    user, url = urls[name]
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return docx.Document(io.BytesIO(data))


@pytest.mark.parametrize("name", NAMES)
def test_document_reads_back_in_the_party_format(name: str) -> None:
    document = _open(name)
    body = document.element.body
    # widths: every table has a grid of positive columns and every cell its width
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert grid and all(w > 0 for w in grid), (name, grid)
        for tc in table._tbl.iter(qn("w:tc")):
            width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            assert width is not None and int(width.get(qn("w:w"))) > 0, name
    # data tables (bordered) repeat their header row on every page
    for table in document.tables:
        if table._tbl.tblPr.find(qn("w:tblBorders")) is None:
            assert table._tbl.tr_lst[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, name
    # page numbers from page 2: a first-page header of its own, a PAGE field in the default one
    first = document.sections[0]
    assert first.different_first_page_header_footer, name
    header_xml = _xml(first.header._element)
    assert "PAGE" in header_xml and 'w:jc w:val="center"' in header_xml, name
    # the signature block kept with the last paragraph before it
    closing = next(t for t in document.tables if "T/M" in _xml(t._tbl))
    before = closing._tbl.getprevious()
    while before is not None and before.tag != qn("w:p"):
        before = before.getprevious()
    assert before is not None and before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, name
    # vi-VN and Times New Roman in the styles; no en-US anywhere
    styles = _xml(document.styles.element)
    assert 'w:val="vi-VN"' in styles and "en-US" not in styles, name
    defaults = _xml(document.styles.element.find(qn("w:docDefaults")))
    assert 'w:ascii="Times New Roman"' in defaults, name
    # the place in every date line (each header block's)
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    date_lines = [t for t in cells if "ngày" in t and "tháng" in t and "năm" in t and len(t) < 60]
    assert date_lines and all(DATE_LINE.match(t) for t in date_lines), (name, date_lines)
    # "Phụ lục 1, 2, …" when there are several
    titles = [p.text for p in document.paragraphs if p.text.startswith("PHỤ LỤC")]
    if len(titles) > 1:
        assert titles == [f"PHỤ LỤC {i}" for i in range(1, len(titles) + 1)], (name, titles)
    # properties: the issuer, not python-docx; the template version
    props = document.core_properties
    assert props.author and "python-docx" not in props.author and props.language == "vi-VN", name
    assert "mẫu " in props.comments and "@" in props.comments, (name, props.comments)
    assert len(body) > 3
