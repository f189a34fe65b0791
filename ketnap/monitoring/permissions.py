"""Who may see and do what in monitoring (a role held on an organisation reaches its
subtree; `roles_on` looks at ancestors).

    organising board      everything: dashboards, rounds, compiling, findings, exports
    standing member       dashboards, warnings, reports, evaluation (read)
    inspector             all of the above read-only, and the inspection findings
    cell secretary        their cell's dashboard; fills in and submits their cell's report
    viewer                dashboards and reports (read)
    mass-org officer,     no monitoring pages: they see only the people they introduced,
    political centre      and a subtree's figures would tell them about everyone

Which rows a user reaches is decided by `visible_to(user)` (another subtree is a 404);
these predicates decide what a user may do with what they see (else 403).
"""

from __future__ import annotations

from typing import Any

from ketnap.orgs.enums import AUDIT_READING_ROLES, Role
from ketnap.orgs.models import Organization
from ketnap.orgs.permissions import all_roles
from ketnap.pipeline.permissions import allowed

VIEW = frozenset({Role.ORGANIZING_BOARD, Role.STANDING_MEMBER, Role.INSPECTOR, Role.CELL_SECRETARY, Role.VIEWER})
MANAGE_ROUNDS = frozenset({Role.ORGANIZING_BOARD})
SUBMIT = frozenset({Role.ORGANIZING_BOARD, Role.CELL_SECRETARY})
INSPECT = AUDIT_READING_ROLES


def can_view(user: Any, org: Organization) -> bool:
    """Dashboards, warnings, statistics, evaluation and reports of `org`'s subtree; for
    a closed organisation, also whoever may view the one its work passed to (the "kế
    thừa" row of Cao Minh's dashboard links to the commune merged into it)."""
    return allowed(user, org, VIEW) or _views_a_successor(user, org)


def _views_a_successor(user: Any, org: Organization, depth: int = 0) -> bool:
    """Read-only history: only an organisation that is closed (or inside a closed one),
    followed through successions (a province merged into one merged again…). One query
    when `org` is open; asked only when the user holds no role on `org` itself."""
    steps = Organization.steplen
    lineage = [org.path[:i] for i in range(steps, len(org.path) + 1, steps)]
    if depth > 4 or not Organization.objects.filter(path__in=lineage, valid_until__isnull=False).exists():
        return False
    successors = Organization.objects.filter(inheritances__predecessor__path__in=lineage).distinct()
    return any(allowed(user, s, VIEW) or _views_a_successor(user, s, depth + 1) for s in successors)


def can_manage_rounds(user: Any, org: Organization) -> bool:
    """Open a reporting round for `org`'s subordinates, return reports, compile."""
    return allowed(user, org, MANAGE_ROUNDS)


def can_submit(user: Any, org: Organization) -> bool:
    """Fill in and submit the report of `org` (its secretary or the board above)."""
    return allowed(user, org, SUBMIT)


def can_inspect(user: Any, org: Organization) -> bool:
    return allowed(user, org, INSPECT)


def sees_monitoring(user: Any) -> bool:
    """Whether the navigation shows the monitoring entries at all."""
    return bool(getattr(user, "is_superuser", False) or all_roles(user) & VIEW)


NATIONAL_REFUSED = "Trang toàn quốc dành cho cấp ủy, ban tổ chức cấp tỉnh và Trung ương."


def holds_top(user: Any) -> bool:
    """The national view is for whom holds the top of the tree: the superuser, or a
    role that reads monitoring on a province (the top organisations of the tree)."""
    from ketnap.orgs.models import Membership

    if getattr(user, "is_superuser", False):
        return True
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user_id=user.pk, organization__depth=1, role__in=VIEW).exists()
