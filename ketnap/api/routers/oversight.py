"""Early warning (M3), inspection findings (M7), the year-end evaluation (M6) and the
dashboard's workbook through the API: the pages' selectors for the same organisation
and day, the pages' rights (`can_view`, `can_inspect`), and their files with the same
audit (`monitoring.views.common.download`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from ketnap.api.common import READ_ERRORS, Reason, day, require, visible_or_404
from ketnap.api.routers.agenda import AgendaOut
from ketnap.api.routers.agenda import _out as agenda_out
from ketnap.api.routers.monitoring import ProgressRowOut, _org, _row
from ketnap.api.routers.plans import FILE_RESPONSE
from ketnap.monitoring import exports, exports_forms, permissions
from ketnap.monitoring.periods import whole_year
from ketnap.monitoring.selectors import dashboard as dashboard_selectors
from ketnap.monitoring.selectors.evaluation import SubTarget, grading_inputs
from ketnap.monitoring.selectors.inspection import EXCEPTION_KINDS, KINDS, inspect
from ketnap.monitoring.selectors.warnings import forecasts, overdue_by_child, places, subtree_counts
from ketnap.monitoring.views import common as screen
from ketnap.monitoring.views.analysis import LIST_LIMIT
from ketnap.orgs.models import Organization

router = Router(tags=["Theo dõi — monitoring"])


class StageEstimateOut(Schema):
    stage: str
    count: int = Field(description="Số người đang ở giai đoạn")
    chance: float = Field(description="Xác suất kịp kết nạp trong năm")
    expected: float = Field(description="Số dự kiến kết nạp kịp")
    reachable: bool
    why: str = Field(description="Giải thích, như trang")


class ForecastOut(Schema):
    organization_id: int
    organization_name: str
    quota: int = Field(description="Chỉ tiêu kết nạp cả năm")
    admitted: int = Field(description="Đã kết nạp")
    estimate: float = Field(description="Dự kiến đến 31/12")
    low: int = Field(description="Khoảng dự kiến (80 %): thấp")
    high: int = Field(description="Khoảng dự kiến (80 %): cao")
    risk: str = Field(description="at_risk (nguy cơ không đạt), on_track, no_quota")
    risk_label: str
    shortfall: float = Field(description="Còn thiếu so với chỉ tiêu")
    basis: str = Field(description="Căn cứ dự báo, như trang")
    stages: list[StageEstimateOut]


class PlaceOut(Schema):
    organization_id: int
    organization_name: str
    pool: int = Field(description="Quần chúng đang theo dõi")
    admitted: int = Field(description="Đã kết nạp trong năm")
    note: str


class WarningsOut(Schema):
    organization_id: int
    on: date
    at_risk: int = Field(description="Số tổ chức có nguy cơ không đạt chỉ tiêu")
    forecasts: list[ForecastOut]
    idle: list[PlaceOut] = Field(description="Chi bộ có nguồn nhưng chưa kết nạp (tối đa 200 dòng, như trang)")
    empty: list[PlaceOut] = Field(description="Chi bộ không còn nguồn (tối đa 200 dòng)")
    places_total: int = Field(description="Tổng số chi bộ đã xét")


class OverdueOut(Schema):
    organization_id: int
    organization_name: str
    count: int
    items: list[AgendaOut]


class FindingOut(Schema):
    rule: str = Field(description="Loại sai sót (mã)")
    label: str
    candidate_id: int
    full_name: str
    organization_id: int
    on: date
    evidence: str
    reasons: list[Reason]


class ExceptionOut(Schema):
    kind: str = Field(description="Loại ngoại lệ (mã)")
    label: str
    candidate_id: int
    full_name: str
    organization_id: int
    on: date
    act: str
    document: str = Field(description="Văn bản cho phép")
    reasons: list[Reason]


class InspectionOut(Schema):
    organization_id: int
    period_start: date
    period_end: date
    counts: dict[str, int] = Field(description="Số sai sót theo loại")
    findings: list[FindingOut]
    exceptions: list[ExceptionOut]


class SubTargetOut(Schema):
    label: str
    required: str
    achieved: str
    met: bool


class GradingOut(Schema):
    row: ProgressRowOut
    completion: Decimal | None
    case: str = Field(description="met, met_but, partly, none_with_pool, none, no_quota")
    suggestion: str = Field(description="Gợi ý xếp loại, như trang")
    sub_targets: list[SubTargetOut]


class EvaluationOut(Schema):
    organization_id: int
    year: int
    on: date
    final: bool = Field(description="Số liệu đã chốt (sau 31/12)")
    total: ProgressRowOut
    org_targets: list[SubTargetOut]
    inputs: list[GradingOut]


def _place(p: Any) -> dict[str, Any]:
    return {
        "organization_id": p.organization.pk,
        "organization_name": p.organization.name,
        "pool": p.pool,
        "admitted": p.admitted,
        "note": p.note,
    }


def _forecast(f: Any) -> dict[str, Any]:
    low, high = f.range
    return {
        "organization_id": f.organization.pk,
        "organization_name": f.organization.name,
        "quota": f.quota.admit,
        "admitted": f.admitted,
        "estimate": f.estimate,
        "low": low,
        "high": high,
        "risk": str(f.risk),
        "risk_label": str(f.risk_label),
        "shortfall": f.shortfall,
        "basis": f.basis,
        "stages": [
            {
                "stage": s.stage,
                "count": s.count,
                "chance": s.chance,
                "expected": s.expected,
                "reachable": s.reachable,
                "why": s.why,
            }
            for s in f.stages
        ],
    }


@router.get(
    "/organizations/{org_id}/warnings",
    response={200: WarningsOut, **READ_ERRORS},
    summary="Cảnh báo sớm: dự báo đạt chỉ tiêu, chi bộ chưa kết nạp, hết nguồn (như trang)",
)
def get_warnings(request: HttpRequest, org_id: int, on: date | None = None) -> dict[str, Any]:
    org, when = _org(request, org_id), day(on)
    counts = subtree_counts(org, when)
    estimates = sorted(
        forecasts(org, when, counts=counts), key=lambda f: (f.risk != "at_risk", -f.shortfall, f.organization.path)
    )
    found = places(org, when, counts=counts)
    return {
        "organization_id": org.pk,
        "on": when,
        "at_risk": sum(1 for f in estimates if f.risk == "at_risk"),
        "forecasts": [_forecast(f) for f in estimates],
        "idle": [_place(p) for p in found.idle[:LIST_LIMIT]],
        "empty": [_place(p) for p in found.empty[:LIST_LIMIT]],
        "places_total": found.total,
    }


@router.get(
    "/organizations/{org_id}/warnings/overdue",
    response={200: list[OverdueOut], **READ_ERRORS},
    summary="Việc quá hạn theo từng tổ chức cấp dưới",
)
def get_overdue(request: HttpRequest, org_id: int, on: date | None = None) -> list[dict[str, Any]]:
    org = _org(request, org_id)
    return [
        {
            "organization_id": o.organization.pk,
            "organization_name": o.organization.name,
            "count": o.count,
            "items": [agenda_out(i) for i in o.items],
        }
        for o in overdue_by_child(request.user, org, day(on))
    ]


@router.get(
    "/organizations/{org_id}/inspection",
    response={200: InspectionOut, **READ_ERRORS},
    summary="Kiểm tra: các bước trái quy định và các ngoại lệ đã được cho phép (Ủy ban Kiểm tra, Ban Xây dựng Đảng)",
)
def get_inspection(request: HttpRequest, org_id: int, on: date | None = None) -> dict[str, Any]:
    org = visible_or_404(Organization.objects.select_related("block"), request, org_id)
    require(permissions.can_inspect(request.user, org), "Bạn không có quyền xem trang theo dõi này.")
    when = day(on)
    period = whole_year(when.year).capped(when) or whole_year(when.year)
    result = inspect(request.user, org, period)
    return {
        "organization_id": org.pk,
        "period_start": period.start,
        "period_end": period.end,
        "counts": {rule: sum(1 for f in result.findings if f.rule == rule) for rule in KINDS},
        "findings": [
            {
                "rule": f.rule,
                "label": KINDS[f.rule],
                "candidate_id": f.candidate.pk,
                "full_name": f.candidate.full_name,
                "organization_id": f.candidate.organization_id,
                "on": f.on,
                "evidence": f.evidence,
                "reasons": [r.to_dict() for r in f.reasons],
            }
            for f in result.findings
        ],
        "exceptions": [
            {
                "kind": e.kind,
                "label": EXCEPTION_KINDS[e.kind],
                "candidate_id": e.candidate.pk,
                "full_name": e.candidate.full_name,
                "organization_id": e.candidate.organization_id,
                "on": e.on,
                "act": e.act,
                "document": e.document,
                "reasons": [r.to_dict() for r in e.reasons],
            }
            for e in result.exceptions
        ],
    }


def _sub(s: SubTarget) -> dict[str, Any]:
    return {"label": s.label, "required": s.required, "achieved": s.achieved, "met": s.met}


def _evaluation(request: HttpRequest, org_id: int, year: int | None, on: date | None) -> Any:
    org, when = _org(request, org_id), day(on)
    return grading_inputs(org, year or when.year, when)


@router.get(
    "/organizations/{org_id}/evaluation",
    response={200: EvaluationOut, **READ_ERRORS},
    summary="Đánh giá cuối năm: số liệu làm căn cứ xếp loại (như trang)",
)
def get_evaluation(
    request: HttpRequest, org_id: int, year: int | None = None, on: date | None = None
) -> dict[str, Any]:
    e = _evaluation(request, org_id, year, on)
    return {
        "organization_id": e.organization.pk,
        "year": e.year,
        "on": e.as_of,
        "final": e.final,
        "total": _row(e.total),
        "org_targets": [_sub(s) for s in e.org_targets],
        "inputs": [
            {
                "row": _row(g.row),
                "completion": g.completion,
                "case": g.case,
                "suggestion": g.suggestion,
                "sub_targets": [_sub(s) for s in g.sub_targets],
            }
            for g in e.inputs
        ],
    }


@router.get(
    "/organizations/{org_id}/evaluation/{fmt}",
    response=READ_ERRORS,
    openapi_extra=FILE_RESPONSE,
    summary="Tải bảng đánh giá cuối năm (.xlsx / .docx), như trang (ghi nhật ký)",
)
def get_evaluation_file(
    request: HttpRequest,
    org_id: int,
    fmt: Literal["xlsx", "docx"],
    year: int | None = None,
    on: date | None = None,
) -> HttpResponse:
    e = _evaluation(request, org_id, year, on)
    data = exports_forms.evaluation_workbook(e) if fmt == "xlsx" else exports_forms.evaluation_docx(e)
    return screen.download(
        data,
        f"danh-gia-{e.organization.code}-{e.year}.{fmt}",
        screen.XLSX if fmt == "xlsx" else screen.DOCX,
        audited=e.organization,
        what="đánh giá cuối năm",
        user=request.user,
    )


@router.get(
    "/organizations/{org_id}/progress/xlsx",
    response=READ_ERRORS,
    openapi_extra=FILE_RESPONSE,
    summary="Tải bảng theo dõi (.xlsx), như trang (ghi nhật ký)",
)
def get_progress_xlsx(request: HttpRequest, org_id: int, on: date | None = None) -> HttpResponse:
    org, when = _org(request, org_id), day(on)
    return screen.download(
        exports.dashboard_workbook(dashboard_selectors.dashboard(org, when)),
        f"theo-doi-{org.code}-{when:%Y%m%d}.xlsx",
        screen.XLSX,
        audited=org,
        what="bảng theo dõi",
        user=request.user,
    )
