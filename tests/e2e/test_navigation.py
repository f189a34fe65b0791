"""The menu fits the machines people have (issue 16, point 2): the whole menu in one
row on a 1366-px office laptop, the hamburger only on a phone, the agenda badge in
sight on both, and no page wider than the screen. Reads the demo, writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]

PAGES = ["/", "/organizations/", "/plans/", "/candidates/", "/candidates/agenda/", "/monitoring/", "/rules/"]


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_menu_and_agenda_badge_fit_the_screen(page: Any, demo_site: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    login(page, demo_site, "bithu.hungthinh")
    toggler = page.get_by_role("button", name="Mở menu")
    for path in PAGES:
        page.goto(f"{demo_site}{path}")
        expect(page.locator("nav [data-testid=nav-badge]:visible").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        nav_height = page.evaluate("document.querySelector('nav').getBoundingClientRect().height")
        assert nav_height < 70, (path, nav_height)  # one row
        if width >= 992:
            expect(toggler).to_be_hidden()
            expect(page.get_by_role("link", name="Việc cần làm")).to_be_visible()
            expect(page.get_by_role("link", name="Quy định")).to_be_visible()
        else:
            expect(toggler).to_be_visible()
