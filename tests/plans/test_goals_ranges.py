"""Range targets keep both bounds (and progress shows both); structure goals are read
against the table and against admissions; an each-kind minimum with no organisation of
that kind is a warning naming the kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from ketnap.monitoring.selectors.dashboard import dashboard
from ketnap.orgs.enums import BlockKind, Role, Sex
from ketnap.orgs.models import MemberCount
from ketnap.plans import selectors, services
from ketnap.plans.enums import StructureGroup, TargetMeasure, TargetScope
from ketnap.plans.models import Target
from tests.monitoring import builders as b
from tests.orgs.helpers import make_child, make_root, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune():  # type: ignore[no-untyped-def]
    root = make_root("Đảng bộ tỉnh Khoảng")
    committee = make_child(root, "Đảng bộ xã Khoảng", kind="grassroots_committee")
    cells = [make_child(committee, f"Chi bộ Bản {i}") for i in range(1, 4)]
    MemberCount.objects.create(organization=cells[0], counted_on=date(2025, 12, 31), official=1000)
    return committee, cells, make_user("bxd.khoang", committee, Role.ORGANIZING_BOARD)


def test_a_rate_range_keeps_both_bounds(commune) -> None:  # type: ignore[no-untyped-def]
    committee, _cells, user = commune
    target = services.TargetInput(
        TargetMeasure.RATE, rate=Decimal(3), headcount_on=date(2025, 12, 31), rate_max=Decimal(4)
    )
    plan = services.create_plan(committee, actor=user, year=2026, target=target)
    value = selectors.target_value(selectors.total_target(selectors.targets_of(plan)), committee)
    assert (value.count, value.count_max, value.rate, value.rate_max) == (30, 40, 3, 4)
    assert value.label == "30–40 (3–4% của 1.000 đảng viên ngày 31/12/2025, làm tròn lên)"
    services.update_plan(plan, actor=user, signer="Lò Văn A")  # editing the text keeps the range
    stored = plan.targets.get(scope=TargetScope.TOTAL)
    assert (stored.rate, stored.rate_max) == (Decimal(3), Decimal(4))
    client = Client()
    client.force_login(user)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "3–4%" in page and "30–40" in page


def test_a_count_range_and_progress_showing_both(commune) -> None:  # type: ignore[no-untyped-def]
    committee, cells, user = commune
    plan = b.plan(committee, 2026, {c: {"admit_total": 2} for c in cells}, issued_on=date(2026, 1, 5), count=5)
    Target.objects.filter(plan=plan, scope=TargetScope.TOTAL).update(count_max=7)
    b.admitted(cells[0], date(2026, 3, 1))
    data = dashboard(committee, date(2026, 6, 30))
    assert (data.progress.own.count, data.progress.own.count_max, data.progress.own.count_label) == (5, 7, "5–7")
    client = Client()
    client.force_login(user)
    kpi = client.get(f"/monitoring/{committee.pk}/?on=2026-06-30").content.decode()
    assert 'data-testid="kpi-admitted">1 / 5–7<' in kpi


def test_an_each_kind_minimum_with_no_organisation_of_that_kind_warns(commune) -> None:  # type: ignore[no-untyped-def]
    committee, _cells, user = commune
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=3))
    services.add_sub_target(
        plan, actor=user, target=Target(scope=TargetScope.EACH_ORGANIZATION, block_kind=BlockKind.SCHOOLS, count=1)
    )
    rows = selectors.rows_of(plan.revisions.get())
    (warning,) = selectors.advisories(plan, rows, selectors.targets_of(plan))
    assert "khối trường học" in warning and "không áp dụng cho tổ chức nào" in warning
    client = Client()
    client.force_login(user)
    assert "không có tổ chức nào thuộc khối trường học" in client.get(f"/plans/{plan.pk}/").content.decode()


def test_structure_goals_against_the_table_and_against_admissions(commune) -> None:  # type: ignore[no-untyped-def]
    committee, cells, user = commune
    plan = b.plan(committee, 2026, {c: {"admit_total": 1} for c in cells}, issued_on=date(2026, 1, 5), count=3)
    Target.objects.create(plan=plan, scope=TargetScope.STRUCTURE, group=StructureGroup.WOMEN, measure="rate", rate=30)
    Target.objects.create(plan=plan, scope=TargetScope.STRUCTURE, group=StructureGroup.YOUTH, count=5)
    targets = selectors.targets_of(plan)
    rows = selectors.rows_of(plan.revisions.get())
    lines = {
        line.target.group: (line.goal, line.needed, line.feasible) for line in selectors.structure_lines(targets, rows)
    }
    assert lines == {"women": ("30%", 1, True), "youth": ("5", 5, False)}  # 30 % of 3 → 1; 5 > 3
    assert any("đoàn viên, thanh niên (5) cần 5 người" in a for a in selectors.advisories(plan, rows, targets))
    b.admitted(cells[0], date(2026, 2, 1), sex=Sex.FEMALE)
    b.admitted(cells[1], date(2026, 3, 1), sex=Sex.MALE)
    goals = {g.target.group: g for g in dashboard(committee, date(2026, 6, 30)).goals}
    women = goals["women"]
    assert (women.of_quota, women.admitted_in_group, women.admitted, women.met) == (1, 1, 2, True)
    assert women.share == Decimal("50.0")
    client = Client()
    client.force_login(user)
    page = client.get(f"/monitoring/{committee.pk}/?on=2026-06-30").content.decode()
    assert 'data-testid="structure-goals"' in page and "Nữ 30%" in page
