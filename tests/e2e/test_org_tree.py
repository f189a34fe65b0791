"""Main journeys of the foundation, in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]
# Under var/ (ignored by git), so that `make test` leaves the working tree clean; copy it
# to docs/screenshots/ by hand when the README picture should change.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_secretary_sees_only_own_cell(page: Any, demo_site: str) -> None:
    login(page, demo_site, "bithu.hungthinh")
    page.goto(f"{demo_site}/organizations/")
    tree = page.get_by_test_id("org-tree")
    expect(tree).to_contain_text("Chi bộ Hưng Thịnh")
    expect(tree).not_to_contain_text("Đảng bộ xã Cao Minh")
    expect(tree).not_to_contain_text("Chi bộ Nặm Cáp")
    page.get_by_test_id("org-search").fill("nam cap")
    page.get_by_test_id("org-search").press("Enter")
    expect(page.get_by_text("Không tìm thấy tổ chức nào trong phạm vi của bạn.")).to_be_visible()


def test_board_expands_tree_searches_and_opens_cell(page: Any, demo_site: str) -> None:
    login(page, demo_site, "bxd.caominh")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo_site}/organizations/")
    page.locator("summary", has_text="Đảng bộ xã Cao Minh").first.click()
    expect(page.locator("li[data-org='Chi bộ Hưng Thịnh']")).to_be_visible()
    # Cao Minh, its 41 organisations, and the three communes merged into it on 01/07/2025
    expect(page.locator("li[data-org]")).to_have_count(45)
    expect(page.locator("li[data-org='Đảng bộ xã Công Bằng']")).to_contain_text("01/07/2025")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "tree.png"), full_page=False)

    page.get_by_test_id("org-search").fill("hung thinh")
    page.get_by_test_id("org-search").press("Enter")
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("Chi bộ Hưng Thịnh")
    results.get_by_role("link", name="Chi bộ Hưng Thịnh").click()
    expect(page.get_by_test_id("org-name")).to_have_text("Chi bộ Hưng Thịnh")


def test_tree_is_usable_on_a_phone(page: Any, demo_site: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, demo_site, "bxd.caominh")
    page.goto(f"{demo_site}/organizations/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Mở menu").click()
    expect(page.get_by_role("link", name="Tổ chức đảng")).to_be_visible()


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen(page: Any, demo_site: str, width: int) -> None:
    """Wide content (tables, the board) scrolls inside its own box, never the whole page."""
    page.set_viewport_size({"width": width, "height": 900})
    login(page, demo_site, "bxd.caominh")
    for path in ["/", "/organizations/", "/plans/", "/candidates/", "/monitoring/", "/rules/", "/audit/"]:
        page.goto(f"{demo_site}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
