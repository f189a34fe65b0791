"""Exports open and read back: the .xlsx re-imports to the same numbers, the .docx is
the party's document with the appendix, the PDF carries the same text."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from ketnap.audit.models import AuditEvent
from ketnap.documents.pdf import soffice_path
from ketnap.orgs.models import Organization
from ketnap.plans.importer import import_allocations
from ketnap.plans.models import Plan
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _numbers(result) -> list[tuple[str, object, object, int, int]]:  # type: ignore[no-untyped-def]
    return [(a["organization"], a["introduce"], a["admit"], a["introduce_total"], a["admit_total"])
            for a in result.as_json()["allocations"]]  # fmt: skip


@pytest.mark.parametrize(("org_name", "year"), [("Đảng bộ xã Đồng Tiến", 2024), ("Đảng bộ xã Cao Minh", 2026)])
def test_xlsx_export_reimports_to_the_same_numbers(org_name: str, year: int) -> None:
    org = Organization.objects.get(name=org_name, is_demo=True)
    plan = Plan.objects.get(organization=org, year=year)
    response = client_for("tinh.thainguyen" if "Cao" in org_name else "bxd.dongtien").get(
        reverse("plans:export_xlsx", args=[plan.pk])
    )
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    data = response.content
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    # Orientation follows the table's width: Đồng Tiến's quarterly table is landscape,
    # Cao Minh's four columns fit a portrait page.
    assert ws.page_setup.orientation == ("portrait" if "Cao" in org_name else "landscape") and ws.print_title_rows
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert any("A" in str(r) and ":" in str(r) for r in ws.merged_cells.ranges)
    reimported = import_allocations(org=org, year=year + 5, data=data, filename="xuat.xlsx", actor=None, dry_run=True)
    assert reimported.ok, [str(i) for i in reimported.outcome.issues]
    source = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
    source /= "dong_tien_2024.xlsx" if "Đồng" in org_name else "cao_minh_2026.docx"
    original = import_allocations(
        org=org, year=year + 5, filename=source.name, data=source.read_bytes(), actor=None, dry_run=True
    )
    original_numbers = _numbers(original)
    if "Cao" in org_name:
        assert len(original_numbers) == 41
    assert _numbers(reimported) == original_numbers
    assert AuditEvent.objects.filter(action="export", object_id=str(plan.pk)).exists()


def test_docx_is_the_official_plan_with_a_landscape_appendix(dong_tien: Organization) -> None:
    plan = Plan.objects.get(organization=dong_tien, year=2024)
    response = client_for("bxd.dongtien").get(reverse("plans:export_docx", args=[plan.pk]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs][:3] == ["ĐẢNG BỘ TỈNH LẠNG SƠN", "ĐẢNG ỦY XÃ ĐỒNG TIẾN", "*"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right.paragraphs[-1].text == "Đồng Tiến, ngày 23 tháng 01 năm 2024"
    texts = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in texts and "phát triển đảng viên năm 2024" in texts
    assert any(t.startswith("Căn cứ Kế hoạch số 222-KH/HU") for t in texts)
    assert any("kết nạp từ 06 đảng viên mới trở lên" in t for t in texts)
    assert "- Khối chi bộ nông thôn kết nạp từ 03 đảng viên trở lên." in texts
    signature = [p.text for p in document.tables[1].rows[0].cells[1].paragraphs if p.text]
    assert signature == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đàm Văn Học"]
    assert "Nơi nhận:" in document.tables[1].rows[0].cells[0].text
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.LANDSCAPE]
    cells_table, mass_table = document.tables[3], document.tables[5]
    assert cells_table.rows[3].cells[1].text == "Chi bộ Đèo Cáo - Lân Chàm"
    assert [c.text for c in cells_table.rows[3].cells[2:12]] == ["-", "-", "1", "-", "-", "1", "-", "-", "1", "1"]
    total = cells_table.rows[-1].cells
    assert total[1].text == "Tổng cộng" and [c.text for c in total[10:12]] == ["15", "7"]
    assert total[10].paragraphs[0].runs[0].bold
    assert [c.text for c in mass_table.rows[-1].cells[10:12]] == ["7", "5"]


@pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) hoặc pdftotext chưa được cài: apt-get install libreoffice-writer-nogui poppler-utils",
)
def test_pdf_export_has_the_plan_text(cao_minh: Organization, tmp_path: Path) -> None:
    plan = Plan.objects.get(organization=cao_minh, year=2026)
    client = client_for("ubkt.caominh")
    # The PDF is made by a background job (run inline in tests); the page links the result.
    page = client.get(reverse("plans:export_pdf", args=[plan.pk]), follow=True).content.decode()
    assert "Bản PDF đã sẵn sàng" in page, page
    from ketnap.jobs.models import Job

    response = client.get(reverse("jobs:result", args=[Job.objects.latest("id").pk]))
    content = b"".join(response.streaming_content)
    assert response.status_code == 200 and content.startswith(b"%PDF")
    path = tmp_path / "kh.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "ĐẢNG ỦY XÃ CAO MINH" in text and "Hứa Ngọc Sỹ" in text
    assert "3,2%" in text and "Chi bộ Trạm Y tế" in text
