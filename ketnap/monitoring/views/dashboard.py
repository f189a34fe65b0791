"""The dashboard of an organisation (M1, M2, M4) and the entry page.

The dashboard's body (figures, tables, charts) is the same for every user who may open
it — the organisation and the day decide it, not the viewer — and rendering it costs
most of the page (a province's 100-row table, its charts: ~150 ms of a core). So the
body is a `{% cache %}` fragment keyed on the organisation, the day and the rollups'
version of its province (`orgs.rollup_cache.version`): a write under it, or a change
of the tree, plans or reports, gives a new version and the next request renders anew.
The figures are computed lazily (the template calls them), so a cached body runs
none of the dashboard's queries."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ketnap.jobs.exports import large_subtree, respond
from ketnap.monitoring import charts, permissions
from ketnap.monitoring.selectors import dashboard as selectors
from ketnap.monitoring.views import common
from ketnap.orgs import rollup_cache
from ketnap.orgs.selectors import visible_roots

#: How long a rendered dashboard body is kept at most (the rollups' own safety net).
BODY_TTL = rollup_cache.TTL


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
    context = {
        **common.page_context(request, org, on, "dashboard"),
        **_figures(org, on),
        "body_ttl": BODY_TTL,
        "figures_version": rollup_cache.version([org.path]),
    }
    return render(request, "monitoring/dashboard.html", context)


def _figures(org: Any, on: Any) -> dict[str, Callable[[], Any]]:
    """The body's figures as callables the template resolves on first use (Django calls
    a callable variable), computed once: on a cached body none of them runs."""
    data = cache(lambda: selectors.dashboard(org, on))
    return {
        "d": data,
        "progress": lambda: data().progress,
        "progress_chart": lambda: charts.progress_chart(data().progress),
        "funnel_chart": lambda: charts.funnel_chart(data().stages),
        "structure_charts": lambda: charts.structure_charts(data().structure_rows, data().structure, "ytd"),
    }


@login_required
def dashboard_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress workbook; a province's (LARGE_SUBTREE) is made by the worker."""
    org = common.organization(request, pk)
    on = common.as_of(request)
    return respond(
        request, "monitoring.dashboard", {"org": org.pk, "on": on.isoformat()}, large=large_subtree(org),
        title=f"Bảng theo dõi {org.name} đến {on:%d/%m/%Y} (.xlsx)", organization=org,
    )  # fmt: skip
