"""Scoping of the pipeline: the one chokepoint `visible_to(user)` for candidates and
everything that hangs on them.

Why not the plain path filter of `ScopedQuerySet`: a mass-organisation officer holds
a role on the whole commune but may see only the people their organisation
introduced (issue 5, item 11). So candidate visibility is role-aware: a grant is
either "every candidate under this path" or "candidates under this path introduced
by this mass organisation (or by me)". Records of a candidate (events, dossier,
votes…) are visible exactly when their candidate is, via a subquery, so no second
rule can drift from the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.db.models import Q

from ketnap.orgs.enums import Role
from ketnap.orgs.querysets import ScopedQuerySet, path_q, scope_paths

if TYPE_CHECKING:
    from ketnap.orgs.querysets import AnyUser

_CACHE_ATTR = "_ketnap_pipeline_grants"
#: Roles whose holders see only the candidates they (or their mass organisation) introduced.
INTRODUCER_ONLY_ROLES = frozenset({Role.MASS_ORG_OFFICER})


@dataclass(frozen=True)
class Grants:
    """What candidates a user may see: whole subtrees, and introducer-only subtrees."""

    full: tuple[str, ...]
    introduced: tuple[tuple[str, int | None], ...]
    user_id: int | None


def grants(user: AnyUser) -> Grants | None:
    """The user's candidate grants (None: a superuser sees everything); one query, cached."""
    if getattr(user, "is_superuser", False):
        return None
    if not user.is_authenticated:
        return Grants((), (), None)
    cached: Grants | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from ketnap.orgs.models import Membership  # models import this module: a late import avoids the cycle

        rows = Membership.objects.filter(user_id=user.pk).values_list(
            "organization__path", "role", "mass_organization_id"
        )
        full = sorted({path for path, role, _ in rows if role not in INTRODUCER_ONLY_ROLES})
        introduced = sorted({(path, mo) for path, role, mo in rows if role in INTRODUCER_ONLY_ROLES}, key=str)
        cached = Grants(tuple(full), tuple(introduced), user.pk)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def candidate_q(user: AnyUser, prefix: str = "") -> Q | None:
    """The filter selecting the candidates `user` may see; `prefix` reaches them from a
    related model ("candidate__"). None means no restriction."""
    g = grants(user)
    if g is None:
        return None
    q = path_q(f"{prefix}organization__path", g.full)
    for path, mass_org in g.introduced:
        by = (
            Q(**{f"{prefix}introduction__mass_organization_id": mass_org})
            if mass_org
            else Q(**{f"{prefix}introduction__recorded_by_id": g.user_id})
        )
        q |= Q(**{f"{prefix}organization__path__startswith": path}) & by
    return q


class CandidateQuerySet(ScopedQuerySet):
    """Candidates; `visible_to` applies the role-aware grants above."""

    scope_field = "organization__path"

    def visible_to(self, user: AnyUser) -> Self:
        q = candidate_q(user)
        return self if q is None else self.filter(q)


class CandidateRecordQuerySet(ScopedQuerySet):
    """Anything that belongs to one candidate: visible when the candidate is.
    `candidate_prefix` is the lookup path from the record to its candidate."""

    scope_field = "candidate__organization__path"
    candidate_prefix = "candidate__"

    def visible_to(self, user: AnyUser) -> Self:
        q = candidate_q(user, self.candidate_prefix)
        return self if q is None else self.filter(q)


def ancestor_paths(path: str, steplen: int = 4) -> list[str]:
    """Paths of the organisation itself and all its ancestors."""
    return [path[: i * steplen] for i in range(1, len(path) // steplen + 1)]


class CommitteeQuerySet(ScopedQuerySet):
    """Things a committee sets for its whole subtree (courses, dossier deadlines): a user
    sees those of organisations in their scope and of the organisations above it (a
    cell secretary sees the commune's courses and deadlines)."""

    scope_field = "organization__path"

    def visible_to(self, user: Any) -> Self:
        paths = scope_paths(user)
        if paths is None:
            return self
        above = sorted({a for p in paths for a in ancestor_paths(p)})
        return self.filter(path_q("organization__path", paths) | Q(organization__path__in=above))


class ReviewQuerySet(ScopedQuerySet):
    """Sympathizer-list reviews and dossier deadlines belong to an organisation."""

    scope_field = "organization__path"
