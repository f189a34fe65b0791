"""Reads of the plans domain: targets turned into counts, the allocation table of a
revision with its totals, the checks' input, revision history, and the table in
force on a date (`allocation_in_force`, used by monitoring and progress reports).

Every function costs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, overload

from django.db.models import Q, QuerySet

from ketnap.charter import quota_from_rate
from ketnap.orgs.models import MassOrganization, Organization
from ketnap.orgs.selectors import headcount
from ketnap.plans import checks
from ketnap.plans.enums import QUANTITY_FIELDS, RevisionStatus, TargetMeasure, TargetScope
from ketnap.plans.models import Allocation, AllocationRevision, Plan, Target


@dataclass(frozen=True)
class TargetValue:
    """A target as the page shows it: the count, and for a rate also the rate and the
    headcount it was computed on (3,2 % × 1.260 = 40,32 → 41)."""

    count: int | None
    rate: Decimal | None = None
    headcount: int | None = None
    headcount_on: date | None = None
    #: Upper bounds of a range target ("3–4 %": count 41, count_max 51).
    count_max: int | None = None
    rate_max: Decimal | None = None

    @property
    def count_label(self) -> str:
        """ "41" or, for a range, "41–51"."""
        if self.count is None:
            return "chưa xác định"
        return f"{self.count}–{self.count_max}" if self.count_max is not None else str(self.count)

    @property
    def label(self) -> str:
        if self.count is None:
            return "chưa xác định"
        if self.rate is None:
            return self.count_label
        rate = _pct(self.rate) + (f"–{_pct(self.rate_max)}" if self.rate_max is not None else "")
        members = f"{self.headcount or 0:,}".replace(",", ".")
        on = f" ngày {self.headcount_on:%d/%m/%Y}" if self.headcount_on else ""
        return f"{self.count_label} ({rate}% của {members} đảng viên{on}, làm tròn lên)"


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def target_value(target: Target | None, org: Organization | None = None) -> TargetValue:
    """Count of a target; a rate is turned into a count by the charter's rounding up."""
    if target is None:
        return TargetValue(None)
    if target.measure == TargetMeasure.RATE and target.scope == TargetScope.TOTAL:
        if target.rate is None or target.headcount_on is None:
            return TargetValue(None, target.rate)
        members = headcount(org or target.plan.organization, target.headcount_on).total
        top = quota_from_rate(target.rate_max, members) if target.rate_max is not None else None
        return TargetValue(
            quota_from_rate(target.rate, members), target.rate, members, target.headcount_on, top, target.rate_max
        )
    rate = target.rate if target.measure == TargetMeasure.RATE else None
    return TargetValue(target.count, rate, count_max=target.count_max, rate_max=target.rate_max if rate else None)


def targets_of(plan: Plan) -> list[Target]:
    return list(plan.targets.select_related("block").order_by("id"))


def total_target(targets: Iterable[Target]) -> Target | None:
    return next((t for t in targets if t.scope == TargetScope.TOTAL), None)


def editable_revision(plan: Plan) -> AllocationRevision | None:
    """The revision being drafted (the original table of a draft plan, or an open
    supplementary allocation), or None when every revision is issued."""
    return plan.revisions.filter(status=RevisionStatus.DRAFT).order_by("-number").first()


def latest_revision(plan: Plan) -> AllocationRevision | None:
    return plan.revisions.order_by("-number").first()


def revision_in_force(plan: Plan, on: date) -> AllocationRevision | None:
    """The latest issued revision of the plan whose effective date is on or before `on`."""
    return (
        plan.revisions.filter(status=RevisionStatus.ISSUED, effective_on__lte=on)
        .order_by("-effective_on", "-number")
        .first()
    )


def rows_of(revision: AllocationRevision | None) -> list[Allocation]:
    if revision is None:
        return []
    return list(
        revision.allocations.select_related("organization__block", "mass_organization").order_by("position", "id")
    )


@overload
def allocation_in_force(plan_or_org: Plan, on: date) -> list[Allocation]: ...
@overload
def allocation_in_force(plan_or_org: Organization | MassOrganization, on: date) -> Allocation | None: ...


