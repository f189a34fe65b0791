"""Merging two cells that both have a quota in the parent's table (issue 10, point 1):
the quotas are added up from the day of the merge by a supplementary allocation, the
table in force before keeps both rows, and a draft table is edited in place."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ketnap.monitoring.selectors.progress import progress
from ketnap.orgs import restructure
from ketnap.plans import selectors
from ketnap.plans.enums import PlanStatus, RevisionStatus
from ketnap.plans.models import Plan
from tests.monitoring.builders import admitted, commune, plan, quarters, revise

pytestmark = pytest.mark.django_db

ISSUED, ON, BEFORE, AFTER = date(2026, 1, 15), date(2026, 7, 1), date(2026, 6, 30), date(2026, 9, 30)


def _quotas(org_commune, on: date) -> dict[str, int]:
    return {r.label: r.quota.admit for r in progress(org_commune, on).rows if r.organization is not None}


def test_a_mid_year_merge_adds_the_quotas_up_from_its_day_and_keeps_the_past() -> None:
    a = commune(3)
    merged, kept, other = a.cells
    p = plan(
        a.commune,
        2026,
        {merged: quarters((1, 1, 0, 0)), kept: quarters((0, 1, 1, 1)), other: {"admit_total": 2}},
        issued_on=ISSUED,
    )
    admitted(merged, date(2026, 3, 2))
    before = _quotas(a.commune, BEFORE)
    assert before == {merged.name: 2, kept.name: 3, other.name: 2}

    restructure.merge(
        [merged], into=kept, on=ON, reason="Nghị quyết 5", carry=["allocations", "plans", "candidates", "members"]
    )

    assert _quotas(a.commune, BEFORE) == before  # the table in force then, unchanged
    revision = selectors.revision_in_force(p, AFTER)
    assert revision is not None and revision.number == 1 and revision.effective_on == ON
    assert revision.status == RevisionStatus.ISSUED and merged.name in revision.reason
    rows = {r.organization_id: r for r in selectors.rows_of(revision)}
    assert rows[merged.pk].exempt and rows[merged.pk].admit_total == 0 and kept.name in rows[merged.pk].exempt_reason
    assert (rows[kept.pk].admit_total, rows[kept.pk].admit_q1, rows[kept.pk].admit_q4) == (5, 1, 1)
    assert merged.name in rows[kept.pk].note
    after = progress(a.commune, AFTER)
    shown = {r.label: (r.quota.admit, r.achieved["admit"].ytd) for r in after.rows if r.organization}
    assert after.quota == 7 and shown == {merged.name: (0, 1), kept.name: (5, 0), other.name: (2, 0)}


def test_a_draft_table_is_edited_in_place() -> None:
    a = commune(2)
    merged, kept = a.cells
    p = plan(a.commune, 2026, {merged: {"admit_total": 2}, kept: {"admit_total": 3}}, issued_on=ISSUED)
    Plan.objects.filter(pk=p.pk).update(status=PlanStatus.DRAFT)
    p.revisions.update(status=RevisionStatus.DRAFT)
    restructure.merge([merged], into=kept, on=ON, carry=["allocations"])
    assert p.revisions.count() == 1
    assert [(r.organization_id, r.admit_total) for r in selectors.rows_of(p.revisions.get())] == [(kept.pk, 5)]


def test_an_open_supplementary_allocation_is_finished_first() -> None:
    a = commune(2)
    merged, kept = a.cells
    p = plan(a.commune, 2026, {merged: {"admit_total": 2}, kept: {"admit_total": 3}}, issued_on=ISSUED)
    draft = revise(p, {merged: {"admit_total": 2}, kept: {"admit_total": 4}}, effective_on=date(2026, 5, 1))
    draft.status = RevisionStatus.DRAFT
    draft.save()
    with pytest.raises(ValidationError, match="chưa ban hành"):
        restructure.merge([merged], into=kept, on=ON, carry=["allocations"])
    assert {r.organization_id for r in selectors.rows_of(selectors.revision_in_force(p, AFTER))} == {merged.pk, kept.pk}


def test_the_successor_keeps_its_own_plan_and_the_merged_cell_keeps_its_plan() -> None:
    a = commune(2)
    merged, kept = a.cells
    own = Plan.objects.create(organization=merged, year=2026, status=PlanStatus.ISSUED, issued_on=ISSUED)
    theirs = Plan.objects.create(organization=kept, year=2026, status=PlanStatus.ISSUED, issued_on=ISSUED)
    restructure.merge([merged], into=kept, on=ON, carry=["plans"])
    assert Plan.objects.get(pk=own.pk).organization_id == merged.pk
    assert Plan.objects.get(pk=theirs.pk).organization_id == kept.pk
