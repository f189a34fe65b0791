"""Remove the demo from a database that is going to hold real data (issue 9, point 7).

Demo rows are: the organisations marked `is_demo` (with their whole subtrees), every row
of any model marked `is_demo`, the demo logins (DEMO_LOGINS, unless one was made a
superuser or given a role on a real organisation), every row that belongs to one of
those through a foreign key that would cascade or protect (plans, candidates and their
steps, memberships, headcounts, audit events of the demo subtrees…), and the rows of a
many-to-many link (a restructuring) whose organisations were all demo ones.

Why a graph walk and not `Organization.objects.filter(is_demo=True).delete()`: the
domain protects its records (a candidate's steps, the audit log, an admission decision
cannot be deleted through the ORM, on purpose), so the removal collects the rows itself
and deletes them with the batch queries Django's own collector uses, in one
transaction (foreign keys are checked at commit, so the order does not matter).

Nothing else goes: a real organisation under a demo one, or a row that belongs both to
a demo record and to a real one (a real candidate's sponsor who is a demo member), stops
the removal with its name before anything is deleted. A real row that merely points to
a demo one through a nullable link (a real event recorded by a demo login) keeps its
row, with the link emptied, as Django's SET_NULL would do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connections, models, router, transaction
from django.db.models.sql import DeleteQuery, UpdateQuery

from ketnap.orgs.demo.loader import DEMO_LOGINS
from ketnap.orgs.models import Membership, Organization

_NULLING = {models.SET_NULL, models.SET_DEFAULT, models.DO_NOTHING}


class DemoRemovalRefused(Exception):
    """The database holds rows that are both demo and real; nothing was deleted."""


@dataclass
class DemoRemoval:
    deleted: dict[str, int] = field(default_factory=dict)
    emptied_links: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"ok": True, "deleted": self.deleted, "emptied_links": self.emptied_links}


def _demo_users() -> set[int]:
    """Demo logins that are still only demo: no superuser, no role on a real organisation."""
    users = get_user_model().objects.filter(username__in=[d.username for d in DEMO_LOGINS], is_superuser=False)
    real_roles = Membership.objects.filter(organization__is_demo=False).values("user_id")
    return set(users.exclude(pk__in=real_roles).values_list("pk", flat=True))


def _demo_orgs() -> set[int]:
    demo = list(Organization.objects.filter(is_demo=True).values_list("path", flat=True))
    if not demo:
        return set()
    under = Organization.objects.none()
    for path in demo:
        under |= Organization.objects.filter(path__startswith=path)
    real = list(under.filter(is_demo=False).values_list("name", flat=True)[:5])
    if real:
        raise DemoRemovalRefused("Có tổ chức thật nằm trong cây dữ liệu mẫu: " + ", ".join(real) + ".")
    return set(under.values_list("pk", flat=True))


def _seeds() -> dict[type[models.Model], set[Any]]:
    found: dict[type[models.Model], set[Any]] = defaultdict(set)
    found[Organization] |= _demo_orgs()
    found[get_user_model()] |= _demo_users()
    from ketnap.audit.models import AuditEvent  # the audit app depends on orgs, not the reverse

    # the log of the demo's own subtrees is demo too; a real event by a demo login keeps its row
    events = AuditEvent.objects.filter(organization_id__in=found[Organization])
    found[AuditEvent] |= set(events.values_list("pk", flat=True))
    for model in apps.get_models():
        if model is not Organization and any(f.name == "is_demo" for f in model._meta.concrete_fields):
            found[model] |= set(model._base_manager.filter(is_demo=True).values_list("pk", flat=True))
    return found


def _links() -> list[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    return [
        (model, f)
        for model in apps.get_models(include_auto_created=True)
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey)
    ]


def _collect() -> tuple[dict[type[models.Model], set[Any]], list[tuple[Any, Any, set[Any]]]]:
    """Every demo row (model → pks) by a walk to a fixed point, and the nullable links to empty."""
    found = _seeds()
    links = _links()
    changed = True
    while changed:
        changed = False
        for model, fk in links:
            target = fk.related_model
            if fk.remote_field.on_delete in _NULLING or not found.get(target):  # type: ignore[call-overload]
                continue
            pks = set(model._base_manager.filter(**{f"{fk.name}__in": found[target]}).values_list("pk", flat=True))  # type: ignore[index]
            if pks - found[model]:
                found[model] |= pks
                changed = True
        changed |= _collect_groups(found)
    nulling = []
    for model, fk in links:
        target = fk.related_model
        if fk.remote_field.on_delete in _NULLING and found.get(target):  # type: ignore[call-overload]
            rows = model._base_manager.filter(**{f"{fk.name}__in": found[target]}).exclude(pk__in=found[model])  # type: ignore[index]
            pks = set(rows.values_list("pk", flat=True))
            if pks:
                nulling.append((model, fk, pks))
    return found, nulling


def _collect_groups(found: dict[type[models.Model], set[Any]]) -> bool:
    """A row linked to organisations only through a many-to-many (a restructuring) is
    demo when every organisation it names is."""
    changed = False
    for model in apps.get_models():
        for m2m in model._meta.many_to_many:
            if m2m.related_model is not Organization or not found[Organization]:
                continue
            touching = set(
                model._base_manager.filter(**{f"{m2m.name}__in": found[Organization]}).values_list("pk", flat=True)
            )
            mixed = set(
                model._base_manager.filter(pk__in=touching)
                .exclude(**{f"{m2m.name}__in": found[Organization]})
                .values_list("pk", flat=True)
            )
            groups = touching - mixed - found[model]
            # a row naming a real organisation too is not demo: it stays, its demo links go with the demo
            if groups:
                found[model] |= groups
                changed = True
    return changed


def _check_owned_only_by_demo(found: dict[type[models.Model], set[Any]]) -> None:
    """Refuse a row that belongs to a demo record and also to a real one."""
    owners = {Organization} | {
        m for m in apps.get_models() if any(f.name == "is_demo" for f in m._meta.concrete_fields)
    }
    for model, fk in _links():
        target = fk.related_model
        if target not in owners or fk.remote_field.on_delete in _NULLING or not found.get(model):
            continue
        rows = model._base_manager.filter(pk__in=found[model], **{f"{fk.name}__isnull": False})
        mixed = rows.exclude(**{f"{fk.name}__in": found[target]})  # type: ignore[index]
        first = mixed.first()
        if first is not None:
            raise DemoRemovalRefused(
                f"“{first}” ({model._meta.verbose_name}) thuộc cả dữ liệu mẫu lẫn {target._meta.verbose_name} thật "  # type: ignore[union-attr]
                f"“{getattr(first, fk.name)}”: không xóa tự động."
            )


def _fix_tree_counts(found: dict[type[models.Model], set[Any]]) -> None:
    """A surviving parent of a deleted organisation keeps treebeard's child count right."""
    paths = Organization.objects.filter(pk__in=found[Organization]).values_list("path", flat=True)
    parents = {p[: -Organization.steplen] for p in paths if len(p) > Organization.steplen}
    for parent in Organization.objects.filter(path__in=parents).exclude(pk__in=found[Organization]):
        parent.numchild = parent.get_children().exclude(pk__in=found[Organization]).count()
        Organization.objects.filter(pk=parent.pk).update(numchild=parent.numchild)


def remove_demo(*, dry_run: bool = False) -> DemoRemoval:
    """Delete every demo row and nothing else, in one transaction (see the module docstring)."""
    result = DemoRemoval()
    with transaction.atomic():
        found, nulling = _collect()
        _check_owned_only_by_demo(found)
        _fix_tree_counts(found)
        for model, fk, pks in nulling:
            using = router.db_for_write(model)
            UpdateQuery(model).update_batch(list(pks), {fk.name: None}, using)
            label = f"{model._meta.label}.{fk.name}"
            result.emptied_links[label] = result.emptied_links.get(label, 0) + len(pks)
        for model, pks in found.items():
            if pks:
                using = router.db_for_write(model)
                result.deleted[model._meta.label] = DeleteQuery(model).delete_batch(list(pks), using)
        connections[router.db_for_write(Organization)].check_constraints()  # now, not at commit: say why here
        if dry_run:
            transaction.set_rollback(True)
    return result
