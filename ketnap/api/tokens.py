"""Personal API tokens: make (shown once), check, revoke, and the lock-out after repeated
failures. Every act is recorded in the audit log (the token's use included, at most once
a minute per token so a polling client does not flood it)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ketnap.api.models import ApiAuthFailure, ApiToken
from ketnap.audit.registry import record
from ketnap.orgs.enums import Role
from ketnap.orgs.models import Membership
from ketnap.orgs.permissions import roles_on

#: Visible start of every token, so a leaked one is easy to find in code and logs.
TOKEN_PREFIX = "kn_"
#: The last-used time (and the "used" audit event) is refreshed at most this often.
USE_RECORD_INTERVAL = timedelta(minutes=1)


def hash_token(plain: str) -> str:
    """Tokens carry 256 random bits, so a plain sha256 is enough (no slow hash needed)."""
    return hashlib.sha256(plain.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    #: The token itself: shown once, never stored.
    plain: str


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def can_manage_account(actor: Any, account: Any) -> bool:
    """The board manages an account when every role the account holds lies in a subtree
    where the actor sits on the organising board (a superuser manages all)."""
    if getattr(actor, "is_superuser", False):
        return True
    if not getattr(actor, "is_authenticated", False) or account.is_superuser:
        return False
    memberships = list(Membership.objects.filter(user=account).select_related("organization"))
    if not memberships:
        return False
    return all(Role.ORGANIZING_BOARD in roles_on(actor, m.organization) for m in memberships)


def may_change_tokens_of(actor: Any, account: Any) -> bool:
    return bool(getattr(actor, "pk", None) == account.pk or can_manage_account(actor, account))


@transaction.atomic
def create_token(account: Any, *, name: str, expires_on: date | None, today: date, actor: Any = None) -> NewToken:
    """A new token for `account`; only its owner (or a command run by the system) makes one."""
    if actor is not None and getattr(actor, "pk", None) != account.pk:
        raise PermissionDenied("Chỉ chủ tài khoản được tạo mã truy cập cho mình.")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Hãy đặt tên gợi nhớ cho mã (ví dụ: “Báo cáo tỉnh”)."})
    if expires_on is not None and expires_on < today:
        raise ValidationError({"expires_on": f"Ngày hết hạn {expires_on:%d/%m/%Y} đã qua."})
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=account, name=name[:100], key_hash=hash_token(plain), prefix=plain[:10], expires_on=expires_on
    )
    record("create", token, {"name": [None, token.name], "expires_on": [None, str(expires_on or "")]}, user=actor)
    return NewToken(token, plain)


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Any, at: datetime) -> ApiToken:
    """Revoke: the owner for their own tokens, the board for accounts it manages."""
    if not may_change_tokens_of(actor, token.user):
        raise PermissionDenied("Bạn không thu hồi được mã truy cập của tài khoản này.")
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = at, _user(actor)
        token.save(update_fields=["revoked_at", "revoked_by"])
        record("update", token, {"revoked_at": [None, at.isoformat()]}, user=actor)
    return token


def _lockout_window() -> timedelta:
    return timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def is_locked_out(ip: str, now: datetime) -> bool:
    """Too many refused tokens from this address lately (the same limits as logins)."""
    since = now - _lockout_window()
    return ApiAuthFailure.objects.filter(ip_address=ip, at__gte=since).count() >= int(settings.AXES_FAILURE_LIMIT)


def retry_after(ip: str, now: datetime) -> int:
    """Seconds until the oldest failure in the window expires."""
    since = now - _lockout_window()
    oldest = ApiAuthFailure.objects.filter(ip_address=ip, at__gte=since).order_by("at").first()
    if oldest is None:
        return 0
    return max(1, int((oldest.at + _lockout_window() - now).total_seconds()))


#: Why a token was refused, as the audit log says it.
REFUSALS = {"unknown": "mã không tồn tại", "revoked": "mã đã bị thu hồi", "expired": "mã đã hết hạn"}


def record_failure(ip: str, presented: str, reason: str, token: ApiToken | None = None) -> None:
    """A refused token: counted for the lock-out and written to the audit log under its
    own kind ("Mã API sai"), not as a failed sign-in. A known token (revoked, expired)
    is recorded on the token, so the event lands in its owner's subtree and their board
    sees it (as a failed sign-in to a known account); an unknown one has no organisation:
    only superusers see it."""
    failure = ApiAuthFailure.objects.create(ip_address=ip, prefix=presented[:10])
    changes = {"reason": [None, REFUSALS[reason]], "ip": [None, ip]}
    record("api_token_failed", token if token is not None else failure, changes, user=None)


def authenticate(plain: str, *, ip: str, now: datetime) -> Any | None:
    """The user a presented token acts as, or None (recorded as a failure)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(plain)).first()
    today = timezone.localdate(now)
    if token is None:
        record_failure(ip, plain, "unknown")
        return None
    if not token.is_active_on(today) or not token.user.is_active:
        record_failure(ip, plain, "revoked" if token.revoked_at else "expired", token)
        return None
    if token.last_used_at is None or now - token.last_used_at >= USE_RECORD_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        record("api_token", token, {"ip": [None, ip]}, user=token.user)
    return token.user
