"""Progress against quota by quarter and year to date, for an organisation and each of
its children (M1), with the admission rate over total members.

Why the total row is a sum and the rate a ratio of sums: a straight average of the
children's completion or rates is wrong when their sizes and quotas differ
(ANCHORS §4); the total adds the counts and then divides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ketnap.monitoring.periods import Period, quarter_of, quarters_to_date, year_start_headcount_day, year_to_date
from ketnap.monitoring.selectors.quotas import (
    NO_QUOTA,
    OwnTarget,
    Quota,
    own_target,
    plan_revision,
    quotas_in_force,
    sum_quotas,
)
from ketnap.monitoring.selectors.rollups import (
    Grouping,
    Stays,
    Tally,
    pool_size,
    stages_and_stays,
    stages_on,
    tally,
    tally_value,
)
from ketnap.orgs.history import children_during, names_on, paths_of
from ketnap.orgs.models import Organization, OrganizationSuccession
from ketnap.orgs.selectors import Headcount, rollups
from ketnap.pipeline.enums import EXITS, FUNNEL, Stage
from ketnap.plans.enums import QUARTERS
from ketnap.plans.models import AllocationRevision

#: The two measures of the appendices: kind → stage whose events count.
MEASURES = {"admit": Stage.ADMITTED, "introduce": Stage.INTRODUCED}


def percent(part: int, whole: int | None, places: str = "0.01") -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass
class Achieved:
    """Events of one measure: per quarter up to the date (None: quarter not begun) and
    the year to date."""

    quarters: dict[int, int | None] = field(default_factory=dict)
    ytd: int = 0


@dataclass
class ProgressRow:
    """One organisation (or the total) on the dashboard."""

    label: str
    organization: Organization | None
    quota: Quota
    achieved: dict[str, Achieved]
    headcount: Headcount
    headcount_year_start: int
    pool: int
    #: A predecessor merged into the organisation this year: its admissions before the merge.
    inherited: bool = False
    #: For an inherited row, the day the merge took effect (its figures end the day before).
    merged_on: date | None = None

    def completion(self, kind: str = "admit") -> Decimal | None:
        """Per cent of the year's quota reached."""
        return percent(self.achieved[kind].ytd, self.quota.total(kind), "0.1")

    @property
    def rate(self) -> Decimal | None:
        """Admissions so far over the members at the start of the year, in per cent."""
        return percent(self.achieved["admit"].ytd, self.headcount_year_start)

    def cells(self, kind: str) -> list[tuple[int | None, int | None]]:
        """(quota, achieved) per quarter, for the table."""
        quotas = self.quota.quarters(kind)
        return [(quotas[q - 1], self.achieved[kind].quarters.get(q)) for q in QUARTERS]

    def quota_to_date(self, kind: str, on: date) -> int | None:
        return self.quota.for_quarters(kind, range(1, quarter_of(on) + 1))


@dataclass
class Progress:
    organization: Organization
    as_of: date
    rows: list[ProgressRow]
    total: ProgressRow
    own: OwnTarget
    revision: AllocationRevision | None
    headcount_day: date
    #: The whole subtree's candidates by stage on `as_of`, and events by stage this year
    #: (read with the rows, handed to the funnel so it needs no query of its own).
    standing: dict[str, int]
    reached: dict[str, int]
    #: Median stays by stage (only when asked for: the dashboard's funnel).
    stays: dict[str, Stays] | None = None

    @property
    def inherited(self) -> list[ProgressRow]:
        """The rows of predecessors merged in this year (their admissions before the merge)."""
        return [r for r in self.rows if r.inherited]

    @property
    def rate_base(self) -> int:
        """The headcount the rate target is measured on (the plan's date, else 31/12 before)."""
        return self.total.headcount_year_start

    @property
    def rate(self) -> Decimal | None:
        return percent(self.total.achieved["admit"].ytd, self.rate_base)

    @property
    def quota(self) -> int:
        """The organisation's own target when it has one, else what its children were given."""
        return self.own.count if self.own.count is not None else self.total.quota.admit


def _periods(as_of: date) -> dict[str, Period]:
    periods = {f"q{q}": p for q, p in quarters_to_date(as_of).items() if p is not None}
    periods["ytd"] = year_to_date(as_of)
    return periods


def _achieved(counts: dict[str, dict[str, dict[str, int]]], group: str, stage: str, as_of: date) -> Achieved:
    begun = quarters_to_date(as_of)
    return Achieved(
        {q: (tally_value(counts, group, stage, f"q{q}") if begun[q] else None) for q in QUARTERS},
        tally_value(counts, group, stage, "ytd"),
    )


def _sum_achieved(items: list[Achieved]) -> Achieved:
    quarters = {
        q: (None if all(a.quarters.get(q) is None for a in items) else sum(a.quarters.get(q) or 0 for a in items))
        for q in QUARTERS
    }
    return Achieved(quarters, sum(a.ytd for a in items))


def active_children(org: Organization, on: date) -> list[Organization]:
    """Children of `org` at some time from the start of `on`'s year to `on`, in the tree
    of those days (a child that moved away keeps its row for the events it had here; one
    created or moved in later does not appear)."""
    return children_during(org, date(on.year, 1, 1), on)


