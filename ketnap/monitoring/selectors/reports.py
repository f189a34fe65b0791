"""Reads of periodic reports: the figures of a report computed from the events (a
draft), the frozen snapshot (a submitted report), what the board's compiled report
adds up, and the drift — events recorded after a report was submitted that fall into
its period.

Why drift is exact: events are append-only and carry the organisation path of their
time, so today's count for a submitted report's period is its snapshot plus the
events recorded after its submission (`recorded_at`) with a date of effect inside the
period. Listing those events is both the difference and where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from ketnap.monitoring.enums import ReportStatus
from ketnap.monitoring.figures import EVENT_FIGURES, KEYS, add_up
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.monitoring.periods import Period, quarters_within, year_start_headcount_day
from ketnap.monitoring.permissions import SUBMIT
from ketnap.monitoring.selectors.quotas import NO_QUOTA, own_target, quotas_in_force
from ketnap.monitoring.selectors.rollups import Grouping, pool_size, stages_on, tally, tally_value
from ketnap.monitoring.selectors.structure import count_rows
from ketnap.monitoring.statistics_forms import FORM_2, REPORT_KEYS
from ketnap.orgs.models import Membership, Organization
from ketnap.orgs.selectors import Headcount, rollups
from ketnap.pipeline.enums import SYMPATHIZER_LIST, Stage
from ketnap.pipeline.models import StageEvent

REMINDER_DAYS = 7


def _grouping(orgs: Sequence[Organization]) -> Grouping:
    """One group per organisation: a single organisation's subtree, or siblings under
    their parent (they all have the same depth)."""
    if len(orgs) == 1:
        return Grouping.of(orgs[0])
    depths = {o.depth for o in orgs}
    if len(depths) != 1:
        raise ValueError("live_figures() needs organisations of one depth")
    parents = {o.path[: -Organization.steplen] for o in orgs}
    root = parents.pop() if len(parents) == 1 else ""
    return Grouping(root, orgs[0].depth * Organization.steplen)


def live_figures(orgs: Sequence[Organization], period: Period) -> dict[int, dict[str, int]]:
    """The report figures of each organisation for `period`, from the events (about
    seven queries, whatever the number of organisations)."""
    if not orgs:
        return {}
    grouping = _grouping(orgs)
    ytd = Period(date(period.year, 1, 1), period.end)
    counted = [Stage.INTRODUCED, Stage.CERTIFIED, Stage.ADMITTED, Stage.OFFICIAL, Stage.REMOVED]
    counts = tally(grouping, counted, {"period": period, "ytd": ytd})
    standing = stages_on(grouping, period.end)
    ids = [o.pk for o in orgs]
    members = rollups(ids, period.end)
    members_start = rollups(ids, year_start_headcount_day(period.year))
    quotas = quotas_in_force(orgs, period.end)
    structure = count_rows(grouping, [FORM_2.row(k) for k in REPORT_KEYS], {"period": period})
    quarters = quarters_within(period)
    result: dict[int, dict[str, int]] = {}
    for org in orgs:
        g = org.path
        quota = quotas.get(org.pk, NO_QUOTA)
        figures = {
            "headcount_year_start": members_start.get(org.pk, (Headcount(0, 0), 0))[0].total,
            "headcount": members.get(org.pk, (Headcount(0, 0), 0))[0].total,
            "admit_quota_year": quota.admit,
            "admit_quota_period": quota.for_quarters("admit", quarters) or 0,
            "introduce_quota_year": quota.introduce,
            "introduce_quota_period": quota.for_quarters("introduce", quarters) or 0,
            "introduced_ytd": tally_value(counts, g, Stage.INTRODUCED, "ytd"),
            "admitted_ytd": tally_value(counts, g, Stage.ADMITTED, "ytd"),
            "pool_end": pool_size(standing.get(g, {})),
            "sympathizers_end": sum(standing.get(g, {}).get(s, 0) for s in SYMPATHIZER_LIST),
        }
        for stage, key in EVENT_FIGURES.items():
            figures[key] = tally_value(counts, g, stage, "period")
        for key in REPORT_KEYS:
            figures[f"{key}_period"] = int(structure.get(g, {}).get(key, {}).get("period", 0))
        result[org.pk] = {key: figures[key] for key in KEYS}
    return result


def quota_sources(orgs: Sequence[Organization], on: date) -> dict[int, str]:
    quotas = quotas_in_force(orgs, on)
    return {o.pk: quotas.get(o.pk, NO_QUOTA).source for o in orgs}


def figures_of(report: PeriodicReport) -> dict[str, int]:
    """What the report says: its snapshot once submitted (or compiled), else — for an
    organisation that compiled its own report of the period — that compile's figures,
    else the live figures of its organisation for the round's period."""
    stored = (report.figures or {}).get("figures")
    if stored is not None and (report.is_submitted or report.compiled):
        return {key: int(stored.get(key, 0)) for key in KEYS}
    if not report.compiled and not report.organization.is_leaf():
        compiled = own_compile(report.organization, report.round.period)
        if compiled is not None:
            return {key: int(compiled.figures.get("figures", {}).get(key, 0)) for key in KEYS}
    return live_figures([report.organization], report.round.period)[report.organization_id]


