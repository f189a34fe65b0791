"""The dashboard of an organisation (M1, M2, M4) and the entry page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ketnap.jobs.exports import large_subtree, respond
from ketnap.monitoring import charts, permissions
from ketnap.monitoring.selectors import dashboard as selectors
from ketnap.monitoring.views import common
from ketnap.orgs.selectors import visible_roots


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard of the top of the user's scope (a cell secretary: her cell)."""
    if not permissions.sees_monitoring(request.user):
        raise PermissionDenied("Vai trò của bạn không dùng trang theo dõi.")
    roots = list(visible_roots(request.user))
    if len(roots) == 1:
        return redirect("monitoring:dashboard", pk=roots[0].pk)
    return render(request, "monitoring/home.html", {"roots": roots, "national": permissions.holds_top(request.user)})


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    org = common.organization(request, pk)
    on = common.as_of(request)
    data = selectors.dashboard(org, on)
    context = {
        **common.page_context(request, org, on, "dashboard"),
        "d": data,
        "progress": data.progress,
        "progress_chart": charts.progress_chart(data.progress),
        "funnel_chart": charts.funnel_chart(data.stages),
        "structure_charts": charts.structure_charts(data.structure_rows, data.structure, "ytd"),
    }
    return render(request, "monitoring/dashboard.html", context)


@login_required
def dashboard_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress workbook; a province's (LARGE_SUBTREE) is made by the worker."""
    org = common.organization(request, pk)
    on = common.as_of(request)
    return respond(
        request, "monitoring.dashboard", {"org": org.pk, "on": on.isoformat()}, large=large_subtree(org),
        title=f"Bảng theo dõi {org.name} đến {on:%d/%m/%Y} (.xlsx)", organization=org,
    )  # fmt: skip
