"""Role predicates on organisations. A role held on an organisation reaches its
whole subtree; these functions answer 'may this user do X here?'."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from ketnap.orgs.enums import AUDIT_READING_ROLES, MANAGING_ROLES, RECORDING_ROLES, Role
from ketnap.orgs.models import Membership, Organization
from ketnap.orgs.querysets import held_today


def roles_on(user: Any, org: Organization, on: date | None = None) -> frozenset[str]:
    """Roles the user holds on `org` or any of its ancestors on `on` (default: today,
    cached per request); an ended role, or one not yet started, grants nothing."""
    if not user.is_authenticated:
        return frozenset()
    if on is not None:
        held = Membership.with_ended.current(on).filter(user=user).values_list("organization__path", "role")
        return frozenset(role for path, role in held if org.path.startswith(path))
    return frozenset(role for path, role in held_today(user) if org.path.startswith(path))


def all_roles(user: Any, on: date | None = None) -> frozenset[str]:
    """Every role the user holds anywhere on `on` (default: today, cached per request;
    for the navigation)."""
    if not user.is_authenticated:
        return frozenset()
    if on is None:
        return frozenset(role for _path, role in held_today(user))
    return frozenset(Membership.with_ended.current(on).filter(user=user).values_list("role", flat=True))


def _has(user: Any, org: Organization, allowed: frozenset[str], on: date | None) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_on(user, org, on) & allowed)


def _closed(org: Organization, on: date | None) -> bool:
    """Closed before the day (default: today): its history is read, never written (issue 10, point 3)."""
    return org.is_closed_on(on or timezone.localdate())


def can_manage_tree(user: Any, org: Organization, on: date | None = None) -> bool:
    """Rename, re-date or move an organisation: the organising board above it."""
    return _has(user, org, MANAGING_ROLES, on) and not _closed(org, on)


def can_record_members(user: Any, org: Organization, on: date | None = None) -> bool:
    """Headcounts and the member registry: the board, and a cell's own secretary."""
    return _has(user, org, RECORDING_ROLES, on) and not _closed(org, on)


def can_read_audit(user: Any, on: date | None = None) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(all_roles(user, on) & AUDIT_READING_ROLES)


def is_read_only(user: Any, org: Organization) -> bool:
    return not (can_manage_tree(user, org) or can_record_members(user, org))


__all__ = [
    "Role",
    "all_roles",
    "can_manage_tree",
    "can_read_audit",
    "can_record_members",
    "is_read_only",
    "roles_on",
]
