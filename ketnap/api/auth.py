"""`Authorization: Bearer <token>`: the request then acts as the token's owner, with the
owner's roles, and every change it makes is attributed to them in the audit log."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import Throttled
from ninja.security import HttpBearer

from ketnap.api import tokens
from ketnap.audit.context import AuditContext, _current
from ketnap.web.security import client_ip as real_client_ip


def client_ip(request: HttpRequest) -> str:
    """The address the lock-out counts on: the same one axes uses for logins (the real
    client behind TRUSTED_PROXIES)."""
    return real_client_ip(request) or "unknown"


def _attribute_to(user: Any) -> None:
    """The audit middleware ran before authentication saw the token: from here on, the
    request's changes belong to the token's owner (the middleware restores the context
    when the request ends)."""
    _current.set(AuditContext(user_id=user.pk))


class TokenAuth(HttpBearer):
    """Personal tokens; refused tokens are counted per address and lock it out."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        now = timezone.now()
        ip = client_ip(request)
        if tokens.is_locked_out(ip, now):
            raise Throttled(tokens.retry_after(ip, now))
        user = tokens.authenticate(token.strip(), ip=ip, now=now)
        if user is None:
            return None
        request.user = user
        _attribute_to(user)
        return user
