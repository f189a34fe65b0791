"""The dashboard's body is cached whole (monitoring.views.dashboard): a second view runs
none of its figure queries, and any write under the organisation's province — or to the
plans and reports every province reads — renders it anew with the new figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketnap.orgs.demo.clock import BASE_DAY
from ketnap.orgs.models import MemberCount, Organization
from ketnap.plans.models import Plan
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _view(org: Organization) -> tuple[str, int]:
    client = client_for("bxd.caominh")
    url = reverse("monitoring:dashboard", args=[org.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"on": BASE_DAY.isoformat()})
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _headcount(html: str) -> str:
    return html.split('data-testid="kpi-headcount">', 1)[1].split("<", 1)[0]


def test_a_second_view_reads_the_cached_body(cao_minh: Organization) -> None:
    first, cold = _view(cao_minh)
    again, warm = _view(cao_minh)
    assert again.count('data-testid="row-admit-') == first.count('data-testid="row-admit-') > 1
    assert _headcount(again) == _headcount(first)
    assert warm < cold - 10, (cold, warm)


def test_a_headcount_written_in_the_province_renews_the_body(cao_minh: Organization, hung_thinh: Organization) -> None:
    before, _ = _view(cao_minh)
    latest = MemberCount.objects.filter(organization=hung_thinh, counted_on__lte=BASE_DAY).latest("counted_on")
    MemberCount.objects.create(
        organization=hung_thinh,
        counted_on=BASE_DAY - timedelta(days=1),
        official=latest.official + 50,
        probationary=latest.probationary,
    )
    after, _ = _view(cao_minh)
    assert _headcount(before) != _headcount(after)


def test_a_write_in_another_province_keeps_the_body(cao_minh: Organization, dong_tien: Organization) -> None:
    _view(cao_minh)
    cell = Organization.objects.get_children(dong_tien).first()
    assert cell is not None
    MemberCount.objects.create(organization=cell, counted_on=BASE_DAY, official=1)
    _, warm = _view(cao_minh)
    _, cold_again = _view(cao_minh)
    assert warm == cold_again  # both read the cached body


def test_a_plan_change_renews_every_body(cao_minh: Organization) -> None:
    _, _ = _view(cao_minh)
    _, warm = _view(cao_minh)
    plan = Plan.objects.filter(organization=cao_minh, year=BASE_DAY.year).get()
    plan.purpose = plan.purpose + " (sửa)"
    plan.save()
    _, renewed = _view(cao_minh)
    assert renewed > warm


def test_a_cached_view_reads_the_users_roles_once(cao_minh: Organization) -> None:
    """The scope, the role predicates, the navigation and the accounts area share one
    query for the roles held today (they asked the same rows 8 times)."""
    client = client_for("bxd.caominh")
    url = reverse("monitoring:dashboard", args=[cao_minh.pk])
    client.get(url, {"on": BASE_DAY.isoformat()})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"on": BASE_DAY.isoformat()}).status_code == 200
    memberships = [q["sql"] for q in queries.captured_queries if 'FROM "orgs_membership"' in q["sql"]]
    assert len(memberships) == 1, memberships
    assert len(queries) <= 10, [q["sql"][:80] for q in queries.captured_queries]
