"""A login survives a server clock years away from the browser's (issue 16, point 1).

The test session freezes the server's clock on the demo's day (tests/clock.py) while
Chromium keeps the real one. A cookie whose lifetime the browser judged by `Expires`
alone would be dropped as already expired (or kept long after the server ended it);
Django's `Max-Age` keeps the session and CSRF cookies valid on any real date. Here the
server travels further, to years before and after any plausible real date."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from tests.clock import HANOI
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]


@pytest.mark.parametrize("year", [2019, 2045])
def test_a_login_lasts_when_the_server_clock_is_years_away(page: Any, demo_site: str, year: int) -> None:
    with time_machine.travel(datetime(year, 6, 1, 9, tzinfo=HANOI), tick=True):
        page.context.clear_cookies()
        login(page, demo_site, "bxd.caominh")
        for path in ("/organizations/", "/candidates/agenda/"):
            page.goto(f"{demo_site}{path}")
            assert page.url == f"{demo_site}{path}", page.url  # not sent back to the login page
            expect(page.get_by_test_id("current-user")).to_have_text("bxd.caominh")
