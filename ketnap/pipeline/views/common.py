"""Helpers shared by the pipeline views: the day a page is about, fetching through the
scoping chokepoint (another subtree → 404), and turning a refusal into what the
page shows next to the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ketnap.orgs.models import Organization
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.services.advance import MoveRefused


def as_of(request: HttpRequest) -> date:
    """The day the page is about: ?on=YYYY-MM-DD, else today (the clock is read here)."""
    raw = request.GET.get("on", "")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return timezone.localdate()


def candidate_or_404(request: HttpRequest, pk: int) -> Candidate:
    return get_object_or_404(Candidate.objects.visible_to(request.user).select_related("organization"), pk=pk)


def org_or_404(request: HttpRequest, pk: int) -> Organization:
    return get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)


def require(allowed: bool, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def attach_error(form: BaseForm, exc: ValidationError | MoveRefused) -> dict[str, Any]:
    """Put a service's refusal on the form; return the context for the charter's reasons."""
    if isinstance(exc, MoveRefused):
        return {"refusal": exc}  # shown above the form with the charter's reasons
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    return {}
