"""A living demo (issue 16, point 1): loaded on any day it shows that day's picture.

At the written day (the session's demo, BASE_DAY): communes of Thái Nguyên ahead of and
behind their quota, procedure violations and an approved exception for the inspection
committee, overdue items for each secretary. Loaded in 2027 and 2030 (the clock frozen
at the anchor, as a `make demo` on that day): a plan of the current year with progress
against it, and a reporting round due this quarter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from ketnap.monitoring.models import ReportingRound
from ketnap.monitoring.periods import whole_year
from ketnap.monitoring.selectors.inspection import exceptions, findings
from ketnap.monitoring.selectors.progress import progress
from ketnap.orgs.demo.clock import BASE_DAY
from ketnap.pipeline.selectors.agenda import agenda
from ketnap.plans.models import Plan
from ketnap.web.demo import load_all
from tests.conftest import client_for, org

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SECRETARIES = ("bithu.hungthinh", "bithu.namcap")


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


@pytest.mark.django_db
def test_thai_nguyen_has_communes_ahead_and_behind_their_quota() -> None:
    rows = progress(org("Đảng bộ tỉnh Thái Nguyên"), BASE_DAY).rows
    by_name = {r.label: (r.achieved["admit"].ytd, r.quota.admit) for r in rows}
    assert len(by_name) >= 4
    assert by_name["Đảng bộ xã Phú Bình"][0] > by_name["Đảng bộ xã Phú Bình"][1] > 0
    assert 0 < by_name["Đảng bộ xã Đại Từ"][0] < by_name["Đảng bộ xã Đại Từ"][1]


@pytest.mark.django_db
def test_the_inspection_committee_finds_a_violation_and_an_approved_exception() -> None:
    inspector, cao_minh = _user("ubkt.caominh"), org("Đảng bộ xã Cao Minh")
    period = whole_year(BASE_DAY.year).capped(BASE_DAY)
    assert period is not None
    assert [f.rule for f in findings(inspector, cao_minh, period)] == ["ceremony.late"]
    assert any("27-CV/ĐU" in x.document for x in exceptions(inspector, cao_minh, period))
    page = client_for("ubkt.caominh").get(
        reverse("monitoring:inspection", args=[cao_minh.pk]), {"on": BASE_DAY.isoformat()}
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="finding-ceremony.late"' in html
    assert "27-CV/ĐU" in html and 'data-testid="demo-data"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("username", SECRETARIES)
def test_each_secretary_has_overdue_items(username: str) -> None:
    assert any(item.overdue for item in agenda(_user(username), BASE_DAY))


@pytest.fixture
def reload_demo_after(django_db_blocker: Any) -> Iterator[None]:
    """Requested before `transactional_db`: its teardown runs after the flush and loads
    the session's demo back (at the written day) for the tests that follow."""
    yield
    with django_db_blocker.unblock():
        load_all(today=BASE_DAY)


def _picture(anchor: date) -> None:
    cao_minh = org("Đảng bộ xã Cao Minh")
    plan = Plan.objects.get(organization=cao_minh, year=anchor.year)
    assert plan.issued_on is not None and plan.issued_on <= anchor
    total = progress(cao_minh, anchor).total
    assert total.quota.admit > 0 and total.achieved["admit"].ytd > 0
    quarter_start = date(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 1)
    due_now = ReportingRound.objects.filter(organization=cao_minh, due_on__gte=quarter_start, due_on__lte=anchor)
    assert due_now.exists(), list(ReportingRound.objects.values_list("due_on", flat=True))
    assert due_now.get().reports.exclude(status="submitted").exists()
    for username in SECRETARIES:
        assert any(item.overdue for item in agenda(_user(username), anchor)), username


def test_the_demo_loaded_in_2027_and_2030_shows_this_years_picture(
    reload_demo_after: None, transactional_db: None
) -> None:
    """Slow on purpose (two whole demo loads and the session's one put back, ~30 s): the
    only proof that `make demo` on a later day is not the 2026 demo frozen."""
    for anchor in (date(2027, 2, 10), date(2030, 8, 15)):
        call_command("flush", interactive=False, verbosity=0)
        with time_machine.travel(datetime(anchor.year, anchor.month, anchor.day, 9, tzinfo=HANOI)):
            load_all(today=anchor)
            _picture(anchor)
