"""The monitoring pages' files (progress, statistics form Biểu 2, year-end evaluation,
a periodic report), built for a user from plain values so that the same code answers
the download in the request and, at province scale, in the worker (jobs.exports)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from ketnap.jobs.exports import LARGE_TABLE, Download, export
from ketnap.monitoring import exports, exports_forms, permissions
from ketnap.monitoring.models import PeriodicReport
from ketnap.monitoring.periods import Period
from ketnap.monitoring.selectors import dashboard as progress
from ketnap.monitoring.selectors.evaluation import grading_inputs
from ketnap.monitoring.selectors.reports import figures_of
from ketnap.monitoring.selectors.statistics import statistics
from ketnap.orgs.models import Organization

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _org(user: Any, params: dict[str, Any]) -> Organization:
    org = Organization.objects.visible_to(user).select_related("block").filter(pk=params["org"]).first()
    if org is None:
        raise Http404("Tổ chức không còn trong phạm vi của bạn.")
    if not permissions.can_view(user, org):
        raise PermissionDenied("Bạn không có quyền xem trang theo dõi này.")
    return org


def _download(data: bytes, filename: str, content_type: str, audited: Any, what: str) -> Download:
    return Download(data, filename, content_type, audited, {"file": [None, filename], "what": [None, what]})


@export("monitoring.dashboard")
def dashboard(user: Any, params: dict[str, Any]) -> Download:
    org, on = _org(user, params), date.fromisoformat(params["on"])
    data = exports.dashboard_workbook(progress.dashboard(org, on))
    return _download(data, f"theo-doi-{org.code}-{on:%Y%m%d}.xlsx", XLSX, org, "bảng theo dõi")


@export("monitoring.statistics")
def statistics_form(user: Any, params: dict[str, Any]) -> Download:
    org = _org(user, params)
    period = Period(date.fromisoformat(params["start"]), date.fromisoformat(params["end"]))
    data = exports_forms.statistics_workbook(statistics(org, period))
    name = f"bieu-2-{org.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return _download(data, name, XLSX, org, "biểu thống kê")


@export("monitoring.evaluation")
def evaluation(user: Any, params: dict[str, Any]) -> Download:
    org, year, fmt = _org(user, params), int(params["year"]), params["format"]
    result = grading_inputs(org, year, date.fromisoformat(params["on"]))
    data = exports_forms.evaluation_workbook(result) if fmt == "xlsx" else exports_forms.evaluation_docx(result)
    kind = XLSX if fmt == "xlsx" else DOCX
    return _download(data, f"danh-gia-{org.code}-{year}.{fmt}", kind, org, "đánh giá cuối năm")


def report_of(user: Any, pk: int) -> PeriodicReport:
    report = (
        PeriodicReport.objects.visible_to(user)
        .select_related("round__organization", "organization", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("Báo cáo không còn trong phạm vi của bạn.")
    if not permissions.can_view(user, report.organization):
        raise PermissionDenied("Bạn không có quyền xem báo cáo này.")
    return report


def large_report(report: PeriodicReport) -> bool:
    """A compile of more parts than LARGE_TABLE renders long enough to be a job."""
    return report.compiled and len((report.figures or {}).get("parts") or []) > LARGE_TABLE


@export("monitoring.report")
def report(user: Any, params: dict[str, Any]) -> Download:
    found, fmt = report_of(user, int(params["report"])), params["format"]
    kind = "tong-hop" if found.compiled else "bao-cao"
    name = f"{kind}-{found.organization.code}-{found.round.period_end:%Y%m%d}.{fmt}"
    if fmt == "docx":
        issued = timezone.localtime(found.submitted_at).date() if found.submitted_at else None
        return _download(exports.report_docx(found, figures_of(found), issued), name, DOCX, found, "báo cáo .docx")
    return _download(exports.report_workbook(found, figures_of(found)), name, XLSX, found, "báo cáo .xlsx")
