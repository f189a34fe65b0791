"""Sign-ins, failed sign-ins and sign-outs in the audit log (X2).

A failed attempt for an unknown username has no organisation: only superusers see it.
An attempt for a known account lands in that account's subtree, so the board of the
organisation sees who tried to sign in as one of its people."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from ketnap.audit.registry import record


def user_organization(user: Any) -> Any:
    """The organisation of the user's first role (their home subtree), or None."""
    from ketnap.orgs.models import Membership

    row = Membership.objects.filter(user_id=user.pk).select_related("organization").order_by("id").first()
    return row.organization if row is not None else None


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))


def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    record("login", user, {"ip": client_ip(request)}, user=user)


def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kw: Any) -> None:
    if user is not None and getattr(user, "pk", None):
        record("logout", user, {"ip": client_ip(request)}, user=user)


def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    account = get_user_model()._default_manager.filter(username=username).first() if username else None
    target = account if account is not None else get_user_model()(username=username)
    record("login_failed", target, {"username": username, "ip": client_ip(request)}, user=None)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
