"""The dashboard read in a browser (issue 16, point 5): the progress table sorts by a
column from its header button (aria-sort says how, the total stays last), its rows
carry their status in words and colour, and each structure chart's labels fit their
axis (none cut at the canvas's edge)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from ketnap.orgs.models import Organization
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]
ON = date(2026, 11, 20)


def _column(tab: Any, index: int) -> list[str]:
    return list(
        tab.evaluate(
            """(i) => [...document.querySelectorAll('[data-testid=progress-admit] tbody tr')]
                .map(r => r.dataset.sortFixed !== undefined ? 'TOTAL' : r.cells[i].textContent.trim())""",
            index,
        )
    )


def _number(text: str) -> float:
    cleaned = text.replace(".", "").replace(",", ".").replace("%", "")
    return float(cleaned) if cleaned not in ("", "—") else float("-inf")


def test_progress_table_sorts_and_structure_charts_fit(demo_site: str, browser: Any) -> None:
    commune = Organization.objects.get(name="Đảng bộ xã Cao Minh", is_demo=True)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    tab = context.new_page()
    try:
        login(tab, demo_site, "bxd.caominh")
        tab.goto(f"{demo_site}/monitoring/{commune.pk}/?on={ON.isoformat()}")
        table = tab.get_by_test_id("progress-admit")
        header = table.locator("th", has_text="% chỉ tiêu năm")
        header.get_by_role("button").click()
        expect(header).to_have_attribute("aria-sort", "ascending")
        values = _column(tab, 12)
        assert values[-1] == "TOTAL"
        numbers = [_number(v) for v in values[:-1]]
        assert numbers == sorted(numbers)
        header.get_by_role("button").click()
        expect(header).to_have_attribute("aria-sort", "descending")
        numbers = [_number(v) for v in _column(tab, 12)[:-1]]
        assert numbers == sorted(numbers, reverse=True)
        # Sorting by status puts the rows at 0 % first; each says so in words, not colour alone.
        status = table.locator("th", has_text="Tình trạng")
        status.get_by_role("button").click()
        expect(header).not_to_have_attribute("aria-sort", "ascending")
        first = table.locator("tbody tr").first
        if first.get_attribute("data-status") == "zero":
            expect(first.get_by_test_id("status")).to_have_text("Chưa thực hiện")
            colour = first.locator("td").first.evaluate("e => getComputedStyle(e).backgroundColor")
            assert colour == "rgb(248, 215, 218)"

        charts = tab.get_by_test_id("structure-charts").locator("canvas[data-drawn='1']")
        expect(charts).to_have_count(4)
        clipped = tab.evaluate(
            """() => [...document.querySelectorAll('[data-testid=structure-charts] canvas')].flatMap(c => {
                  const y = Chart.getChart(c).scales.y;
                  const widest = y._labelSizes ? y._labelSizes.widest.width : 0;
                  return (y.left < 0 || widest > y.width) ? [`${c.dataset.chart}: ${widest} > ${y.width}`] : [];
               })"""
        )
        assert clipped == []
    finally:
        context.close()
