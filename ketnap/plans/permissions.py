"""Who may do what with plans. Seeing a plan is scoping (Plan.objects.visible_to);
these predicates answer "may this user act on it?".

* The organising board (Ban Xây dựng Đảng) of the plan's organisation, or of any
  organisation above it, edits, imports, issues, revises and cascades.
* A cell secretary edits her own cell's plan (a cell's plan is the cell's business).
* The inspector, mass-organisation officers, viewers read only.
"""

from __future__ import annotations

from typing import Any

from ketnap.orgs.enums import Role
from ketnap.orgs.models import Organization
from ketnap.orgs.permissions import roles_on
from ketnap.plans.models import Plan


def can_create_plan(user: Any, org: Organization) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    roles = roles_on(user, org)
    return Role.ORGANIZING_BOARD in roles or (org.is_cell and Role.CELL_SECRETARY in roles)


def can_edit_plan(user: Any, plan: Plan) -> bool:
    """Change the plan's text, targets and allocation table (while a revision is open)."""
    return can_create_plan(user, plan.organization)


def can_issue_plan(user: Any, plan: Plan) -> bool:
    return can_edit_plan(user, plan)


def can_export_plan(user: Any, plan: Plan) -> bool:
    """Anyone who sees the plan may download it; the download is recorded in the audit."""
    return user.is_authenticated