#: Figures a compiled report prints as the organisation's own: they come from its
#: record (registry headcount, its plan), never from the sum of the parts that arrived.
RECORD_KEYS: tuple[str, ...] = (
    "headcount_year_start",
    "headcount",
    "admit_quota_year",
    "admit_quota_period",
    "introduce_quota_year",
    "introduce_quota_period",
)


def compile_figures(parts: Iterable[Mapping[str, int]], record: Mapping[str, int]) -> dict[str, int]:
    """The compiled figures: every event count is the sum of the parts named; the
    organisation's own totals (RECORD_KEYS) are its record's."""
    figures = add_up(parts)
    for key in RECORD_KEYS:
        figures[key] = int(record.get(key, 0) or 0)
    return figures


def record_figures(org: Organization, period: Period) -> dict[str, int]:
    """The organisation's own totals for a compiled report: headcounts from the registry,
    the quota from its own issued plan (else what the level above gave it)."""
    live = live_figures([org], period)[org.pk]
    record = {key: live[key] for key in RECORD_KEYS}
    own = own_target(org, period.year)
    if own.count is not None:
        record["admit_quota_year"] = own.count
    return record


@dataclass(frozen=True)
class Compilation:
    """What a compiled report adds up: the submitted parts, those still missing (some
    of them filled, by the board's choice, from the system's own data for the
    period), the sums, and the organisation's own record."""

    parts: list[PeriodicReport]
    missing: list[PeriodicReport]
    figures: dict[str, int]
    filled: dict[int, dict[str, int]] = field(default_factory=dict)  # report id → system figures
    parts_sum: dict[str, int] = field(default_factory=dict)
    record: dict[str, int] = field(default_factory=dict)

    @property
    def expected(self) -> int:
        return len(self.parts) + len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing


def completeness_title(submitted: int, expected: int, filled: int = 0) -> str:
    """ "Tổng hợp chưa đầy đủ (30/41 tổ chức)"; empty when every part was submitted."""
    if submitted >= expected:
        return ""
    title = f"Tổng hợp chưa đầy đủ ({submitted}/{expected} tổ chức)"
    if filled:
        title += f"; {filled} tổ chức lấy số liệu của hệ thống"
    return title


def compilation(round_: ReportingRound, fill: Iterable[int] = ()) -> Compilation:
    """The submitted reports of the round's subordinates, the missing ones, and the sum
    of those submitted plus the missing ones the board chose to fill (`fill`: report
    ids) from the events of the period. About fifteen queries."""
    reports = list(round_.reports.filter(compiled=False).select_related("organization").order_by("organization__path"))
    parts = [r for r in reports if r.is_submitted]
    missing = [r for r in reports if not r.is_submitted]
    chosen = set(fill)
    to_fill = [r for r in missing if r.pk in chosen]
    live = live_figures([r.organization for r in to_fill], round_.period) if to_fill else {}
    filled = {r.pk: live[r.organization_id] for r in to_fill}
    named = [r.figures.get("figures", {}) for r in parts] + list(filled.values())
    parts_sum = add_up(named)
    record = record_figures(round_.organization, round_.period)
    return Compilation(parts, missing, compile_figures(named, record), filled, parts_sum, record)


def own_compile(org: Organization, period: Period) -> PeriodicReport | None:
    """The organisation's own submitted compiled report for exactly this period: what
    its report to the level above must say (one version of one report)."""
    return (
        PeriodicReport.objects.filter(
            organization=org,
            compiled=True,
            status=ReportStatus.SUBMITTED,
            round__period_start=period.start,
            round__period_end=period.end,
        )
        .order_by("-submitted_at")
        .first()
    )


