"""The session's clock (tests/clock.py): every test, and every page it opens, lives on
the demo's written day whatever the real date, so the suite passes in 2027 and 2030 as
it did in 2026. Without the freeze these fail on any day but BASE_DAY."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ketnap.orgs.demo.clock import BASE_DAY
from tests.clock import HANOI, SESSION_START
from tests.conftest import client_for


def test_the_session_lives_on_the_demo_day_and_its_clock_ticks() -> None:
    assert timezone.localdate() == BASE_DAY == date.today()
    assert SESSION_START <= timezone.now() < SESSION_START.replace(hour=23)
    before, started = time.time(), time.perf_counter()
    while time.perf_counter() - started < 0.01:  # no sleep: libfaketime's frozen-start mode refuses it
        pass
    assert time.time() > before


def test_a_test_may_still_travel_and_comes_back_to_the_demo_day() -> None:
    with time_machine.travel(datetime(2030, 1, 2, 9, tzinfo=HANOI), tick=False):
        assert timezone.localdate() == date(2030, 1, 2)
    assert timezone.localdate() == BASE_DAY


@pytest.mark.django_db
def test_pages_see_the_demo_day() -> None:
    """The home page dates its headcounts by the view's own `timezone.localdate()`."""
    html = client_for("bxd.caominh").get(reverse("home")).content.decode()
    assert f"số đảng viên ngày {BASE_DAY:%d/%m/%Y}" in html
