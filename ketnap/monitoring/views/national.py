"""The national view (issue 10, point 4): the country by province, a province by its
communes, for whom holds the top of the tree."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ketnap.monitoring import permissions
from ketnap.monitoring.selectors.national import NationalView, national
from ketnap.monitoring.views import common
from ketnap.orgs.models import Organization
from ketnap.orgs.selectors import ancestors


@login_required
def country(request: HttpRequest) -> HttpResponse:
    """The provinces the user sees, one row each."""
    if not permissions.holds_top(request.user):
        raise PermissionDenied(permissions.NATIONAL_REFUSED)
    on = common.as_of(request)
    view = _national(request.user, on, None)
    return render(request, "monitoring/national.html", {"view": view, "on": on, "breadcrumb": []})


@login_required
def subdivision(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation's subordinate organisations (a province: its communes)."""
    if not permissions.holds_top(request.user):
        raise PermissionDenied(permissions.NATIONAL_REFUSED)
    org = common.organization(request, pk)
    on = common.as_of(request)
    view = _national(request.user, on, org)
    context = {"view": view, "on": on, "breadcrumb": ancestors(org, request.user)}
    return render(request, "monitoring/national.html", context)


def _national(user: Any, on: date, org: Organization | None) -> NationalView:
    try:
        return national(user, on, org)
    except ValidationError as exc:  # a day before any figure: the ?on= is wrong
        raise BadRequest(" ".join(exc.messages)) from exc
