"""The province's view: where the level above allocated nothing to a child, the child's
own issued plan is its quota ("chỉ tiêu tự đặt"); behind and hard-to-reach are
computed for every child; children come worst first."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from ketnap.monitoring.selectors.dashboard import dashboard
from ketnap.monitoring.selectors.progress import progress
from ketnap.monitoring.selectors.quotas import Quota, pace, quotas_in_force, risk_key
from ketnap.monitoring.selectors.warnings import forecasts
from ketnap.orgs.enums import OrganizationKind, Role
from ketnap.orgs.models import Organization
from tests.monitoring import builders as b
from tests.orgs.helpers import make_child, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def province() -> tuple[Organization, list[Organization]]:
    """A province that allocates nothing; two communes with their own plans (41 and 4)
    and one commune with no plan. The first has admitted 1 by 30/06, the second 2."""
    first = b.commune(2, members=(600, 660))
    top = first.province
    second = make_child(top, "Đảng bộ xã Thử Hai", OrganizationKind.GRASSROOTS_COMMITTEE)
    cell2 = make_child(second, "Chi bộ Thử Hai 1")
    third = make_child(top, "Đảng bộ xã Thử Ba", OrganizationKind.GRASSROOTS_COMMITTEE)
    a, c = first.cells
    b.plan(first.commune, 2026, {a: {"admit_total": 20}, c: {"admit_total": 21}}, issued_on=date(2026, 1, 10), count=41)
    b.plan(second, 2026, {cell2: {"admit_total": 4}}, issued_on=date(2026, 1, 12), count=4)
    b.admitted(a, date(2026, 3, 1))
    b.admitted(cell2, date(2026, 2, 1))
    b.admitted(cell2, date(2026, 4, 1))
    return top, [first.commune, second, third]


def test_a_childs_own_plan_is_its_quota_when_nothing_was_allocated(province) -> None:  # type: ignore[no-untyped-def]
    top, (first, second, third) = province
    quotas = quotas_in_force([first, second, third], date(2026, 6, 30))
    assert (quotas[first.pk].admit, quotas[first.pk].self_set) == (41, True)
    assert quotas[second.pk].admit == 4 and third.pk not in quotas
    assert quotas[first.pk].source == f"Chỉ tiêu tự đặt: kế hoạch năm 2026 của {first.name}"
    assert first.pk not in quotas_in_force([first], date(2026, 1, 9))  # before its plan was issued
    result = progress(top, date(2026, 6, 30))
    assert result.total.quota.admit == 45 and result.quota == 45


def test_behind_and_hard_to_reach_for_every_child_worst_first(province) -> None:  # type: ignore[no-untyped-def]
    top, (first, second, third) = province
    on = date(2026, 6, 30)
    data = dashboard(top, on)
    assert [r.organization for r in data.progress.rows] == [first, second, third]
    row = data.progress.rows[0]
    measured = pace(row.quota, 1, on)
    assert measured is not None and (measured.expected, measured.behind) == (20, 19)  # 41 × 181/365
    second_pace = pace(data.progress.rows[1].quota, 2, on)
    assert second_pace is not None and second_pace.behind == 0  # 4 × 181/365 = 1.98 → 1 expected, 2 made
    risks = {f.organization: f.risk for f in forecasts(top, on)}
    assert risks[first] == "at_risk" and risks[third] == "no_quota"


def test_risk_key_puts_no_quota_last() -> None:
    on = date(2026, 6, 30)
    assert risk_key(Quota(), 0, on, "a") > risk_key(Quota(admit=1, parts=1), 1, on, "z")


def test_the_province_dashboard_shows_self_set_quotas_and_who_is_behind(province) -> None:  # type: ignore[no-untyped-def]
    top, (first, _second, _third) = province
    board = make_user("bxd.tinh.thu", top, Role.ORGANIZING_BOARD)
    client = Client()
    client.force_login(board)
    page = client.get(f"/monitoring/{top.pk}/?on=2026-06-30").content.decode()
    assert page.count('data-testid="self-set"') == 2
    assert "chậm 19" in page
    assert page.index(first.name) < page.index("Đảng bộ xã Thử Hai")
