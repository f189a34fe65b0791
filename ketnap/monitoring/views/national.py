"""The national view (issue 10, point 4): the country by province, a province by its
communes, for whom holds the top of the tree."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ketnap.monitoring import permissions
from ketnap.monitoring.selectors.national import national
from ketnap.monitoring.views import common
from ketnap.orgs.selectors import ancestors


@login_required
def country(request: HttpRequest) -> HttpResponse:
    """The provinces the user sees, one row each."""
    if not permissions.holds_top(request.user):
        raise PermissionDenied(permissions.NATIONAL_REFUSED)
    on = common.as_of(request)
    view = national(request.user, on)
    return render(request, "monitoring/national.html", {"view": view, "on": on, "breadcrumb": []})


@login_required
def subdivision(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation's subordinate organisations (a province: its communes)."""
    if not permissions.holds_top(request.user):
        raise PermissionDenied(permissions.NATIONAL_REFUSED)
    org = common.organization(request, pk)
    on = common.as_of(request)
    view = national(request.user, on, org)
    context = {"view": view, "on": on, "breadcrumb": ancestors(org, request.user)}
    return render(request, "monitoring/national.html", context)
