"""Early warning (M3): organisations unlikely to meet their quota by year end, with the
estimate and how it was made; organisations with candidates but no admission this
year; cells with no candidates; school cells with no student admitted; overdue steps.

How the estimate is made, for each organisation (the same words appear on the page;
the arithmetic is in forecast_model.py, measured by benchmarks/forecast_backtest.py):

    estimate = admitted so far + Σ over pool stages  (candidates in the stage now
               × share of past candidates from that stage who were admitted
               × chance that their usual time to admission fits before 31/12)
               + people not yet introduced, at the organisation's own past rate,
                 who would be admitted by 31/12
    range    = the central 80 % of that count ("dự kiến 3–6")

* "Share admitted" and "usual time" (median days from entering the stage to the
  admission decision) come from the last three years (rollups.HISTORY_YEARS) of the
  organisation's own history when it has at least
  MIN_HISTORY finished cases, else from the whole province's, else they are assumed
  (every candidate admitted; in time) and the page says so.
* Deadlines left: the year end; a dossier deadline set by the committee (e.g. send
  dossiers up for verification before 31/10, 003) closes the early stages once past;
  with no history, the charter's time limit for the admission decision
  (`admission_decision`, in working days) bounds the last two stages.

It is an estimate, meant to point at where to act, not a prediction to grade anyone by.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Max, Q

from ketnap.monitoring import forecast_model as model
from ketnap.monitoring.enums import Risk
from ketnap.monitoring.periods import year_to_date
from ketnap.monitoring.selectors.progress import active_children
from ketnap.monitoring.selectors.quotas import NO_QUOTA, Quota, quotas_in_force
from ketnap.monitoring.selectors.rollups import (
    Grouping,
    StageOutcome,
    fetch_rows,
    history_start,
    outcomes,
    pool_size,
    regroup,
    stages_on,
    tally,
)
from ketnap.monitoring.selectors.structure import admissions
from ketnap.monitoring.statistics_forms import STUDENTS
from ketnap.orgs.enums import BlockKind
from ketnap.orgs.history import path_on, paths_of, paths_on, placements_sql
from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import POOL, Stage
from ketnap.pipeline.models import DossierDeadline, StageEvent
from ketnap.pipeline.querysets import ancestor_paths
from ketnap.pipeline.rules import Rules
from ketnap.plans.enums import PlanStatus, StructureGroup, TargetScope
from ketnap.plans.models import Target

MIN_HISTORY = 5
#: Stages that must be passed before a dossier deadline ("send up for verification").
BEFORE_SENDING_UP: tuple[str, ...] = (
    Stage.INTRODUCED,
    Stage.SYMPATHIZER,
    Stage.IN_COURSE,
    Stage.CERTIFIED,
    Stage.DOSSIER,
)
#: Stages the charter's time limit for the admission decision applies to.
AWAITING_DECISION: tuple[str, ...] = (Stage.CELL_RESOLUTION, Stage.COMMITTEE_REVIEW)
SOURCES = {"own": "lịch sử của chính tổ chức", "province": "lịch sử toàn tỉnh", "assumed": "chưa đủ lịch sử, giả định"}


@dataclass(frozen=True)
class StageEstimate:
    """One line of the explanation: a stage's candidates and what they are expected to give."""

    stage: str
    count: int
    conversion: float
    conversion_source: str
    conversion_basis: int
    days: float | None
    days_source: str
    reachable: bool
    why: str
    #: Chance that one candidate of this stage is admitted by 31/12.
    chance: float = 0.0

    @property
    def label(self) -> str:
        return Stage(self.stage).label

    @property
    def expected(self) -> float:
        return self.count * self.chance


