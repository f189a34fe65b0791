"""Counts of admitted members by the rows of a statistics form (M4): the structure of
this year's admissions on the dashboard, the statistics form itself, and the additive
structure figures kept in periodic reports.

Why one aggregate query: every row × period is a `COUNT(... FILTER ...)` over the
admission events of the subtree (ORM conditional aggregates, same SQL shape on SQLite
and PostgreSQL), so a form of fifty rows and two periods is one round trip.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, Substr

from ketnap.monitoring.periods import Period
from ketnap.monitoring.selectors.rollups import Grouping, fetch_rows
from ketnap.monitoring.statistics_forms import FormRow, StatisticsForm
from ketnap.orgs.enums import OrganizationKind
from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import POOL, PriorityGroup, Stage
from ketnap.pipeline.models import CandidatePriority, StageEvent


def admissions(root: str) -> QuerySet[StageEvent]:
    """Admission events under `root`, annotated with the admitted person's age on the
    day of effect (whole years) and whether they own a private enterprise."""
    before_birthday = Q(_me__lt=F("_mb")) | Q(_me=F("_mb"), _de__lt=F("_db"))
    return (
        StageEvent.objects.filter(to_stage=Stage.ADMITTED, org_path__startswith=root)
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
    """Each counted row in each period, per group (see rollups.Grouping). One query."""
    aggregates: dict[str, Count | Avg] = {}
    names: list[tuple[str, str, str]] = []
    for i, row in enumerate(r for r in rows if r.counted):
        for key, period in periods.items():
            in_period = Q(effective_on__range=(period.start, period.end))
            name = f"v{i}_{key}"
            if row.average_age:
                aggregates[name] = Avg("age", filter=in_period)
            else:
                aggregates[name] = Count("id", filter=in_period & (row.q or Q()))
            names.append((name, row.key, key))
    if not aggregates:
        return {}
    low = min(p.start for p in periods.values())
    high = max(p.end for p in periods.values())
    qs = admissions(grouping.root).filter(effective_on__range=(low, high))
    if extra is not None:
        qs = qs.filter(extra)
    group = Substr("org_path", 1, grouping.length) if grouping.length else F("org_path")
    result: Counts = defaultdict(lambda: defaultdict(dict))
    for values in qs.annotate(grp=group).values("grp").annotate(**aggregates).order_by():
        record: dict[str, Any] = dict(values)
        for name, row_key, period_key in names:
            value = record[name]
            result[record["grp"]][row_key][period_key] = round(float(value), 1) if value is not None else 0
    return {g: dict(v) for g, v in result.items()}


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


def grassroots(org: Organization, period: Period) -> list[GrassrootsCount]:
    """How many grassroots committees and grassroots cells exist in the subtree at the end
    of the period, how many admitted someone in it, how many have no candidate left.
    One query: each organisation joined to the events of its own subtree."""
    events = StageEvent._meta.db_table
    orgs = Organization._meta.db_table
    kinds = [k for k, _ in _GRASSROOTS]
    pool = ", ".join(["%s"] * len(POOL))
    sql = f"""
        WITH latest AS (
            SELECT e.org_path, e.to_stage,
                   ROW_NUMBER() OVER (PARTITION BY e.candidate_id ORDER BY e.effective_on DESC, e.id DESC) AS rn
            FROM {events} e WHERE e.effective_on <= %s AND e.org_path LIKE %s
        ),
        per_org AS (
            SELECT o.id, o.kind,
                   (SELECT COUNT(*) FROM {events} a WHERE a.org_path LIKE o.path || '%%' AND a.to_stage = %s
                      AND a.effective_on BETWEEN %s AND %s) AS admitted,
                   (SELECT COUNT(*) FROM latest l WHERE l.rn = 1 AND l.org_path LIKE o.path || '%%'
                      AND l.to_stage IN ({pool})) AS pool
            FROM {orgs} o
            WHERE o.path LIKE %s AND o.kind IN (%s, %s)
              AND (o.valid_from IS NULL OR o.valid_from <= %s) AND (o.valid_until IS NULL OR o.valid_until >= %s)
        )
        SELECT kind, COUNT(*), SUM(CASE WHEN admitted > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN pool = 0 THEN 1 ELSE 0 END)
        FROM per_org GROUP BY kind
    """
    params: Sequence[object] = [
        period.end,
        f"{org.path}%",
        Stage.ADMITTED,
        period.start,
        period.end,
        *POOL,
        f"{org.path}%",
        *kinds,
        period.end,
        period.end,
    ]
    found = {str(k): (int(t), int(a or 0), int(n or 0)) for k, t, a, n in fetch_rows(sql, params)}
    return [GrassrootsCount(k, label, *found.get(k, (0, 0, 0))) for k, label in _GRASSROOTS]
