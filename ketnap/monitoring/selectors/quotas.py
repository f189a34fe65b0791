"""Quotas in force on a date, for many organisations at once.

Why not call `plans.selectors.allocation_in_force(org, on)` per row: it costs two
queries per organisation, and a province dashboard has a hundred rows. This module
reads the same rule — the allocation given to the organisation for the year of `on`,
from the nearest ancestor's plan that has a row for it, in that plan's latest issued
revision effective on or before `on` — for all rows in one query (a test checks the
two agree). The revision used is kept with each quota so pages can say which table
(original or supplementary allocation) they compare against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ketnap.orgs.models import Organization
from ketnap.plans import selectors as plan_selectors
from ketnap.plans.enums import QUARTERS, PlanStatus, RevisionStatus, TargetMeasure
from ketnap.plans.models import Allocation, AllocationRevision, Plan

Quarters = tuple[int | None, int | None, int | None, int | None]
_NONE4: Quarters = (None, None, None, None)


@dataclass(frozen=True)
class Quota:
    """What an organisation was given for the year: yearly totals, the quarters when the
    table is quarterly (None when yearly), and the allocation row it comes from."""

    admit: int = 0
    introduce: int = 0
    admit_quarters: Quarters = _NONE4
    introduce_quarters: Quarters = _NONE4
    exempt: bool = False
    allocation: Allocation | None = None
    #: For a column sum: how many of the added quotas were given.
    parts: int = 0

    @property
    def given(self) -> bool:
        return self.allocation is not None or self.parts > 0

    @property
    def by_quarter(self) -> bool:
        return any(v is not None for v in (*self.admit_quarters, *self.introduce_quarters))

    def quarters(self, kind: str) -> Quarters:
        return self.admit_quarters if kind == "admit" else self.introduce_quarters

    def total(self, kind: str) -> int:
        return self.admit if kind == "admit" else self.introduce

    def for_quarters(self, kind: str, quarters: Iterable[int]) -> int | None:
        """The quota of some quarters (None when the table gives only the year)."""
        values = self.quarters(kind)
        if not self.by_quarter:
            return None
        return sum(values[q - 1] or 0 for q in quarters)

    @property
    def revision(self) -> AllocationRevision | None:
        return self.allocation.revision if self.allocation else None

    @property
    def source(self) -> str:
        """ "Kế hoạch năm 2026 của Đảng bộ xã Cao Minh, giao bổ sung lần 1 (hiệu lực 01/07/2026)"."""
        if self.allocation is None:
            return "chưa được giao chỉ tiêu"
        revision = self.allocation.revision
        plan = revision.plan
        when = f" (hiệu lực {revision.effective_on:%d/%m/%Y})" if revision.effective_on else ""
        return f"Kế hoạch năm {plan.year} của {plan.organization.name}, {str(revision).lower()}{when}"


NO_QUOTA = Quota()


def _four(values: list[int | None]) -> Quarters:
    q1, q2, q3, q4 = values
    return (q1, q2, q3, q4)


def quota_of(row: Allocation) -> Quota:
    return Quota(
        admit=row.admit_total,
        introduce=row.introduce_total,
        admit_quarters=_four(row.quarters("admit")),
        introduce_quarters=_four(row.quarters("introduce")),
        exempt=row.exempt,
        allocation=row,
    )


def quotas_in_force(orgs: Iterable[Organization], on: date) -> dict[int, Quota]:
    """The quota of each organisation on `on` (missing key: nothing was given). One query."""
    ids = [o.pk for o in orgs]
    if not ids:
        return {}
    rows = (
        Allocation.objects.filter(
            organization_id__in=ids,
            revision__status=RevisionStatus.ISSUED,
            revision__effective_on__lte=on,
            revision__plan__year=on.year,
        )
        .select_related("revision__plan__organization", "organization")
        .order_by("-revision__plan__organization__depth", "-revision__effective_on", "-revision__number")
    )
    found: dict[int, Quota] = {}
    for row in rows:  # ordered best first: keep the first row per organisation
        if row.organization_id is not None and row.organization_id not in found:
            found[row.organization_id] = quota_of(row)
    return found


def sum_quotas(quotas: Iterable[Quota]) -> Quota:
    """Column sums, as the "Cộng" row of an appendix (quarters summed where known)."""
    items = list(quotas)

    def add(values: list[Quarters]) -> Quarters:
        return _four(
            [
                None if all(v[i] is None for v in values) else sum(v[i] or 0 for v in values)
                for i in range(len(QUARTERS))
            ]
        )

    return Quota(
        admit=sum(q.admit for q in items),
        introduce=sum(q.introduce for q in items),
        admit_quarters=add([q.admit_quarters for q in items]) if items else _NONE4,
        introduce_quarters=add([q.introduce_quarters for q in items]) if items else _NONE4,
        parts=sum(1 for q in items if q.given),
    )


@dataclass(frozen=True)
class OwnTarget:
    """An organisation's own overall target for the year, from its issued plan: the
    count (a rate turned into a count by the charter's rounding) and its explanation."""

    plan: Plan | None
    count: int | None = None
    rate: Decimal | None = None
    headcount_on: date | None = None
    label: str = "chưa có kế hoạch đã ban hành"
    note: str = ""


def own_target(org: Organization, year: int) -> OwnTarget:
    """Two or three queries: the plan with its targets, and the headcount of a rate."""
    plan = (
        Plan.objects.filter(organization=org, year=year, status=PlanStatus.ISSUED)
        .select_related("organization")
        .prefetch_related("targets")
        .first()
    )
    if plan is None:
        return OwnTarget(None)
    total = plan_selectors.total_target(plan.targets.all())
    value = plan_selectors.target_value(total, org)
    rate = total.rate if total is not None and total.measure == TargetMeasure.RATE else None
    return OwnTarget(
        plan,
        value.count,
        rate,
        value.headcount_on,
        value.label,
        total.note if total is not None else "",
    )


def plan_revision(org: Organization, on: date) -> AllocationRevision | None:
    """The revision of `org`'s own plan in force on `on` (what its children were given)."""
    plan = Plan.objects.filter(organization=org, year=on.year).first()
    return plan_selectors.revision_in_force(plan, on) if plan is not None else None