def allocation_in_force(plan_or_org: Plan | Organization | MassOrganization, on: date) -> Any:
    """The allocation that applies on date `on` — what progress reports compare against.

    * Given a **Plan**: the rows (list of `Allocation`, table order) of its latest
      *issued* revision whose `effective_on` ≤ `on`. Empty list when nothing was in
      force yet (plan not issued, or `on` before its date). A supplementary
      allocation issued on 01/7 changes the answer for 01/7 onwards only, so a
      report for 31/3 computed in December still reads the original table.
    * Given an **Organization** (or a MassOrganization): the single `Allocation`
      given *to* it for year `on.year`, taken from the nearest ancestor's plan that
      has a row for it (normally the parent committee's), in that plan's revision in
      force on `on`; None when it was given nothing.

    Rows come with `revision__plan`, `organization` and `mass_organization` loaded.
    Costs two queries. Does not scope by user: callers pass objects they fetched
    through `visible_to()`.
    """
    if isinstance(plan_or_org, Plan):
        return rows_of(revision_in_force(plan_or_org, on))
    return allocation_given_to(plan_or_org, on)


def allocation_given_to(
    recipient_obj: Organization | MassOrganization, on: date, *, from_plan_id: int | None = None
) -> Allocation | None:
    """`allocation_in_force` for an organisation or mass organisation (typed for callers);
    `from_plan_id` restricts it to one giving plan."""
    is_org = isinstance(recipient_obj, Organization)
    recipient = Q(organization=recipient_obj) if is_org else Q(mass_organization=recipient_obj)
    if from_plan_id is not None:
        recipient &= Q(revision__plan_id=from_plan_id)
    candidates = list(
        Allocation.objects.filter(
            recipient,
            revision__status=RevisionStatus.ISSUED,
            revision__effective_on__lte=on,
            revision__plan__year=on.year,
        )
        .select_related("revision__plan__organization", "organization", "mass_organization")
        .order_by("-revision__plan__organization__depth", "-revision__effective_on", "-revision__number")
    )
    return candidates[0] if candidates else None


@dataclass
class Totals:
    """Column sums of a table: organisations (which count towards the target) and mass
    organisations (coordination quotas) apart."""

    organizations: dict[str, int] = field(default_factory=dict)
    coordination: dict[str, int] = field(default_factory=dict)

    @property
    def has_coordination(self) -> bool:
        return any(self.coordination.values()) or bool(self.coordination.get("rows"))


def totals(rows: Sequence[Allocation]) -> Totals:
    result = Totals(dict.fromkeys(QUANTITY_FIELDS, 0), dict.fromkeys(QUANTITY_FIELDS, 0))
    for row in rows:
        bucket = result.coordination if row.is_coordination else result.organizations
        for name in QUANTITY_FIELDS:
            bucket[name] += getattr(row, name) or 0
    result.coordination["rows"] = sum(1 for r in rows if r.is_coordination)
    return result


def active_children(plan: Plan) -> QuerySet[Organization]:
    """Direct children of the plan's organisation active at some time in the plan's year."""
    org = plan.organization
    start, end = date(plan.year, 1, 1), date(plan.year, 12, 31)
    return (
        Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .select_related("block")
    )


def given_to(plan: Plan, on: date | None = None) -> checks.Given | None:
    """What the level above gave the plan's organisation, in the revision of its table
    in force on `on` (default: the end of the plan's year, i.e. the latest issued
    supplementary allocation). A plan cascaded from a row follows that row's plan
    through its later revisions, so a quota raised from 1 to 4 reads 4."""
    on = on or date(plan.year, 12, 31)
    allocation = allocation_given_to(plan.organization, on, from_plan_id=_source_plan_id(plan))
    if allocation is None and plan.source_allocation_id is not None:
        # Asked before the source table took effect: the row the plan was seeded from.
        allocation = Allocation.objects.select_related("revision__plan__organization").get(pk=plan.source_allocation_id)
    if allocation is None:
        return None
    revision = allocation.revision
    return checks.Given(
        allocation.admit_total,
        allocation.introduce_total,
        revision.plan.organization.name,
        "" if revision.number == 0 else f"giao bổ sung lần {revision.number}",
    )


