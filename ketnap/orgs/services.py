"""Writes of the organisation domain. Each use case is one transaction that checks
the actor's right, re-checks visibility inside the transaction and leaves an audit
trail (signals for plain saves, explicit records for moves)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ketnap.orgs import permissions
from ketnap.orgs.models import Member, MemberCount, Organization, OrganizationMove


def _ensure_visible(user: Any, org: Organization) -> None:
    if not Organization.objects.visible_to(user).filter(pk=org.pk).exists():
        raise PermissionDenied("Tổ chức nằm ngoài phạm vi của bạn.")


def move_organization(
    org: Organization, new_parent: Organization, *, actor: Any, effective_on: date, reason: str
) -> OrganizationMove:
    """Move a subtree under another parent: the restructuring service's move (history
    kept: events before the date stay with the parent of the time), its record returned."""
    from ketnap.orgs import restructure

    restructure.move(org, new_parent, on=effective_on, actor=actor, reason=reason)
    _ensure_visible(actor, org)
    return org.moves.order_by("-id")[0]


@transaction.atomic
def record_member_count(org: Organization, *, actor: Any, on: date, official: int, probationary: int) -> MemberCount:
    """Enter or correct the headcount of an organisation on a day."""
    if not permissions.can_record_members(actor, org):
        raise PermissionDenied("Bạn không có quyền cập nhật số lượng đảng viên của tổ chức này.")
    if official < 0 or probationary < 0:
        raise ValidationError("Số đảng viên phải là số nguyên không âm.")
    count = MemberCount.objects.filter(organization=org, counted_on=on).first() or MemberCount(
        organization=org, counted_on=on
    )
    count.official, count.probationary = official, probationary
    count.save()
    _ensure_visible(actor, org)
    return count


@transaction.atomic
def save_member(member: Member, *, actor: Any) -> Member:
    """Create or update a member of the registry."""
    if not permissions.can_record_members(actor, member.organization):
        raise PermissionDenied("Bạn không có quyền cập nhật đảng viên của tổ chức này.")
    member.fill_derived()
    member.full_clean()
    member.save()
    _ensure_visible(actor, member.organization)
    return member


@transaction.atomic
def mark_registry(org: Organization, *, actor: Any, complete: bool) -> int:
    """Mark the member registry of `org` and of every open organisation under it
    complete — their headcount on a day is then counted from the registry (admissions,
    confirmations, removals and transfers; selectors._MEMBERS_OF_T) — or not complete
    (the entered snapshots count again). It is the board's decision, not a secretary's:
    from then on every rate above the cell follows the list. Each change is a plain
    save, audited and clearing the cached rollups. Returns how many changed."""
    if not permissions.can_manage_tree(actor, org):
        raise PermissionDenied("Chỉ Ban Tổ chức (Ban Xây dựng Đảng) đánh dấu được danh sách đảng viên đầy đủ.")
    _ensure_visible(actor, org)
    changed = 0
    under = Organization.objects.filter(path__startswith=org.path, valid_until__isnull=True)
    for item in under.exclude(registry_complete=complete).select_for_update():
        item.registry_complete = complete
        item.save(update_fields=["registry_complete"])
        changed += 1
    return changed
