"""Counts of admitted members by the rows of a statistics form (M4): the structure of
this year's admissions on the dashboard, the statistics form itself, and the additive
structure figures kept in periodic reports.

Why one aggregate query: every row × period is a `COUNT(... FILTER ...)` over the
admission events of the subtree (ORM conditional aggregates, same SQL shape on SQLite
and PostgreSQL), so a form of fifty rows and two periods is one round trip.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from ketnap.monitoring.periods import Period
from ketnap.monitoring.selectors.rollups import Grouping, memo, pool_size, stages_on, tally
from ketnap.monitoring.statistics_forms import FormRow, StatisticsForm
from ketnap.orgs.enums import OrganizationKind
from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import PriorityGroup, Stage
from ketnap.pipeline.models import CandidatePriority, StageEvent


def admissions(root: str | Q) -> QuerySet[StageEvent]:
    """Admission events under `root` (a path, or a condition on `org_path` naming every
    path of a moved organisation), annotated with the admitted person's age on the
    day of effect (whole years) and whether they own a private enterprise."""
    before_birthday = Q(_me__lt=F("_mb")) | Q(_me=F("_mb"), _de__lt=F("_db"))
    return (
        StageEvent.objects.filter(to_stage=Stage.ADMITTED)
        .filter(root if isinstance(root, Q) else Q(org_path__startswith=root))
        .annotate(
            _me=ExtractMonth("effective_on"),
            _mb=ExtractMonth("candidate__birth_date"),
            _de=ExtractDay("effective_on"),
            _db=ExtractDay("candidate__birth_date"),
        )
        .annotate(
            age=ExtractYear("effective_on")
            - ExtractYear("candidate__birth_date")
            - Case(When(before_birthday, then=Value(1)), default=Value(0), output_field=IntegerField()),
            private_owner=Exists(
                CandidatePriority.objects.filter(
                    candidate_id=OuterRef("candidate_id"), group=PriorityGroup.PRIVATE_OWNER
                )
            ),
        )
    )


Counts = dict[str, dict[str, dict[str, float]]]  # group → row key → period key → value


def count_rows(
    grouping: Grouping, rows: Iterable[FormRow], periods: Mapping[str, Period], *, extra: Q | None = None
) -> Counts:
    """Each counted row in each period, per group (see rollups.Grouping). One query for
    the rows with a filter, one more for the age rows: ages are computed once per
    admission and come back as a histogram (group × age → count), from which the bands
    and the mean are read — a handful of buckets, whatever the number of people."""
    counted = [r for r in rows if r.counted]
    if not counted or not periods:
        return {}
    if extra is None:  # cached until an event or a candidate is written in the subtree
        keys = [(r.key, repr(r.q)) for r in counted]
        return memo("structure", grouping, (keys, dict(periods)), lambda: _count_rows(grouping, counted, periods, None))
    return _count_rows(grouping, counted, periods, extra)


def _count_rows(grouping: Grouping, counted: list[FormRow], periods: Mapping[str, Period], extra: Q | None) -> Counts:
    low = min(p.start for p in periods.values())
    high = max(p.end for p in periods.values())
    qs = admissions(grouping.q("org_path")).filter(effective_on__range=(low, high))
    if extra is not None:
        qs = qs.filter(extra)
    qs = qs.annotate(grp=grouping.orm("org_path"))
    in_period = {key: Q(effective_on__range=(p.start, p.end)) for key, p in periods.items()}
    result: Counts = defaultdict(lambda: defaultdict(dict))
    plain = [r for r in counted if not r.by_age]
    if plain:
        names = {f"v{i}_{key}": (row, key) for i, row in enumerate(plain) for key in periods}
        aggregates = {name: Count("id", filter=in_period[key] & (row.q or Q())) for name, (row, key) in names.items()}
        for values in qs.values("grp").annotate(**aggregates).order_by():
            record: dict[str, Any] = dict(values)
            for name, (row, key) in names.items():
                result[record["grp"]][row.key][key] = int(record[name])
    aged = [r for r in counted if r.by_age]
    if aged:
        histogram: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
        per_period = {f"n_{key}": Count("id", filter=q) for key, q in in_period.items()}
        for values in qs.values("grp", "age").annotate(**per_period).order_by():
            record = dict(values)
            for key in periods:
                histogram[record["grp"]][key][int(record["age"])] = int(record[f"n_{key}"])
        for group, by_period in histogram.items():
            for key, ages in by_period.items():
                for row in aged:
                    result[group][row.key][key] = _from_ages(row, ages)
    return {g: dict(v) for g, v in result.items()}


def _from_ages(row: FormRow, ages: Mapping[int, int]) -> float:
    """A band's count, or the mean age, from an age histogram."""
    if row.average_age:
        n = sum(ages.values())
        return round(sum(age * k for age, k in ages.items()) / n, 1) if n else 0
    low, high = row.ages or (0, None)
    return sum(k for age, k in ages.items() if age >= low and (high is None or age <= high))


