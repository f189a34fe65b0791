"""Reporting rounds (M5): open a round, fill in and submit a report, return it, compile
the board's report — each write through `monitoring.services`, as the pages do."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from ketnap.api.common import READ_ERRORS, WRITE_ERRORS, require, visible_or_404
from ketnap.api.routers.jobs import JobOut, accepted
from ketnap.api.routers.plans import FILE_RESPONSE
from ketnap.jobs.models import Job
from ketnap.monitoring import permissions, services
from ketnap.monitoring.enums import RoundKind
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.monitoring.selectors.reports import figures_of, own_reports, pending_for, rounds_visible
from ketnap.monitoring.views import reports as screen
from ketnap.orgs.models import Organization

router = Router(tags=["Báo cáo định kỳ — reporting rounds"])


class ReportSummary(Schema):
    id: int
    organization_id: int
    organization_name: str
    compiled: bool = Field(description="Báo cáo tổng hợp của cấp mở đợt")
    status: str = Field(description="draft (chưa nộp) / submitted (đã nộp)")
    submitted_at: datetime | None


class RoundOut(Schema):
    id: int
    organization_id: int = Field(description="Cấp mở đợt báo cáo")
    kind: str = Field(description="quarterly (quý) / ad_hoc (đột xuất)")
    year: int
    quarter: int | None
    period_start: date
    period_end: date
    title: str
    due_on: date = Field(description="Hạn cấp dưới nộp")
    compile_due_on: date | None = Field(description="Hạn báo cáo cấp trên")
    note: str


class RoundDetail(RoundOut):
    reports: list[ReportSummary]


class RoundIn(Schema):
    kind: RoundKind = RoundKind.QUARTERLY
    year: int = Field(ge=2000, le=2100, description="Năm báo cáo")
    quarter: int | None = Field(None, ge=1, le=4, description="Quý (báo cáo quý)")
    period_start: date | None = Field(None, description="Từ ngày (báo cáo đột xuất)")
    period_end: date | None = Field(None, description="Đến ngày (báo cáo đột xuất)")
    due_on: date = Field(description="Hạn cấp dưới nộp báo cáo")
    compile_due_on: date | None = None
    title: str = Field("", max_length=255)
    note: str = Field("", max_length=5000)


class ReportOut(ReportSummary):
    round_id: int
    results: str = Field(description="Kết quả nổi bật")
    difficulties: str = Field(description="Hạn chế, khó khăn, nguyên nhân")
    proposals: str = Field(description="Đề xuất, kiến nghị")
    document_number: str = Field(description="Số, ký hiệu")
    signer: str = Field(description="Người ký")
    returned_note: str = Field(description="Ý kiến khi trả lại")
    figures: dict[str, Any] = Field(description="Số liệu (đông cứng khi nộp; trước đó là số liệu hiện tại)")


class OwnReports(Schema):
    pending: list[ReportSummary] = Field(description="Báo cáo chưa nộp của đơn vị mình")
    own: list[ReportSummary] = Field(description="Báo cáo của đơn vị mình (mới nhất trước, tối đa 100)")
    rounds: list[RoundOut] = Field(description="Các đợt trong phạm vi (tối đa 50)")


class ReportTexts(Schema):
    results: str | None = Field(None, max_length=20000)
    difficulties: str | None = Field(None, max_length=20000)
    proposals: str | None = Field(None, max_length=20000)
    document_number: str | None = Field(None, max_length=40)
    signer: str | None = Field(None, max_length=120)


class ReturnIn(Schema):
    note: str = Field(min_length=1, max_length=5000, description="Cần sửa, bổ sung gì")


def _round_out(r: ReportingRound) -> dict[str, Any]:
    return {f: getattr(r, f) for f in RoundOut.model_fields if f != "organization_id"} | {
        "organization_id": r.organization_id
    }


def _summary(p: PeriodicReport) -> dict[str, Any]:
    return {
        "id": p.pk,
        "organization_id": p.organization_id,
        "organization_name": p.organization.name,
        "compiled": p.compiled,
        "status": p.status,
        "submitted_at": p.submitted_at,
    }


def _report_out(p: PeriodicReport) -> dict[str, Any]:
    texts = {f: getattr(p, f) for f in ("results", "difficulties", "proposals", "document_number", "signer")}
    return {
        **_summary(p),
        **texts,
        "round_id": p.round_id,
        "returned_note": p.returned_note,
        "figures": p.figures if (p.is_submitted or p.compiled) and p.figures else {"figures": figures_of(p)},
    }


def _round(request: HttpRequest, pk: int) -> ReportingRound:
    round_ = visible_or_404(ReportingRound.objects.select_related("organization"), request, pk)
    require(permissions.can_view(request.user, round_.organization), "Bạn không có quyền xem đợt báo cáo này.")
    return round_


def _report(request: HttpRequest, pk: int) -> PeriodicReport:
    report = visible_or_404(
        PeriodicReport.objects.select_related("round__organization", "organization", "submitted_by"), request, pk
    )
    require(permissions.can_view(request.user, report.organization), "Bạn không có quyền xem báo cáo này.")
    return report


@router.get(
    "/organizations/{org_id}/rounds", response={200: list[RoundOut], **READ_ERRORS}, summary="Các đợt báo cáo đã mở"
)
def list_rounds(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    org = visible_or_404(Organization.objects.all(), request, org_id)
    require(permissions.can_view(request.user, org), "Bạn không có quyền xem trang theo dõi này.")
    return [_round_out(r) for r in rounds_visible(request.user).filter(organization=org)[:200]]


@router.post("/organizations/{org_id}/rounds", response={201: RoundDetail, **WRITE_ERRORS}, summary="Mở đợt báo cáo")
def open_round(request: HttpRequest, org_id: int, data: RoundIn) -> Any:
    org = visible_or_404(Organization.objects.all(), request, org_id)
    require(permissions.can_manage_rounds(request.user, org), "Bạn không có quyền mở đợt báo cáo.")
    round_ = services.open_round(org, services.RoundInput(**data.model_dump()), actor=request.user)
    return Status(201, _round_detail(round_))


def _round_detail(round_: ReportingRound) -> dict[str, Any]:
    reports = round_.reports.select_related("organization").order_by("-compiled", "organization__path")
    return {**_round_out(round_), "reports": [_summary(p) for p in reports]}


@router.get("/rounds/{round_id}", response={200: RoundDetail, **READ_ERRORS}, summary="Một đợt báo cáo")
def get_round(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return _round_detail(_round(request, round_id))


class CompileIn(Schema):
    fill: list[int] | None = Field(
        None,
        description="Tổ chức chưa nộp được tính bằng số liệu của hệ thống (id); bỏ trống: giữ lựa chọn trước",
    )


@router.post(
    "/rounds/{round_id}/compile",
    response={200: ReportOut, 202: JobOut, **WRITE_ERRORS},
    summary="Tổng hợp báo cáo của đợt (đợt lớn: việc chạy nền, 202)",
)
def compile_round(request: HttpRequest, round_id: int, data: CompileIn | None = None) -> Any:
    """As the round page's button: above the page's limit of parts the worker compiles
    (202 with the job to poll), else the compiled report at once."""
    round_ = _round(request, round_id)
    fill = data.fill if data is not None else None
    job = screen.compile_job(request.user, round_, fill)
    if job is not None:
        return accepted(job)
    return _report_out(services.compile_round(round_, actor=request.user, at=timezone.now(), fill=fill))


@router.get(
    "/reports",
    response={200: OwnReports, **READ_ERRORS},
    summary="Báo cáo của đơn vị mình phải nộp và các đợt trong phạm vi (như trang Báo cáo)",
)
def list_reports(request: HttpRequest) -> dict[str, Any]:
    require(permissions.sees_monitoring(request.user), "Vai trò của bạn không dùng trang báo cáo.")
    return {
        "pending": [_summary(p) for p in pending_for(request.user)],
        "own": [_summary(p) for p in own_reports(request.user)[:100]],
        "rounds": [_round_out(r) for r in rounds_visible(request.user)[:50]],
    }


@router.get(
    "/reports/{report_id}/export/{fmt}",
    response={202: JobOut, **READ_ERRORS},
    openapi_extra=FILE_RESPONSE,
    summary="Tải báo cáo (.docx / .xlsx; bản tổng hợp lớn: việc chạy nền, 202), như trang (ghi nhật ký)",
)
def get_report_file(request: HttpRequest, report_id: int, fmt: Literal["docx", "xlsx"]) -> Any:
    """The report page's download; a compile of many parts is made by the worker, as on
    the page, so the answer is 202 with the job to poll."""
    made = screen.report_file(request.user, _report(request, report_id), fmt)
    return accepted(made) if isinstance(made, Job) else made


@router.get("/reports/{report_id}", response={200: ReportOut, **READ_ERRORS}, summary="Một báo cáo")
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _report_out(_report(request, report_id))


@router.patch("/reports/{report_id}", response={200: ReportOut, **WRITE_ERRORS}, summary="Lưu báo cáo (chưa nộp)")
def save_report(request: HttpRequest, report_id: int, data: ReportTexts) -> dict[str, Any]:
    report = _report(request, report_id)
    texts = {k: v for k, v in data.model_dump().items() if v is not None}
    return _report_out(services.save_report(report, actor=request.user, **texts))


@router.post("/reports/{report_id}/submit", response={200: ReportOut, **WRITE_ERRORS}, summary="Nộp báo cáo")
def submit_report(request: HttpRequest, report_id: int, data: ReportTexts) -> dict[str, Any]:
    report = _report(request, report_id)
    texts = {k: v for k, v in data.model_dump().items() if v is not None}
    return _report_out(services.submit_report(report, actor=request.user, at=timezone.now(), **texts))


@router.post("/reports/{report_id}/return", response={200: ReportOut, **WRITE_ERRORS}, summary="Trả lại báo cáo để sửa")
def return_report(request: HttpRequest, report_id: int, data: ReturnIn) -> dict[str, Any]:
    report = _report(request, report_id)
    return _report_out(services.return_report(report, actor=request.user, note=data.note))
