"""The actor of the current change, carried through a ContextVar so that signal
receivers can attribute a save to the user of the request, command or task."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AuditContext:
    user_id: int | None
    user_name: str = ""
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    enabled: bool = True


_current: ContextVar[AuditContext | None] = ContextVar("ketnap_audit", default=None)


def current() -> AuditContext | None:
    return _current.get()


@contextmanager
def acting_as(user: Any | None, *, enabled: bool = True) -> Iterator[AuditContext]:
    """Attribute every change inside the block to `user` (None: the system)."""
    from ketnap.audit.display import user_display

    ctx = AuditContext(user_id=getattr(user, "pk", None), user_name=user_display(user), enabled=enabled)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


@contextmanager
def audit_disabled() -> Iterator[None]:
    """For bulk loads of demo data only: the load itself is recorded as one event."""
    with acting_as(None, enabled=False):
        yield
