"""Allocations hold through revisions: what the level above gives follows the revision
in force; a child plan below its raised quota is flagged on both plans; a cell write
re-reads the revision's status in the database and never overwrites a concurrent edit."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from ketnap.orgs.enums import Role
from ketnap.orgs.models import Organization
from ketnap.plans import selectors, services
from ketnap.plans.models import Allocation, AllocationRevision, Plan
from tests.orgs.helpers import make_child, make_root, make_user


@pytest.fixture
def commune(db: None) -> tuple[Organization, list[Organization], Any]:
    root = make_root("Đảng bộ tỉnh Thử GB")
    committee = make_child(root, "Đảng bộ xã Thử GB", kind="grassroots_committee")
    cells = [make_child(committee, f"Chi bộ Xóm {i}") for i in range(1, 4)]
    user = make_user("bxd.gb", committee, Role.ORGANIZING_BOARD)
    return committee, cells, user


def _issued_plan(committee: Organization, user: Any) -> Plan:
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=3))
    for row in plan.revisions.get().allocations.all():
        services.update_cell(row, actor=user, field="admit_total", raw="1")
    return services.issue_plan(plan, actor=user, on=date(2026, 1, 10))


def test_a_raised_quota_is_what_the_child_plan_is_checked_against(commune) -> None:  # type: ignore[no-untyped-def]
    committee, cells, user = commune
    plan = _issued_plan(committee, user)
    child = next(p for p in services.cascade(plan, actor=user) if p.organization == cells[0])
    assert selectors.given_to(child).admit == 1  # type: ignore[union-attr]
    assert selectors.findings(child, [], selectors.targets_of(child)) == []
    revision = services.open_revision(plan, actor=user, reason="Nguồn mới", effective_on=date(2026, 7, 1))
    services.update_cell(revision.allocations.get(organization=cells[0]), actor=user, field="admit_total", raw="4")
    services.issue_revision(revision, actor=user)

    given = selectors.given_to(child)
    assert given is not None and (given.admit, given.revision) == (4, "giao bổ sung lần 1")
    march = selectors.given_to(child, date(2026, 3, 31))
    assert march is not None and march.admit == 1  # the table in force in March
    found = selectors.findings(child, [], selectors.targets_of(child))
    assert [f.code for f in found] == ["below_given"] and "giao bổ sung lần 1" in found[0].message
    on_child = selectors.alerts_for(child)
    on_parent = selectors.alerts_for(plan)
    assert [(a.organization, a.target, a.given) for a in on_child] == [("Chi bộ Xóm 1", 1, 4)]
    assert [(a.plan_id, a.target, a.given) for a in on_parent] == [(child.pk, 1, 4)]
    assert selectors.alerts_for(plan, date(2026, 6, 30)) == []  # before the raise: nothing below


def test_the_alert_is_on_both_plan_pages(commune) -> None:  # type: ignore[no-untyped-def]
    committee, cells, user = commune
    plan = _issued_plan(committee, user)
    child = next(p for p in services.cascade(plan, actor=user) if p.organization == cells[1])
    revision = services.open_revision(plan, actor=user, reason="Thêm", effective_on=date(2026, 5, 1))
    services.update_cell(revision.allocations.get(organization=cells[1]), actor=user, field="admit_total", raw="2")
    services.issue_revision(revision, actor=user)
    client = Client()
    client.force_login(user)
    for pk in (plan.pk, child.pk):
        page = client.get(f"/plans/{pk}/").content.decode()
        assert 'data-testid="quota-alerts"' in page
        assert "Chi bộ Xóm 2: chỉ tiêu kết nạp của kế hoạch năm 2026 là 1, thấp hơn" in page


def test_a_stale_object_cannot_write_into_an_issued_table(commune) -> None:  # type: ignore[no-untyped-def]
    committee, _cells, user = commune
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=3))
    stale = Allocation.objects.select_related("revision__plan").filter(revision__plan=plan).first()
    assert stale is not None and stale.revision.is_draft
    for row in plan.revisions.get().allocations.all():
        services.update_cell(row, actor=user, field="admit_total", raw="1")
    services.issue_plan(Plan.objects.get(pk=plan.pk), actor=user, on=date(2026, 1, 10))
    assert stale.revision.is_draft  # the in-memory object still says draft
    with pytest.raises(ValidationError, match="đã ban hành"):
        services.update_cell(stale, actor=user, field="admit_total", raw="9")
    assert Allocation.objects.get(pk=stale.pk).admit_total == 1


def test_the_second_writer_sees_the_conflict_and_the_first_writers_value(commune) -> None:  # type: ignore[no-untyped-def]
    committee, _cells, user = commune
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=3))
    row = plan.revisions.get().allocations.first()
    other_cell = plan.revisions.get().allocations.last()
    first = services.update_cell(row, actor=user, field="admit_total", raw="3", read="0")
    second = services.update_cell(row, actor=user, field="admit_total", raw="5", read="0")
    assert not first.conflict and second.conflict and second.current == 3
    assert "người khác sửa thành 3" in second.error
    assert Allocation.objects.get(pk=row.pk).admit_total == 3
    # Another cell of the same table read at the same time is not a conflict.
    assert not services.update_cell(other_cell, actor=user, field="admit_total", raw="2", read="0").conflict
    # Having seen the other's value, the second writer may write over it.
    assert not services.update_cell(row, actor=user, field="admit_total", raw="5", read="3").conflict
    assert Allocation.objects.get(pk=row.pk).admit_total == 5


def test_only_the_changed_cell_is_written(commune) -> None:  # type: ignore[no-untyped-def]
    committee, _cells, user = commune
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=3))
    row = plan.revisions.get().allocations.first()
    stale = Allocation.objects.get(pk=row.pk)
    services.update_cell(row, actor=user, field="note", raw="Nguồn tốt", read="")
    services.update_cell(stale, actor=user, field="admit_total", raw="2", read="0")  # stale copy, other cell
    fresh = Allocation.objects.get(pk=row.pk)
    assert (fresh.note, fresh.admit_total) == ("Nguồn tốt", 2)


def test_the_grid_answers_a_conflict_with_the_other_value(commune) -> None:  # type: ignore[no-untyped-def]
    committee, _cells, user = commune
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=3))
    row = plan.revisions.get().allocations.first()
    client = Client()
    client.force_login(user)
    grid = client.get(f"/plans/{plan.pk}/table/").content.decode()
    assert f'id="read-{row.pk}-admit_total"' in grid
    url = f"/plans/{plan.pk}/table/rows/{row.pk}/"
    ok = client.post(url, {"field": "admit_total", "value": "2", "read": "0"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "data-conflict" not in ok.content.decode()
    clash = client.post(url, {"field": "admit_total", "value": "7", "read": "0"}, HTTP_HX_REQUEST="true")
    body = clash.content.decode()
    assert clash.status_code == 200 and 'data-conflict="1"' in body and "người khác sửa thành 2" in body
    assert f'id="in-{row.pk}-admit_total"' in body and 'value="2"' in body
    assert Allocation.objects.get(pk=row.pk).admit_total == 2


@pytest.fixture
def demo_back(django_db_blocker: Any) -> Any:
    """Requested before `transactional_db`, so its teardown runs after the flush and
    puts the session's demo dataset back for the tests that follow."""
    yield
    from ketnap.orgs.demo.clock import BASE_DAY
    from ketnap.web.demo import load_all

    with django_db_blocker.unblock():
        load_all(today=BASE_DAY)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between threads: PostgreSQL")
