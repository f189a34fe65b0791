"""Headcount spans: each organisation's own headcount cut into periods over which its
place in the tree and its count stay the same (models.HeadcountSpan), kept up to date
on write so that a subtree's headcount on any day is one index range and a sum.

What an organisation's count is on a day (the rule the spans are cut from):
- with a complete registry, its members on the roll that day (admitted by then or of
  unknown admission, not yet left, and standing in it that day: a member who moved
  counts where their transfers put them, orgs.transfers), official from their official
  date (or, when that is unknown, by their status);
- otherwise its latest snapshot on or before the day (none: 0);
- counted only while the organisation is active (valid_from … valid_until), at the
  path it held then (its versions, for a restructured one).

When the spans are rebuilt (`refresh`, one organisation or many in a few queries):
a snapshot or a member saved or deleted, the organisation saved (dates, registry
flag, a new node), a version saved, and every restructuring (its act names the
organisations whose subtrees moved or received rows). A bulk write that bypasses
save() calls `refresh_under(paths)` after it. `rebuild()` recomputes everything (the
migration; `manage.py refresh_headcounts` after a repair by hand).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from ketnap.orgs import transfers
from ketnap.orgs.enums import MemberStatus

#: Organisations refreshed per round of queries.
CHUNK = 1000
_deferred = threading.local()


@dataclass(frozen=True)
class Placement:
    path: str
    start: date | None
    end: date | None


def _intersect(a_start: date | None, a_end: date | None, b_start: date | None, b_end: date | None) -> Placement | None:
    start = a_start if b_start is None else b_start if a_start is None else max(a_start, b_start)
    end = a_end if b_end is None else b_end if a_end is None else min(a_end, b_end)
    if start is not None and end is not None and end < start:
        return None
    return Placement("", start, end)


def placements(org: Any, versions: Sequence[Any]) -> list[Placement]:
    """Where the organisation stood while it was active: today's path, or each
    version's path within the organisation's own dates."""
    if not org.has_history:
        return [Placement(org.path, org.valid_from, org.valid_until)]
    result = []
    for v in versions:
        span = _intersect(org.valid_from, org.valid_until, v.valid_from, v.valid_until)
        if span is not None:
            result.append(Placement(v.path, span.start, span.end))
    return result


def _snapshot_counter(snapshots: Sequence[Any]) -> tuple[list[date], Any]:
    ordered = sorted(snapshots, key=lambda s: s.counted_on)

    def count(day: date | None) -> tuple[int, int]:
        latest = None
        for s in ordered:
            if day is not None and s.counted_on <= day:
                latest = s
        return (latest.official, latest.probationary) if latest is not None else (0, 0)

    return [s.counted_on for s in ordered], count


def _registry_counter(entries: Sequence[tuple[Any, Any]], official_status: str) -> tuple[list[date], Any]:
    """`entries`: (member, the periods they stood in this organisation, or None: always —
    orgs.transfers)."""
    changes = {d for m, _ in entries for d in (m.admission_date, m.official_date, m.left_on) if d is not None}
    for _, periods in entries:
        for start, end in periods or ():
            changes.update(d for d in (start, end and end + timedelta(days=1)) if d is not None)

    def count(day: date | None) -> tuple[int, int]:
        official = probationary = 0
        for m, periods in entries:
            admitted = m.admission_date is None or (day is not None and m.admission_date <= day)
            on_roll = m.left_on is None or day is None or m.left_on > day
            if not (admitted and on_roll) or (periods is not None and not transfers.stood_there(periods, day)):
                continue
            if (m.official_date is not None and day is not None and m.official_date <= day) or (
                m.official_date is None and m.status == official_status
            ):
                official += 1
            else:
                probationary += 1
        return official, probationary

    return sorted(changes), count


Span = tuple[str, date | None, date | None, int, int]


def cut(where: Sequence[Placement], changes: Sequence[date], count: Any) -> list[Span]:
    """(path, first day, last day, official, probationary) for each period within the
    placements over which the count stays the same (`count(day)`; None: before any day)."""
    spans: list[Span] = []
    for p in where:
        inside = [d for d in changes if (p.start is None or d > p.start) and (p.end is None or d <= p.end)]
        starts: list[date | None] = [p.start, *inside]
        for i, start in enumerate(starts):
            end = inside[i] - timedelta(days=1) if i < len(inside) else p.end
            official, probationary = count(start)
            if spans and spans[-1][0] == p.path and spans[-1][3:] == (official, probationary) and i > 0:
                spans[-1] = (p.path, spans[-1][1], end, official, probationary)
            else:
                spans.append((p.path, start, end, official, probationary))
    return spans


def refresh(org_ids: Iterable[int]) -> None:
    """Rebuild the spans of these organisations (deferred to the end of a `deferred()`
    block when inside one)."""
    ids = sorted(set(org_ids))
    pending = getattr(_deferred, "ids", None)
    if pending is not None:
        pending.update(ids)
        return
    for i in range(0, len(ids), CHUNK):
        _refresh_chunk(ids[i : i + CHUNK])


def _refresh_chunk(ids: list[int], models: Any = None) -> None:
    from ketnap.orgs import models as current

    m = models or current
    orgs = list(m.Organization.objects.filter(pk__in=ids))
    versions: dict[int, list[Any]] = defaultdict(list)
    for v in m.OrganizationVersion.objects.filter(organization_id__in=[o.pk for o in orgs if o.has_history]):
        versions[v.organization_id].append(v)
    registry = [o.pk for o in orgs if o.registry_complete]
    snapshots: dict[int, list[Any]] = defaultdict(list)
    for s in m.MemberCount.objects.filter(organization_id__in=[o.pk for o in orgs if not o.registry_complete]):
        snapshots[s.organization_id].append(s)
    members = _registry_entries(m, registry) if registry else {}
    rows = []
    for o in orgs:
        if o.registry_complete:
            changes, count = _registry_counter(members.get(o.pk, []), MemberStatus.OFFICIAL)
        else:
            changes, count = _snapshot_counter(snapshots[o.pk])
        for path, start, end, official, probationary in cut(placements(o, versions[o.pk]), changes, count):
            rows.append(
                m.HeadcountSpan(
                    organization_id=o.pk,
                    path=path,
                    valid_from=start,
                    valid_until=end,
                    official=official,
                    probationary=probationary,
                    province_id=o.province_id,
                )
            )
    m.HeadcountSpan.objects.filter(organization_id__in=ids).delete()
    m.HeadcountSpan.objects.bulk_create(rows, batch_size=1000)


def _registry_entries(m: Any, registry: list[int]) -> dict[int, list[tuple[Any, Any]]]:
    """Organisation id → (member, periods there or None) for the registry organisations:
    their members now, and the members who moved into or out of them (orgs.transfers)."""
    transfer_model = getattr(m, "MemberTransfer", None)  # absent before its migration
    moves: dict[int, list[Any]] = defaultdict(list)
    if transfer_model is not None:
        touching = transfer_model.objects.filter(
            Q(from_organization_id__in=registry) | Q(to_organization_id__in=registry)
        ).values_list("member_id", flat=True)
        for t in transfer_model.objects.filter(member_id__in=set(touching)):
            moves[t.member_id].append(t)
    entries: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    wanted = set(registry)
    for member in m.Member.objects.filter(Q(organization_id__in=registry) | Q(pk__in=list(moves))).only(
        "organization_id", "admission_date", "official_date", "left_on", "status"
    ):
        if member.pk not in moves:
            entries[member.organization_id].append((member, None))
            continue
        for org_id, periods in transfers.stays(member.organization_id, moves[member.pk]).items():
            if org_id in wanted:
                entries[org_id].append((member, periods))
    return entries


def refresh_under(paths: Iterable[str]) -> None:
    """Rebuild the spans of every organisation under these paths, today or in a version."""
    from ketnap.orgs.models import Organization, OrganizationVersion

    prefixes = sorted({p for p in paths if p})
    if not prefixes:
        return
    under = Q()
    for p in prefixes:
        under |= Q(path__startswith=p)
    ids = set(Organization.objects.filter(under).values_list("pk", flat=True))
    ids |= set(OrganizationVersion.objects.filter(under).values_list("organization_id", flat=True))
    refresh(ids)


def rebuild(models: Any = None) -> int:
    """Every organisation's spans from scratch; returns the organisations done."""
    from ketnap.orgs import models as current

    m = models or current
    ids = list(m.Organization.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), CHUNK):
        _refresh_chunk(ids[i : i + CHUNK], m)
    return len(ids)


