"""Files: the compiled report's spreadsheet adds up (its "Cộng" row is the sum of the
organisations' rows, for every column), the .docx is in the party format, the
dashboard and the forms export, and every export is in the audit trail."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from ketnap.audit.models import AuditEvent
from ketnap.monitoring.figures import KEYS, LABELS
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.orgs.models import Organization
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db
BOARD = "bxd.caominh"


def _q1_report(name: str) -> PeriodicReport:
    q1 = ReportingRound.objects.get(organization=org("Đảng bộ xã Cao Minh"), quarter=1, is_demo=True)
    return PeriodicReport.objects.get(round=q1, organization=org(name))


def _rows(sheet: Any) -> Iterator[list[Any]]:
    for row in sheet.iter_rows(values_only=True):
        yield list(row)


def _download(url: str) -> bytes:
    response = client_for(BOARD).get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_compiled_spreadsheet_total_is_the_sum_of_the_rows() -> None:
    report = _q1_report("Đảng bộ xã Cao Minh")
    data = _download(reverse("monitoring:report_xlsx", args=[report.pk]))
    book = load_workbook(io.BytesIO(data), data_only=True)  # the values cached in the file
    rows = list(_rows(book["Các tổ chức"]))
    header = next(r for r in rows if r[:2] == ["TT", "Tổ chức"])
    columns = header[2:]
    assert columns == [LABELS[k] for k in KEYS]
    parts = [r for r in rows if isinstance(r[0], int)]
    total = next(r for r in rows if r[1] == "Cộng")
    assert len(parts) == len(report.figures["parts"]) == 41
    for i, key in enumerate(KEYS, start=2):
        assert total[i] == sum(p[i] for p in parts) == report.figures["figures"][key], key
    # ... and the totals are formulas over the rows, so edits in Excel add up too.
    formulas = load_workbook(io.BytesIO(data))["Các tổ chức"]
    total_row = next(r for r in formulas.iter_rows() if r[1].value == "Cộng")
    first = next(r for r in formulas.iter_rows() if r[0].value == 1)[0].row
    assert total_row[2].value == f"=SUM(C{first}:C{total_row[2].row - 1})"


def test_report_docx_is_an_official_report() -> None:
    report = _q1_report("Chi bộ Hưng Thịnh")
    document = Document(io.BytesIO(_download(reverse("monitoring:report_docx", args=[report.pk]))))
    text = "\n".join(p.text for p in document.paragraphs)
    header = "\n".join(c.text for t in document.tables[:1] for row in t.rows for c in row.cells)
    assert "CHI BỘ HƯNG THỊNH" in header and "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "ĐẢNG BỘ XÃ CAO MINH" in header
    assert "BÁO CÁO" in text and "kết quả công tác phát triển đảng viên Quý I năm 2026" in text
    assert "I. KẾT QUẢ THỰC HIỆN" in text and "III. ĐỀ XUẤT, KIẾN NGHỊ" in text
    figures = report.figures["figures"]
    assert f"Kết nạp {figures['admitted_period']:02d} đảng viên mới trong kỳ" in text
    closing = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Đảng ủy xã Cao Minh (b/c)" in closing and "T/M CHI BỘ" in closing


def test_dashboard_spreadsheet_total_row() -> None:
    data = _download(reverse("monitoring:dashboard_xlsx", args=[org("Đảng bộ xã Cao Minh").pk]) + "?on=2026-09-30")
    sheet = load_workbook(io.BytesIO(data), data_only=True)["Kết nạp"]
    rows = list(_rows(sheet))
    body = [r for r in rows if isinstance(r[0], int)]
    total = next(r for r in rows if r[1] == "Cộng")
    assert len(body) == 41
    assert total[2] == sum(r[2] for r in body) == 41  # the yearly quotas of the appendix
    assert total[11] == sum(r[11] for r in body)  # admitted from the start of the year
    formulas = load_workbook(io.BytesIO(data))["Kết nạp"]
    assert str(next(r for r in formulas.iter_rows() if r[1].value == "Cộng")[2].value).startswith("=SUM(C")


@pytest.mark.parametrize(
    ("url", "query", "expect"),
    [
        ("monitoring:statistics", "?on=2026-11-20&format=xlsx", "Tổng số đảng viên mới kết nạp"),
        ("monitoring:evaluation", "?on=2026-11-20&format=xlsx", "Gợi ý đánh giá, xếp loại"),
    ],
)
def test_form_spreadsheets(url: str, query: str, expect: str) -> None:
    data = _download(reverse(url, args=[org("Đảng bộ xã Cao Minh").pk]) + query)
    book = load_workbook(io.BytesIO(data))
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert any(expect in c for c in cells)


def test_evaluation_docx() -> None:
    data = _download(reverse("monitoring:evaluation", args=[org("Đảng bộ xã Cao Minh").pk]) + "?format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "đánh giá kết quả thực hiện chỉ tiêu phát triển đảng viên năm" in text
    assert "II. ĐẦU VÀO CHO ĐÁNH GIÁ, XẾP LOẠI CÁC TỔ CHỨC ĐẢNG" in text


def test_exports_are_audited() -> None:
    report = _q1_report("Chi bộ Hưng Thịnh")
    before = AuditEvent.objects.filter(action="export").count()
    _download(reverse("monitoring:report_docx", args=[report.pk]))
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert AuditEvent.objects.filter(action="export").count() == before + 1
    assert event.object_id == str(report.pk) and event.org_path == report.organization.path


def test_statistics_form_is_the_official_biểu_2() -> None:
    data = _download(
        reverse("monitoring:statistics", args=[org("Đảng bộ xã Cao Minh").pk]) + "?on=2026-11-20&format=xlsx"
    )
    book = load_workbook(io.BytesIO(data), data_only=True)
    form = [[v for v in row if v is not None] for row in book["Biểu 2"].iter_rows(values_only=True)]
    flat = [str(v) for row in form for v in row]
    assert flat[:2] == ["ĐẢNG ỦY XÃ CAO MINH", "BAN XÂY DỰNG ĐẢNG"]  # the board's name in the header
    assert not any("lý luận chính trị" in v for v in flat)  # no section the form does not have
    assert "NGƯỜI LẬP BIỂU" in flat and "TRƯỞNG BAN" in flat  # both signature blocks
    part_three = {row[1]: row[2] for row in form if len(row) > 2 and row[1] in ("Đảng bộ cơ sở", "Chi bộ cơ sở")}
    commune = org("Đảng bộ xã Cao Minh")
    children = list(Organization.objects.get_children(commune))
    subs, cells = sum(1 for c in children if not c.is_cell), sum(1 for c in children if c.is_cell)
    assert subs >= 1 and cells >= 30  # the 2025 model: the commune's sub-committees and its own cells
    assert part_three == {"Đảng bộ cơ sở": subs, "Chi bộ cơ sở": cells}
    ethnic = [row for row in book["Biểu 2B dân tộc"].iter_rows(values_only=True) if isinstance(row[0], int)]
    assert len(ethnic) == 55
    religions = [row for row in book["Biểu 2B tôn giáo"].iter_rows(values_only=True) if isinstance(row[0], int)]
    assert len(religions) == 8
