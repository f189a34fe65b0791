"""Restructuring as operations: merge, split, move, rename, close — each one
transaction with an effective date, explicit carry-over choices and an audit record.

Why the operations write history instead of editing in place: every figure for a past
date must stay as it was (ARCHITECTURE decision 10). The current tree is changed (it is
the tree of today and of the future), and OrganizationVersion keeps each organisation's
path, parent, name and kind of before; successions say where the work went. Nothing is
copied silently and nothing is lost: what hangs directly on a closing organisation
(candidates, members, mass organisations, plans, allocations, reporting rounds, child
organisations) must either be carried over by an explicit choice or the operation is
refused, naming what is left.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F

from ketnap.audit.registry import record
from ketnap.orgs import permissions, restructure_quotas, rollup_cache, spans, transfers
from ketnap.orgs.enums import CELL_KINDS
from ketnap.orgs.history import next_child_path
from ketnap.orgs.models import (
    MassOrganization,
    Member,
    Organization,
    OrganizationMove,
    OrganizationSuccession,
    OrganizationVersion,
    Restructuring,
    SuccessionKind,
)

#: What may carry over from a closing organisation to its successor.
CARRY_CHOICES: dict[str, str] = {
    "children": "tổ chức trực thuộc",
    "candidates": "quần chúng đang theo dõi",
    "members": "đảng viên",
    "mass_organizations": "Mặt trận, đoàn thể",
    "plans": "kế hoạch của năm hiệu lực trở đi",
    "allocations": (
        "chỉ tiêu được giao từ năm hiệu lực trở đi "
        "(tổ chức kế tục đã được giao thì cộng vào, bằng một lần giao bổ sung)"
    ),
    "reporting_rounds": "đợt báo cáo chưa kết thúc",
}


@dataclass
class Outcome:
    """What an operation did, for the page and `--format json`."""

    operation: str
    effective_on: date
    organizations: list[Organization] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)
    restructuring: Restructuring | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "on": self.effective_on.isoformat(),
            "organizations": [
                {"id": o.pk, "name": o.name, "kind": o.kind, "valid_until": o.valid_until and o.valid_until.isoformat()}
                for o in self.organizations
            ],
            "carried_over": self.moved,
        }


# ---------------------------------------------------------------- checks


def _require(actor: Any, org: Organization) -> None:
    """`actor=None` is the command line (run by the operator of the server)."""
    if actor is not None and not permissions.can_manage_tree(actor, org):
        raise PermissionDenied(f"Bạn không có quyền sắp xếp {org.name}.")


def _require_active(org: Organization, on: date) -> None:
    org.refresh_from_db()  # a refused operation may have left the object ahead of the database
    if not org.is_active_on(on):
        raise ValidationError(f"{org.name} không còn hoạt động vào ngày {on:%d/%m/%Y}.")


def _require_no_later_events(orgs: Iterable[Organization], on: date) -> None:
    """History never moves: an operation may not take effect before events already
    recorded in the subtree (they were counted where they happened)."""
    from ketnap.pipeline.models import StageEvent

    for org in orgs:
        later = StageEvent.objects.filter(org_path__startswith=org.path, effective_on__gte=on).first()
        if later is not None:
            raise ValidationError(
                f"{org.name} đã có sự kiện ngày {later.effective_on:%d/%m/%Y}; ngày hiệu lực phải sau ngày đó."
            )


def _parent(org: Organization) -> Organization | None:
    return Organization.objects.get_parent(org) if org.depth > 1 else None


# ---------------------------------------------------------------- versions


def _open_version(org: Organization, on: date, parents: dict[str, Organization | None]) -> OrganizationVersion:
    """Close the state `org` had until the day before `on` (creating it when the
    organisation had no history yet) and return it."""
    until = on - timedelta(days=1)
    if org.has_history:
        current = OrganizationVersion.objects.filter(organization=org, valid_until__isnull=True).first()
        if current is not None:
            if current.valid_from is not None and current.valid_from >= on:
                raise ValidationError(
                    f"{org.name} đã có thay đổi từ ngày {current.valid_from:%d/%m/%Y}; ngày hiệu lực phải sau ngày đó."
                )
            current.valid_until = until
            current.save(update_fields=["valid_until"])
            return current
    parent = parents.get(org.path[: -Organization.steplen]) if org.depth > 1 else None
    return OrganizationVersion.objects.create(
        organization=org,
        path=org.path,
        depth=org.depth,
        parent=parent,
        name=org.name,
        kind=org.kind,
        valid_from=org.valid_from,
        valid_until=until,
    )


def _new_version(org: Organization, on: date, parent: Organization | None) -> None:
    OrganizationVersion.objects.create(
        organization=org, path=org.path, depth=org.depth, parent=parent, name=org.name, kind=org.kind, valid_from=on
    )


def _relocate(org: Organization, new_parent: Organization, on: date) -> None:
    """Move `org`'s subtree under `new_parent` from `on`: every node gets a path no
    organisation ever held, and a version for before and after."""
    org.refresh_from_db()
    new_parent.refresh_from_db()
    subtree = list(Organization.objects.filter(path__startswith=org.path).order_by("path"))
    old_parent = _parent(org)
    by_path: dict[str, Organization | None] = {o.path: o for o in subtree}
    by_path[org.path[: -Organization.steplen]] = old_parent
    for node in subtree:
        _open_version(node, on, by_path)
    old_path, new_path = org.path, next_child_path(new_parent.path)
    delta = new_parent.depth + 1 - org.depth
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE orgs_organization SET path = %s || SUBSTR(path, %s), depth = depth + %s, has_history = %s "
            "WHERE path LIKE %s",
            [new_path, len(old_path) + 1, delta, True, f"{old_path}%"],
        )
    if old_parent is not None:
        Organization.objects.filter(pk=old_parent.pk).update(numchild=F("numchild") - 1)
    Organization.objects.filter(pk=new_parent.pk).update(numchild=F("numchild") + 1)
    moved = {o.pk: o for o in Organization.objects.filter(path__startswith=new_path)}
    new_by_path = {o.path: o for o in moved.values()}
    for node in moved.values():
        parent = new_parent if node.pk == org.pk else new_by_path.get(node.path[: -Organization.steplen])
        _new_version(node, on, parent)
    org.refresh_from_db()


def _audit(
    operation: str, orgs: Sequence[Organization], on: date, reason: str, actor: Any, details: dict
) -> Restructuring:
    act = Restructuring.objects.create(
        operation=operation,
        effective_on=on,
        reason=reason,
        details=details,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    act.organizations.set(orgs)
    for org in orgs:
        record(
            operation,
            org,
            {"restructuring": [None, act.pk], "effective_on": [None, on.isoformat()], **details},
            user=actor,
        )
    # Members, candidates, mass organisations, plans and paths moved by UPDATE send no
    # signal: every operation ends here, so say here that the tree's figures changed
    # (now, and again at commit for a read in between), whatever else it saved.
    rollup_cache.bump(None)  # the spans of what moved: the act's organisations (orgs.spans.connect)
    transaction.on_commit(lambda: rollup_cache.bump(None))
    return act


# ---------------------------------------------------------------- operations


@transaction.atomic
@spans.deferred()  # headcount spans rebuilt once, at the end, not per saved row
def move(org: Organization, new_parent: Organization, *, on: date, actor: Any = None, reason: str = "") -> Outcome:
    """Chuyển tổ chức: the subtree goes under another parent from `on`; its events up to
    the day before stay with the parent it had then."""
    _require(actor, org)
    _require(actor, new_parent)
    _require_active(org, on)
    _require_active(new_parent, on)
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise ValidationError("Không thể chuyển một tổ chức vào chính nó hoặc tổ chức cấp dưới của nó.")
    if new_parent.kind in CELL_KINDS:
        raise ValidationError("Chi bộ không có tổ chức trực thuộc.")
    _require_no_later_events([org], on)
    old_parent = _parent(org)
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise ValidationError(f"{org.name} đã trực thuộc {new_parent.name}.")
    _relocate(org, new_parent, on)
    OrganizationMove.objects.create(
        organization=org,
        old_parent=old_parent,
        new_parent=new_parent,
        old_parent_name=str(old_parent or ""),
        new_parent_name=str(new_parent),
        effective_on=on,
        reason=reason,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    details = {"parent": [str(old_parent or ""), str(new_parent)]}
    act = _audit("move", [org], on, reason, actor, details)
    return Outcome("move", on, [org], {}, act)


@transaction.atomic
@spans.deferred()  # headcount spans rebuilt once, at the end, not per saved row
def rename(org: Organization, name: str, *, on: date, actor: Any = None, reason: str = "") -> Outcome:
    """Đổi tên from `on`: documents and reports dated before keep the old name."""
    _require(actor, org)
    _require_active(org, on)
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Cần tên mới.")
    if name == org.name:
        raise ValidationError("Tên mới trùng tên hiện tại.")
    parents = {org.path[: -Organization.steplen]: _parent(org)}
    before = _open_version(org, on, parents)
    old_name = org.name
    org.name = name
    org.has_history = True
    org.save()
    _new_version(org, on, before.parent)
    act = _audit("rename", [org], on, reason, actor, {"name": [old_name, org.name]})
    return Outcome("rename", on, [org], {}, act)


def _left_behind(org: Organization, on: date, carry: set[str]) -> dict[str, Any]:
    """What still hangs directly on `org` and is not carried over (querysets by choice)."""
    from ketnap.monitoring.models import ReportingRound
    from ketnap.pipeline.enums import EXITS
    from ketnap.pipeline.models import Candidate
    from ketnap.plans.models import Allocation, Plan

    found: dict[str, Any] = {
        "children": Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1).exclude(
            valid_until__lt=on
        ),
        "candidates": Candidate.objects.filter(organization=org).exclude(stage__in=list(EXITS)),
        "members": Member.objects.filter(organization=org, left_on__isnull=True),
        "mass_organizations": MassOrganization.objects.filter(committee=org),
        "plans": Plan.objects.filter(organization=org, year__gte=on.year),
        "allocations": Allocation.objects.filter(organization=org, revision__plan__year__gte=on.year),
        "reporting_rounds": ReportingRound.objects.filter(organization=org, period_end__gte=on),
    }
    return found


def _check_left(org: Organization, on: date, carry: set[str]) -> dict[str, Any]:
    """Refuse when something hangs on `org` that is not chosen to carry over."""
    unknown = carry - set(CARRY_CHOICES)
    if unknown:
        raise ValidationError(f"Lựa chọn không hợp lệ: {', '.join(sorted(unknown))}.")
    found = _left_behind(org, on, carry)
    left = [f"{qs.count()} {CARRY_CHOICES[k]}" for k, qs in found.items() if k not in carry and qs.exists()]
    if left:
        raise ValidationError(f"{org.name} còn {', '.join(left)}: hãy chọn chuyển sang tổ chức kế tục.")
    return found


def _carry(org: Organization, target: Organization | None, on: date, carry: set[str]) -> dict[str, int]:
    """Carry over what was chosen to `target`; refuse when anything else is left."""
    found = _check_left(org, on, carry)
    if target is None:
        return {}
    moved: dict[str, int] = {}
    for key in carry:
        qs = found[key]
        if key == "children":
            children = list(qs)
            for child in children:
                _relocate(child, target, on)
            moved[key] = len(children)
        elif key == "mass_organizations":
            moved[key] = qs.update(committee=target)
        elif key == "plans":
            moved[key] = _move_yearly(qs, target, "year")
        elif key == "members":  # where they stood before `on` stays on record (orgs.transfers)
            moved[key] = transfers.carry(qs, target, on)
        elif key == "allocations":
            moved[key] = restructure_quotas.carry_allocations(qs, org, target, on)
        else:
            moved[key] = qs.update(organization=target)
    return moved


def _move_yearly(qs: Any, target: Organization, key: str) -> int:
    """Plans are one per organisation and year: carried over where the successor has
    none of that year; where it has its own, the merged organisation keeps its plan as
    the record of what it planned (a closed organisation stays readable) — two plans
    are never merged. The quotas given in them are added up by
    `restructure_quotas` instead."""
    n = 0
    for item in qs:
        if type(item).objects.filter(organization=target, **{key: getattr(item, key)}).exists():
            continue
        type(item).objects.filter(pk=item.pk).update(organization=target)
        n += 1
    return n


def _end(org: Organization, on: date) -> None:
    """Its last day is the day before `on`. Read again first: carrying its children over
    changed its child count in the database, and saving the object as it was loaded
    would write the old count back (treebeard's numchild, which the tree pages trust)."""
    org.refresh_from_db()
    org.valid_until = on - timedelta(days=1)
    org.save()


@transaction.atomic
@spans.deferred()  # headcount spans rebuilt once, at the end, not per saved row
def close(
    org: Organization,
    *,
    on: date,
    actor: Any = None,
    reason: str = "",
    successor: Organization | None = None,
    carry: Iterable[str] = (),
) -> Outcome:
    """Giải thể / chấm dứt hoạt động from `on` (its last day is the day before). What
    hangs on it goes to `successor` by choice; with no successor nothing may be left."""
    _require(actor, org)
    _require_active(org, on)
    if not reason.strip():
        raise ValidationError("Cần ghi lý do, căn cứ.")
    if org.valid_from and on <= org.valid_from:
        raise ValidationError("Ngày chấm dứt phải sau ngày bắt đầu hoạt động.")
    carry = set(carry)
    if successor is not None:
        _require(actor, successor)
        _require_active(successor, on)
        if successor.pk == org.pk or successor.path.startswith(org.path):
            raise ValidationError("Tổ chức kế tục không thể là chính nó hoặc tổ chức cấp dưới của nó.")
    elif carry:
        raise ValidationError("Cần chọn tổ chức kế tục để chuyển sang.")
    moved = _carry(org, successor, on, carry)
    _end(org, on)
    if successor is not None:
        OrganizationSuccession.objects.create(
            predecessor=org, successor=successor, effective_on=on, kind=SuccessionKind.CLOSE
        )
        Organization.objects.filter(pk=org.pk).update(successor=successor)
    act = _audit("close", [org], on, reason, actor, {"carried_over": moved})
    OrganizationSuccession.objects.filter(predecessor=org, restructuring=None).update(restructuring=act)
    return Outcome("close", on, [org], moved, act)


def _new_code(like: Organization, on: date) -> str:
    """The predecessor's code, the day and a number free in the registry, within the
    column's 40 characters (a split of a split once overflowed it: a database error on
    PostgreSQL, found by the as-of property)."""
    width = Organization._meta.get_field("code").max_length or 40
    n = 1
    while True:
        suffix = f"-{on:%Y%m%d}-{n}"
        code = like.code[: width - len(suffix)] + suffix
        if not Organization.objects.filter(code=code).exists():
            return code
        n += 1


def _create_under(parent: Organization, name: str, kind: str, on: date, like: Organization) -> Organization:
    code = _new_code(like, on)
    return Organization.objects.add_child(
        parent, create_kwargs=dict(name=" ".join(name.split()), kind=kind, code=code, block=like.block, valid_from=on)
    )


@transaction.atomic
@spans.deferred()  # headcount spans rebuilt once, at the end, not per saved row
def merge(
    orgs: Sequence[Organization],
    *,
    on: date,
    into: Organization | None = None,
    name: str = "",
    actor: Any = None,
    reason: str = "",
    carry: Iterable[str] = (),
) -> Outcome:
    """Hợp nhất (into a new organisation named `name`, under the first one's parent) or
    sáp nhập (into an existing `into`). The predecessors close the day before `on`; the
    successor's year includes their admissions before the merge ("kế thừa")."""
    carry = set(carry)
    sources = [o for o in orgs if into is None or o.pk != into.pk]
    if len(sources) < (1 if into is not None else 2):
        raise ValidationError("Cần ít nhất hai tổ chức để hợp nhất.")
    if len({o.pk for o in sources}) != len(sources):
        raise ValidationError("Một tổ chức được nêu hai lần.")
    for org in sources:
        _require(actor, org)
        _require_active(org, on)
    _require_no_later_events(sources, on)
    if into is None:
        if not name.strip():
            raise ValidationError("Cần tên tổ chức sau hợp nhất.")
        parent = _parent(sources[0])
        if parent is None:
            raise ValidationError("Hợp nhất tổ chức cấp cao nhất: hãy tạo tổ chức mới trước rồi sáp nhập vào.")
        _require(actor, parent)
        into = _create_under(parent, name, sources[0].kind, on, sources[0])
    else:
        _require(actor, into)
        _require_active(into, on)
        if any(into.path.startswith(o.path) for o in sources):
            raise ValidationError("Không thể sáp nhập vào tổ chức cấp dưới của một tổ chức được sáp nhập.")
    moved: dict[str, int] = {}
    for org in sources:
        for key, n in _carry(org, into, on, carry).items():
            moved[key] = moved.get(key, 0) + n
        _end(org, on)
        Organization.objects.filter(pk=org.pk).update(successor=into)
        OrganizationSuccession.objects.create(
            predecessor=org, successor=into, effective_on=on, kind=SuccessionKind.MERGE
        )
    act = _audit("merge", [*sources, into], on, reason, actor, {"into": into.name, "carried_over": moved})
    OrganizationSuccession.objects.filter(successor=into, restructuring=None).update(restructuring=act)
    return Outcome("merge", on, [*sources, into], moved, act)


@dataclass
class Part:
    """One organisation a split creates: its name, the children it takes and what of
    the split organisation's own (candidates, members, mass organisations) goes to it."""

    name: str
    children: list[Organization] = field(default_factory=list)
    candidates: list[Any] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    mass_organizations: list[MassOrganization] = field(default_factory=list)


def hanging_on(org: Organization, on: date) -> dict[str, int]:
    """How many of each carry-over kind hang directly on `org` on `on` (the page's
    preview: what a restructuring must carry over or be refused for)."""
    return {key: qs.count() for key, qs in _left_behind(org, on, set()).items()}


def _assign_parts(
    org: Organization, parts: Sequence[Part], created: Sequence[Organization], on: date
) -> dict[str, int]:
    """Move what the user assigned to each part; each item must hang directly on `org`."""
    found = _left_behind(org, on, set())
    moved: dict[str, int] = {}
    for key in ("candidates", "members", "mass_organizations"):
        allowed = set(found[key].values_list("pk", flat=True))
        for part, new in zip(parts, created, strict=True):
            items = getattr(part, key)
            if {i.pk for i in items} - allowed:
                raise ValidationError(f"Chỉ giao được {CARRY_CHOICES[key]} của chính {org.name}.")
            if items and key == "members":
                transfers.carry(found[key].filter(pk__in=[i.pk for i in items]), new, on)
            elif items:
                field_name = "committee" if key == "mass_organizations" else "organization"
                found[key].model.objects.filter(pk__in=[i.pk for i in items]).update(**{field_name: new})
                moved[key] = moved.get(key, 0) + len(items)
    return moved


@transaction.atomic
@spans.deferred()  # headcount spans rebuilt once, at the end, not per saved row
def split(
    org: Organization,
    parts: Sequence[Part],
    *,
    on: date,
    rest_to: str = "",
    actor: Any = None,
    reason: str = "",
    carry: Iterable[str] = (),
) -> Outcome:
    """Chia tách: `org` closes the day before `on`; each part is a new organisation under
    the same parent taking the children assigned to it (every active child must be
    assigned to one part); what hangs on `org` directly goes, by choice, to the part
    named `rest_to`."""
    _require(actor, org)
    _require_active(org, on)
    parent = _parent(org)
    if parent is None:
        raise ValidationError("Không chia tách tổ chức cấp cao nhất.")
    if len(parts) < 2:
        raise ValidationError("Chia tách cần ít nhất hai tổ chức mới.")
    names = [" ".join(p.name.split()) for p in parts]
    if len(set(names)) != len(names) or not all(names):
        raise ValidationError("Tên các tổ chức mới phải khác nhau và không để trống.")
    _require_no_later_events([org], on)
    active = {
        c.pk
        for c in Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1).exclude(valid_until__lt=on)
    }
    assigned = [c.pk for p in parts for c in p.children]
    if len(set(assigned)) != len(assigned):
        raise ValidationError("Một tổ chức trực thuộc được giao cho hai tổ chức mới.")
    if set(assigned) - active:
        raise ValidationError("Chỉ giao được tổ chức trực thuộc đang hoạt động của tổ chức bị chia tách.")
    if active - set(assigned):
        missing = Organization.objects.filter(pk__in=active - set(assigned)).values_list("name", flat=True)
        raise ValidationError(f"Chưa giao: {', '.join(missing)}.")
    carry = set(carry) - {"children"}
    if carry and " ".join(rest_to.split()) not in names:
        raise ValidationError("Cần nêu tổ chức mới nhận phần còn lại (quần chúng, đảng viên…).")
    assigned_any = any(p.candidates or p.members or p.mass_organizations for p in parts)
    if not assigned_any:
        _check_left(org, on, carry | {"children"})
    created = [_create_under(parent, name, org.kind, on, org) for name in names]
    for part, new in zip(parts, created, strict=True):
        for child in part.children:
            _relocate(child, new, on)
    given = _assign_parts(org, parts, created, on)
    rest = next((c for c in created if c.name == " ".join(rest_to.split())), None)
    moved = _carry(org, rest, on, carry)
    for key, n in given.items():
        moved[key] = moved.get(key, 0) + n
    moved["children"] = len(assigned)
    _end(org, on)
    for new in created:
        OrganizationSuccession.objects.create(
            predecessor=org, successor=new, effective_on=on, kind=SuccessionKind.SPLIT
        )
    act = _audit("split", [org, *created], on, reason, actor, {"parts": names, "carried_over": moved})
    OrganizationSuccession.objects.filter(predecessor=org, restructuring=None).update(restructuring=act)
    return Outcome("split", on, [org, *created], moved, act)
