"""Monitoring reads: progress against quota (the dashboard's table, the same selector),
the national view (the page's selector) and the funnel, for an organisation on a day (`?on=`, history never moves)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from ketnap.api.common import READ_ERRORS, day, require, visible_or_404
from ketnap.monitoring import permissions
from ketnap.monitoring.selectors.dashboard import by_risk
from ketnap.monitoring.selectors.funnel import funnel
from ketnap.monitoring.selectors.national import NationalRow, NationalView, national
from ketnap.monitoring.selectors.progress import Achieved, ProgressRow, progress
from ketnap.orgs.models import Organization
from ketnap.plans.enums import QUARTERS

router = Router(tags=["Theo dõi — monitoring"])


class AchievedOut(Schema):
    quarters: list[int | None] = Field(description="Kết quả quý I–IV (null: quý chưa bắt đầu)")
    ytd: int = Field(description="Từ đầu năm đến ngày `on`")


class QuotaOut(Schema):
    given: bool = Field(description="Đã được giao chỉ tiêu")
    exempt: bool = Field(description="Không giao chỉ tiêu")
    admit: int = Field(description="Chỉ tiêu kết nạp cả năm")
    introduce: int = Field(description="Chỉ tiêu giới thiệu cả năm")
    admit_quarters: list[int | None] = Field(description="Chỉ tiêu kết nạp theo quý (null: bảng giao cả năm)")
    introduce_quarters: list[int | None]


class ProgressRowOut(Schema):
    organization_id: int | None = Field(description="Tổ chức (null: trực tiếp cấp trên)")
    label: str = Field(description="Tên dòng như trên trang")
    quota: QuotaOut
    admitted: AchievedOut = Field(description="Kết nạp")
    introduced: AchievedOut = Field(description="Giới thiệu")
    completion: Decimal | None = Field(description="% chỉ tiêu kết nạp cả năm đã đạt")
    rate: Decimal | None = Field(description="Tỉ lệ kết nạp trên tổng số đảng viên đầu năm, %")
    official: int = Field(description="Đảng viên chính thức vào ngày `on`")
    probationary: int = Field(description="Đảng viên dự bị vào ngày `on`")
    headcount_year_start: int = Field(description="Tổng số đảng viên ngày tính tỉ lệ")
    pool: int = Field(description="Nguồn: quần chúng đang theo dõi")


class ProgressOut(Schema):
    organization_id: int
    on: date = Field(description="Ngày số liệu")
    quota: int = Field(description="Chỉ tiêu kết nạp của tổ chức (của chính nó, hoặc tổng đã giao)")
    rate: Decimal | None = Field(description="Tỉ lệ kết nạp, %")
    headcount_day: date = Field(description="Ngày lấy tổng số đảng viên để tính tỉ lệ")
    revision: int | None = Field(description="Lần giao chỉ tiêu đang có hiệu lực (0: ban đầu)")
    rows: list[ProgressRowOut]
    total: ProgressRowOut


def _achieved(a: Achieved) -> dict[str, Any]:
    return {"quarters": [a.quarters.get(q) for q in QUARTERS], "ytd": a.ytd}


def _row(r: ProgressRow) -> dict[str, Any]:
    q = r.quota
    return {
        "organization_id": r.organization.pk if r.organization else None,
        "label": r.label,
        "quota": {
            "given": q.given,
            "exempt": q.exempt,
            "admit": q.admit,
            "introduce": q.introduce,
            "admit_quarters": list(q.admit_quarters),
            "introduce_quarters": list(q.introduce_quarters),
        },
        "admitted": _achieved(r.achieved["admit"]),
        "introduced": _achieved(r.achieved["introduce"]),
        "completion": r.completion("admit"),
        "rate": r.rate,
        "official": r.headcount.official,
        "probationary": r.headcount.probationary,
        "headcount_year_start": r.headcount_year_start,
        "pool": r.pool,
    }


def _org(request: HttpRequest, org_id: int) -> Organization:
    org = visible_or_404(Organization.objects.select_related("block"), request, org_id)
    require(permissions.can_view(request.user, org), "Bạn không có quyền xem trang theo dõi này.")
    return org


@router.get(
    "/organizations/{org_id}/progress",
    response={200: ProgressOut, **READ_ERRORS},
    summary="Tiến độ thực hiện chỉ tiêu (như bảng theo dõi)",
)
def get_progress(request: HttpRequest, org_id: int, on: date | None = None) -> dict[str, Any]:
    """The dashboard's progress table of the organisation on `on` (default today)."""
    org = _org(request, org_id)
    result = progress(org, day(on))
    result.rows = by_risk(result.rows, result.as_of)  # the dashboard's order: worst first
    return {
        "organization_id": org.pk,
        "on": result.as_of,
        "quota": result.quota,
        "rate": result.rate,
        "headcount_day": result.headcount_day,
        "revision": result.revision.number if result.revision else None,
        "rows": [_row(r) for r in result.rows],
        "total": _row(result.total),
    }


