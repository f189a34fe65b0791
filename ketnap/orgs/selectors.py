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
from ketnap.orgs.models import Member, MemberCount, Organization
from ketnap.orgs.querysets import scope_paths


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


_ROLLUP_SQL = """
SELECT o.id,
       COALESCE(SUM(mc.official), 0),
       COALESCE(SUM(mc.probationary), 0),
       COUNT(DISTINCT d.id) - 1
FROM orgs_organization o
JOIN orgs_organization d ON d.path LIKE o.path || '%%'
LEFT JOIN orgs_membercount mc ON mc.organization_id = d.id AND mc.counted_on = (
    SELECT MAX(m2.counted_on) FROM orgs_membercount m2
    WHERE m2.organization_id = d.id AND m2.counted_on <= %s
)
WHERE o.id IN ({ids})
GROUP BY o.id
"""


def rollups(org_ids: Sequence[int], on: date) -> dict[int, tuple[Headcount, int]]:
    """Headcount of each organisation's whole subtree on `on` (each organisation's
    latest snapshot on or before that day, summed), and its number of descendants."""
    if not org_ids:
        return {}
    sql = _ROLLUP_SQL.format(ids=", ".join(["%s"] * len(org_ids)))
    with connection.cursor() as cur:
        cur.execute(sql, [on, *org_ids])
        rows = cur.fetchall()
    return {int(pk): (Headcount(int(off), int(prob)), int(desc)) for pk, off, prob, desc in rows}


def headcount(org: Organization, on: date) -> Headcount:
    return rollups([org.pk], on).get(org.pk, (Headcount(0, 0), 0))[0]


def tree_rows(orgs: Iterable[Organization], on: date) -> list[TreeRow]:
    orgs = list(orgs)
    counts = rollups([o.pk for o in orgs], on)
    return [TreeRow(o, *counts.get(o.pk, (Headcount(0, 0), 0))) for o in orgs]


def visible_roots(user: Any) -> QuerySet[Organization]:
    """The top organisations of the user's scope (the roots of their tree view)."""
    paths = scope_paths(user)
    qs = Organization.objects.select_related("block")
    if paths is None:
        return qs.filter(depth=1)
    return qs.filter(path__in=paths)


def children(org: Organization, user: Any) -> QuerySet[Organization]:
    return (
        Organization.objects.visible_to(user)
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .select_related("block")
    )


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
