"""The organisation tree as it stood on any date — the one place to ask.

`organization_on(org, day)` answers "what was this organisation called, what kind was it
and under which parent, on that day" (issuer names of documents, breadcrumbs of past
reports); `placements_sql(day)` is the tree of that day for the rollups to join through.

Shape (why): the current tree is treebeard's materialised path; an organisation that was
moved or renamed also has OrganizationVersion rows (path, parent, name, kind, dates), and
`has_history` says so, so the 99 % that never changed cost nothing extra. A path is never
given to two organisations, ever: an event's `org_path` (its organisation's path on the
day of effect) therefore names one organisation for good, and "happened under X" stays a
prefix test on the paths X has held — an index range on PostgreSQL, not a join per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length

from ketnap.orgs.models import Organization, OrganizationVersion


@dataclass(frozen=True)
class OrganizationState:
    """An organisation as it stood on a day."""

    organization_id: int
    name: str
    kind: str
    path: str
    depth: int
    parent_id: int | None
    parent_name: str
    active: bool

    @property
    def kind_label(self) -> str:
        from ketnap.orgs.enums import OrganizationKind

        return str(OrganizationKind(self.kind).label)


def _active(org: Organization, day: date) -> bool:
    return org.is_active_on(day)


def version_on(org: Organization, day: date) -> OrganizationVersion | None:
    """The version of `org` covering `day`, None when it has none (then it stood as now)."""
    if not org.has_history:
        return None
    for version in OrganizationVersion.objects.filter(organization=org).order_by("valid_from"):
        if version.covers(day):
            return version
    return None


def organization_on(org: Organization, day: date) -> OrganizationState:
    """Name, kind, path and parent of `org` on `day` (its current state when it never
    changed, or when the day is outside every recorded version)."""
    version = version_on(org, day)
    if version is not None:
        parent = version.parent
        return OrganizationState(
            org.pk,
            _name(org, version),
            version.kind,
            version.path,
            version.depth,
            version.parent_id,
            parent.name if parent else "",
            _active(org, day),
        )
    parent = Organization.objects.get_parent(org) if org.depth > 1 else None
    return OrganizationState(
        org.pk,
        org.name,
        org.kind,
        org.path,
        org.depth,
        parent.pk if parent else None,
        parent.name if parent else "",
        _active(org, day),
    )


def path_on(org: Organization, day: date) -> str:
    """The path `org` held on `day` (what a StageEvent effective that day records)."""
    version = version_on(org, day)
    return version.path if version is not None else org.path


def versions_on(orgs: Iterable[Organization], day: date) -> dict[int, OrganizationVersion]:
    """The version covering `day` of each organisation that has history (none for the
    others, or outside every version): `version_on` for many, in one query at most, so a
    page of rows that were merged or moved does not ask once per row."""
    changed = [o.pk for o in orgs if o.has_history]
    if not changed:
        return {}
    found: dict[int, OrganizationVersion] = {}
    for version in OrganizationVersion.objects.filter(organization_id__in=changed).order_by("valid_from"):
        if version.organization_id not in found and version.covers(day):
            found[version.organization_id] = version
    return found


def _name(org: Organization, version: OrganizationVersion | None) -> str:
    """The open version (no end) is the organisation as it is now: its current name wins,
    so a correction made on the edit page shows on today's pages as well."""
    return version.name if version is not None and version.valid_until is not None else org.name


def paths_on(
    orgs: Iterable[Organization], day: date, versions: dict[int, OrganizationVersion] | None = None
) -> dict[int, str]:
    """`path_on` for many organisations (one query at most; none given their `versions_on`)."""
    orgs = list(orgs)
    versions = versions_on(orgs, day) if versions is None else versions
    return {o.pk: versions[o.pk].path if o.pk in versions else o.path for o in orgs}


def names_on(
    orgs: Iterable[Organization], day: date, versions: dict[int, OrganizationVersion] | None = None
) -> dict[int, str]:
    """Each organisation's name on `day` (one query at most; none given their `versions_on`)."""
    orgs = list(orgs)
    versions = versions_on(orgs, day) if versions is None else versions
    return {o.pk: _name(o, versions.get(o.pk)) for o in orgs}