@dataclass
class Forecast:
    organization: Organization
    quota: Quota
    admitted: int
    stages: list[StageEstimate] = field(default_factory=list)
    #: Expected admissions by 31/12 of people not introduced yet, and the rate used.
    newcomers: float = 0.0
    introductions_per_year: float = 0.0

    @property
    def estimate(self) -> float:
        return self.admitted + sum(s.expected for s in self.stages) + self.newcomers

    @property
    def range(self) -> tuple[int, int]:
        """The central 80 % of the year's admissions: "dự kiến low–high"."""
        chances = [s.chance for s in self.stages for _ in range(s.count)]
        low, high = model.count_range(chances, self.newcomers)
        return self.admitted + low, self.admitted + high

    @property
    def range_label(self) -> str:
        low, high = self.range
        return f"dự kiến {low}" if low == high else f"dự kiến {low}–{high}"

    @property
    def basis(self) -> str:
        """What the estimate rests on, in one sentence for the page."""
        pool = sum(s.count for s in self.stages)
        text = f"đã kết nạp {self.admitted}; {pool} quần chúng đang trong quy trình"
        if self.introductions_per_year:
            text += f"; trung bình {self.introductions_per_year:.0f} người được giới thiệu mỗi năm".replace(".", ",")
            text += f" (dự kiến thêm {self.newcomers:.1f} người kết nạp kịp trong năm)".replace(".", ",")
        return text

    @property
    def risk(self) -> str:
        if not self.quota.given or self.quota.exempt:
            return Risk.NO_QUOTA
        return Risk.AT_RISK if self.estimate < self.quota.admit else Risk.ON_TRACK

    @property
    def shortfall(self) -> float:
        return max(0.0, self.quota.admit - self.estimate)

    @property
    def risk_label(self) -> str:
        return Risk(self.risk).label


def _pick(own: StageOutcome | None, province: StageOutcome | None, count: str) -> tuple[StageOutcome | None, str]:
    """The history to trust for one stage: own if it has enough cases of `count`
    ("resolved" for the share admitted, "admitted" for the time), else the province's."""
    if own is not None and getattr(own, count) >= MIN_HISTORY:
        return own, "own"
    if province is not None and getattr(province, count) >= MIN_HISTORY:
        return province, "province"
    return None, "assumed"


def _estimate(
    stage: str,
    count: int,
    own: StageOutcome | None,
    province: StageOutcome | None,
    on: date,
    dossier_due: date | None,
    decision_due: date,
) -> StageEstimate:
    share, share_source = _pick(own, province, "resolved")
    timing, days_source = _pick(own, province, "admitted")
    conversion = share.conversion if share is not None and share.conversion is not None else 1.0
    basis = share.resolved if share is not None else 0
    days = timing.median_days_to_admission if timing is not None else None
    year_end = date(on.year, 12, 31)
    days_left = (year_end - on).days
    if stage in BEFORE_SENDING_UP and dossier_due is not None and dossier_due < on:
        fits, why = 0.0, f"đã quá hạn gửi hồ sơ lên cấp ủy ({dossier_due:%d/%m/%Y})"
    elif days is not None:
        arrives = on + timedelta(days=round(days))
        fits = model.in_time(days, days_left)
        why = f"thường mất {round(days)} ngày đến quyết định kết nạp → khoảng {arrives:%d/%m/%Y}"
        why += f"; khả năng kịp trước 31/12 khoảng {fits * 100:.0f}%"
    elif stage in AWAITING_DECISION:
        fits = 1.0 if decision_due <= year_end else 0.0
        why = f"hạn cấp ủy quyết định kết nạp (tính từ hôm nay) là {decision_due:%d/%m/%Y}"
        why += "" if fits else ", có thể sang năm sau"
    else:
        fits, why = 1.0, "chưa có số liệu về thời gian, giả định kịp trong năm"
    chance = conversion * fits
    return StageEstimate(stage, count, conversion, share_source, basis, days, days_source, chance > 0, why, chance)


def _newcomers(
    own: dict[str, StageOutcome], wide: dict[str, StageOutcome], on: date, dossier_due: date | None = None
) -> tuple[float, float]:
    """(expected admissions by 31/12 of people introduced after `on`, introductions a
    year): the organisation's own rate of introductions over the history window, with
    the share admitted and the time of the introduced stage (own, else province). None
    once the dossier deadline has passed: a newcomer cannot send a dossier up in time."""
    reached = own.get(Stage.INTRODUCED)
    if reached is None or not reached.reached:
        return 0.0, 0.0
    if dossier_due is not None and dossier_due < on:
        return 0.0, reached.reached / max((on - history_start(on)).days, 1) * 365
    window = max((on - history_start(on)).days, 1)
    rate = reached.reached / window
    share, _ = _pick(reached, wide.get(Stage.INTRODUCED), "resolved")
    timing, _ = _pick(reached, wide.get(Stage.INTRODUCED), "admitted")
    conversion = share.conversion if share is not None and share.conversion is not None else 1.0
    days = timing.median_days_to_admission if timing is not None else None
    return model.newcomers(rate, conversion, days, (date(on.year, 12, 31) - on).days), rate * 365


