"""Issue 4, item 11 in a real browser: the Đồng Tiến board uploads its appendix, sees
the preview, applies it, fixes a deliberately wrong cell in the grid (totals and
check messages update without a reload, on a phone-sized screen), then downloads the
plan as .docx."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "dong_tien_2024.xlsx"


def test_board_uploads_previews_applies_fixes_and_downloads(page: Any, demo_site: str) -> None:
    login(page, demo_site, "bxd.dongtien")
    page.goto(f"{demo_site}/plans/")
    page.get_by_test_id("new-plan").click()
    page.get_by_label("Tổ chức lập kế hoạch").select_option(label="Đảng bộ xã Đồng Tiến")
    page.get_by_label("Năm").fill("2025")
    page.get_by_label("Số đảng viên cần kết nạp").fill("7")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("Dự thảo")

    page.get_by_test_id("import-link").click()
    page.get_by_label("Tệp phụ lục (.xlsx hoặc .docx)").set_input_files(str(FIXTURE))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("import-ok")).to_contain_text("giới thiệu 15, kết nạp 7")
    expect(page.get_by_test_id("preview")).to_contain_text("Chi bộ Đèo Cáo - Lân Chàm")
    page.get_by_test_id("apply").click()  # a background job (run at once in tests); its page opens the grid
    expect(page.get_by_text("Đã nhập 17 dòng từ dong_tien_2024.xlsx.")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_test_id("ctot-o-admit_total")).to_have_text("7")
    expect(page.get_by_test_id("ctot-m-admit_total")).to_have_text("5")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    mam_non = page.locator("tr[data-org='Chi bộ Trường Mầm non']")
    cell = mam_non.locator("input[data-testid^='cell-'][data-testid$='-admit_q2']")
    expect(cell).to_have_value("1")
    page.reload()  # the grid has no client state: what is shown is what is stored

    cell.fill("0")
    cell.press("Tab")
    expect(page.get_by_test_id("ctot-o-admit_total")).to_have_text("6")
    expect(page.get_by_test_id("ctot-o-admit_q2")).to_have_text("1")
    expect(page.get_by_test_id("findings")).to_contain_text("là 6, chưa đủ chỉ tiêu chung 7 (còn thiếu 1)")

    cell.fill("1,5")
    cell.press("Tab")
    expect(mam_non.get_by_test_id("cell-error").first).to_contain_text("không phải số nguyên")
    expect(page.get_by_test_id("ctot-o-admit_total")).to_have_text("6")

    cell.fill("1")
    cell.press("Tab")
    expect(page.get_by_test_id("ctot-o-admit_total")).to_have_text("7")
    expect(page.get_by_test_id("findings-ok")).to_be_visible()
    expect(mam_non.locator("[id^='tot-'][id$='-admit']")).to_have_text("2")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Đảng bộ xã Đồng Tiến — 2025").click()
    with page.expect_download() as download_info:
        page.get_by_test_id("export-docx").click()
    path = download_info.value.path()
    document = docx.Document(io.BytesIO(Path(path).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "KẾ HOẠCH" in text and "phát triển đảng viên năm 2025" in text
    header = document.tables[0].rows[0].cells
    assert "ĐẢNG ỦY XÃ ĐỒNG TIẾN" in header[0].text and "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    appendix = document.tables[3]
    assert [c.text for c in appendix.rows[-1].cells[10:12]] == ["15", "7"]
