"""Plans, targets and allocation tables: read the revision in force on a day, edit one
cell with `If-Match` on the table's version (412 when someone changed it since),
download the plan as the screens offer it (the download is audited). Importing an
appendix, as background jobs: `plan_imports`."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from ketnap.api.common import READ_ERRORS, WRITE_ERRORS, Message, require, visible_or_404
from ketnap.api.errors import PreconditionFailed
from ketnap.api.routers.jobs import JobOut, accepted
from ketnap.jobs.models import Job
from ketnap.plans import permissions, selectors, services
from ketnap.plans import views_table as screen_table
from ketnap.plans.models import Allocation, AllocationRevision, Plan
from ketnap.plans.services import QUANTITY_FIELDS, TEXT_FIELDS

router = Router(tags=["Kế hoạch — plans"])
CELL_FIELDS = (*QUANTITY_FIELDS, *TEXT_FIELDS, "exempt")


class TargetOut(Schema):
    id: int
    scope: str = Field(description="Loại chỉ tiêu: total, block, cell, structure…")
    measure: str = Field(description="count (số lượng) / rate (tỉ lệ %)")
    count: int | None
    rate: Decimal | None = Field(description="Tỉ lệ % trên tổng số đảng viên")
    headcount_on: date | None
    block_id: int | None
    group: str
    note: str


class PlanOut(Schema):
    id: int
    organization_id: int = Field(description="Tổ chức ban hành")
    year: int
    status: str = Field(description="draft (dự thảo) / issued (đã ban hành)")
    document_number: str = Field(description="Số, ký hiệu (vd. 35-KH/ĐU)")
    issued_on: date | None
    by_quarter: bool = Field(description="Giao theo quý")
    with_introduce: bool = Field(description="Có chỉ tiêu giới thiệu")


class PlanDetail(PlanOut):
    targets: list[TargetOut]
    revisions: list[int] = Field(description="Các lần giao chỉ tiêu (0: ban đầu)")


class AllocationOut(Schema):
    id: int
    organization_id: int | None
    mass_organization_id: int | None = Field(description="Chỉ tiêu phối hợp giao cho đoàn thể")
    name: str
    introduce: list[int | None] = Field(description="Giới thiệu quý I–IV")
    admit: list[int | None] = Field(description="Kết nạp quý I–IV")
    introduce_total: int
    admit_total: int
    exempt: bool
    exempt_reason: str
    note: str


class AllocationTable(Schema):
    plan_id: int
    revision: int | None = Field(description="Lần giao (null: chưa có bảng)")
    status: str | None = Field(description="draft / issued")
    effective_on: date | None
    version: str = Field(description="Phiên bản của bảng; gửi lại trong If-Match khi sửa")
    rows: list[AllocationOut]


class CellIn(Schema):
    field: str = Field(description="Ô cần sửa: admit_q1…admit_q4, introduce_q1…, admit_total, note, exempt…")
    value: str | int | bool | None = Field(description="Giá trị mới")


class CellOut(Schema):
    row: AllocationOut
    version: str


def _row(a: Allocation) -> dict[str, Any]:
    return {
        "id": a.pk,
        "organization_id": a.organization_id,
        "mass_organization_id": a.mass_organization_id,
        "name": str(a.organization or a.mass_organization or ""),
        "introduce": [getattr(a, f"introduce_q{q}") for q in range(1, 5)],
        "admit": [getattr(a, f"admit_q{q}") for q in range(1, 5)],
        "introduce_total": a.introduce_total,
        "admit_total": a.admit_total,
        "exempt": a.exempt,
        "exempt_reason": a.exempt_reason,
        "note": a.note,
    }


def version_of(revision: AllocationRevision | None, rows: list[Allocation]) -> str:
    """The table's version: a digest of its status and every stored value, so any change
    by anyone (screen, API, import) gives another version."""
    if revision is None:
        return '"empty"'
    content = [revision.pk, revision.status, [[getattr(a, f) for f in ("id", *CELL_FIELDS)] for a in rows]]
    return '"' + hashlib.sha256(json.dumps(content, default=str).encode()).hexdigest()[:32] + '"'


def _plan(request: HttpRequest, pk: int) -> Plan:
    return visible_or_404(Plan.objects.select_related("organization"), request, pk)


def _plan_out(p: Plan) -> dict[str, Any]:
    return {f: getattr(p, f) for f in PlanOut.model_fields if f != "organization_id"} | {
        "organization_id": p.organization_id
    }


@router.get("/plans", response={200: list[PlanOut], **READ_ERRORS}, summary="Các kế hoạch trong phạm vi")
def list_plans(request: HttpRequest, year: int | None = None) -> list[dict[str, Any]]:
    qs = selectors.plans_visible(request.user).select_related("organization").order_by("-year", "organization__path")
    if year is not None:
        qs = qs.filter(year=year)
    return [_plan_out(p) for p in qs[:500]]


@router.get("/plans/{plan_id}", response={200: PlanDetail, **READ_ERRORS}, summary="Một kế hoạch và các chỉ tiêu")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = _plan(request, plan_id)
    return {
        **_plan_out(plan),
        "targets": selectors.targets_of(plan),
        "revisions": list(plan.revisions.order_by("number").values_list("number", flat=True)),
    }


def _table(plan: Plan, revision: AllocationRevision | None) -> tuple[dict[str, Any], str]:
    rows = selectors.rows_of(revision)
    version = version_of(revision, rows)
    body = {
        "plan_id": plan.pk,
        "revision": revision.number if revision else None,
        "status": revision.status if revision else None,
        "effective_on": revision.effective_on if revision else None,
        "version": version,
        "rows": [_row(a) for a in rows],
    }
    return body, version


@router.get(
    "/plans/{plan_id}/allocations",
    response={200: AllocationTable, **READ_ERRORS},
    summary="Bảng giao chỉ tiêu (lần có hiệu lực vào ngày `on`)",
)
def get_allocations(
    request: HttpRequest, response: HttpResponse, plan_id: int, on: date | None = None, revision: int | None = None
) -> dict[str, Any]:
    """`?on=`: the issued revision in force that day; `?revision=`: that one; neither: the
    table being drafted, else the latest (what the grid shows)."""
    plan = _plan(request, plan_id)
    shown: AllocationRevision | None
    if revision is not None:
        shown = get_object_or_404(AllocationRevision, plan=plan, number=revision)
    elif on is not None:
        shown = selectors.revision_in_force(plan, on)
    else:
        shown = selectors.editable_revision(plan) or selectors.latest_revision(plan)
    body, version = _table(plan, shown)
    response["ETag"] = version
    return body


@router.patch(
    "/plans/{plan_id}/allocations/{row_id}",
    response={200: CellOut, 412: Message, 428: Message, **WRITE_ERRORS},
    summary="Sửa một ô của bảng giao chỉ tiêu (If-Match bắt buộc)",
)
def edit_cell(request: HttpRequest, response: HttpResponse, plan_id: int, row_id: int, data: CellIn) -> Any:
    plan = _plan(request, plan_id)
    require(permissions.can_edit_plan(request.user, plan), "Bạn chỉ được xem kế hoạch này, không được sửa.")
    allocation = get_object_or_404(
        Allocation.objects.select_related("revision__plan__organization"), pk=row_id, revision__plan=plan
    )
    if data.field not in CELL_FIELDS:
        raise ValidationError({"field": f"Ô “{data.field}” không sửa được."})
    expected = request.headers.get("If-Match")
    if not expected:
        return Status(428, {"detail": "Hãy gửi If-Match với phiên bản (version) của bảng đã đọc."})
    current = version_of(allocation.revision, selectors.rows_of(allocation.revision))
    if expected.strip() != current:
        raise PreconditionFailed(current)
    result = services.update_cell(allocation, actor=request.user, field=data.field, raw=data.value)
    if getattr(result, "conflict", False):
        raise PreconditionFailed(version_of(allocation.revision, selectors.rows_of(allocation.revision)))
    if result.error:
        raise ValidationError({data.field: result.error})
    rows = selectors.rows_of(allocation.revision)
    version = version_of(allocation.revision, rows)
    response["ETag"] = version
    changed = next(r for r in rows if r.pk == allocation.pk)
    return {"row": _row(changed), "version": version}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "Tệp kế hoạch",
            "content": {ct: {"schema": {"type": "string", "format": "binary"}} for ct in (XLSX, DOCX)},
        }
    }
}


@router.get(
    "/plans/{plan_id}/export/{fmt}",
    response={202: JobOut, **READ_ERRORS},
    openapi_extra=FILE_RESPONSE,
    summary="Tải kế hoạch (.xlsx / .docx; .pdf: việc chạy nền, 202), như trang in",
)
def export_plan(
    request: HttpRequest, plan_id: int, fmt: Literal["xlsx", "docx", "pdf"], revision: int | None = None
) -> Any:
    """The plan page's download (the same `_export`: the revision asked for, else the one
    in force today; recorded in the audit log); the PDF is made by the worker, as on the
    page, so the answer is 202 with the job to poll."""
    made = screen_table.plan_file(request.user, _plan(request, plan_id), fmt, revision)
    return accepted(made) if isinstance(made, Job) else made
