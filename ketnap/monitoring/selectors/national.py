"""The national view: the country by province, a province (or any committee) by its
subordinate organisations — quota, admitted, rate and headcount on a day, in the tree
of that day.

Why a view of its own and not the dashboard's progress: at the top of the tree only
four figures per row are read (what the dashboard also shows for the same rows — the
same selectors for quotas and headcounts, the same grouping of events by the paths of
the time), without the funnel and the time in each stage that cost a pass over every
candidate's events. The figures of each row are cached per province
(orgs.rollup_cache): a write in one province leaves the other 33 rows in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from ketnap.monitoring.periods import year_start_headcount_day, year_to_date
from ketnap.monitoring.selectors.progress import active_children, percent
from ketnap.monitoring.selectors.quotas import own_target, quotas_in_force
from ketnap.monitoring.selectors.rollups import fetch_rows
from ketnap.orgs import rollup_cache
from ketnap.orgs.history import names_on, paths_of
from ketnap.orgs.models import Organization
from ketnap.orgs.querysets import scope_paths
from ketnap.orgs.selectors import rollups_of
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import StageEvent


@dataclass(frozen=True)
class NationalRow:
    """One province (or commune) on the day; `organization` None for the total."""

    organization: Organization | None
    label: str
    #: Admission quota of the year in force on the day (None: none was given).
    quota: int | None
    admitted: int
    headcount: int
    #: Members on the day the rate is measured on (31/12 before, or the plan's date).
    headcount_year_start: int

    @property
    def rate(self) -> Decimal | None:
        """Admissions so far over the members at the start of the year, in per cent."""
        return percent(self.admitted, self.headcount_year_start)

    @property
    def completion(self) -> Decimal | None:
        return percent(self.admitted, self.quota, "0.1")


@dataclass
class NationalView:
    parent: Organization | None
    on: date
    headcount_day: date
    rows: list[NationalRow]
    total: NationalRow


def top_organizations(user: Any, on: date) -> list[Organization]:
    """The provinces the user sees that stood at some time this year up to `on` (a
    province merged away this year keeps its row for its admissions before the merge)."""
    start = date(on.year, 1, 1)
    qs = Organization.objects.filter(depth=1).select_related("block")
    paths = scope_paths(user)
    if paths is not None:
        qs = qs.filter(path__in=paths)
    return [
        o
        for o in qs
        if (o.valid_from is None or o.valid_from <= on) and (o.valid_until is None or o.valid_until >= start)
    ]


def admitted_by_row(orgs: list[Organization], on: date) -> dict[int, int]:
    """Admissions from 1 January to `on` under each organisation's paths (all it held:
    an event counts where it happened). One query, one index range per path."""
    held = paths_of(orgs)
    owner = {path: pk for pk, paths in held.items() for path in paths}
    lengths = sorted({len(p) for p in owner})
    period = year_to_date(on)
    selects, params = [], []
    for n in lengths:
        prefixes = [p for p in owner if len(p) == n]
        under = " OR ".join(["org_path LIKE %s"] * len(prefixes))
        selects.append(
            f"SELECT SUBSTR(org_path, 1, {n}), COUNT(*) FROM {StageEvent._meta.db_table} "
            f"WHERE to_stage = %s AND effective_on BETWEEN %s AND %s AND ({under}) GROUP BY SUBSTR(org_path, 1, {n})"
        )
        params += [Stage.ADMITTED, period.start, period.end, *[f"{p}%" for p in prefixes]]
    result = dict.fromkeys((o.pk for o in orgs), 0)
    if selects:
        for prefix, count in fetch_rows(" UNION ALL ".join(selects), params):
            if prefix in owner:
                result[owner[prefix]] += int(count)
    return result


def _figures(orgs: list[Organization], on: date, headcount_day: date) -> dict[int, tuple[int | None, int, int, int]]:
    """(quota, admitted, headcount on the day, headcount on the rate's day) per organisation."""
    quotas = quotas_in_force(orgs, on)
    admitted = admitted_by_row(orgs, on)
    now = rollups_of(orgs, on)
    start = rollups_of(orgs, headcount_day)
    result = {}
    for o in orgs:
        quota = quotas.get(o.pk)
        result[o.pk] = (
            quota.admit if quota is not None and quota.given else None,
            admitted[o.pk],
            now[o.pk][0].total if o.pk in now else 0,
            start[o.pk][0].total if o.pk in start else 0,
        )
    return result


#: No figure of the party's membership development exists before its founding day.
FIRST_DAY = date(1930, 2, 3)


def national(user: Any, on: date, parent: Organization | None = None) -> NationalView:
    """The rows under `parent` (None: the provinces the user sees) on `on`. A constant
    number of queries whatever the number of rows; none but the scope's and the rows'
    when every province's figures are cached."""
    if on < FIRST_DAY:
        raise ValidationError({"on": f"Ngày số liệu phải từ {FIRST_DAY:%d/%m/%Y} trở đi."})
    if parent is None:
        orgs = top_organizations(user, on)
        headcount_day = year_start_headcount_day(on.year)
    else:
        orgs = active_children(parent, on)
        own = own_target(parent, on.year)
        headcount_day = own.headcount_on or year_start_headcount_day(on.year)
    by_pk = {o.pk: o for o in orgs}
    held = paths_of(orgs)
    figures = rollup_cache.cached_many(
        f"monitoring:national:{on.isoformat()}:{headcount_day.isoformat()}",
        {o.pk: set(held[o.pk]) for o in orgs},
        lambda missing: _figures([by_pk[pk] for pk in missing], on, headcount_day),
    )
    names = names_on(orgs, on)
    rows = [NationalRow(o, names[o.pk], *figures[o.pk]) for o in orgs]
    quotas = [r.quota for r in rows if r.quota is not None]
    total = NationalRow(
        parent,
        "Cộng",
        sum(quotas) if quotas else None,
        sum(r.admitted for r in rows),
        sum(r.headcount for r in rows),
        sum(r.headcount_year_start for r in rows),
    )
    return NationalView(parent, on, headcount_day, rows, total)
