"""Accounts and roles without the Django admin (issue 9, point 6).

The board (Ban Tổ chức / Ban Xây dựng Đảng) of a level creates accounts for people in
its subtree, gives and ends their roles, issues a one-time link to set a password and
unlocks an account locked by django-axes. Why these limits: a role reaches a whole
subtree, so whoever gives one must already hold the board role over that subtree —
nobody grants outside their own subtree, and since the board role is the strongest a
level has and superuser status is never given here, nobody grants above their own.
Every act is audited (the Membership saves by the audit signals, the rest explicitly).

The set-password link is Django's password-reset token: it stops working once the
password is set (the token hashes the password and the last login) and after
PASSWORD_RESET_TIMEOUT (72 hours) — one-time without a table of its own.
`actor=None` is the server operator (`manage.py add_user`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ketnap.audit.registry import record
from ketnap.orgs import permissions
from ketnap.orgs.enums import Role
from ketnap.orgs.models import Membership, Organization
from ketnap.orgs.querysets import forget_scope, held_today

LINK_HOURS = 72


def board_paths(actor: Any, on: date | None = None) -> tuple[str, ...] | None:
    """Paths of the subtrees whose accounts `actor` manages on `on` (default today;
    None: all, a superuser)."""
    if getattr(actor, "is_superuser", False):
        return None
    if not getattr(actor, "is_authenticated", False):
        return ()
    if on is None:
        return tuple(path for path, role in held_today(actor) if role == Role.ORGANIZING_BOARD)
    held = Membership.with_ended.current(on).filter(user_id=actor.pk, role=Role.ORGANIZING_BOARD)
    return tuple(held.values_list("organization__path", flat=True))


def may_manage_accounts(actor: Any) -> bool:
    """The accounts area is the board's (and a superuser's)."""
    paths = board_paths(actor)
    return paths is None or bool(paths)


def manages(actor: Any, target: Any) -> bool:
    """`actor` may issue a link to or unlock `target`: every role `target` holds lies in
    `actor`'s board subtrees; never oneself, never a superuser (the operator's)."""
    if actor is not None and getattr(actor, "pk", None) == target.pk:
        return False
    if target.is_superuser:
        return False
    paths = board_paths(actor) if actor is not None else None
    if paths is None:
        return True
    held = list(Membership.objects.filter(user_id=target.pk).values_list("organization__path", flat=True))
    return bool(held) and all(any(h.startswith(p) for p in paths) for h in held)


def _check_grant(actor: Any, org: Organization, role: str, on: date) -> None:
    """Only the board over `org` (on `on`) gives or ends a role there. The board's role
    is the strongest a level has and superuser status is never given here, so "inside
    one's subtree" also means "no stronger than one's own"."""
    if role not in Role.values:
        raise ValidationError(f"Vai trò “{role}” không có trong danh mục.")
    if actor is not None and not permissions.can_manage_tree(actor, org, on):
        raise PermissionDenied(f"Bạn chỉ giao được vai trò trong phạm vi của mình; {org.name} nằm ngoài phạm vi đó.")


def _require_manages(actor: Any, target: Any) -> None:
    if not manages(actor, target):
        raise PermissionDenied(f"Bạn không quản lý tài khoản {target.username}.")


@transaction.atomic
def create_account(
    *, actor: Any, username: str, org: Organization, role: str, on: date, full_name: str = "", email: str = ""
) -> Any:
    """A new account holding one role from `on`; it has no password until the person
    opens the one-time link (set_password_link)."""
    _check_grant(actor, org, role, on)
    username = username.strip()
    user_model = get_user_model()
    if not username:
        raise ValidationError("Tên đăng nhập không được để trống.")
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"Tên đăng nhập “{username}” đã có người dùng.")
    user = user_model.objects.create_user(username=username, email=email.strip(), password=None)
    user.first_name = " ".join(full_name.split())[:150]
    user.save(update_fields=["first_name"])
    record("security", org, {"what": "tạo tài khoản", "username": username, "role": role}, user=actor)
    grant_role(actor=actor, user=user, org=org, role=role, on=on)
    return user


@transaction.atomic
def grant_role(
    *, actor: Any, user: Any, org: Organization, role: str, on: date, valid_from: date | None = None
) -> Membership:
    """Give `role` on `org` from `valid_from` (default `on`, the day it is given)."""
    _check_grant(actor, org, role, on)
    if user.is_superuser:
        raise ValidationError("Tài khoản quản trị hệ thống không nhận vai trò ở đây.")
    if Membership.with_ended.filter(user=user, organization=org, role=role, valid_until__isnull=True).exists():
        raise ValidationError(f"{user.username} đã có vai trò này ở {org.name}.")
    membership = Membership.with_ended.create(
        user=user, organization=org, role=role, valid_from=valid_from or on
    )  # fmt: skip
    forget_scope(user)
    return membership


@transaction.atomic
def end_role(*, actor: Any, membership: Membership, on: date, until: date | None = None) -> None:
    """End a role from `until` (default `on`, the day it is ended): the row stays with its
    dates (who held what, until when), the right goes that day; the audit records who
    ended it. The actor's own right is judged on `on`."""
    if actor is not None and getattr(actor, "pk", None) == membership.user_id:
        raise ValidationError("Bạn không tự kết thúc vai trò của mình; hãy nhờ cấp trên.")
    _check_grant(actor, membership.organization, membership.role, on)
    if membership.valid_until is not None:
        raise ValidationError("Vai trò này đã kết thúc.")
    until = until or on
    if membership.valid_from and until < membership.valid_from:
        raise ValidationError("Ngày thôi giữ vai trò không được trước ngày bắt đầu.")
    membership.valid_until = until
    membership.save(update_fields=["valid_until"])
    forget_scope(membership.user)


def set_password_link(*, actor: Any, user: Any) -> str:
    """The path of a one-time link (valid LINK_HOURS hours) for `user` to set a password;
    the board copies it to the person (no e-mail needed)."""
    _require_manages(actor, user)
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    record("security", user, {"what": f"cấp đường dẫn đặt mật khẩu (hiệu lực {LINK_HOURS} giờ)"}, user=actor)
    return reverse("accounts:set_password", args=[uid, token])


def is_locked(user: Any) -> bool:
    from axes.models import AccessAttempt

    limit = settings.AXES_FAILURE_LIMIT
    return AccessAttempt.objects.filter(username=user.username, failures_since_start__gte=limit).exists()


def unlock(*, actor: Any, user: Any) -> int:
    """Clear django-axes' failed attempts for the username; returns how many were cleared."""
    from axes.utils import reset

    _require_manages(actor, user)
    cleared = reset(username=user.username)
    record("security", user, {"what": "mở khóa tài khoản", "attempts": cleared}, user=actor)
    return int(cleared)
