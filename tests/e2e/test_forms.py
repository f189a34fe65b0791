"""Forms in a real browser (issue 16, points 3 and 5).

- An English (en-US) browser, whose native date inputs read month first: the secretary
  types 05/03/2026 into a step's date field and the act is dated 5 March 2026.
- The introduce form on a 390 × 844 phone, sent empty: the error summary is shown at the
  top with the focus on it, the name field is outlined, and every control is at least
  44 px tall.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import Stage
from tests.e2e.conftest import login
from tests.pipeline.helpers import candidate_at

pytestmark = [pytest.mark.e2e]
SECRETARY = "bithu.hungthinh"
PHONE = {"width": 390, "height": 844}


def _context(browser: Any, **kwargs: Any) -> Any:
    context = browser.new_context(timezone_id="Asia/Ho_Chi_Minh", **kwargs)
    context.on("page", lambda tab: tab.on("dialog", lambda dialog: dialog.accept()))
    return context


def test_an_english_browser_types_a_vietnamese_day(demo_site: str, browser: Any) -> None:
    cell = Organization.objects.get(name="Chi bộ Hưng Thịnh", is_demo=True)
    c = candidate_at(cell, Stage.SYMPATHIZER, full_name="Trần Thị Ngày Tháng")
    context = _context(browser, locale="en-US")
    tab = context.new_page()
    try:
        login(tab, demo_site, SECRETARY)
        tab.goto(f"{demo_site}/candidates/{c.pk}/steps/withdraw/")
        field = tab.locator("#id_on")
        expect(field).to_have_attribute("placeholder", "dd/mm/yyyy")
        expect(tab.get_by_role("button", name="Chọn ngày trên lịch")).to_be_visible()
        field.fill("")
        field.press_sequentially("05032026")  # the slashes come by themselves
        expect(field).to_have_value("05/03/2026")
        tab.get_by_label("Lý do").fill("Xin thôi")
        tab.get_by_role("button", name="Lưu").click()
        tab.wait_for_url(f"{demo_site}/candidates/{c.pk}/")
        c.refresh_from_db()
        assert c.stage == Stage.WITHDRAWN and c.stage_since == date(2026, 3, 5)
    finally:
        context.close()


def test_calendar_choice_is_written_dd_mm_yyyy(demo_site: str, browser: Any) -> None:
    """The browser's own picker (opened by the button) answers ISO; the field shows dd/mm/yyyy."""
    context = _context(browser, locale="en-US")
    tab = context.new_page()
    try:
        login(tab, demo_site, SECRETARY)
        tab.goto(f"{demo_site}/candidates/agenda/")
        tab.evaluate(
            """() => { const n = document.querySelector('#on ~ .day-pick-wrap .day-native');
                       n.value = '2026-03-05'; n.dispatchEvent(new Event('change')); }"""
        )
        expect(tab.locator("#on")).to_have_value("05/03/2026")
        tab.get_by_role("button", name="Xem").first.click()
        expect(tab.locator("#on")).to_have_value("05/03/2026")
        assert "on=05%2F03%2F2026" in tab.url
    finally:
        context.close()


def test_introduce_form_sent_empty_on_a_phone(demo_site: str, browser: Any) -> None:
    context = _context(browser, locale="vi-VN", viewport=PHONE)
    tab = context.new_page()
    try:
        login(tab, demo_site, SECRETARY)
        tab.goto(f"{demo_site}/candidates/introduce/")
        small = tab.evaluate(
            """(min) => [...document.querySelectorAll(
                  'main form input:not([type=hidden]):not([type=checkbox]):not(.day-native), main form select,'
                  + ' main form textarea, main form button, main form .form-check')]
                .filter(e => e.offsetParent !== null)
                .filter(e => e.getBoundingClientRect().height < min)
                .map(e => `${e.tagName} ${e.name || e.className}: ${e.getBoundingClientRect().height}`)""",
            44,
        )
        assert small == []
        tab.get_by_role("button", name="Ghi nhận giới thiệu").click()
        summary = tab.get_by_test_id("error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        box = summary.bounding_box()
        assert box is not None and 0 <= box["y"] < PHONE["height"]  # on screen, not below the fold
        name = tab.locator("#id_full_name")
        expect(name).to_have_attribute("aria-invalid", "true")
        border = name.evaluate("e => getComputedStyle(e).borderTopColor")
        assert border == "rgb(176, 42, 55)"
        summary.get_by_role("link", name="Họ và tên", exact=False).click()
        expect(name).to_be_focused()
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
