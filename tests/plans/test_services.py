"""Plans as use cases: rate → count rounding up at the headcount date, issuing refused
until the checks pass, revisions and the table in force on a date, cascade, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ketnap.audit.context import acting_as
from ketnap.audit.models import AuditEvent
from ketnap.orgs.enums import Role
from ketnap.orgs.models import MemberCount, Organization
from ketnap.plans import selectors, services
from ketnap.plans.enums import TargetMeasure, TargetScope
from ketnap.plans.models import Allocation, Plan, Target
from tests.orgs.helpers import make_child, make_root, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune() -> tuple[Organization, list[Organization], object]:
    root = make_root("Đảng bộ tỉnh Thử KH")
    committee = make_child(root, "Đảng bộ xã Thử", kind="grassroots_committee")
    cells = [make_child(committee, f"Chi bộ Thôn {i}") for i in range(1, 4)]
    user = make_user("bxd.thu", committee, Role.ORGANIZING_BOARD)
    return committee, cells, user


@pytest.mark.parametrize(("members", "expected"), [(1251, 41), (1250, 40), (1281, 41), (1282, 42), (0, 0)])
def test_rate_target_rounds_up_against_the_headcount_on_its_date(commune, members: int, expected: int) -> None:  # type: ignore[no-untyped-def]
    committee, cells, user = commune
    MemberCount.objects.create(organization=cells[0], counted_on=date(2025, 12, 31), official=members)
    MemberCount.objects.create(organization=cells[0], counted_on=date(2026, 6, 30), official=members + 500)
    plan = services.create_plan(
        committee, actor=user, year=2026,
        target=services.TargetInput(TargetMeasure.RATE, rate=Decimal("3.2"), headcount_on=date(2025, 12, 31)),
    )  # fmt: skip
    value = selectors.target_value(selectors.total_target(selectors.targets_of(plan)), committee)
    assert (value.count, value.headcount, value.rate) == (expected, members, Decimal("3.2"))
    assert value.label.startswith(f"{expected} (3,2% của ")


def test_issue_is_refused_until_the_table_covers_the_target(commune) -> None:  # type: ignore[no-untyped-def]
    committee, cells, user = commune
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=3))
    rows = list(plan.revisions.get().allocations.order_by("position"))
    assert [r.organization for r in rows] == cells
    with pytest.raises(ValidationError) as refused:
        services.issue_plan(plan, actor=user, on=date(2026, 1, 10))
    assert "chưa đủ chỉ tiêu chung 3" in " ".join(refused.value.messages)
    for r in rows:
        services.update_cell(r, actor=user, field="admit_total", raw="1")
    bad = services.update_cell(rows[0], actor=user, field="admit_total", raw="1,5")
    assert "không phải số nguyên" in bad.error
    rows[0].refresh_from_db()
    assert rows[0].admit_total == 1
    services.issue_plan(plan, actor=user, on=date(2026, 1, 10))
    plan.refresh_from_db()
    assert plan.status == "issued" and plan.issued_on == date(2026, 1, 10)
    with pytest.raises(ValidationError, match="giao bổ sung"):
        services.update_cell(rows[0], actor=user, field="admit_total", raw="2")
    with pytest.raises(ValidationError):
        services.update_plan(plan, actor=user, signer="Ai đó")


def test_quarterly_cells_keep_totals_in_step(commune) -> None:  # type: ignore[no-untyped-def]
    committee, _cells, user = commune
    plan = services.create_plan(
        committee, actor=user, year=2026, target=services.TargetInput(count=1), by_quarter=True, with_introduce=True
    )
    row = plan.revisions.get().allocations.first()
    services.update_cell(row, actor=user, field="admit_q2", raw="02")
    services.update_cell(row, actor=user, field="admit_q4", raw="-")
    services.update_cell(row, actor=user, field="introduce_q1", raw="3")
    row.refresh_from_db()
    assert (row.admit_total, row.introduce_total, row.quarters("admit")) == (2, 3, [None, 2, None, 0])
    assert services.update_cell(row, actor=user, field="admit_total", raw="5").error


def test_supplementary_revision_and_the_table_in_force_on_a_date(commune) -> None:  # type: ignore[no-untyped-def]
    committee, cells, user = commune
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=3))
    for r in plan.revisions.get().allocations.all():
        services.update_cell(r, actor=user, field="admit_total", raw="1")
    services.issue_plan(plan, actor=user, on=date(2026, 1, 19))
    with pytest.raises(ValidationError, match="lý do"):
        services.open_revision(plan, actor=user, reason=" ", effective_on=date(2026, 7, 1))
    revision = services.open_revision(plan, actor=user, reason="Nguồn mới ở Thôn 2", effective_on=date(2026, 7, 1))
    row = revision.allocations.get(organization=cells[1])
    services.update_cell(row, actor=user, field="admit_total", raw="3")
    assert selectors.allocation_in_force(cells[1], date(2026, 8, 1)).admit_total == 1  # draft not yet in force
    services.issue_revision(revision, actor=user)
    march = selectors.allocation_in_force(cells[1], date(2026, 3, 31))
    august = selectors.allocation_in_force(cells[1], date(2026, 8, 1))
    assert march is not None and august is not None
    assert (march.admit_total, march.revision.number, august.admit_total, august.revision.number) == (1, 0, 3, 1)
    assert selectors.allocation_in_force(cells[1], date(2026, 1, 18)) is None
    assert sum(a.admit_total for a in selectors.allocation_in_force(plan, date(2026, 6, 30))) == 3
    assert sum(a.admit_total for a in selectors.allocation_in_force(plan, date(2026, 7, 1))) == 5
    changes = selectors.revision_changes(revision)
    assert [(c.name, c.field, c.before, c.after) for c in changes] == [("Chi bộ Thôn 2", "admit_total", 1, 3)]
    with pytest.raises(ValidationError, match="từ ngày 01/07/2026"):
        services.open_revision(plan, actor=user, reason="lùi ngày", effective_on=date(2026, 6, 1))


def test_cascade_seeds_child_plans_that_may_exceed_but_not_fall_below(commune) -> None:  # type: ignore[no-untyped-def]
    committee, cells, user = commune
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=2))
    rows = list(plan.revisions.get().allocations.order_by("position"))
    services.update_cell(rows[0], actor=user, field="admit_total", raw="2")
    services.update_cell(rows[1], actor=user, field="exempt", raw="on")
    services.update_cell(rows[1], actor=user, field="exempt_reason", raw="Chi bộ mới sáp nhập")
    services.update_cell(rows[2], actor=user, field="admit_total", raw="0")
    services.issue_plan(plan, actor=user, on=date(2026, 1, 5))
    created = services.cascade(plan, actor=user)
    assert sorted(p.organization.name for p in created) == ["Chi bộ Thôn 1", "Chi bộ Thôn 3"]
    child = next(p for p in created if p.organization == cells[0])
    assert selectors.target_value(selectors.total_target(selectors.targets_of(child))).count == 2
    assert selectors.findings(child, [], selectors.targets_of(child)) == []
    services.update_plan(child, actor=user, target=services.TargetInput(count=1))
    found = selectors.findings(child, [], selectors.targets_of(child))
    assert [f.code for f in found] == ["below_given"]
    assert services.cascade(plan, actor=user) == []  # idempotent


def test_sub_targets_feed_the_checks(dong_tien: Organization) -> None:
    plan = Plan.objects.get(organization=dong_tien, year=2024)
    assert selectors.findings(plan, selectors.rows_of(plan.revisions.get()), selectors.targets_of(plan)) == []
    blocks = {t.block.name: t.count for t in plan.targets.filter(scope=TargetScope.BLOCK)}
    assert blocks == {"Khối chi bộ nông thôn": 3, "Khối chi bộ cơ quan, đơn vị sự nghiệp": 3}
    rows = selectors.rows_of(plan.revisions.get())
    mam_non = next(r for r in rows if r.recipient_name == "Chi bộ Trường Mầm non")
    mam_non.admit_q2 = 0
    mam_non.recompute_totals(True)
    found = selectors.findings(plan, rows, selectors.targets_of(plan))
    assert [f.message for f in found] == [
        "Khối chi bộ cơ quan, đơn vị sự nghiệp: giao kết nạp 2, chưa đủ chỉ tiêu của khối là 3 (còn thiếu 1)."
    ]


def test_permissions_and_audit(commune) -> None:  # type: ignore[no-untyped-def]
    committee, _cells, user = commune
    inspector = make_user("ubkt.thu", committee, Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        services.create_plan(committee, actor=inspector, year=2026)
    with acting_as(user):
        plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=1))
        row = plan.revisions.get().allocations.first()
        services.update_cell(row, actor=user, field="admit_total", raw="1")
        services.add_sub_target(
            plan, actor=user, target=Target(scope=TargetScope.STRUCTURE, group="youth", measure="rate", rate=50)
        )
    with pytest.raises(PermissionDenied):
        services.update_cell(row, actor=inspector, field="admit_total", raw="4")
    events = AuditEvent.objects.filter(user=user, org_path=committee.path)
    assert {e.model_label for e in events} >= {"plans.Plan", "plans.Target", "plans.Allocation"}
    change = events.filter(model_label="plans.Allocation", action="update").first()
    assert change is not None and change.changes["admit_total"] == [0, 1]
    assert Allocation.objects.visible_to(inspector).filter(pk=row.pk).exists()
