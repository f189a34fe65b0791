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
    """Dashboards, warnings, statistics, evaluation and reports of `org`'s subtree."""
    return allowed(user, org, VIEW)


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