def _merged_tally(counts: Tally, paths: list[str]) -> Tally:
    """The groups of an organisation that held several paths, added into one (keyed by
    its first path)."""
    merged: dict[str, dict[str, int]] = {}
    for path in paths:
        for stage, periods in counts.get(path, {}).items():
            row = merged.setdefault(stage, {})
            for key, n in periods.items():
                row[key] = row.get(key, 0) + n
    return {paths[0]: merged}


def _merged_standing(standing: dict[str, dict[str, int]], paths: list[str]) -> dict[str, int]:
    total: dict[str, int] = {}
    for path in paths:
        for stage, n in standing.get(path, {}).items():
            total[stage] = total.get(stage, 0) + n
    return total


def _inherited(org: Organization, as_of: date, periods: dict[str, Period]) -> list[tuple[Organization, date, Tally]]:
    """Kế thừa: the predecessors merged into `org` this year, each with its events of the
    year before the merge (under the predecessor's paths of the time)."""
    found = []
    year_start = date(as_of.year, 1, 1)
    for succession in (
        OrganizationSuccession.objects.filter(successor=org, effective_on__gt=year_start, effective_on__lte=as_of)
        .select_related("predecessor")
        .order_by("effective_on", "id")
    ):
        before = succession.effective_on - timedelta(days=1)
        cut = {k: c for k, p in periods.items() if (c := p.capped(before)) is not None}
        if cut:
            grouping = Grouping.of(succession.predecessor)
            found.append((succession.predecessor, succession.effective_on, tally(grouping, [*FUNNEL, *EXITS], cut)))
    return found


def progress(
    org: Organization, as_of: date, *, children: list[Organization] | None = None, with_stays: bool = False
) -> Progress:
    """The dashboard's progress table of `org` on `as_of` (about ten queries, whatever the
    number of children). A cell (no children) gets one row, itself. `with_stays` also
    reads the median stays by stage, in the same pass as where candidates stand."""
    rows_orgs = children if children is not None else active_children(org, as_of)
    grouping = Grouping.children_of(org) if rows_orgs else Grouping.of(org)
    counts = tally(grouping, [*FUNNEL, *EXITS], _periods(as_of))
    stays = None
    if with_stays:
        standing, stays = stages_and_stays(grouping, as_of)
    else:
        standing = stages_on(grouping, as_of)
    headcount_day = year_start_headcount_day(as_of.year)
    own = own_target(org, as_of.year)
    if own.headcount_on is not None:
        headcount_day = own.headcount_on
    members_now = rollups([o.pk for o in [org, *rows_orgs]], as_of)
    members_start = rollups([o.pk for o in [org, *rows_orgs]], headcount_day)
    targets = rows_orgs or [org]
    quotas = quotas_in_force(targets, as_of)

    names = names_on(targets, as_of)

    def row(o: Organization, group: str) -> ProgressRow:
        return ProgressRow(
            label=names.get(o.pk, o.name),
            organization=o,
            quota=quotas.get(o.pk, NO_QUOTA),
            achieved={kind: _achieved(counts, group, stage, as_of) for kind, stage in MEASURES.items()},
            headcount=members_now.get(o.pk, (Headcount(0, 0), 0))[0],
            headcount_year_start=members_start.get(o.pk, (Headcount(0, 0), 0))[0].total,
            pool=pool_size(standing.get(group, {})),
        )

    if any(o.has_history for o in targets):
        held = paths_of(targets)
        for o in targets:
            counts.update(_merged_tally(counts, held[o.pk]))
            standing[o.path] = _merged_standing(standing, held[o.pk])
    rows = [row(o, o.path) for o in targets]
    for predecessor, merged_on, inherited in _inherited(org, as_of, _periods(as_of)):
        counts.update({f"~{predecessor.pk}": inherited.get(predecessor.path, {})})
        extra = row(predecessor, f"~{predecessor.pk}")
        extra.label, extra.quota, extra.pool = f"Kế thừa từ {predecessor.name}", NO_QUOTA, 0
        extra.headcount, extra.headcount_year_start = Headcount(0, 0), 0
        extra.inherited, extra.merged_on = True, merged_on
        rows.append(extra)
    if rows_orgs and (org.path in counts or org.path in standing):
        direct = row(org, org.path)
        direct.label, direct.organization, direct.quota = f"Trực tiếp {org.name}", None, NO_QUOTA
        direct.headcount, direct.headcount_year_start = Headcount(0, 0), 0
        rows.append(direct)
    own_members = members_now.get(org.pk, (Headcount(0, 0), 0))[0]
    total = ProgressRow(
        label="Cộng",
        organization=org,
        quota=sum_quotas(r.quota for r in rows) if rows_orgs else rows[0].quota,
        achieved={kind: _sum_achieved([r.achieved[kind] for r in rows]) for kind in MEASURES},
        headcount=own_members,
        headcount_year_start=members_start.get(org.pk, (Headcount(0, 0), 0))[0].total,
        pool=sum(r.pool for r in rows),
    )
    revision = plan_revision(org, as_of) if rows_orgs else (rows[0].quota.revision)
    return Progress(org, as_of, rows, total, own, revision, headcount_day, _sum(standing), _sum_ytd(counts), stays)


def _sum(groups: dict[str, dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for stages in groups.values():
        for stage, n in stages.items():
            total[stage] = total.get(stage, 0) + n
    return total


def _sum_ytd(counts: dict[str, dict[str, dict[str, int]]]) -> dict[str, int]:
    return _sum({g: {stage: p.get("ytd", 0) for stage, p in stages.items()} for g, stages in counts.items()})
