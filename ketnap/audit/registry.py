"""Which models are audited, and the receivers that record their changes.

A model joins by `register(Model)`; it must offer `audit_organization()` so that
the event lands in the right subtree. Before/after values come from a snapshot
taken in pre_save (one extra read per update, worth it for an audit trail)."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from ketnap.audit.context import current
from ketnap.audit.display import describe, user_display

_REGISTERED: set[type[models.Model]] = set()
#: Derived columns (search keys, tree bookkeeping, the denormalised root `province_id`).
_SKIPPED_FIELDS = {"search_text", "sort_name", "path", "depth", "numchild", "last_login", "province_id"}
#: Values never written to the log: a fingerprint shows that they changed, not what to.
_SECRET_FIELDS = {"password"}
_ORGANIZATION_OF: dict[type[models.Model], Callable[[Any], Any]] = {}


def register(model: type[models.Model], *, organization: Callable[[Any], Any] | None = None) -> None:
    """Audit every save and delete of `model`; `organization` names the subtree of an
    instance when the model has no `audit_organization()` (e.g. the user model)."""
    if organization is not None:
        _ORGANIZATION_OF[model] = organization
    if model in _REGISTERED:
        return
    _REGISTERED.add(model)
    uid = model._meta.label
    pre_save.connect(_remember_before, sender=model, dispatch_uid=f"audit-pre-{uid}")
    post_save.connect(_record_save, sender=model, dispatch_uid=f"audit-post-{uid}")
    post_delete.connect(_record_delete, sender=model, dispatch_uid=f"audit-del-{uid}")


def is_registered(model: type[models.Model]) -> bool:
    return model in _REGISTERED


def snapshot(obj: models.Model) -> dict[str, Any]:
    """JSON-able values of the concrete fields a person would recognise."""
    values: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in _SKIPPED_FIELDS:
            continue
        value = f.value_from_object(obj)
        if f.name in _SECRET_FIELDS:
            value = "••• " + hashlib.sha256(str(value).encode()).hexdigest()[:6] if value else ""
        values[f.name] = _jsonable(value)
    return values


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | dict):
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _enabled() -> bool:
    ctx = current()
    return ctx is None or ctx.enabled


def _remember_before(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    if kw.get("raw") or not _enabled() or instance.pk is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None  # type: ignore[attr-defined]


def _record_save(sender: type[models.Model], instance: models.Model, created: bool, **kw: Any) -> None:
    if kw.get("raw") or not _enabled():
        return
    before = None if created else getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if before is None:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "")}
        action = "create"
    else:
        changes = diff(before, after)
        action = "update"
        if not changes:
            return
    record(action, instance, changes)


def _record_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    if not _enabled():
        return
    record("delete", instance, {k: [v, None] for k, v in snapshot(instance).items()})


def record(
    action: str,
    instance: models.Model,
    changes: dict[str, Any] | None = None,
    *,
    user: Any | None = None,
) -> Any:
    """Write one AuditEvent; services call it for acts no signal sees (moves, exports).

    The actor's and the organisation's names and the readable details are stored now,
    so the log shows them as they were at the time."""
    from ketnap.audit.models import AuditEvent

    ctx = current()
    org = _organization_of(instance)
    user_id = getattr(user, "pk", None) or (ctx.user_id if ctx else None)
    changes = _jsonable_changes(changes or {})
    return AuditEvent.objects.create(
        user_id=user_id,
        user_name=_actor_name(user, user_id, ctx),
        action=action,
        model=str(instance._meta.verbose_name),
        model_label=instance._meta.label,
        object_id=str(instance.pk or ""),
        object_repr=str(instance)[:255],
        organization_id=getattr(org, "pk", None) if org is not None and org.pk else None,
        organization_name=(getattr(org, "name", "") or "")[:255] if org is not None else "",
        org_path=getattr(org, "path", "") or "",
        changes=changes,
        details=describe(instance._meta.label, changes),
        request_id=ctx.request_id if ctx else "",
    )


def _jsonable_changes(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: [_jsonable(x) for x in v] if isinstance(v, list | tuple) else _jsonable(v) for k, v in changes.items()}


def _actor_name(user: Any, user_id: int | None, ctx: Any) -> str:
    if user_id is None:
        return ""
    if user is None and ctx is not None and ctx.user_id == user_id and ctx.user_name:
        return str(ctx.user_name)[:255]
    if user is None or getattr(user, "pk", None) != user_id:
        from django.contrib.auth import get_user_model

        user = get_user_model()._default_manager.filter(pk=user_id).first()
    return user_display(user)[:255]


def _organization_of(instance: models.Model) -> Any:
    getter = _ORGANIZATION_OF.get(type(instance)) or getattr(type(instance), "audit_organization", None)
    if getter is None:
        return None
    try:
        return getter(instance)
    except models.ObjectDoesNotExist:
        return None
