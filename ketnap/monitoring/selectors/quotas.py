"""Quotas in force on a date, for many organisations at once.

Why not call `plans.selectors.allocation_in_force(org, on)` per row: it costs two
queries per organisation, and a province dashboard has a hundred rows. This module
reads the same rule — the allocation given to the organisation for the year of `on`,
from the nearest ancestor's plan that has a row for it, in that plan's latest issued
revision effective on or before `on` — for all rows in one query (a test checks the
two agree). The revision used is kept with each quota so pages can say which table
(original or supplementary allocation) they compare against.

Where the level above allocated nothing to an organisation (a province that gives
its communes no quota), the organisation's own issued plan is its quota — marked
"chỉ tiêu tự đặt" — so the level above still sees who is behind (`own_plan`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ketnap.charter import quota_from_rate
from ketnap.orgs.models import Organization
from ketnap.orgs.selectors import rollups
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
    #: The organisation's own issued plan, when nobody above allocated it anything.
    own_plan: Plan | None = None

    @property
    def given(self) -> bool:
        return self.allocation is not None or self.parts > 0 or self.own_plan is not None

    @property
    def self_set(self) -> bool:
        """ "Chỉ tiêu tự đặt": the quota is the organisation's own plan's target."""
        return self.own_plan is not None and self.allocation is None

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
        if self.own_plan is not None and self.allocation is None:
            plan = self.own_plan
            return f"Chỉ tiêu tự đặt: kế hoạch năm {plan.year} của {plan.organization.name}"
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
    """The quota of each organisation on `on` (missing key: nothing was given and it has
    no issued plan of its own). One query, three more when some were given nothing."""
    ids = [o.pk for o in orgs]
    if not ids:
        return {}
    found = allocated_quotas(ids, on)
    missing = [i for i in ids if i not in found]
    if missing:
        found.update(own_plan_quotas(missing, on))
    return found


def allocated_quotas(ids: list[int], on: date) -> dict[int, Quota]:
    """Quotas given by the level above (the nearest ancestor's plan with a row). One query."""
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


def own_plan_quotas(ids: list[int], on: date) -> dict[int, Quota]:
    """For organisations nobody allocated anything: their own plan issued by `on`, its
    overall target as the quota (a rate on the headcount of its date, rounded up) and
    its table's quarters when the table adds up to the target. Three queries, plus one
    per distinct headcount date of rate targets."""
    plans = list(
        Plan.objects.filter(organization_id__in=ids, year=on.year, status=PlanStatus.ISSUED, issued_on__lte=on)
        .select_related("organization")
        .prefetch_related("targets")
    )
    if not plans:
        return {}
    tables = _tables_in_force([p.pk for p in plans], on)
    counts = _target_counts(plans)
    result = {}
    for plan in plans:
        table = sum_quotas(tables.get(plan.pk, []))
        admit = counts.get(plan.pk)
        admit = table.admit if admit is None else admit
        same = table.admit == admit
        result[plan.organization_id] = Quota(
            admit=admit,
            introduce=table.introduce,
            admit_quarters=table.admit_quarters if same else _NONE4,
            introduce_quarters=table.introduce_quarters if same else _NONE4,
            own_plan=plan,
        )
    return result


def _tables_in_force(plan_ids: list[int], on: date) -> dict[int, list[Quota]]:
    """Each plan's rows (organisations only) in its revision in force on `on`. Two queries."""
    revisions: dict[int, int] = {}
    issued = (
        AllocationRevision.objects.filter(plan_id__in=plan_ids, status=RevisionStatus.ISSUED, effective_on__lte=on)
        .order_by("-effective_on", "-number")
        .values_list("plan_id", "pk")
    )
    for plan_id, pk in issued:
        revisions.setdefault(plan_id, pk)
    by_revision: dict[int, list[Quota]] = {}
    for row in Allocation.objects.filter(revision_id__in=revisions.values(), organization__isnull=False):
        by_revision.setdefault(row.revision_id, []).append(quota_of(row))
    return {plan_id: by_revision.get(pk, []) for plan_id, pk in revisions.items()}


def _target_counts(plans: list[Plan]) -> dict[int, int | None]:
    """The overall target of each plan as a count; rates read the headcounts of their
    dates in one query per distinct date."""
    counts: dict[int, int | None] = {}
    rates: dict[date, list[tuple[Plan, Decimal]]] = {}
    for plan in plans:
        total = plan_selectors.total_target(plan.targets.all())
        if total is None:
            counts[plan.pk] = None
        elif total.measure == TargetMeasure.RATE and total.rate is not None and total.headcount_on is not None:
            rates.setdefault(total.headcount_on, []).append((plan, total.rate))
        else:
            counts[plan.pk] = total.count
    for day, items in rates.items():
        members = rollups([p.organization_id for p, _ in items], day)
        for plan, rate in items:
            counted = members.get(plan.organization_id)
            counts[plan.pk] = quota_from_rate(rate, counted[0].total if counted else 0)
    return counts


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
    #: Upper bounds of a range target ("3–4 %"): progress shows both.
    count_max: int | None = None
    rate_max: Decimal | None = None

    @property
    def count_label(self) -> str:
        if self.count is None:
            return "—"
        return f"{self.count}–{self.count_max}" if self.count_max is not None else str(self.count)


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
        value.count_max,
        value.rate_max,
    )


def plan_revision(org: Organization, on: date) -> AllocationRevision | None:
    """The revision of `org`'s own plan in force on `on` (what its children were given)."""
    plan = Plan.objects.filter(organization=org, year=on.year).first()
    return plan_selectors.revision_in_force(plan, on) if plan is not None else None


# ---------------------------------------------------------------- pace and risk order


@dataclass(frozen=True)
class Pace:
    """How far an organisation is behind its quota on a day: the admissions the quota
    expects by then (quarters ended in full, the current quarter — or, for a yearly
    table, the year — pro rata of its days) against those made."""

    expected: int
    achieved: int
    quota: int

    @property
    def behind(self) -> int:
        return max(0, self.expected - self.achieved)

    @property
    def remaining(self) -> int:
        return max(0, self.quota - self.achieved)

    @property
    def is_behind(self) -> bool:
        return self.behind > 0


def _elapsed(start: date, end: date, on: date) -> float:
    """Share of the days of [start, end] passed by the end of `on`."""
    if on < start:
        return 0.0
    return min(1.0, ((on - start).days + 1) / ((end - start).days + 1))


def pace(quota: Quota, achieved: int, on: date, kind: str = "admit") -> Pace | None:
    """None when there is nothing to be behind on (no quota, or exempt)."""
    if not quota.given or quota.exempt:
        return None
    total = quota.total(kind)
    values = quota.quarters(kind)
    if quota.by_quarter:
        expected = 0.0
        for q, value in enumerate(values, start=1):
            start = date(on.year, 3 * q - 2, 1)
            end = date(on.year, 12, 31) if q == 4 else date(on.year, 3 * q + 1, 1) - timedelta(days=1)
            expected += (value or 0) * _elapsed(start, end, on)
    else:
        expected = total * _elapsed(date(on.year, 1, 1), date(on.year, 12, 31), on)
    return Pace(int(expected), achieved, total)


def risk_key(quota: Quota, achieved: int, on: date, label: str) -> tuple[float, float, int, str]:
    """Sort key, worst first: the share of the quota still behind pace, then of the
    quota still to admit, then the number behind; organisations with no quota last."""
    measured = pace(quota, achieved, on)
    if measured is None:
        return (1.0, 1.0, 0, label)
    base = max(measured.quota, 1)
    return (-measured.behind / base, -measured.remaining / base, -measured.behind, label)
