"""Who may do what in the pipeline (issue 5, item 11). A role held on an organisation
reaches its whole subtree (`roles_on` looks at ancestors).

    board (organizing_board)   everything in its subtree
    cell secretary             their cell's candidates: list, dossier, votes, ceremony
    mass-org officer           introduce people; see only those their organisation introduced
    political centre           courses and enrolment only
    inspector, standing member read everything in scope, change nothing
    viewer                     read, without sensitive fields

Visibility (which rows) is decided by `Candidate.objects.visible_to`; these
predicates decide what a user may do with a row they can see, so a role that sees
but may not act gets 403, and another subtree 404.
"""

from __future__ import annotations

from typing import Any

from ketnap.orgs.enums import Role
from ketnap.orgs.models import Organization
from ketnap.orgs.permissions import all_roles, roles_on

MANAGE = frozenset({Role.ORGANIZING_BOARD, Role.CELL_SECRETARY})
DECIDE = frozenset({Role.ORGANIZING_BOARD})
COURSES = frozenset({Role.ORGANIZING_BOARD, Role.POLITICAL_CENTRE})
INTRODUCE = frozenset({Role.ORGANIZING_BOARD, Role.CELL_SECRETARY, Role.MASS_ORG_OFFICER})
READ = frozenset({Role.ORGANIZING_BOARD, Role.STANDING_MEMBER, Role.INSPECTOR, Role.CELL_SECRETARY, Role.VIEWER})
#: National ID, religion and verification results.
SENSITIVE = frozenset({Role.ORGANIZING_BOARD, Role.INSPECTOR, Role.CELL_SECRETARY})
#: Pages that list people by pipeline stage (board, agenda, candidate page).
PIPELINE_PAGES = READ | {Role.MASS_ORG_OFFICER}


def _has(user: Any, org: Organization, allowed: frozenset[str]) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(roles_on(user, org) & allowed)


def _anywhere(user: Any, allowed: frozenset[str]) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(all_roles(user) & allowed)


def can_read(user: Any, org: Organization) -> bool:
    """Full read of candidates' pages under `org` (not the introducer-only view)."""
    return _has(user, org, READ)


def can_see_page(user: Any, org: Organization) -> bool:
    """The candidate page at all (mass-org officers see their own people, reduced)."""
    return _has(user, org, PIPELINE_PAGES)


def can_manage(user: Any, org: Organization) -> bool:
    """Change a candidate's record and record the cell's acts."""
    return _has(user, org, MANAGE)


def can_decide(user: Any, org: Organization) -> bool:
    """Record the committee's acts: appraisal, decisions, confirmation, deadlines."""
    return _has(user, org, DECIDE)


def can_run_courses(user: Any, org: Organization) -> bool:
    """Create courses, enrol, record completion and certificates."""
    return _has(user, org, COURSES)


def can_introduce(user: Any, org: Organization) -> bool:
    return _has(user, org, INTRODUCE)


def can_see_sensitive(user: Any, org: Organization) -> bool:
    return _has(user, org, SENSITIVE)


def sees_any_pipeline(user: Any) -> bool:
    """Whether the navigation shows the pipeline entries at all."""
    return _anywhere(user, PIPELINE_PAGES)


def runs_any_courses(user: Any) -> bool:
    """May open the course pages (the centre and the board act; readers look)."""
    return _anywhere(user, COURSES | READ)


def can_run_courses_anywhere(user: Any) -> bool:
    return _anywhere(user, COURSES)


def introduces_anywhere(user: Any) -> bool:
    return _anywhere(user, INTRODUCE)


def manages_anywhere(user: Any) -> bool:
    return _anywhere(user, MANAGE)


def allowed(user: Any, org: Organization, roles: frozenset[str]) -> bool:
    """Generic check used by the transition table (each move names its roles)."""
    return _has(user, org, roles)


__all__ = [
    "COURSES",
    "DECIDE",
    "INTRODUCE",
    "MANAGE",
    "READ",
    "SENSITIVE",
    "allowed",
    "can_decide",
    "can_introduce",
    "can_manage",
    "can_read",
    "can_run_courses",
    "can_run_courses_anywhere",
    "can_see_page",
    "can_see_sensitive",
    "introduces_anywhere",
    "manages_anywhere",
    "runs_any_courses",
    "sees_any_pipeline",
]