def paths_of(orgs: Iterable[Organization]) -> dict[int, list[str]]:
    """Every path each organisation has held, current one first. One query at most."""
    orgs = list(orgs)
    result = {o.pk: [o.path] for o in orgs}
    changed = [o.pk for o in orgs if o.has_history]
    if changed:
        for org_id, path in OrganizationVersion.objects.filter(organization_id__in=changed).values_list(
            "organization_id", "path"
        ):
            if path not in result[org_id]:
                result[org_id].append(path)
    return result


def owner_of_paths(paths: Iterable[str]) -> dict[str, int]:
    """Which organisation held each path (paths are never reused). One or two queries."""
    paths = set(paths)
    owners = dict(Organization.objects.filter(path__in=paths).values_list("path", "id"))
    missing = paths - set(owners)
    if missing:
        owners.update(OrganizationVersion.objects.filter(path__in=missing).values_list("path", "organization_id"))
    return owners


def placements_sql(day: date, prefixes: Iterable[str]) -> tuple[str, list[object]]:
    """SQL selecting (organization_id, path) of every organisation active on `day`, at
    the path it held that day, under any of `prefixes` (each an index range)."""
    prefixes = list(prefixes)
    if not prefixes:
        return "SELECT 0 AS organization_id, '' AS path WHERE 1 = 0", []
    under_o = " OR ".join(["o.path LIKE %s"] * len(prefixes))
    under_v = " OR ".join(["v.path LIKE %s"] * len(prefixes))
    likes = [f"{p}%" for p in prefixes]
    active = "(o.valid_from IS NULL OR o.valid_from <= %s) AND (o.valid_until IS NULL OR o.valid_until >= %s)"
    sql = f"""
        SELECT o.id AS organization_id, o.path AS path FROM orgs_organization o
        WHERE o.has_history = %s AND {active} AND ({under_o})
        UNION ALL
        SELECT v.organization_id AS organization_id, v.path AS path
        FROM orgs_organizationversion v JOIN orgs_organization o ON o.id = v.organization_id
        WHERE (v.valid_from IS NULL OR v.valid_from <= %s) AND (v.valid_until IS NULL OR v.valid_until >= %s)
          AND {active} AND ({under_v})
    """
    return sql, [False, day, day, *likes, day, day, day, day, *likes]


def children_during(org: Organization, start: date, end: date) -> list[Organization]:
    """Organisations that were children of `org` at some time between `start` and `end`
    (and active then), in table order: today's children of the time, plus those that
    moved away since (their versions name `org` as parent). Two queries."""
    window = (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    )
    # The moved ones' ids as a list, not a subquery: `path range OR id IN (subquery)`
    # makes PostgreSQL scan every organisation; `OR id IN (list)` is two index scans.
    moved = list(
        OrganizationVersion.objects.filter(parent=org).filter(window).values_list("organization_id", flat=True)
    )
    unchanged = Q(path__startswith=org.path, depth=org.depth + 1, has_history=False)
    here = OrganizationVersion.objects.filter(organization=OuterRef("pk"), parent=org).order_by(
        F("valid_from").asc(nulls_first=True)
    )
    return list(
        Organization.objects.filter(unchanged | Q(pk__in=moved))
        .filter(window)
        .annotate(place=Coalesce(Subquery(here.values("path")[:1]), F("path")))
        .select_related("block")
        .order_by("place", "pk")
    )


def fresh_path_if_used(path: str) -> str:
    """`path` if no organisation ever held it, else the next path under the same parent
    that none ever held (treebeard would otherwise reuse the path of a child that moved
    away, and that child's past events would be counted for the newcomer)."""
    if not OrganizationVersion.objects.filter(path=path).exists():
        return path
    return next_child_path(path[: -Organization.steplen], len(path))


def next_child_path(parent_path: str, length: int | None = None) -> str:
    """A child path under `parent_path` that no organisation holds or ever held."""
    length = length or len(parent_path) + Organization.steplen
    current = Organization.objects.filter(path__startswith=parent_path, depth=length // Organization.steplen).aggregate(
        m=Max("path")
    )["m"]
    past = (
        OrganizationVersion.objects.annotate(n=Length("path"))
        .filter(path__startswith=parent_path, n=length)
        .aggregate(m=Max("path"))["m"]
    )
    highest = max([p for p in (current, past) if p], default=None)
    if highest is None:
        return Organization._get_path(parent_path, length // Organization.steplen, 1)
    probe = Organization(path=highest, depth=length // Organization.steplen)
    return str(probe._inc_path())
