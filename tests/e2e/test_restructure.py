"""A restructuring through the pages, in a real browser (issue 10, point 7): Cao Minh's
board merges two of its cells, chooses what carries over, previews, confirms, and finds
the cell it merged into listing its predecessor — while Cao Minh's figures for a past
day stay as they were.

The browser tests share one database: this one writes, so it merges two cells no other
browser test names (Nặm Sai into Cốc Nọt), from 01/01/2027, after the demo's day: the
year 2026 (its quotas, events and every page of it) keeps both cells as they are."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from ketnap.orgs.models import Member, Organization, OrganizationSuccession
from ketnap.orgs.restructure import CARRY_CHOICES
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]

PAST_DAY = "2026-09-30"


def _figures(page: Any, base: str, cao_minh: Organization, cells: list[Organization]) -> list[str]:
    """Cao Minh's dashboard for the past day: the year-to-date headline and the two cells' rows."""
    page.goto(f"{base}/monitoring/{cao_minh.pk}/?on={PAST_DAY}")
    seen = [page.get_by_test_id("kpi-admitted").inner_text()]
    for cell in cells:
        seen.append(page.get_by_test_id(f"row-admit-{cell.pk}").get_by_test_id("ytd").inner_text())
    return seen


def test_board_merges_two_cells_through_the_pages(page: Any, demo_site: str) -> None:
    cao_minh = Organization.objects.get(name="Đảng bộ xã Cao Minh", is_demo=True)
    source = Organization.objects.get(name="Chi bộ Nặm Sai", is_demo=True)
    target = Organization.objects.get(name="Chi bộ Cốc Nọt", is_demo=True)
    members = Member.objects.filter(organization=source, left_on__isnull=True).count()
    assert members > 0
    login(page, demo_site, "bxd.caominh")
    before = _figures(page, demo_site, cao_minh, [source, target])

    page.goto(f"{demo_site}/organizations/{source.pk}/")
    page.get_by_test_id("restructure").click()
    page.get_by_test_id("merge").click()
    page.wait_for_url(f"{demo_site}/organizations/{source.pk}/merge/")
    expect(page.get_by_test_id("hanging")).to_contain_text(f"{members} đảng viên")
    page.get_by_label("Chi bộ Cốc Nọt", exact=True).check()
    page.get_by_label("Vào tổ chức đã có").select_option(label="Chi bộ Cốc Nọt")
    page.get_by_label("Ngày hiệu lực").fill("01/01/2027")
    page.get_by_label("Lý do, căn cứ").fill("Nghị quyết số 15-NQ/ĐU ngày 10/11/2026 của Ban Thường vụ Đảng ủy xã")
    # Only the members carry over: everything else is unticked, and nothing else hangs
    # on Nặm Sai from 2027 (its 2026 quota stays with its year).
    for key, label in CARRY_CHOICES.items():
        if key != "members":
            page.get_by_label(label, exact=True).uncheck()
    expect(page.get_by_label(CARRY_CHOICES["members"], exact=True)).to_be_checked()

    page.get_by_test_id("preview-button").click()
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text("Chi bộ Nặm Sai — hoạt động đến hết ngày 2026-12-31")
    expect(preview).to_contain_text("Chi bộ Cốc Nọt — tiếp tục hoạt động")
    expect(preview).to_contain_text(f"Chuyển sang: {members} đảng viên")
    source.refresh_from_db()
    assert source.valid_until is None  # the preview ran the merge and rolled it back

    page.get_by_test_id("confirm").click()
    page.wait_for_url(f"{demo_site}/organizations/{target.pk}/")
    expect(page.get_by_test_id("org-name")).to_have_text("Chi bộ Cốc Nọt")
    predecessor = page.get_by_test_id("predecessor")
    expect(predecessor).to_contain_text("Chi bộ Nặm Sai")
    expect(predecessor).to_contain_text("01/01/2027")
    predecessor.get_by_role("link", name="Chi bộ Nặm Sai").click()
    expect(page.get_by_test_id("successor")).to_contain_text("Chi bộ Cốc Nọt")

    source.refresh_from_db()
    assert source.valid_until == date(2026, 12, 31)
    assert OrganizationSuccession.objects.filter(predecessor=source, successor=target).exists()
    assert not Member.objects.filter(organization=source, left_on__isnull=True).exists()
    assert _figures(page, demo_site, cao_minh, [source, target]) == before
