"""Reads of the organisation domain: tree nodes with rolled-up counts, search,
headcounts for any date. Rollups run in the database, one query per page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from ketnap.core.text import fold
from ketnap.orgs import history, rollup_cache, spans
from ketnap.orgs.models import Member, MemberCount, Organization, OrganizationVersion
from ketnap.orgs.querysets import heritage_paths, scope_paths


@dataclass(frozen=True)
class Headcount:
    official: int
    probationary: int

    @property
    def total(self) -> int:
        return self.official + self.probationary


@dataclass(frozen=True)
class TreeRow:
    organization: Organization
    headcount: Headcount
    descendants: int
    #: The name it bore on the day asked about (a renamed organisation's old name).
    label: str = ""


def rollups(org_ids: Sequence[int], on: date) -> dict[int, tuple[Headcount, int]]:
    """Headcount of each organisation's whole subtree on `on`, in the tree as it stood
    that day (each organisation's registry or latest snapshot on or before the day,
    summed), and its number of descendants then."""
    if not org_ids:
        return {}
    return rollups_of(list(Organization.objects.filter(pk__in=org_ids)), on)


def rollups_of(
    orgs: Sequence[Organization], on: date, versions: dict[int, OrganizationVersion] | None = None
) -> dict[int, tuple[Headcount, int]]:
    """As `rollups`, for organisations already loaded: from the cache while nothing was
    written in their provinces (orgs.rollup_cache), else one query (two when some of
    them were moved) for those missing."""
    if not orgs:
        return {}
    paths = history.paths_on(orgs, on, versions)
    by_pk = {o.pk: o for o in orgs}
    return rollup_cache.cached_many(
        f"orgs:rollups:{on.isoformat()}",
        {o.pk: {o.path, paths[o.pk]} for o in orgs},
        lambda missing: _rollups_of([by_pk[pk] for pk in missing], {pk: paths[pk] for pk in missing}, on),
    )


def _rollups_of(orgs: Sequence[Organization], paths: dict[int, str], on: date) -> dict[int, tuple[Headcount, int]]:
    """The headcount spans of the day (orgs.spans: each organisation's own count at the
    path it held then, kept on write) under the outermost prefixes, each an index range,
    read once and grouped by the prefix length of each depth asked for."""
    prefixes = _outermost(sorted(set(paths.values())))
    members, m_params = spans.active_sql(on, prefixes)
    lengths = sorted({len(p) for p in paths.values()})
    selects = " UNION ALL ".join(
        f"SELECT SUBSTR(path, 1, {n}), SUM(official), SUM(probationary), COUNT(*) FROM c "
        f"WHERE LENGTH(path) >= {n} GROUP BY SUBSTR(path, 1, {n})"
        for n in lengths
    )
    with connection.cursor() as cur:
        cur.execute(f"WITH c AS ({members}) {selects}", m_params)
        by_prefix = {str(p): (int(off or 0), int(prob or 0), int(n)) for p, off, prob, n in cur.fetchall()}
    result: dict[int, tuple[Headcount, int]] = {}
    for o in orgs:
        off, prob, n = by_prefix.get(paths[o.pk], (0, 0, 1))
        result[o.pk] = (Headcount(off, prob), max(n - 1, 0))
    return result


def _outermost(sorted_paths: list[str]) -> list[str]:
    kept: list[str] = []
    for path in sorted_paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def headcount(org: Organization, on: date) -> Headcount:
    return rollups_of([org], on).get(org.pk, (Headcount(0, 0), 0))[0]


def tree_rows(orgs: Iterable[Organization], on: date) -> list[TreeRow]:
    orgs = list(orgs)
    versions = history.versions_on(orgs, on)  # one query for the restructured rows' paths and names
    counts = rollups_of(orgs, on, versions)
    names = history.names_on(orgs, on, versions)
    return [TreeRow(o, *counts.get(o.pk, (Headcount(0, 0), 0)), label=names[o.pk]) for o in orgs]


def visible_roots(user: Any) -> QuerySet[Organization]:
    """The top organisations of the user's scope (the roots of their tree view)."""
    paths = scope_paths(user)
    qs = Organization.objects.select_related("block")
    if paths is None:
        return qs.filter(depth=1)
    return qs.filter(path__in=paths)


def children(org: Organization, user: Any, on: date | None = None) -> Any:
    """Today's children (a queryset), or with `on` the children `org` had that day —
    a moved cell under the parent it had then — followed by those already closed by
    then (shown struck through), as a list in tree order. Two queries."""
    current = (
        Organization.objects.visible_to(user)
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .select_related("block")
    )
    if on is None:
        return current
    then = history.children_during(org, on, on)
    visible = set(
        Organization.objects.visible_to(user).filter(pk__in=[c.pk for c in then]).values_list("pk", flat=True)
    )
    gone = [c for c in current.filter(valid_until__lt=on) if c.pk not in {t.pk for t in then}]
    return [c for c in then if c.pk in visible] + gone


def roots_on(user: Any, on: date) -> list[Organization]:
    """The roots of the user's tree view on `on`: the scope's roots that existed by
    then, and the closed predecessors merged into them (struck through). Only the tree
    shows those; dashboards and boards keep `visible_roots` (open organisations)."""
    roots = list(visible_roots(user))
    heritage = heritage_paths(user)
    if heritage:
        roots += list(Organization.objects.filter(path__in=heritage).select_related("block"))
    return [o for o in roots if o.valid_from is None or o.valid_from <= on]


def search(user: Any, query: str, limit: int = 50) -> QuerySet[Organization]:
    """Diacritic- and case-insensitive search: every word of the query must occur."""
    words = fold(query).split()
    qs = Organization.objects.visible_to(user).select_related("block")
    if not words:
        return qs.none()
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs[:limit]


def ancestors(org: Organization, user: Any) -> list[Organization]:
    """Ancestors the user may see, root first (for the breadcrumb)."""
    prefixes = [org.path[: i * Organization.steplen] for i in range(1, org.depth)]
    return list(Organization.objects.visible_to(user).filter(path__in=prefixes))


def member_counts(org: Organization) -> QuerySet[MemberCount]:
    return MemberCount.objects.filter(organization=org).order_by("-counted_on")


def members_of(org: Organization, user: Any) -> QuerySet[Member]:
    """Members of the organisation's subtree, sorted the Vietnamese way."""
    return (
        Member.objects.visible_to(user)
        .filter(organization__path__startswith=org.path)
        .select_related("organization")
        .order_by("sort_name", "id")
    )
