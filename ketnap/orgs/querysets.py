"""The one scoping chokepoint: every queryset a user can reach goes through
`visible_to(user)`, a prefix filter on the materialised path of the organisations
in which the user holds a role."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Exists, OuterRef, Q
from treebeard.mp_tree import MP_NodeQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


_CACHE_ATTR = "_ketnap_scope_paths"
_HERITAGE_ATTR = "_ketnap_heritage_paths"
_HELD_ATTR = "_ketnap_held_roles"


def held_today(user: AnyUser) -> tuple[tuple[str, str], ...]:
    """(organisation path, role) of every role the user holds today, cached on the user
    object: the scope, the role predicates, the navigation and the accounts area of one
    request share one query (a page asked 6–8 times for the same rows)."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, _HELD_ATTR, None)
    if cached is None:
        from ketnap.orgs.models import Membership

        cached = tuple(Membership.objects.filter(user_id=user.pk).values_list("organization__path", "role"))
        setattr(user, _HELD_ATTR, cached)
    return cached


def scope_paths(user: AnyUser, on: date | None = None) -> tuple[str, ...] | None:
    """Paths of the subtrees the user may see through the roles held on `on` (default:
    today); None means everything (superuser).

    Today's is cached on the user object, so one request costs one query whatever it lists.
    """
    if not user.is_authenticated:
        return ()
    if getattr(user, "is_superuser", False):
        return None
    from ketnap.orgs.models import Membership

    if on is not None:
        held = Membership.with_ended.current(on).filter(user_id=user.pk)
        return tuple(_drop_nested(sorted(held.values_list("organization__path", flat=True))))
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = tuple(_drop_nested(sorted({path for path, _role in held_today(user)})))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def heritage_paths(user: AnyUser) -> tuple[str, ...]:
    """Paths of the closed organisations whose work passed, through one or more
    successions, to an organisation in the user's scope: Cao Minh's board sees the
    communes merged into it, Khánh Hòa's the province merged into it (issue 10, point
    3) — for reading their history; writing there is refused (they are closed, and no
    role is held on them). Everything under such a path is closed too (a restructuring
    carries the open children over or is refused). One query per generation of
    predecessors that has predecessors itself (each row says whether it has: the usual
    single generation costs one query), cached on the user like the scope; none for a
    superuser."""
    paths = scope_paths(user)
    if not paths:
        return ()
    cached = getattr(user, _HERITAGE_ATTR, None)
    if cached is None:
        from ketnap.orgs.models import OrganizationSuccession

        def generation(successors: Q) -> list[tuple[int, str, bool]]:
            older = OrganizationSuccession.objects.filter(successor_id=OuterRef("predecessor_id"))
            return list(
                OrganizationSuccession.objects.filter(successors)
                .annotate(older=Exists(older))
                .values_list("predecessor_id", "predecessor__path", "older")
            )

        found: dict[int, str] = {}
        rows = generation(path_q("successor__path", paths))
        while rows:
            fresh = {pk: path for pk, path, _older in rows if pk not in found}
            found.update(fresh)
            further = [pk for pk, _path, older in rows if older and pk in fresh]
            rows = generation(Q(successor_id__in=further)) if further else []
        cached = tuple(p for p in _drop_nested(sorted(found.values())) if not any(p.startswith(k) for k in paths))
        setattr(user, _HERITAGE_ATTR, cached)
    return cached


def forget_scope(user: Any) -> None:
    """Drop the cached scope (after the user's roles change)."""
    for attr in (_CACHE_ATTR, _HERITAGE_ATTR, _HELD_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def _drop_nested(sorted_paths: list[str]) -> list[str]:
    kept: list[str] = []
    for path in sorted_paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def path_q(field: str, paths: tuple[str, ...]) -> Q:
    """OR of prefix filters; an empty tuple matches nothing."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


class ScopedQuerySet(models.QuerySet):
    """QuerySet of a model that belongs to an organisation (`scope_field` = its path)."""

    scope_field = "organization__path"

    def visible_to(self, user: AnyUser) -> Self:
        paths = scope_paths(user)
        if paths is None:
            return self
        return self.filter(path_q(self.scope_field, paths))

    def in_subtree(self, path: str) -> Self:
        return self.filter(**{f"{self.scope_field}__startswith": path})


class OrganizationQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    scope_field = "path"

    def visible_to(self, user: AnyUser) -> Self:
        """The user's subtrees, and the closed predecessors of what is in them (read
        only: the write predicates in ketnap.orgs.permissions refuse closed ones)."""
        paths = scope_paths(user)
        if paths is None:
            return self
        return self.filter(path_q(self.scope_field, (*paths, *heritage_paths(user))))