def form_counts(form: StatisticsForm, org: Organization, periods: Mapping[str, Period]) -> dict[str, dict[str, float]]:
    """The form's rows for `org`'s whole subtree: row key → period key → value."""
    return count_rows(Grouping.of(org), form.rows, periods).get(org.path, {})


def by_attribute(org: Organization, period: Period, field: str) -> list[tuple[str, int, int]]:
    """(value, total, women) of admissions by one person attribute (Biểu 2B: ethnicity,
    religion), largest first. One query."""
    rows = (
        admissions(org.path)
        .filter(effective_on__range=(period.start, period.end))
        .values(f"candidate__{field}")
        .annotate(total=Count("id"), women=Count("id", filter=Q(candidate__sex="female")))
        .order_by("-total", f"candidate__{field}")
    )
    return [(r[f"candidate__{field}"], int(r["total"]), int(r["women"])) for r in rows]


@dataclass(frozen=True)
class GrassrootsCount:
    """Part III of Biểu 2: grassroots organisations at the end of the period."""

    kind: str
    label: str
    total: int
    with_admission: int
    without_candidates: int


_GRASSROOTS = (
    (OrganizationKind.GRASSROOTS_COMMITTEE, "Đảng bộ cơ sở"),
    (OrganizationKind.GRASSROOTS_CELL, "Chi bộ cơ sở"),
)


#: Quy định 294-QĐ/TW takes effect: the đảng bộ xã/phường sits above the grassroots level.
TWO_LEVEL_FROM = date(2025, 7, 1)
_COMMUNE_PARENTS = (OrganizationKind.PROVINCIAL,)


def grassroots_kind(kind: str, parent_kind: str | None, parent_is_commune: bool, two_level: bool) -> str | None:
    """Which Part III line an organisation counts on, or None.

    Before 1/7/2025 the kinds say it. From then on (2025 model) a đảng bộ xã/phường
    directly under the province is the level ABOVE the grassroots: its đảng bộ bộ phận
    count as đảng bộ cơ sở and its own chi bộ as chi bộ cơ sở, and it is not counted
    itself (a commune with 2 sub-committees and 39 cells: 2 and 39, not 1 and 0)."""
    if two_level and kind == OrganizationKind.GRASSROOTS_COMMITTEE and parent_kind in _COMMUNE_PARENTS:
        return None
    if two_level and parent_is_commune:
        if kind in (OrganizationKind.SUB_COMMITTEE, OrganizationKind.GRASSROOTS_COMMITTEE):
            return OrganizationKind.GRASSROOTS_COMMITTEE
        if kind in (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL):
            return OrganizationKind.GRASSROOTS_CELL
    if kind in (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL):
        return kind
    return None


def grassroots(org: Organization, period: Period) -> list[GrassrootsCount]:
    """How many grassroots committees and grassroots cells exist in the subtree at the end
    of the period (under the model in force then: `grassroots_kind`), how many admitted
    someone in it, how many have no candidate left.

    One query for the organisations (and one for the ancestors' kinds), then two per
    depth at which they sit: the subtree's events grouped by the path prefix of that depth."""
    kinds = [k for k, _ in _GRASSROOTS]
    rows = list(
        Organization.objects.filter(path__startswith=org.path)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=period.end))
        .values_list("path", "kind", "depth")
    )
    kind_of = {path: kind for path, kind, _ in rows}
    step = Organization.steplen
    kind_of.update(
        dict(
            Organization.objects.filter(path__in=[org.path[:i] for i in range(step, len(org.path), step)]).values_list(
                "path", "kind"
            )
        )
    )
    two_level = period.end >= TWO_LEVEL_FROM

    def parent_kind(path: str) -> str | None:
        return kind_of.get(path[:-step])

    def is_commune(path: str) -> bool:
        return kind_of.get(path) == OrganizationKind.GRASSROOTS_COMMITTEE and parent_kind(path) in _COMMUNE_PARENTS

    found = []
    for path, kind, depth in rows:
        line = grassroots_kind(kind, parent_kind(path), is_commune(path[:-step]), two_level)
        if line is not None:
            found.append((path, line, depth))
    counts: dict[str, list[int]] = {str(k): [0, 0, 0] for k in kinds}
    for depth in sorted({d for _, _, d in found}):
        grouping = Grouping(org.path, depth * step)
        admitted = tally(grouping, [Stage.ADMITTED], {"period": period})
        standing = stages_on(grouping, period.end)
        for path, kind, _ in (f for f in found if f[2] == depth):
            counts[kind][0] += 1
            counts[kind][1] += 1 if admitted.get(path, {}).get(Stage.ADMITTED, {}).get("period") else 0
            counts[kind][2] += 0 if pool_size(standing.get(path, {})) else 1
    return [GrassrootsCount(k, label, *counts[str(k)]) for k, label in _GRASSROOTS]
