"""The audit log for the roles that read it (Ban Xây dựng Đảng, Ủy ban Kiểm tra): the
audit page's own `filtered` (its form checks the choices are the viewer's, the shared
AuditFilter narrows the rows already scoped by `visible_to`), paginated; and its .xlsx
export, logged — above the page's limit a background job (202 with the job)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ketnap.api.common import READ_ERRORS, PageParams, file_response, page
from ketnap.api.routers.jobs import JobOut, accepted
from ketnap.api.routers.plans import XLSX
from ketnap.audit import views as screen
from ketnap.audit.models import AuditEvent
from ketnap.jobs.models import JobKind
from ketnap.jobs.services import start

router = Router(tags=["Nhật ký — audit"])


class AuditFilters(Schema):
    organization: int | None = Field(None, description="Chỉ nhật ký trong cây con của tổ chức này")
    user: int | None = Field(None, description="Người thực hiện (id)")
    action: str | None = Field(None, description="Loại thao tác: create, update, delete, read, export, login…")
    date_from: date | None = Field(None, description="Từ ngày (giờ Việt Nam)")
    date_to: date | None = Field(None, description="Đến ngày")


class AuditParams(PageParams, AuditFilters):
    pass


class AuditOut(Schema):
    id: int
    at: datetime
    user_id: int | None
    user_name: str = Field(description="Người thực hiện (lúc đó)")
    action: str
    model: str = Field(description="Loại dữ liệu")
    object_id: str
    object_repr: str = Field(description="Đối tượng")
    organization_id: int | None
    organization_name: str = Field(description="Tổ chức (lúc đó)")
    changes: dict[str, Any] = Field(description="Thay đổi: {trường: [cũ, mới]}")


class AuditPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AuditOut]


def _query(params: AuditFilters) -> dict[str, str]:
    return {k: str(v) for k, v in params.model_dump(include=set(AuditFilters.model_fields)).items() if v is not None}


def _rows(request: HttpRequest, params: AuditFilters) -> tuple[Any, Any]:
    form, events = screen.filtered(request.user, _query(params))
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form, events


def _out(e: AuditEvent) -> dict[str, Any]:
    return {
        "id": e.pk,
        "at": e.at,
        "user_id": e.user_id,
        "user_name": e.user_name,
        "action": e.action,
        "model": e.model_label or e.model,
        "object_id": e.object_id,
        "object_repr": e.object_repr,
        "organization_id": e.organization_id,
        "organization_name": e.organization_name,
        "changes": e.changes if isinstance(e.changes, dict) else {"value": e.changes},
    }


@router.get("/audit", response={200: AuditPage, **READ_ERRORS}, summary="Nhật ký thao tác trong phạm vi")
def list_audit(request: HttpRequest, params: Query[AuditParams]) -> dict[str, Any]:
    _, events = _rows(request, params)
    return page(events, params, _out)


@router.get(
    "/audit/xlsx",
    response={202: JobOut, **READ_ERRORS},
    openapi_extra=file_response("Nhật ký (.xlsx)", XLSX),
    summary="Xuất nhật ký (.xlsx), như trang; nhiều dòng → việc chạy nền (202)",
)
def export_audit(request: HttpRequest, params: Query[AuditFilters]) -> Any:
    form, events = _rows(request, params)
    if events.count() > screen.EXPORT_INLINE_ROWS:
        query = {k: [v] for k, v in _query(params).items()}
        return accepted(
            start(JobKind.AUDIT_EXPORT, user=request.user, title="Xuất nhật ký (.xlsx)", params={"query": query})
        )
    return screen.export_response(request.user, form, events)
