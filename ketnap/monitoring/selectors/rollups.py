"""The event rollups everything else is built on, in SQL that runs unchanged on SQLite
and PostgreSQL (only the difference of two dates is spelled per database).

Why grouping by a path prefix: a StageEvent carries `org_path`, the materialised path
of the candidate's organisation when the event took effect. Every organisation of the
same depth under a root has a path of the same length, so the first `length`
characters of an event's path name the row it belongs to: one indexed pass over the
events of the subtree, no join on `LIKE` per organisation, whatever the number of rows.
An event of the root organisation itself yields the root's (shorter) path as its
prefix, so nothing is lost: the sum of all groups is the subtree's total.

    Grouping.children_of(commune)  → one group per cell (and the commune's own events)
    Grouping.of(cell)              → a single group, the whole subtree
    Grouping.exact(province)       → one group per organisation where events happened
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Substr

from ketnap.charter import add_months
from ketnap.monitoring.periods import Period
from ketnap.orgs import rollup_cache
from ketnap.orgs.history import paths_of
from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import EXITS, POOL, Stage
from ketnap.pipeline.models import StageEvent

#: Years of history behind medians and conversion rates (see history_start).
HISTORY_YEARS = 3
#: Exits that end a candidacy without admission (REMOVED comes after admission).
NOT_ADMITTED_EXITS: tuple[str, ...] = tuple(s for s in EXITS if s != Stage.REMOVED)


@dataclass(frozen=True)
class Grouping:
    """Which events count (`root`: their path starts with it) and how they are grouped
    (`length`: the prefix naming a row; None groups by the exact path).

    `history` holds the other paths the organisation held (it was moved): events that
    happened under it then count too, each path grouped at its own depth (its children's
    paths of the time name their rows; see orgs.history for why paths are never reused)."""

    root: str
    length: int | None
    history: tuple[tuple[str, int | None], ...] = ()

    @classmethod
    def children_of(cls, org: Organization) -> Grouping:
        step = Organization.steplen
        paths = paths_of([org])[org.pk]
        return cls(org.path, len(org.path) + step, tuple((p, len(p) + step) for p in paths[1:]))

    @classmethod
    def of(cls, org: Organization) -> Grouping:
        paths = paths_of([org])[org.pk]
        return cls(org.path, len(org.path), tuple((p, len(p)) for p in paths[1:]))

    @classmethod
    def exact(cls, org: Organization) -> Grouping:
        paths = paths_of([org])[org.pk]
        return cls(org.path, None, tuple((p, None) for p in paths[1:]))

    @property
    def parts(self) -> tuple[tuple[str, int | None], ...]:
        return ((self.root, self.length), *self.history)

    @property
    def single(self) -> bool:
        """One group: every counted row belongs to the organisation itself."""
        return self.length == len(self.root)

    @property
    def like(self) -> str:
        return f"{self.root}%"

    def where(self, column: str) -> tuple[str, list[object]]:
        """SQL condition: the row's path is under one of the organisation's paths."""
        likes = [f"{root}%" for root, _ in self.parts]
        return "(" + " OR ".join([f"{column} LIKE %s"] * len(likes)) + ")", list(likes)

    def q(self, field: str) -> Q:
        q = Q(pk__in=[])
        for root, _ in self.parts:
            q |= Q(**{f"{field}__startswith": root})
        return q

    def sql(self, column: str) -> tuple[str, list[object]]:
        """The SQL expression naming the group of a row whose path is in `column`."""
        if self.single:  # one group: every row is under the organisation
            return f"CAST(%s AS VARCHAR({len(self.root)}))", [self.root]
        if not self.history:
            if self.length is None:
                return column, []
            return f"SUBSTR({column}, 1, %s)", [self.length]
        whens: list[str] = []
        params: list[object] = []
        for root, length in self.parts:
            if length is None:
                whens.append(f"WHEN {column} LIKE %s THEN {column}")
                params.append(f"{root}%")
            else:
                whens.append(f"WHEN {column} LIKE %s THEN SUBSTR({column}, 1, %s)")
                params += [f"{root}%", length]
        return "CASE " + " ".join(whens) + " END", params

    def orm(self, field: str) -> Any:
        """The same group expression for the ORM."""
        if self.single:
            return Value(self.root)
        if not self.history:
            return Substr(field, 1, self.length) if self.length else F(field)
        return Case(
            *[
                When(**{f"{field}__startswith": root}, then=Substr(field, 1, length) if length else F(field))
                for root, length in self.parts
            ]
        )


def days_between(later: str, earlier: str) -> str:
    """SQL for the whole days from `earlier` to `later` (two date columns)."""
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    if connection.vendor == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    raise NotImplementedError(f"database {connection.vendor} is not supported")  # pragma: no cover


def candidates_in(subquery: str) -> str:
    """SQL: `e.candidate_id` is one of those `subquery` selects. On PostgreSQL an array
    of the subtree's candidates first (`= ANY(ARRAY(…))`): each candidate's events are
    then read through the (candidate, day) index, so the cost follows the subtree; a
    plain `IN` lets the planner merge-join the whole events table in candidate order.
    Each candidate once (DISTINCT): a province's 117,000 events name 24,000 candidates,
    and every duplicate in the array was one more index probe."""
    if connection.vendor == "postgresql":
        return f"e.candidate_id = ANY(ARRAY(SELECT DISTINCT sub.c FROM ({subquery}) AS sub(c)))"
    return f"e.candidate_id IN ({subquery})"


def fetch_rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


_EVENTS = StageEvent._meta.db_table

# ---------------------------------------------------------------- counts of events in periods

Tally = dict[str, dict[str, dict[str, int]]]  # group → stage → period key → count


def memo[T](name: str, grouping: Grouping, extra: object, compute: Callable[[], T]) -> T:
    """`compute()` kept in the cache until an event is written under one of the
    grouping's paths (orgs.rollup_cache): the same answer for every page and user asking
    about the same subtree and day, recomputed after any write in its province."""
    digest = hashlib.sha1(repr((grouping, extra)).encode()).hexdigest()
    roots = [root for root, _ in grouping.parts]
    return rollup_cache.cached_many(f"monitoring:{name}", {digest: roots}, lambda _: {digest: compute()})[digest]


def tally(grouping: Grouping, stages: Iterable[str], periods: Mapping[str, Period]) -> Tally:
    """How many events entered each of `stages` in each named period, per group.

    Events count by their date of effect (`effective_on`), in the organisation they
    belonged to then. One query (ORM aggregates with a filter per period), cached."""
    if not periods:
        return {}
    stages = list(stages)
    return memo("tally", grouping, (stages, dict(periods)), lambda: _tally(grouping, stages, periods))


def _tally(grouping: Grouping, stages: list[str], periods: Mapping[str, Period]) -> Tally:
    low = min(p.start for p in periods.values())
    high = max(p.end for p in periods.values())
    qs = StageEvent.objects.filter(grouping.q("org_path"), to_stage__in=list(stages), effective_on__range=(low, high))
    group = grouping.orm("org_path")
    rows = (
        qs.annotate(grp=group)
        .values("grp", "to_stage")
        .annotate(**{key: Count("id", filter=Q(effective_on__range=(p.start, p.end))) for key, p in periods.items()})
        .order_by()
    )
    result: Tally = defaultdict(dict)
    for row in rows:
        data: dict[str, Any] = dict(row)
        result[data["grp"]][data["to_stage"]] = {key: int(data[key]) for key in periods}
    return dict(result)


def tally_value(t: Tally, group: str, stage: str, period_key: str) -> int:
    return t.get(group, {}).get(stage, {}).get(period_key, 0)


# ---------------------------------------------------------------- where candidates stand on a date


def stages_on(grouping: Grouping, on: date) -> dict[str, dict[str, int]]:
    """Number of candidates in each stage on `on`, per group: each candidate's latest
    event on or before that day, counted where it happened. One query, cached."""
    return memo("stages_on", grouping, on, lambda: _stages_on(grouping, on))


def _stages_on(grouping: Grouping, on: date) -> dict[str, dict[str, int]]:
    grp, grp_params = grouping.sql("org_path")
    under_s, under_params = grouping.where("s.org_path")
    under, _ = grouping.where("org_path")
    sql = f"""
        WITH latest AS (
            SELECT e.org_path, e.to_stage,
                   ROW_NUMBER() OVER (PARTITION BY e.candidate_id ORDER BY e.effective_on DESC, e.id DESC) AS rn
            FROM {_EVENTS} e
            WHERE e.effective_on <= %s
              AND {candidates_in(f"SELECT s.candidate_id FROM {_EVENTS} s WHERE {under_s}")}
        )
        SELECT {grp}, to_stage, COUNT(*) FROM latest
        WHERE rn = 1 AND {under}
        GROUP BY 1, 2
    """
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for group, stage, count in fetch_rows(sql, [on, *under_params, *grp_params, *under_params]):
        result[str(group)][str(stage)] = int(count)
    return dict(result)


def regroup(groups: Mapping[str, Mapping[str, int]], length: int) -> dict[str, dict[str, int]]:
    """Counts grouped by exact path, added up by the path prefix of `length` — the rows
    of a coarser grouping, without reading the events again."""
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for path, counts in groups.items():
        row = result[path[:length]]
        for key, n in counts.items():
            row[key] = row.get(key, 0) + n
    return dict(result)


def pool_size(stages: Mapping[str, int]) -> int:
    """Candidates still followed and not yet admitted ("nguồn")."""
    return sum(stages.get(s, 0) for s in POOL)


# ---------------------------------------------------------------- time spent in each stage


@dataclass(frozen=True)
class Stays:
    """Completed stays in one stage: how many, and the median number of days."""

    count: int
    median_days: float | None


def median_of(histogram: Mapping[int, int]) -> float | None:
    """The median of values given as a histogram (value → how many): the middle value,
    or the mean of the two middle ones."""
    n = sum(histogram.values())
    if not n:
        return None
    low_rank, high_rank = (n + 1) // 2, (n + 2) // 2
    seen, low = 0, None
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen >= low_rank:
            low = value
        if seen >= high_rank:
            return (low + value) / 2 if low is not None else float(value)
    return None  # pragma: no cover — the ranks are within n


def history_start(on: date) -> date:
    """The first day of the history that medians and rates are read from: HISTORY_YEARS
    before `on`. How long steps take *now* is what matters, and the window keeps the cost
    of the stays and the outcomes flat as the years of events pile up."""
    return add_months(on, -12 * HISTORY_YEARS)


def stages_and_stays(grouping: Grouping, on: date) -> tuple[dict[str, dict[str, int]], dict[str, Stays]]:
    """As `_stages_and_stays`, cached until an event is written in the subtree."""
    return memo("stays", grouping, on, lambda: _stages_and_stays(grouping, on))


def _stages_and_stays(grouping: Grouping, on: date) -> tuple[dict[str, dict[str, int]], dict[str, Stays]]:
    """Where candidates stand on `on` (per group, as `stages_on`) and, for the whole
    subtree, the median days spent in each stage — from entering it to the candidate's
    next event, stays begun within the history window (stays still going on are not
    counted). One query: one LEAD() pass over the candidates' events gives both, an
    event without a next one being the candidate's standing, and the database returns
    how many stays lasted each number of days; the median is read off that histogram (a
    few hundred buckets per stage, whatever the number of events)."""
    grp, grp_params = grouping.sql("org_path")
    under_s, under_params = grouping.where("s.org_path")
    under, _ = grouping.where("org_path")
    sql = f"""
        WITH ev AS (
            SELECT e.org_path, e.to_stage AS stage, e.effective_on AS d0,
                   LEAD(e.effective_on) OVER (PARTITION BY e.candidate_id ORDER BY e.effective_on, e.id) AS d1
            FROM {_EVENTS} e
            WHERE e.effective_on <= %s
              AND {candidates_in(f"SELECT s.candidate_id FROM {_EVENTS} s WHERE {under_s}")}
        )
        SELECT 'now', {grp}, stage, 0, COUNT(*) FROM ev WHERE d1 IS NULL AND {under} GROUP BY 2, 3
        UNION ALL
        SELECT 'stay', '', stage, {days_between("d1", "d0")}, COUNT(*) FROM ev
        WHERE d1 IS NOT NULL AND d0 >= %s AND {under} GROUP BY 3, 4
    """
    params = [on, *under_params, *grp_params, *under_params, history_start(on), *under_params]
    standing: dict[str, dict[str, int]] = defaultdict(dict)
    histograms: dict[str, dict[int, int]] = defaultdict(dict)
    for kind, group, stage, days, n in fetch_rows(sql, params):
        if kind == "now":
            standing[str(group)][str(stage)] = int(n)
        else:
            histograms[str(stage)][int(days)] = int(n)
    stays = {stage: Stays(sum(h.values()), median_of(h)) for stage, h in histograms.items()}
    return dict(standing), stays


# ---------------------------------------------------------------- what became of those who reached a stage


@dataclass(frozen=True)
class StageOutcome:
    """Of the candidates who ever reached a stage (on or before the date): how many were
    admitted later, how many left without admission, and — among the admitted — the
    median days from entering the stage to the admission decision, and how many of them
    took at most `within` days."""

    reached: int
    admitted: int
    exited: int
    median_days_to_admission: float | None

    @property
    def resolved(self) -> int:
        return self.admitted + self.exited

    @property
    def conversion(self) -> float | None:
        return self.admitted / self.resolved if self.resolved else None


def outcomes(grouping: Grouping, on: date, stages: Sequence[str] = POOL) -> dict[str, dict[str, StageOutcome]]:
    """As `_outcomes`, cached until an event is written in the subtree."""
    stages = list(stages)
    return memo("outcomes", grouping, (on, stages), lambda: _outcomes(grouping, on, stages))


def _outcomes(grouping: Grouping, on: date, stages: Sequence[str]) -> dict[str, dict[str, StageOutcome]]:
    """Per group and stage: how candidates who reached the stage (within the history
    window ending on `on`) ended (see StageOutcome). One query; a candidate belongs to
    the group of its first event in the subtree."""
    grp, grp_params = grouping.sql("e.org_path")
    under, under_params = grouping.where("e.org_path")
    firsts = ",\n".join(f"MIN(CASE WHEN e.to_stage = %s THEN e.effective_on END) AS s{i}" for i in range(len(stages)))
    exit_marks = ", ".join(["%s"] * len(NOT_ADMITTED_EXITS))
    unions = "\nUNION ALL\n".join(
        f"SELECT grp, CAST(%s AS VARCHAR(20)) AS stage, {days_between('adm', f's{i}')} AS days, "
        f"CASE WHEN adm IS NULL THEN 0 ELSE 1 END AS ok, gone FROM c WHERE s{i} IS NOT NULL"
        for i in range(len(stages))
    )
    sql = f"""
        WITH c AS (
            SELECT MIN({grp}) AS grp,
                   {firsts},
                   MIN(CASE WHEN e.to_stage = %s THEN e.effective_on END) AS adm,
                   MAX(CASE WHEN e.to_stage IN ({exit_marks}) THEN 1 ELSE 0 END) AS gone
            FROM {_EVENTS} e
            WHERE e.effective_on BETWEEN %s AND %s AND {under}
            GROUP BY e.candidate_id
        ),
        s AS ({unions}),
        r AS (
            SELECT grp, stage, days, ok, gone,
                   ROW_NUMBER() OVER (PARTITION BY grp, stage, ok ORDER BY days) AS rn,
                   COUNT(*) OVER (PARTITION BY grp, stage, ok) AS n
            FROM s
        )
        SELECT grp, stage, COUNT(*), SUM(ok), SUM(CASE WHEN ok = 0 AND gone = 1 THEN 1 ELSE 0 END),
               AVG(CASE WHEN ok = 1 AND rn IN ((n + 1) / 2, (n + 2) / 2) THEN days END)
        FROM r GROUP BY grp, stage
    """
    params: list[object] = [
        *grp_params,
        *stages,
        Stage.ADMITTED,
        *NOT_ADMITTED_EXITS,
        history_start(on),
        on,
        *under_params,
        *stages,
    ]
    result: dict[str, dict[str, StageOutcome]] = defaultdict(dict)
    for group, stage, reached, admitted, exited, median in fetch_rows(sql, params):
        result[str(group)][str(stage)] = StageOutcome(
            int(reached),
            int(admitted or 0),
            int(exited or 0),
            float(median) if median is not None else None,
        )
    return dict(result)
