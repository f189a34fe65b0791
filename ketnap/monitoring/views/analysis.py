"""Early warning (M3), the statistics form (M4), inspection findings (M7) and the
year-end evaluation (M6) of one organisation."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ketnap.jobs.exports import large_subtree, respond
from ketnap.monitoring import permissions
from ketnap.monitoring.periods import Period, quarter, whole_year, year_to_date
from ketnap.monitoring.selectors.evaluation import grading_inputs
from ketnap.monitoring.selectors.inspection import EXCEPTION_KINDS, KINDS, inspect
from ketnap.monitoring.selectors.statistics import statistics
from ketnap.monitoring.selectors.warnings import SOURCES, forecasts, overdue_by_child, places, subtree_counts
from ketnap.monitoring.views import common

#: How many cells a list shows before "… and N more" (a province has thousands).
LIST_LIMIT = 200


@login_required
def warnings(request: HttpRequest, pk: int) -> HttpResponse:
    org = common.organization(request, pk)
    on = common.as_of(request)
    counts = subtree_counts(org, on)
    estimates = sorted(
        forecasts(org, on, counts=counts), key=lambda f: (f.risk != "at_risk", -f.shortfall, f.organization.path)
    )
    found = places(org, on, counts=counts)
    return render(
        request,
        "monitoring/warnings.html",
        {
            **common.page_context(request, org, on, "warnings"),
            "forecasts": [f for f in estimates if f.stages or f.risk != "at_risk"],
            "without_pool": [f for f in estimates if not f.stages and f.risk == "at_risk"],
            "at_risk": sum(1 for f in estimates if f.risk == "at_risk"),
            "places": found,
            "idle": found.idle[:LIST_LIMIT],
            "empty": found.empty[:LIST_LIMIT],
            "limit": LIST_LIMIT,
            "sources": SOURCES,
        },
    )


@login_required
def overdue(request: HttpRequest, pk: int) -> HttpResponse:
    """Overdue steps of the pipeline's agenda, per child: loaded after the warnings page
    (htmx), because the agenda computes every deadline of the viewer's scope."""
    org = common.organization(request, pk)
    on = common.as_of(request)
    return render(
        request, "monitoring/_overdue.html", {"org": org, "on": on, "overdue": overdue_by_child(request.user, org, on)}
    )


def _period(request: HttpRequest, on: date) -> Period:
    """?quarter=1..4 or ?from=…&to=… (dates), else the year to `on`."""
    raw = request.GET.get("quarter", "")
    if raw.isdigit() and 1 <= int(raw) <= 4:
        return quarter(on.year, int(raw))
    try:
        start, end = date.fromisoformat(request.GET.get("from", "")), date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        return year_to_date(on)
    return Period(start, end) if start <= end else year_to_date(on)


@login_required
def statistics_form(request: HttpRequest, pk: int) -> HttpResponse:
    org = common.organization(request, pk)
    on = common.as_of(request)
    period = _period(request, on)
    if request.GET.get("format") == "xlsx":
        params = {"org": org.pk, "start": period.start.isoformat(), "end": period.end.isoformat()}
        title = f"Biểu 2 {org.name} {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y} (.xlsx)"
        return respond(
            request, "monitoring.statistics", params, large=large_subtree(org), title=title, organization=org
        )
    sheet = statistics(org, period)
    return render(
        request,
        "monitoring/statistics.html",
        {**common.page_context(request, org, on, "statistics"), "s": sheet, "period": period, "quarters": range(1, 5)},
    )


@login_required
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    org = common.organization(request, pk, permissions.can_inspect)
    on = common.as_of(request)
    period = whole_year(on.year).capped(on) or whole_year(on.year)
    result = inspect(request.user, org, period)
    found = result.findings
    counts = {rule: sum(1 for f in found if f.rule == rule) for rule in KINDS}
    return render(
        request,
        "monitoring/inspection.html",
        {
            **common.page_context(request, org, on, "inspection"),
            "findings": found,
            "kinds": KINDS,
            "counts": counts,
            "exceptions": result.exceptions,
            "exception_kinds": EXCEPTION_KINDS,
            "period": period,
        },
    )


@login_required
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    org = common.organization(request, pk)
    on = common.as_of(request)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else on.year
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "docx"):
        params = {"org": org.pk, "year": year, "on": on.isoformat(), "format": fmt}
        title = f"Đánh giá cuối năm {year} — {org.name} (.{fmt})"
        return respond(
            request, "monitoring.evaluation", params, large=large_subtree(org), title=title, organization=org
        )
    result = grading_inputs(org, year, on)
    return render(
        request, "monitoring/evaluation.html", {**common.page_context(request, org, on, "evaluation"), "e": result}
    )
