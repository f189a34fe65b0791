"""Early warning (M3), the statistics form (M4), inspection findings (M7) and the
year-end evaluation (M6) of one organisation."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ketnap.monitoring import exports_forms, permissions
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
    sheet = statistics(org, period)
    if request.GET.get("format") == "xlsx":
        name = f"bieu-2-{org.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
        return common.download(
            exports_forms.statistics_workbook(sheet),
            name,
            common.XLSX,
            audited=org,
            what="biểu thống kê",
            user=request.user,
        )
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
    result = grading_inputs(org, year, on)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "docx"):
        data = exports_forms.evaluation_workbook(result) if fmt == "xlsx" else exports_forms.evaluation_docx(result)
        kind = common.XLSX if fmt == "xlsx" else common.DOCX
        return common.download(
            data, f"danh-gia-{org.code}-{year}.{fmt}", kind, audited=org, what="đánh giá cuối năm", user=request.user
        )
    return render(
        request, "monitoring/evaluation.html", {**common.page_context(request, org, on, "evaluation"), "e": result}
    )