class FunnelStageOut(Schema):
    stage: str = Field(description="Giai đoạn (mã)")
    label: str = Field(description="Giai đoạn (tiếng Việt)")
    now: int = Field(description="Số người đang ở giai đoạn này vào ngày `on`")
    reached_this_year: int = Field(description="Số người đến giai đoạn này từ đầu năm")
    is_exit: bool = Field(description="Giai đoạn ra khỏi quy trình (thôi theo dõi, chuyển đi…)")


@router.get(
    "/organizations/{org_id}/funnel",
    response={200: list[FunnelStageOut], **READ_ERRORS},
    summary="Phễu phát triển đảng viên",
)
def get_funnel(request: HttpRequest, org_id: int, on: date | None = None) -> list[dict[str, Any]]:
    org = _org(request, org_id)
    stages = funnel(org, day(on))
    return [
        {
            "stage": s.stage,
            "label": s.label,
            "now": s.now,
            "reached_this_year": s.reached_this_year,
            "is_exit": s.is_exit,
        }
        for s in stages
    ]


class NationalRowOut(Schema):
    organization_id: int | None = Field(description="Tổ chức (null: dòng cộng của trang toàn quốc)")
    label: str = Field(description="Tên như ngày `on`")
    quota: int | None = Field(description="Chỉ tiêu kết nạp năm có hiệu lực ngày `on` (null: chưa giao)")
    admitted: int = Field(description="Đã kết nạp từ 01/01 đến ngày `on`")
    completion: Decimal | None = Field(description="% chỉ tiêu đã đạt")
    rate: Decimal | None = Field(description="Tỉ lệ kết nạp trên tổng số đảng viên ngày tính tỉ lệ, %")
    headcount: int = Field(description="Tổng số đảng viên ngày `on`")
    headcount_year_start: int = Field(description="Tổng số đảng viên ngày tính tỉ lệ")


class NationalOut(Schema):
    organization_id: int | None = Field(description="Tổ chức được chia theo đơn vị trực thuộc (null: toàn quốc)")
    on: date
    headcount_day: date = Field(description="Ngày lấy tổng số đảng viên để tính tỉ lệ")
    rows: list[NationalRowOut]
    total: NationalRowOut


def _national_row(r: NationalRow) -> dict[str, Any]:
    return {
        "organization_id": r.organization.pk if r.organization else None,
        "label": r.label,
        "quota": r.quota,
        "admitted": r.admitted,
        "completion": r.completion,
        "rate": r.rate,
        "headcount": r.headcount,
        "headcount_year_start": r.headcount_year_start,
    }


def _national(view: NationalView) -> dict[str, Any]:
    return {
        "organization_id": view.parent.pk if view.parent else None,
        "on": view.on,
        "headcount_day": view.headcount_day,
        "rows": [_national_row(r) for r in view.rows],
        "total": _national_row(view.total),
    }


@router.get(
    "/national",
    response={200: NationalOut, **READ_ERRORS},
    summary="Toàn quốc theo tỉnh, thành phố (như trang toàn quốc)",
)
def get_national(request: HttpRequest, on: date | None = None) -> dict[str, Any]:
    """The national view's rows: the provinces the caller sees, on `on` (default today)."""
    require(permissions.holds_top(request.user), permissions.NATIONAL_REFUSED)
    return _national(national(request.user, day(on)))


@router.get(
    "/organizations/{org_id}/national",
    response={200: NationalOut, **READ_ERRORS},
    summary="Một tổ chức theo đơn vị trực thuộc (như trang toàn quốc)",
)
def get_national_of(request: HttpRequest, org_id: int, on: date | None = None) -> dict[str, Any]:
    """The national view of one organisation (a province by its communes) on `on`."""
    require(permissions.holds_top(request.user), permissions.NATIONAL_REFUSED)
    org = _org(request, org_id)
    return _national(national(request.user, day(on), org))