def test_two_threads_writing_one_cell_never_lose_an_edit(demo_back, transactional_db) -> None:  # type: ignore[no-untyped-def]
    root = make_root("Đảng bộ tỉnh Đua")
    committee = make_child(root, "Đảng bộ xã Đua", kind="grassroots_committee")
    make_child(committee, "Chi bộ Đua 1")
    user = make_user("bxd.dua", committee, Role.ORGANIZING_BOARD)
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=1))
    row_pk = plan.revisions.get().allocations.get().pk
    barrier = threading.Barrier(2)
    results: dict[str, services.CellResult] = {}

    def write(name: str, value: str) -> None:
        from django.db import connection as own

        try:
            row = Allocation.objects.select_related("revision__plan").get(pk=row_pk)
            barrier.wait()
            results[name] = services.update_cell(row, actor=user, field="admit_total", raw=value, read="0")
        finally:
            own.close()

    threads = [threading.Thread(target=write, args=(n, v)) for n, v in (("a", "3"), ("b", "5"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = Allocation.objects.get(pk=row_pk).admit_total
    winners = [r for r in results.values() if not r.conflict]
    losers = [r for r in results.values() if r.conflict]
    assert len(winners) == 1 and len(losers) == 1
    assert stored == winners[0].allocation.admit_total and losers[0].current == stored
    assert AllocationRevision.objects.get(plan=plan).is_draft