def _dossier_deadlines(orgs: Sequence[Organization], year: int) -> dict[str, date]:
    """The latest dossier deadline of `year` set at or above each organisation (path → date)."""
    paths = sorted({a for o in orgs for a in ancestor_paths(o.path)})
    found = DossierDeadline.objects.filter(organization__path__in=paths, due_on__year=year).values_list(
        "organization__path", "due_on"
    )
    by_path: dict[str, date] = {}
    for path, due in found:
        by_path[path] = max(due, by_path.get(path, due))
    result: dict[str, date] = {}
    for o in orgs:
        dues = [by_path[a] for a in ancestor_paths(o.path) if a in by_path]
        if dues:
            result[o.path] = max(dues)
    return result


@dataclass(frozen=True)
class SubtreeCounts:
    """Where the subtree's candidates stand on a day and who was admitted this year, by
    the exact path of each organisation: read once, regrouped for each list."""

    standing: dict[str, dict[str, int]]
    admitted: dict[str, dict[str, int]]

    def by(self, length: int) -> SubtreeCounts:
        return SubtreeCounts(regroup(self.standing, length), regroup(self.admitted, length))


def subtree_counts(org: Organization, on: date) -> SubtreeCounts:
    """Two queries."""
    exact = Grouping.exact(org)
    done = tally(exact, [Stage.ADMITTED], {"ytd": year_to_date(on)})
    admitted: dict[str, dict[str, int]] = {path: {Stage.ADMITTED: p[Stage.ADMITTED]["ytd"]} for path, p in done.items()}
    return SubtreeCounts(stages_on(exact, on), admitted)


def forecasts(
    org: Organization, on: date, *, counts: SubtreeCounts | None = None, rules: Rules | None = None
) -> list[Forecast]:
    """The estimate of every child of `org` (of `org` itself for a cell). About eight
    queries whatever the number of children (two fewer with `counts`)."""
    children = active_children(org, on)
    rows = children or [org]
    grouping = Grouping.children_of(org) if children else Grouping.of(org)
    top = org.path[: Organization.steplen]
    province = Grouping(top, len(top))
    quotas = quotas_in_force(rows, on)
    here_counts = (counts or subtree_counts(org, on)).by(grouping.length or len(org.path))
    standing, admitted = here_counts.standing, here_counts.admitted
    own = outcomes(grouping, on)
    wide = province_outcomes(province, on)
    deadlines = _dossier_deadlines(rows, on.year)
    decision_due = (rules or Rules()).deadline("admission_decision", on).date
    held = paths_of([o for o in rows if o.has_history])
    then_paths = paths_on(rows, on)
    result = []
    for o in rows:
        paths = held.get(o.pk, [o.path])  # a child moved since: its rows under every path it held
        then = then_paths[o.pk]
        here = _merged(standing, paths)
        mine = own.get(then, {})
        stages = [
            _estimate(s, here[s], mine.get(s), wide.get(s), on, deadlines.get(o.path), decision_due)
            for s in POOL
            if here.get(s)
        ]
        done = _merged(admitted, paths).get(Stage.ADMITTED, 0)
        more, per_year = _newcomers(mine, wide, on, deadlines.get(o.path))
        result.append(Forecast(o, quotas.get(o.pk, NO_QUOTA), done, stages, more, per_year))
    return result


def _merged(groups: dict[str, dict[str, int]], paths: list[str]) -> dict[str, int]:
    total: dict[str, int] = {}
    for path in paths:
        for key, n in groups.get(path, {}).items():
            total[key] = total.get(key, 0) + n
    return total


#: The province's history costs a pass over three years of its events: kept this long
#: for every page of the province asking about the same day, and only while no event
#: has been recorded since (the key carries the newest event's id).
PROVINCE_SECONDS = 600


