"""Accessible (issue 16, point 8): axe-core (vendored, tests/e2e/assets) finds no
critical or serious violation on any main page — the menu's entries, after their
redirects — as any demo role. One logged-in page per role (`signed_in`); reads only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ketnap.orgs.demo.loader import DEMO_LOGINS
from tests.e2e.conftest import main_pages

pytestmark = [pytest.mark.e2e]
AXE = Path(__file__).parent / "assets" / "axe.min.js"
SERIOUS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')}`)"""


def serious_violations(tab: Any) -> list[str]:
    tab.add_script_tag(path=str(AXE))
    return list(tab.evaluate(SERIOUS))


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_no_serious_accessibility_violation_on_any_main_page(signed_in: Any, demo_site: str, username: str) -> None:
    tab = signed_in(username)
    tab.set_viewport_size({"width": 1280, "height": 720})  # another test may have left a phone's
    found: list[str] = []
    for path in main_pages(username):
        response = tab.goto(f"{demo_site}{path}")
        assert response is not None and response.ok, (path, response and response.status)
        tab.wait_for_load_state("networkidle")
        found += [f"{path} → {tab.url.removeprefix(demo_site)}: {v}" for v in serious_violations(tab)]
    assert not found, "\n".join(found)
