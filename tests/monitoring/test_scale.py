"""The province-scale generator used by benchmarks/dashboard.py builds data every rollup
reads consistently, and the province dashboard costs the same number of queries for a
small and a larger province."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketnap.monitoring.scale import build_monitoring_province
from ketnap.monitoring.selectors.progress import progress
from ketnap.orgs.enums import Role
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Candidate, StageEvent
from tests.orgs.helpers import make_user

pytestmark = pytest.mark.django_db


def test_generated_province_adds_up() -> None:
    data = build_monitoring_province("Kiểm", communes=3, cells=4)
    province = data.tree.province
    assert StageEvent.objects.filter(org_path__startswith=province.path).count() == data.events
    assert Candidate.objects.filter(organization__path__startswith=province.path).count() == data.candidates
    before, after = progress(province, date(2026, 6, 30)), progress(province, date(2026, 11, 20))
    assert (before.revision.number, after.revision.number) == (0, 1)  # supplementary allocation from 01/7
    assert after.total.quota.admit == before.total.quota.admit + 1  # the first commune got one more
    commune = progress(data.tree.communes[0], date(2026, 11, 20))
    assert commune.total.quota.admit == sum(r.quota.admit for r in commune.rows)
    admitted = StageEvent.objects.filter(
        org_path__startswith=province.path,
        to_stage=Stage.ADMITTED,
        effective_on__range=(date(2026, 1, 1), date(2026, 11, 20)),
    ).count()
    assert after.total.achieved["admit"].ytd == admitted == sum(r.achieved["admit"].ytd for r in after.rows)


def _queries(label: str, communes: int, cells: int) -> int:
    data = build_monitoring_province(label, communes=communes, cells=cells)
    client = Client()
    client.force_login(make_user(f"scale-{label}", data.tree.province, Role.ORGANIZING_BOARD))
    url = reverse("monitoring:dashboard", args=[data.tree.province.pk]) + "?on=2026-11-20"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_province_dashboard_query_count_does_not_grow() -> None:
    assert _queries("Nhỏ", 2, 2) == _queries("Lớn", 6, 8)