# ---------------------------------------------------------------- drift after submission


@dataclass
class Drift:
    """Events recorded after `report` was submitted that fall into its period."""

    report: PeriodicReport
    events: list[StageEvent] = field(default_factory=list)

    @property
    def changes(self) -> dict[str, int]:
        """Figure key → how much today's count exceeds the submitted one."""
        out: dict[str, int] = {}
        for event in self.events:
            key = EVENT_FIGURES[event.to_stage]
            out[key] = out.get(key, 0) + 1
        return out


def drifts(reports: Iterable[PeriodicReport]) -> list[Drift]:
    """The drift of each submitted report that has any (two queries at most: the reports
    are passed in, the late events are read at once)."""
    submitted = [r for r in reports if r.is_submitted and r.submitted_at is not None and not r.compiled]
    if not submitted:
        return []
    moments = {r.pk: r.submitted_at for r in submitted if r.submitted_at is not None}
    paths = Q(pk__in=[])
    for r in submitted:
        paths |= Q(org_path__startswith=r.organization.path)
    events = list(
        StageEvent.objects.filter(paths)
        .filter(
            to_stage__in=list(EVENT_FIGURES),
            recorded_at__gt=min(moments.values()),
            effective_on__gte=min(r.round.period_start for r in submitted),
            effective_on__lte=max(r.round.period_end for r in submitted),
        )
        .select_related("candidate", "organization", "recorded_by")
        .order_by("recorded_at", "id")
    )
    found: list[Drift] = []
    for report in submitted:
        late = [
            e
            for e in events
            if e.org_path.startswith(report.organization.path)
            and e.recorded_at > moments[report.pk]
            and e.effective_on in report.round.period
        ]
        if late:
            found.append(Drift(report, late))
    return found


def submitted_reports(orgs: Sequence[Organization], year: int, on: date) -> list[PeriodicReport]:
    """Submitted reports of these organisations for periods of `year` ended by `on`."""
    return list(
        PeriodicReport.objects.filter(
            organization__in=orgs,
            status=ReportStatus.SUBMITTED,
            compiled=False,
            round__year=year,
            round__period_end__lte=on,
        ).select_related("round", "organization", "submitted_by")
    )


# ---------------------------------------------------------------- lists


def pending_for(user: Any) -> QuerySet[PeriodicReport]:
    """Reports of the organisations on which the user holds a reporting role, not yet
    submitted (a secretary: her cell's; a board: its committee's compiled report and
    its report in the rounds of the level above)."""
    if not user.is_authenticated:
        return PeriodicReport.objects.none()
    orgs = Membership.objects.filter(user_id=user.pk, role__in=SUBMIT).values("organization_id")
    return (
        PeriodicReport.objects.filter(status=ReportStatus.DRAFT, organization_id__in=orgs)
        .select_related("round__organization", "organization")
        .order_by("round__due_on", "organization__path")
    )


def own_reports(user: Any) -> QuerySet[PeriodicReport]:
    """Every report of the organisations on which the user holds a reporting role, in
    every round, submitted or not, latest period first: a secretary's "Báo cáo của chi
    bộ" (issue 16), which he cannot reach through the commune's rounds (not his scope)."""
    if not user.is_authenticated:
        return PeriodicReport.objects.none()
    orgs = Membership.objects.filter(user_id=user.pk, role__in=SUBMIT).values("organization_id")
    return (
        PeriodicReport.objects.filter(organization_id__in=orgs)
        .select_related("round__organization", "organization", "submitted_by")
        .order_by("-round__period_end", "organization__path", "-compiled")
    )


def pending_count(user: Any, on: date) -> int:
    """The navigation badge: the user's unsubmitted reports due within a week or late."""
    soon = on + timedelta(days=REMINDER_DAYS)
    return (
        pending_for(user)
        .filter(Q(compiled=False, round__due_on__lte=soon) | Q(compiled=True, round__compile_due_on__lte=soon))
        .count()
    )


def rounds_visible(user: Any) -> QuerySet[ReportingRound]:
    """Rounds opened by organisations in the user's scope, with their submission counts."""
    return (
        ReportingRound.objects.visible_to(user)
        .select_related("organization")
        .annotate(
            parts=Count("reports", filter=Q(reports__compiled=False)),
            submitted=Count("reports", filter=Q(reports__compiled=False, reports__status=ReportStatus.SUBMITTED)),
        )
        .order_by("-period_end", "organization__path", "-id")
    )