def _source_plan_id(plan: Plan) -> int | None:
    if plan.source_allocation_id is None:
        return None
    return Allocation.objects.filter(pk=plan.source_allocation_id).values_list("revision__plan_id", flat=True).first()


@dataclass(frozen=True)
class QuotaAlert:
    """A plan whose own target is below what the level above gives it in force now:
    shown on the child's plan and on the parent's, never blocking the parent."""

    message: str
    plan_id: int
    organization: str
    target: int
    given: int


def alerts_for(plan: Plan, on: date | None = None) -> list[QuotaAlert]:
    """Alerts on this plan (its target below its allocation) and on its children's plans
    (each child plan of the same year below the row given to it in force on `on`)."""
    on = on or date(plan.year, 12, 31)
    alerts = []
    own = _below_given(plan, given_to(plan, on))
    if own:
        alerts.append(own)
    rows = {r.organization_id: r for r in rows_of(revision_in_force(plan, on)) if r.organization_id and not r.exempt}
    children = Plan.objects.filter(year=plan.year, organization_id__in=rows).select_related("organization")
    for child in children:
        row = rows[child.organization_id]
        by = plan.organization.name
        rev = row.revision.number
        alert = _below_given(child, checks.Given(row.admit_total, row.introduce_total, by, _revision_label(rev)))
        if alert:
            alerts.append(alert)
    return alerts


def _revision_label(number: int) -> str:
    return "" if number == 0 else f"giao bổ sung lần {number}"


def _below_given(plan: Plan, given: checks.Given | None) -> QuotaAlert | None:
    if given is None:
        return None
    own = target_value(total_target(targets_of(plan)), plan.organization).count
    if own is None or own >= given.admit:
        return None
    source = f" ({given.revision})" if given.revision else ""
    message = (
        f"{plan.organization.name}: chỉ tiêu kết nạp của kế hoạch năm {plan.year} là {own}, thấp hơn chỉ tiêu "
        f"{given.by} giao{source} là {given.admit}. Kế hoạch cấp dưới cần được điều chỉnh."
    )
    return QuotaAlert(message, plan.pk, plan.organization.name, own, given.admit)


def row_data(row: Allocation) -> checks.RowData:
    org = row.organization
    return checks.RowData(
        key=row.key,
        name=row.recipient_name,
        is_coordination=row.is_coordination,
        block_id=org.block_id if org else None,
        block_kind=org.block.kind if org and org.block else "",
        introduce=tuple(row.quarters("introduce")),
        admit=tuple(row.quarters("admit")),
        introduce_total=row.introduce_total,
        admit_total=row.admit_total,
        exempt=row.exempt,
        exempt_reason=row.exempt_reason,
    )


def check_input(plan: Plan, rows: Sequence[Allocation], targets: Sequence[Target]) -> checks.CheckInput:
    total = target_value(total_target(targets), plan.organization)
    children = list(active_children(plan))
    blocks = [
        checks.BlockTarget(t.block_id, t.block.name, t.count or 0)
        for t in targets
        if t.scope == TargetScope.BLOCK and t.block_id and t.block
    ]
    each = [
        checks.EachTarget(t.block_kind, f"mỗi tổ chức thuộc {t.get_block_kind_display().lower()}", t.count or 0)
        for t in targets
        if t.scope == TargetScope.EACH_ORGANIZATION
    ]
    return checks.CheckInput(
        by_quarter=plan.by_quarter,
        rows=[row_data(r) for r in rows],
        total_target=total.count,
        total_label=total.label,
        blocks=blocks,
        each=each,
        children=[(f"o{c.pk}", c.name) for c in children],
        given=given_to(plan),
        own_target=total.count,
        has_children=bool(children) or bool(rows),
    )


def findings(plan: Plan, rows: Sequence[Allocation], targets: Sequence[Target]) -> list[checks.Finding]:
    return checks.run_checks(check_input(plan, rows, targets))


@dataclass(frozen=True)
class RowChange:
    name: str
    field: str
    label: str
    before: Any
    after: Any


