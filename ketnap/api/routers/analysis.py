"""The statistics form (Biểu 2, M4) through the API: the screen's selector
(`monitoring.selectors.statistics.statistics`) for the screen's period (the same
`quarter` / `from`–`to` / year-to-`on` choice, read by the screen's own function), the
same right (`monitoring.permissions.can_view`), and its workbook with the same audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from ketnap.api.common import READ_ERRORS, day
from ketnap.api.routers.monitoring import _org
from ketnap.api.routers.plans import FILE_RESPONSE
from ketnap.monitoring import exports_forms
from ketnap.monitoring.periods import Period
from ketnap.monitoring.selectors.statistics import Statistics, statistics
from ketnap.monitoring.views import analysis as screen
from ketnap.monitoring.views import common as screen_common

router = Router(tags=["Theo dõi — monitoring"])


class PeriodParams(Schema):
    on: date | None = Field(None, description="Ngày xem (mặc định: hôm nay); kỳ mặc định: từ đầu năm đến ngày này")
    quarter: int | None = Field(None, ge=1, le=4, description="Quý 1–4 của năm chứa `on`")
    from_: date | None = Field(None, alias="from", description="Từ ngày (cùng với `to`)")
    to: date | None = Field(None, description="Đến ngày (cùng với `from`)")


class PeriodOut(Schema):
    start: date
    end: date


class LineOut(Schema):
    key: str
    code: str = Field(description="Số thứ tự dòng trên biểu")
    label: str
    level: int = Field(description="Mức thụt lề (dòng con)")
    this: float | None = Field(description="Kỳ này (None: dòng tiêu đề)")
    last: float | None = Field(description="Cùng kỳ năm trước")
    ratio: Decimal | None = Field(description="Kỳ này so với cùng kỳ (%)")


class GrassrootsOut(Schema):
    kind: str
    label: str
    total: int
    with_admission: int = Field(description="Có kết nạp đảng viên trong kỳ")
    without_candidates: int = Field(description="Không có quần chúng trong quy trình")


class BreakdownOut(Schema):
    label: str
    total: int
    women: int
    share: Decimal | None = Field(description="Tỷ lệ trên tổng số kết nạp (%)")


class StatisticsOut(Schema):
    organization_id: int
    form: str = Field(description="Mã biểu")
    title: str
    period: PeriodOut
    previous: PeriodOut = Field(description="Cùng kỳ năm trước")
    total: int = Field(description="Tổng số kết nạp trong kỳ")
    lines: list[LineOut]
    grassroots: list[GrassrootsOut]
    ethnicities: list[BreakdownOut]
    religions: list[BreakdownOut]


def _period(request: HttpRequest, params: PeriodParams) -> Period:
    """The screen's choice of period (`?quarter=`, `?from=&to=`, else the year to `on`)."""
    return screen._period(request, day(params.on))


def _sheet(request: HttpRequest, org_id: int, params: PeriodParams) -> Statistics:
    return statistics(_org(request, org_id), _period(request, params))


def _out(s: Statistics) -> dict[str, Any]:
    return {
        "organization_id": s.organization.pk,
        "form": s.form.id,
        "title": s.form.title,
        "period": {"start": s.period.start, "end": s.period.end},
        "previous": {"start": s.previous.start, "end": s.previous.end},
        "total": s.total,
        "lines": [
            {
                "key": ln.row.key,
                "code": ln.row.code,
                "label": ln.row.label,
                "level": ln.row.level,
                "this": ln.this,
                "last": ln.last,
                "ratio": ln.ratio,
            }
            for ln in s.lines
        ],
        "grassroots": [g.__dict__ for g in s.grassroots],
        "ethnicities": [b.__dict__ for b in s.ethnicities],
        "religions": [b.__dict__ for b in s.religions],
    }


@router.get(
    "/organizations/{org_id}/statistics",
    response={200: StatisticsOut, **READ_ERRORS},
    summary="Biểu thống kê kết nạp đảng viên (Biểu 2), như trang",
)
def get_statistics(request: HttpRequest, org_id: int, params: Query[PeriodParams]) -> dict[str, Any]:
    return _out(_sheet(request, org_id, params))


@router.get(
    "/organizations/{org_id}/statistics/xlsx",
    response=READ_ERRORS,
    openapi_extra=FILE_RESPONSE,
    summary="Tải Biểu 2 (.xlsx), như trang",
)
def get_statistics_xlsx(request: HttpRequest, org_id: int, params: Query[PeriodParams]) -> HttpResponse:
    """The screen's workbook, recorded in the audit log as the screen records it."""
    sheet = _sheet(request, org_id, params)
    org, period = sheet.organization, sheet.period
    return screen_common.download(
        exports_forms.statistics_workbook(sheet),
        f"bieu-2-{org.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx",
        screen_common.XLSX,
        audited=org,
        what="biểu thống kê",
        user=request.user,
    )
