"""Reporting rounds and periodic reports (M5): the board opens a round, each
subordinate organisation fills in and submits its pre-filled report, the board sees
who has and has not, and compiles its own report for the level above."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from ketnap.core import versions
from ketnap.jobs.exports import produce
from ketnap.jobs.models import Job, JobKind
from ketnap.jobs.services import start as start_job
from ketnap.monitoring import downloads, permissions, services
from ketnap.monitoring.figures import FIGURES, ratio
from ketnap.monitoring.forms import ReportForm, ReturnForm, RoundForm
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.monitoring.selectors.reports import (
    drifts,
    figures_of,
    live_figures,
    own_reports,
    pending_for,
    rounds_visible,
)
from ketnap.monitoring.views import common
from ketnap.orgs.enums import CELL_KINDS

#: Above this many parts a compile runs in the worker (a province has hundreds of communes'
#: reports, each missing one possibly counted from the registry): the request returns at once.
COMPILE_INLINE_PARTS = 60


def _round(request: HttpRequest, pk: int) -> ReportingRound:
    round_ = get_object_or_404(ReportingRound.objects.visible_to(request.user).select_related("organization"), pk=pk)
    if not permissions.can_view(request.user, round_.organization):
        raise PermissionDenied("Bạn không có quyền xem đợt báo cáo này.")
    return round_


def _report(request: HttpRequest, pk: int) -> PeriodicReport:
    report = get_object_or_404(
        PeriodicReport.objects.visible_to(request.user).select_related(
            "round__organization", "organization", "submitted_by"
        ),
        pk=pk,
    )
    if not permissions.can_view(request.user, report.organization):
        raise PermissionDenied("Bạn không có quyền xem báo cáo này.")
    return report


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """The user's reports to submit, and the rounds in their scope."""
    if not permissions.sees_monitoring(request.user):
        raise PermissionDenied("Vai trò của bạn không dùng trang báo cáo.")
    today = timezone.localdate()
    own = list(own_reports(request.user)[:100])
    cells_only = all(r.organization.kind in CELL_KINDS for r in own)
    return render(
        request,
        "monitoring/reports.html",
        {
            "pending": list(pending_for(request.user)),
            "own": own,
            "own_title": "Báo cáo của chi bộ" if cells_only else "Báo cáo của đơn vị",
            "rounds": list(rounds_visible(request.user)[:50]),
            "on": today,
        },
    )


@login_required
def rounds(request: HttpRequest, pk: int) -> HttpResponse:
    org = common.organization(request, pk)
    on = common.as_of(request)
    listed = rounds_visible(request.user).filter(organization=org)
    return render(
        request, "monitoring/rounds.html", {**common.page_context(request, org, on, "rounds"), "rounds": listed}
    )