@contextmanager
def deferred() -> Iterator[None]:
    """Collect the refreshes asked for inside the block and run them once at its end:
    a subtree moved node by node is rebuilt in a few queries, not a few per node (every
    restructuring operation runs in one; a function can be decorated with it)."""
    if getattr(_deferred, "ids", None) is not None:  # nested: the outer block runs them
        yield
        return
    _deferred.ids = set()
    try:
        yield
    finally:
        ids, _deferred.ids = _deferred.ids, None
    refresh(ids)
    if ids:  # a read inside the block may have cached the figures of before
        from ketnap.orgs import rollup_cache

        rollup_cache.bump(None)


def active_sql(day: date, prefixes: Sequence[str]) -> tuple[str, list[Any]]:
    """SQL selecting (path, official, probationary) of every organisation active on
    `day` under any of `prefixes`, at the path it held that day: one index range each."""
    if not prefixes:
        return "SELECT '' AS path, 0 AS official, 0 AS probationary WHERE 1 = 0", []
    under = " OR ".join(["s.path LIKE %s"] * len(prefixes))
    sql = (
        "SELECT s.path AS path, s.official AS official, s.probationary AS probationary FROM orgs_headcountspan s "
        f"WHERE ({under}) AND (s.valid_from IS NULL OR s.valid_from <= %s) "
        "AND (s.valid_until IS NULL OR s.valid_until >= %s)"
    )
    return sql, [*[f"{p}%" for p in prefixes], day, day]


