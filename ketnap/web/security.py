"""Production safety that settings alone cannot express (issue 17, point 5).

- `refuse_unsafe_production(...)`: with DEBUG off, the process refuses to start on
  the old built-in SECRET_KEY, a short one, or an empty ALLOWED_HOSTS: a deployment
  that forgot them would otherwise run with forgeable sessions.
- `client_ip(request)`: the address django-axes counts failed logins against. Behind
  the reverse proxy the docs prescribe, REMOTE_ADDR is the proxy for everyone; the
  real client is the right-most X-Forwarded-For entry that is not one of
  TRUSTED_PROXIES, and X-Forwarded-For is believed only when the request comes from
  a trusted proxy (a client cannot forge its way past the count).
- `SessionLimitsMiddleware`: idle timeout (per role, `idle_minutes`) and absolute
  lifetime of a login.
- `NoStoreMiddleware`: pages and downloads with personal data are never kept in a
  browser's or proxy's cache.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url

# The key shipped in settings.py before it was generated per install: never valid in production.
OLD_DEFAULT_SECRET_KEY = "ketnap-dev-secret-change-me-in-production-0123456789"
MIN_SECRET_KEY_LENGTH = 50


def refuse_unsafe_production(*, debug: bool, secret_key: str, allowed_hosts: list[str]) -> None:
    """Raise ImproperlyConfigured for a production process without its own secrets."""
    if debug:
        return
    if secret_key == OLD_DEFAULT_SECRET_KEY or secret_key.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY is the built-in default; set your own (see docs/operations.md).")
    if len(secret_key) < MIN_SECRET_KEY_LENGTH or len(set(secret_key)) < 5:
        raise ImproperlyConfigured(f"SECRET_KEY is too short: use at least {MIN_SECRET_KEY_LENGTH} random characters.")
    if not [host for host in allowed_hosts if host.strip()]:
        raise ImproperlyConfigured("ALLOWED_HOSTS is empty: list the host names this server answers to.")


def _networks(entries: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _trusted(address: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The real client address (see the module docstring); AXES_CLIENT_IP_CALLABLE."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(getattr(settings, "TRUSTED_PROXIES", []))
    if not networks or not _trusted(remote, networks):
        return remote or None
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(forwarded):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a garbled header: count against the proxy rather than trust it
    return remote


def idle_minutes(user: Any) -> int:
    """How long `user`'s login may stay without a request: the shortest limit of their
    roles (settings.py, SESSION_IDLE_*). Boards and inspectors see the most, so they get
    the short default; a superuser or a user without any role gets it too."""
    strict = settings.SESSION_IDLE_MINUTES
    if getattr(user, "is_superuser", False):
        return strict
    from ketnap.orgs.models import Membership

    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if not roles:
        return strict
    by_role = settings.SESSION_IDLE_MINUTES_BY_ROLE
    others = settings.SESSION_IDLE_MINUTES_OTHERS
    return min(by_role.get(role, strict if role in settings.SESSION_IDLE_STRICT_ROLES else others) for role in roles)


class SessionLimitsMiddleware:
    """Log out a session idle longer than its user's limit (`idle_minutes`), or older
    than SESSION_ABSOLUTE_HOURS since login. The last-seen time and the limit are written
    at most once a minute, so a busy user does not rewrite the session row (nor read
    their roles) on every click."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault("ketnap_started", now)
            seen = session.get("ketnap_seen", now)
            idle = int(session.get("ketnap_idle") or settings.SESSION_IDLE_MINUTES) * 60
            lifetime = settings.SESSION_ABSOLUTE_HOURS * 3600
            if now - seen > idle or now - started > lifetime:
                logout(request)
                messages.info(request, "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.")
                return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
            if now - seen >= 60 or "ketnap_seen" not in session or "ketnap_idle" not in session:
                session["ketnap_seen"] = now
                session["ketnap_idle"] = idle_minutes(user)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response but static files (served before
    this by WhiteNoise, with their own long cache headers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store, private"
        response["Pragma"] = "no-cache"
        return response
