"""Issue 11 point 9: whatever sequence of steps a secretary tries — any order, dates
back and forth, some in the future — the acts that are accepted leave the candidate's
timeline in date order and the cached stage equal to what the events say on today
(`rollups.stages_on`, the monitoring's reading of the same history)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketnap.monitoring.selectors.rollups import Grouping, stages_on
from ketnap.orgs.enums import OrganizationKind
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.steps import run_step
from tests.orgs.helpers import make_child, make_root
from tests.pipeline.helpers import make_candidate

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)
START = date(2025, 1, 10)
#: Steps with plain facts (a date, a reason), and a certificate (a paper dated on its own).
NAMES = ("add_to_list", "record_certificate", "open_dossier", "withdraw", "return_to_list", "reintroduce", "move_away")

attempts = st.lists(st.tuples(st.sampled_from(NAMES), st.integers(-400, 40)), min_size=1, max_size=6)


def _facts(name: str, on: date) -> dict[str, str]:
    if name == "record_certificate":
        return {"kind": "awareness", "number": "01/GCN", "issued_on": on.isoformat(), "issued_by": "TTCT huyện"}
    return {"on": on.isoformat(), "reason": "Kiểm thử thứ tự thời gian"}


def _assert_consistent(c: Candidate) -> None:
    c.refresh_from_db()
    events = list(c.events.order_by("id"))
    days = [e.effective_on for e in events]
    assert days == sorted(days), days
    assert all(day <= TODAY for day in days)
    assert (c.stage, c.stage_since) == (events[-1].to_stage, events[-1].effective_on)
    assert stages_on(Grouping.exact(c.organization), TODAY) == {c.organization.path: {c.stage: 1}}


@settings(max_examples=12, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(tries=attempts)
def test_accepted_acts_keep_the_timeline_ordered_and_the_stage_cached(tries: list[tuple[str, int]]) -> None:
    with transaction.atomic():
        province = make_root("Đảng bộ tỉnh Thời Gian")
        commune = make_child(province, "Đảng bộ xã Thời Gian", OrganizationKind.GRASSROOTS_COMMITTEE)
        c = make_candidate(make_child(commune, "Chi bộ Thời Gian"), on=START)
        accepted = 0
        for name, offset in tries:
            latest = c.events.order_by("-effective_on", "-id").first()
            on = (latest.effective_on if latest else START) + timedelta(days=offset)
            result = run_step(c, name, _facts(name, on), actor=None, today=TODAY)
            accepted += result.ok
            _assert_consistent(c)
        transaction.set_rollback(True)
