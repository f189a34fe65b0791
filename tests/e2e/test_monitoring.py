"""Monitoring in a real browser: the board reads a cell's progress on the Cao Minh
dashboard (charts drawn under the CSP), opens a reporting round, the cell's secretary
submits her report, and the board compiles."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from ketnap.monitoring.selectors.progress import progress
from ketnap.orgs.models import Organization
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_dashboard_round_submit_and_compile(page: Any, demo_site: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    errors: list[str] = []  # script errors and CSP refusals (a missing favicon is not ours)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    cao_minh = Organization.objects.get(name="Đảng bộ xã Cao Minh", is_demo=True)
    hung_thinh = Organization.objects.get(name="Chi bộ Hưng Thịnh", is_demo=True)
    on = date(2026, 11, 20)
    row = next(r for r in progress(cao_minh, on).rows if r.organization == hung_thinh)

    # The board opens the Cao Minh dashboard and reads Hưng Thịnh's progress.
    login(page, demo_site, "bxd.caominh")
    page.get_by_role("link", name="Theo dõi").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Theo dõi phát triển đảng viên năm 2026")
    page.goto(f"{demo_site}/monitoring/{cao_minh.pk}/?on={on.isoformat()}")
    line = page.get_by_test_id(f"row-admit-{hung_thinh.pk}")
    expect(line).to_contain_text("Chi bộ Hưng Thịnh")
    expect(line.get_by_test_id("ytd")).to_have_text(str(row.achieved["admit"].ytd))
    expect(line.locator("td").nth(2)).to_have_text(str(row.quota.admit))  # after the status column
    expect(page.get_by_test_id("drifts")).to_contain_text("Chi bộ Hưng Thịnh")
    # Progress, funnel, and the structure one chart per dimension (issue 16).
    expect(page.get_by_test_id("structure-charts").locator("canvas[data-drawn='1']")).to_have_count(4)
    expect(page.locator("canvas[data-drawn='1']")).to_have_count(6)

    # … opens a reporting round for the fourth quarter.
    page.get_by_role("link", name="Đợt báo cáo", exact=True).click()
    page.get_by_test_id("open-round").click()
    page.get_by_label("Loại báo cáo").select_option("quarterly")
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Quý (báo cáo quý)").select_option("4")
    page.get_by_label("Hạn các tổ chức trực thuộc nộp báo cáo").fill("2027-01-05")
    page.get_by_label("Hạn báo cáo cấp trên (tổng hợp)").fill("2027-01-10")
    page.get_by_role("button", name="Mở đợt báo cáo").click()
    expect(page.get_by_test_id("round-title")).to_contain_text("Quý IV năm 2026")
    expect(page.get_by_test_id("submitted-count")).to_have_text("Đã nộp 0/41")
    round_url = page.url
    _logout(page)

    # The secretary of Hưng Thịnh finds the report among hers and submits it.
    login(page, demo_site, "bithu.hungthinh")
    page.get_by_role("link", name="Báo cáo").click()
    page.get_by_test_id("pending").get_by_role("link", name="Quý IV năm 2026").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Chưa nộp")
    page.get_by_label("Kết quả nổi bật").fill("Chi bộ hoàn thành chỉ tiêu kết nạp năm 2026.")
    page.get_by_label("Hạn chế, khó khăn, nguyên nhân").fill("Nguồn tại chỗ ít.")
    page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Đã nộp")
    submitted = page.get_by_test_id("figure-admitted_ytd").locator("td").nth(1).inner_text()
    _logout(page)

    # The board sees one report in and compiles its own report for the level above.
    login(page, demo_site, "bxd.caominh")
    page.goto(round_url)
    expect(page.get_by_test_id("submitted-count")).to_have_text("Đã nộp 1/41")
    expect(page.get_by_test_id(f"report-row-{hung_thinh.pk}")).to_contain_text("Đã nộp")
    page.get_by_test_id("compile").click()
    expect(page.get_by_test_id("report-title")).to_have_text("Báo cáo tổng hợp Quý IV năm 2026")
    expect(page.get_by_test_id("parts")).to_contain_text("Chi bộ Hưng Thịnh")
    expect(page.get_by_test_id("missing")).to_contain_text("Chi bộ Trung Hòa")
    expect(page.get_by_test_id("figure-admitted_ytd").locator("td").nth(1)).to_have_text(submitted)
    assert errors == []


@pytest.mark.parametrize(
    ("username", "lands_on", "row"),
    [
        ("bithu.hungthinh", "Chi bộ Hưng Thịnh", "Chi bộ Hưng Thịnh"),
        ("tinh.thainguyen", "Đảng bộ tỉnh Thái Nguyên", "Đảng bộ xã Cao Minh"),
    ],
)
def test_each_viewer_lands_on_the_top_of_their_scope(
    page: Any, demo_site: str, username: str, lands_on: str, row: str
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    login(page, demo_site, username)
    page.get_by_role("link", name="Theo dõi").click()
    expect(page.locator(".breadcrumb-item.active")).to_have_text(lands_on)
    expect(page.get_by_test_id("progress-admit")).to_contain_text(row)
    expect(page.get_by_test_id("progress-admit")).not_to_contain_text("Chi bộ Nặm Cáp")