@login_required
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = common.organization(request, pk, permissions.can_manage_rounds)
    today = timezone.localdate()
    form = RoundForm(request.POST or None, initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1})
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.open_round(org, form.to_input(), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã mở đợt báo cáo: {round_.title}.")
            return redirect("monitoring:round", pk=round_.pk)
    return render(request, "monitoring/round_form.html", {"org": org, "form": form})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    today = timezone.localdate()
    reports = list(
        round_.reports.select_related("organization", "submitted_by").order_by("-compiled", "organization__path")
    )
    compiled = next(r for r in reports if r.compiled)
    parts = [r for r in reports if not r.compiled]
    live = live_figures([r.organization for r in parts if not r.is_submitted], round_.period)
    rows = [(r, r.figures["figures"] if r.is_submitted else live[r.organization_id]) for r in parts]
    return render(
        request,
        "monitoring/round.html",
        {
            "round": round_,
            "compiled": compiled,
            "rows": rows,
            "submitted": sum(1 for r in parts if r.is_submitted),
            "on": today,
            "can_manage": permissions.can_manage_rounds(request.user, round_.organization),
        },
    )


def compile_job(user: Any, round_: ReportingRound, fill: list[int] | None) -> Job | None:
    """A province's round (more than COMPILE_INLINE_PARTS parts) is compiled by the worker:
    the job, which the page (and the API) then polls; None when it is compiled inline."""
    if round_.reports.count() <= COMPILE_INLINE_PARTS:
        return None
    if not permissions.can_manage_rounds(user, round_.organization):
        raise PermissionDenied("Bạn không có quyền tổng hợp báo cáo của đợt này.")
    return start_job(
        JobKind.ROUND_COMPILE,
        user=user,
        title=f"Tổng hợp {round_.title} — {round_.organization.name}",
        params={"round": round_.pk, "fill": fill, "at": timezone.now().isoformat()},
        organization=round_.organization,
    )


@login_required
@require_POST
def round_compile(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    # The form of missing parts posts `choose` with one `fill` per part to count from
    # the system's data; the plain "compile" button keeps the choices made before.
    fill = [int(v) for v in request.POST.getlist("fill") if v.isdigit()] if request.POST.get("choose") else None
    job = compile_job(request.user, round_, fill)
    if job is not None:
        return redirect("jobs:detail", pk=job.pk)
    try:
        report = services.compile_round(round_, actor=request.user, at=timezone.now(), fill=fill)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:round", pk=round_.pk)
    missing = [m for m in report.figures.get("missing", []) if not m.get("filled")]
    filled = len(report.figures.get("fill", []))
    note = f" {len(missing)} tổ chức chưa nộp, chưa được tính." if missing else ""
    note += f" {filled} tổ chức lấy số liệu của hệ thống." if filled else ""
    messages.success(request, f"Đã tổng hợp {report.figures['submitted']} báo cáo đã nộp.{note}")
    return redirect("monitoring:report", pk=report.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user = request.user
    editable = not report.is_submitted and permissions.can_submit(user, report.organization)
    form = ReportForm(request.POST or None, instance=report) if editable else None
    if form is not None:
        versions.carry(form, versions.read_form(form, report))
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Bạn không sửa được báo cáo này.")
        if form.is_valid():
            texts = {name: form.cleaned_data[name] for name in ReportForm.Meta.fields}
            try:
                with transaction.atomic():
                    current = PeriodicReport.objects.select_for_update().get(pk=report.pk)
                    if versions.refuse_if_changed(form, versions.read_form(form, current)):
                        raise versions.Refused
                    if request.POST.get("action") == "submit":
                        services.submit_report(current, actor=user, at=timezone.now(), **texts)
                        messages.success(request, "Đã nộp báo cáo. Số liệu được giữ nguyên như lúc nộp.")
                    else:
                        services.save_report(current, actor=user, **texts)
                        messages.success(request, "Đã lưu báo cáo (chưa nộp).")
            except versions.Refused:
                pass
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("monitoring:report", pk=report.pk)
    figures = figures_of(report)
    return render(
        request,
        "monitoring/report.html",
        {
            "report": report,
            "round": report.round,
            "form": form,
            "rows": [(f, figures.get(f.key, 0)) for f in FIGURES],
            "completion": ratio(figures, "admitted_ytd", "admit_quota_year"),
            "parts": _parts(report),
            "missing": (report.figures or {}).get("missing", []) if report.compiled else [],
            "incomplete": (report.figures or {}).get("title", "") if report.compiled else "",
            "parts_sum": (report.figures or {}).get("parts_sum", {}),
            "drifts": drifts([report]),
            "return_form": ReturnForm() if _may_return(user, report) else None,
            "can_compile": report.compiled
            and not report.is_submitted
            and permissions.can_manage_rounds(user, report.round.organization),
            "on": timezone.localdate(),
            # A secretary reads his cell's report but not the commune's round (another
            # subtree): no button that would answer 404 (issue 16, point 4).
            "round_visible": _round_visible(user, report.round),
        },
    )


def _round_visible(user: Any, round_: ReportingRound) -> bool:
    """Whether `_round` would open the round for this user (same two checks)."""
    return ReportingRound.objects.visible_to(user).filter(pk=round_.pk).exists() and permissions.can_view(
        user, round_.organization
    )


def _parts(report: PeriodicReport) -> list[dict[str, object]]:
    """The compiled report's parts, with their submission moments as datetimes."""
    if not report.compiled:
        return []
    return [
        {**p, "submitted_at": parse_datetime(p["submitted_at"]) if p.get("submitted_at") else None}
        for p in (report.figures or {}).get("parts", [])
    ]


def _may_return(user: object, report: PeriodicReport) -> bool:
    return (
        report.is_submitted and not report.compiled and permissions.can_manage_rounds(user, report.round.organization)
    )


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if not _may_return(request.user, report):
        raise PermissionDenied("Bạn không trả lại được báo cáo này.")
    form = ReturnForm(request.POST)
    if form.is_valid():
        services.return_report(report, actor=request.user, note=form.cleaned_data["note"])
        messages.success(request, "Đã trả lại báo cáo để sửa, bổ sung.")
    else:
        messages.error(request, "Hãy ghi rõ cần sửa, bổ sung gì.")
    return redirect("monitoring:report", pk=report.pk)


def _filename(report: PeriodicReport, extension: str) -> str:
    kind = "tong-hop" if report.compiled else "bao-cao"
    return f"{kind}-{report.organization.code}-{report.round.period_end:%Y%m%d}.{extension}"


def report_file(user: Any, report: PeriodicReport, extension: str) -> HttpResponse | Job:
    """The report as .docx or .xlsx for the page and the API: now (the download logged),
    or, for a compile of more than LARGE_TABLE parts, a job the worker makes."""
    title = f"{report.round.title} — {report.organization.name} (.{extension})"
    params = {"report": report.pk, "format": extension}
    large = downloads.large_report(report)
    return produce(user, "monitoring.report", params, large=large, title=title, organization=report.organization)


def _report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    made = report_file(request.user, _report(request, pk), fmt)
    return redirect("jobs:detail", pk=made.pk) if isinstance(made, Job) else made


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_file(request, pk, "docx")


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_file(request, pk, "xlsx")
