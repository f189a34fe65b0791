"""Who must use a second factor, and who may reset someone's."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from ketnap.orgs.enums import Role
from ketnap.orgs.models import Membership
from ketnap.orgs.querysets import held_today

#: The roles that read and change personal data at scale.
REQUIRED_ROLES = frozenset({Role.ORGANIZING_BOARD, Role.STANDING_MEMBER, Role.INSPECTOR})


def required_for(user: Any) -> bool:
    if not getattr(settings, "REQUIRE_2FA", True) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(role in REQUIRED_ROLES for _path, role in held_today(user))


def board_paths_of(actor: Any) -> list[str]:
    """The paths of the organisations where `actor` sits on the organising board."""
    return list(
        Membership.objects.filter(user_id=actor.pk, role=Role.ORGANIZING_BOARD).values_list(
            "organization__path", flat=True
        )
    )


def strictly_below(target_paths: list[str], board_paths: list[str]) -> bool:
    """Every organisation of the target lies strictly under one of the board's."""
    if not target_paths or not board_paths:
        return False
    return all(any(t.startswith(b) and t != b for b in board_paths) for t in target_paths)


def may_reset(actor: Any, target: Any) -> bool:
    """The board of the level above: an organising-board role on a strict ancestor of
    every organisation where the target holds a role (a superuser may reset anyone;
    nobody resets their own second factor)."""
    if not actor.is_authenticated or actor.pk == target.pk:
        return False
    if actor.is_superuser:
        return True
    target_paths = list(Membership.objects.filter(user_id=target.pk).values_list("organization__path", flat=True))
    return strictly_below(target_paths, board_paths_of(actor))
