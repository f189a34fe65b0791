"""Quotas when two organisations of one allocation table become one (merge, close).

A merged cell and its successor are often both given a quota in the same table of the
parent's plan. Moving the merged cell's rows onto the successor would break the table
(one row per organisation) and rewrite what was given before the merge; refusing left
no way to merge mid-year. So the board's choice to carry the allocations over adds the
two quotas up, visibly, by a supplementary allocation effective on the day of the
merge ("Giao bổ sung lần n: sáp nhập X vào Y"): from that day the successor's row holds
both quotas and the merged cell's row gives nothing; the table in force before is untouched,
so a past day's progress reads what was given then (history never moves). A draft
table (nothing issued yet, no history) is edited in place."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from ketnap.orgs.models import Organization

QUARTERLY = [f"{kind}_q{q}" for kind in ("introduce", "admit") for q in (1, 2, 3, 4)]
TOTALS = ["introduce_total", "admit_total"]


def carry_allocations(qs: Any, source: Organization, target: Organization, on: date) -> int:
    """Carry `source`'s allocations (a queryset, plans of `on`'s year onwards) to `target`:
    moved where the table has no row for `target`, added up by a supplementary
    allocation where it has. Returns the number of tables changed."""
    from ketnap.plans.models import Allocation

    by_revision: dict[int, list[Any]] = {}
    for item in qs.select_related("revision__plan"):
        by_revision.setdefault(item.revision_id, []).append(item)
    clashing = set(
        Allocation.objects.filter(organization=target, revision_id__in=list(by_revision)).values_list(
            "revision__plan_id", flat=True
        )
    )
    changed = 0
    added_up: set[int] = set()
    for items in by_revision.values():
        plan = items[0].revision.plan
        if plan.pk in clashing:
            if plan.pk not in added_up:
                add_up(plan, source, target, on)
                added_up.add(plan.pk)
                changed += 1
            continue
        Allocation.objects.filter(pk__in=[i.pk for i in items]).update(organization=target)
        changed += 1
    return changed


def add_up(plan: Any, source: Organization, target: Organization, on: date) -> Any:
    """From `on`, `target`'s row of `plan` holds its quota plus `source`'s; returns the
    revision written (a new issued one, or the draft table edited)."""
    from ketnap.plans import selectors
    from ketnap.plans.enums import RevisionStatus
    from ketnap.plans.models import AllocationRevision

    latest = selectors.latest_revision(plan)
    assert latest is not None
    if latest.is_draft and latest.number > 0:
        raise ValidationError(
            f"{plan.title} của {plan.organization.name} đang có {str(latest).lower()} chưa ban hành: "
            "hãy ban hành hoặc hủy lần giao đó trước khi sáp nhập."
        )
    if latest.is_draft:
        revision = latest
    else:
        starts = max(on, latest.effective_on or on)
        revision = AllocationRevision.objects.create(
            plan=plan,
            number=latest.number + 1,
            status=RevisionStatus.ISSUED,
            effective_on=starts,
            issued_at=timezone.now(),
            reason=f"Sáp nhập {source.name} vào {target.name} từ ngày {starts:%d/%m/%Y}: cộng chỉ tiêu hai tổ chức.",
        )
        for row in selectors.rows_of(latest):
            row.pk = None
            row._state.adding = True
            row.revision = revision
            row.save()
    _merge_rows(revision, source, target)
    return revision


def _merge_rows(revision: Any, source: Organization, target: Organization) -> None:
    """`target`'s row takes `source`'s quota. In an issued table's new revision the
    merged row stays, given nothing ("không giao": it keeps its row for the events it
    had before the merge, and an absent row would let an older revision's quota
    count again); in a draft table it is deleted."""
    rows = {r.organization_id: r for r in revision.allocations.filter(organization__in=[source, target])}
    mine, theirs = rows.get(source.pk), rows.get(target.pk)
    if mine is None:
        return
    if theirs is None:
        if revision.is_draft:
            mine.organization = target
            mine.save()
            return
        theirs = type(mine).objects.create(revision=revision, organization=target, position=mine.position)
    for name in QUARTERLY:
        a, b = getattr(theirs, name), getattr(mine, name)
        setattr(theirs, name, None if a is None and b is None else (a or 0) + (b or 0))
    for name in TOTALS:
        setattr(theirs, name, getattr(theirs, name) + getattr(mine, name))
    theirs.note = "; ".join(n for n in (theirs.note, f"gồm chỉ tiêu của {source.name}") if n)[:255]
    theirs.save()
    if revision.is_draft:
        mine.delete()
        return
    for name in QUARTERLY:
        if getattr(mine, name) is not None:
            setattr(mine, name, 0)
    for name in TOTALS:
        setattr(mine, name, 0)
    mine.exempt = True
    mine.exempt_reason = f"Sáp nhập vào {target.name} từ ngày {revision.effective_on:%d/%m/%Y}"[:255]
    mine.save()