def revision_changes(revision: AllocationRevision) -> list[RowChange]:
    """What this revision changed compared with the previous one (rows added, removed,
    each changed quantity, note or exemption)."""
    if revision.number == 0:
        return []
    previous = revision.plan.revisions.filter(number__lt=revision.number).order_by("-number").first()
    before = {r.key: r for r in rows_of(previous)}
    after = {r.key: r for r in rows_of(revision)}
    changes: list[RowChange] = []
    labels = {f.name: str(f.verbose_name) for f in Allocation._meta.get_fields() if hasattr(f, "verbose_name")}
    compared = (*QUANTITY_FIELDS, "note", "exempt", "exempt_reason")
    for key, row in after.items():
        old = before.get(key)
        if old is None:
            changes.append(RowChange(row.recipient_name, "row", "thêm dòng", None, row.admit_total))
            continue
        for name in compared:
            a, b = getattr(old, name), getattr(row, name)
            if a != b:
                changes.append(RowChange(row.recipient_name, name, labels.get(name, name), a, b))
    for key, row in before.items():
        if key not in after:
            changes.append(RowChange(row.recipient_name, "row", "bỏ dòng", row.admit_total, None))
    return changes


def plans_visible(user: Any) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user).select_related("organization")


def allocations_given_to_user(user: Any, year: int | None = None) -> QuerySet[Allocation]:
    """Quotas given to organisations in the user's scope by issued plans (a cell
    secretary's "my quota"), newest year first."""
    qs = (
        Allocation.objects.visible_to(user)
        .filter(revision__status=RevisionStatus.ISSUED)
        .select_related("revision__plan__organization", "organization", "mass_organization")
        .order_by("-revision__plan__year", "revision__plan_id", "position", "-revision__number")
    )
    if year:
        qs = qs.filter(revision__plan__year=year)
    return qs


@dataclass(frozen=True)
class StructureLine:
    """A structure goal read against the table: what the allocations imply for it."""

    target: Target
    goal: str  # "30%" or "5"
    needed: int  # admissions of the group the table implies
    table_total: int

    @property
    def label(self) -> str:
        return self.target.get_group_display()

    @property
    def feasible(self) -> bool:
        return self.needed <= self.table_total


def structure_lines(targets: Sequence[Target], rows: Sequence[Allocation]) -> list[StructureLine]:
    """Each structure goal against the admissions the table gives the organisations: a
    rate is a share of them (rounded up, as the charter rounds), a count is itself."""
    table_total = sum(r.admit_total for r in rows if not r.is_coordination and not r.exempt)
    lines = []
    for t in targets:
        if t.scope != TargetScope.STRUCTURE:
            continue
        if t.measure == TargetMeasure.RATE and t.rate is not None:
            goal = _pct(t.rate) + (f"–{_pct(t.rate_max)}" if t.rate_max is not None else "") + "%"
            needed = quota_from_rate(t.rate, table_total)
        else:
            goal = str(t.count or 0) + (f"–{t.count_max}" if t.count_max is not None else "")
            needed = t.count or 0
        lines.append(StructureLine(t, goal, needed, table_total))
    return lines


def advisories(plan: Plan, rows: Sequence[Allocation], targets: Sequence[Target]) -> list[str]:
    """Warnings that do not block issuing but must not pass silently: a minimum for
    "each organisation of a kind" when no organisation of the table is of that kind
    (it would check nothing), and a structure goal the table cannot hold."""
    found = []
    kinds = {r.organization.block.kind for r in rows if r.organization and r.organization.block}
    for t in targets:
        if t.scope == TargetScope.EACH_ORGANIZATION and t.block_kind not in kinds:
            kind = t.get_block_kind_display().lower()
            found.append(
                f"Chỉ tiêu tối thiểu cho mỗi tổ chức thuộc {kind} không áp dụng cho tổ chức nào: bảng giao "
                f"chỉ tiêu không có tổ chức nào thuộc {kind}. Hãy kiểm tra khối của các tổ chức."
            )
    for line in structure_lines(targets, rows):
        if not line.feasible:
            found.append(
                f"Mục tiêu cơ cấu {line.label.lower()} ({line.goal}) cần {line.needed} người, nhiều hơn tổng chỉ "
                f"tiêu kết nạp đã giao ({line.table_total})."
            )
    return found