def connect(models: Any) -> None:
    """Rebuild an organisation's spans when what they are made of is written."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    def organization_saved(sender: type, instance: Any, **kwargs: Any) -> None:
        refresh([instance.pk])

    def with_organisation(kwargs: Any) -> bool:
        """Deleted with its organisation (or a queryset of them): the spans go with it."""
        origin = kwargs.get("origin")
        return isinstance(origin, models.Organization) or getattr(origin, "model", None) is models.Organization

    def part_changed(sender: type, instance: Any, **kwargs: Any) -> None:
        if with_organisation(kwargs):
            return
        refresh([instance.organization_id, *getattr(instance, "_spans_left", ())])

    def part_moving(sender: type, instance: Any, **kwargs: Any) -> None:
        """A snapshot or member saved under another organisation: the one it left too."""
        if instance.pk is None or kwargs.get("raw"):
            return
        before = type(instance).objects.filter(pk=instance.pk).values_list("organization_id", flat=True).first()
        instance._spans_left = () if before in (None, instance.organization_id) else (before,)

    def act_recorded(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
        if action == "post_add":
            orgs = list(instance.organizations.select_related("successor"))
            successors = [o.successor.path for o in orgs if o.successor is not None]
            refresh_under([*(o.path for o in orgs), *successors])

    post_save.connect(organization_saved, sender=models.Organization, weak=False, dispatch_uid="spans:org")

    def transfer_changed(sender: type, instance: Any, **kwargs: Any) -> None:
        if with_organisation(kwargs):
            return
        refresh([instance.from_organization_id, instance.to_organization_id])

    post_save.connect(transfer_changed, sender=models.MemberTransfer, weak=False, dispatch_uid="spans:transfer:save")
    post_delete.connect(transfer_changed, sender=models.MemberTransfer, weak=False, dispatch_uid="spans:transfer:del")
    for part in (models.MemberCount, models.Member, models.OrganizationVersion):
        post_save.connect(part_changed, sender=part, weak=False, dispatch_uid=f"spans:{part.__name__}:save")
        post_delete.connect(part_changed, sender=part, weak=False, dispatch_uid=f"spans:{part.__name__}:delete")
    # A member's previous organisation is read once, by orgs.transfers (which sets `_spans_left`).
    pre_save.connect(part_moving, sender=models.MemberCount, weak=False, dispatch_uid="spans:MemberCount:moving")
    m2m_changed.connect(
        act_recorded, sender=models.Restructuring.organizations.through, weak=False, dispatch_uid="spans:act"
    )
