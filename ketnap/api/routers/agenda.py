"""The agenda (C11) through the API: the same selector as the page
(`ketnap.pipeline.selectors.agenda.agenda`) for the same user and day, overdue first;
the same right to read it (the pipeline's roles or those who run courses), and the same
refusal of a whole large scope (the page asks to choose a part first: here
`organization` is then required)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ketnap.api.common import READ_ERRORS, PageParams, day, require, visible_or_404
from ketnap.orgs.models import Organization
from ketnap.pipeline import permissions
from ketnap.pipeline.selectors.agenda import AgendaItem, agenda, is_large_scope

router = Router(tags=["Việc cần làm — agenda"])


class AgendaParams(PageParams):
    on: date | None = Field(None, description="Ngày xem (mặc định: hôm nay)")
    organization: int | None = Field(None, description="Chỉ việc trong cây con của tổ chức này")


class AgendaOut(Schema):
    kind: str = Field(description="Loại hạn (ceremony, admission_decision, certificate_expiry…)")
    kind_label: str
    label: str = Field(description="Nội dung, như trên trang")
    due: date = Field(description="Hạn")
    status: str = Field(description="overdue (quá hạn), due (đến hạn), upcoming (sắp tới)")
    organization_id: int
    organization_name: str
    candidate_id: int | None
    citation: str = Field(description="Căn cứ của hạn")
    step: str = Field(description="Bước quy trình giải quyết việc này (nếu người xem được ghi), hoặc rỗng")


class AgendaPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AgendaOut]


def _out(item: AgendaItem) -> dict[str, Any]:
    step = item.step_url.rstrip("/").rsplit("/", 1)[-1] if item.step_url else ""
    return {
        "kind": item.kind,
        "kind_label": item.kind_label,
        "label": item.label,
        "due": item.due,
        "status": item.status,
        "organization_id": item.organization.pk,
        "organization_name": item.organization.name,
        "candidate_id": item.candidate.pk if item.candidate else None,
        "citation": item.citation,
        "step": step,
    }


@router.get("/agenda", response={200: AgendaPage, **READ_ERRORS}, summary="Việc cần làm (quá hạn, đến hạn, sắp tới)")
def list_agenda(request: HttpRequest, params: Query[AgendaParams]) -> dict[str, Any]:
    user = request.user
    require(
        permissions.sees_any_pipeline(user) or permissions.runs_any_courses(user),
        "Bạn không có quyền xem việc cần làm.",
    )
    within = visible_or_404(Organization.objects, request, params.organization) if params.organization else None
    if is_large_scope(user, within):
        raise ValidationError({"organization": "Phạm vi quá lớn: hãy chọn một tổ chức (như trang Việc cần làm)."})
    items = agenda(user, day(params.on), within=within)
    start = (params.page - 1) * params.page_size
    return {
        "count": len(items),
        "page": params.page,
        "page_size": params.page_size,
        "items": [_out(i) for i in items[start : start + params.page_size]],
    }