def province_outcomes(province: Grouping, on: date) -> dict[str, StageOutcome]:
    """The whole province's stage outcomes on `on`, cached (the costliest query of the
    early-warning page, and the same for every commune of the province)."""
    newest = StageEvent.objects.aggregate(n=Max("id"))["n"] or 0
    key = f"monitoring:outcomes:{province.root}:{on.isoformat()}:{newest}"
    found = cache.get(key)
    if found is None:
        found = outcomes(province, on).get(province.root, {})
        cache.set(key, found, PROVINCE_SECONDS)
    return dict(found)


# ---------------------------------------------------------------- lists of places to look at


@dataclass(frozen=True)
class Place:
    """A cell (or other organisation where candidates are followed) and its numbers."""

    organization: Organization
    pool: int
    admitted: int
    note: str = ""


def leaves(org: Organization, on: date) -> list[Organization]:
    """Organisations of the subtree *as it stood on `on`* where candidates are followed
    (no children that day), each with `path_then`, the path it held that day (what its
    events of the time carry). Two queries."""
    root = path_on(org, on) if org.has_history else org.path
    sql, params = placements_sql(on, [root])
    placed = {int(pk): str(path) for pk, path in fetch_rows(sql, params)}
    parents = {path[: -Organization.steplen] for path in placed.values()}
    ids = [pk for pk, path in placed.items() if path not in parents]
    found = list(Organization.objects.filter(pk__in=ids).select_related("block"))
    for cell in found:
        cell.path_then = placed[cell.pk]  # type: ignore[attr-defined]
    return sorted(found, key=lambda c: c.path_then)  # type: ignore[attr-defined]


@dataclass
class Places:
    idle: list[Place]
    empty: list[Place]
    schools: list[Place]
    school_target: Target | None
    total: int


def places(org: Organization, on: date, *, counts: SubtreeCounts | None = None) -> Places:
    """Cells with candidates but no admission this year, cells with no candidate, and —
    where a plan sets "each school cell admits at least one student" (004) — school
    cells that have not admitted a student yet. Five queries (three with `counts`)."""
    cells = leaves(org, on)
    counts = counts or subtree_counts(org, on)
    year = year_to_date(on)
    students = set(
        admissions(Grouping.of(org).q("org_path"))
        .filter(STUDENTS, effective_on__range=(year.start, year.end))
        .values_list("org_path", flat=True)
    )
    target = school_student_target(org, on.year)
    idle, empty, schools = [], [], []
    for cell in cells:
        pool = pool_size(counts.standing.get(cell.path_then, {}))  # type: ignore[attr-defined]
        admitted = counts.admitted.get(cell.path_then, {}).get(Stage.ADMITTED, 0)  # type: ignore[attr-defined]
        place = Place(cell, pool, admitted)
        if pool and not admitted:
            idle.append(place)
        if not pool:
            empty.append(place)
        is_school = cell.block is not None and cell.block.kind == BlockKind.SCHOOLS
        if target is not None and is_school and cell.path_then not in students:  # type: ignore[attr-defined]
            schools.append(place)
    return Places(idle, empty, schools, target, len(cells))


def school_student_target(org: Organization, year: int) -> Target | None:
    """An issued plan's target "each school cell admits ≥ N students" applying to `org`'s
    subtree (set by `org`, an ancestor or a committee below it). One query."""
    above = ancestor_paths(org.path)
    return (
        Target.objects.filter(
            scope=TargetScope.EACH_ORGANIZATION,
            block_kind=BlockKind.SCHOOLS,
            group=StructureGroup.STUDENTS,
            plan__year=year,
            plan__status=PlanStatus.ISSUED,
        )
        .filter(Q(plan__organization__path__in=above) | Q(plan__organization__path__startswith=org.path))
        .select_related("plan__organization")
        .first()
    )


# ---------------------------------------------------------------- overdue steps


@dataclass(frozen=True)
class Overdue:
    organization: Organization
    count: int
    items: list[Any]


def overdue_by_child(user: Any, org: Organization, on: date) -> list[Overdue]:
    """Overdue steps of the pipeline's agenda in `org`'s subtree, counted per child (or
    for `org` itself when it has none)."""
    from ketnap.pipeline.selectors.agenda import agenda, in_subtree

    items = [i for i in in_subtree(agenda(user, on, within=org), org) if i.overdue]
    children = active_children(org, on) or [org]
    result = []
    for child in children:
        mine = [i for i in items if i.organization.path.startswith(child.path)]
        if mine:
            result.append(Overdue(child, len(mine), mine))
    return result
