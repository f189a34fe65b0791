"""Restructuring through the API: merge, split, move, rename, close — what the pages
/organizations/<id>/merge|split|move|rename|close/ do, with the same forms and the same
services (`ketnap.orgs.restructure_operations`), so the API refuses exactly what the
page refuses.

The body carries the page's form fields as JSON (dates in ISO 8601, a multiple choice
as a list: `carry`, `others`). `dry_run=true` runs the operation and rolls it back, as
the page's "Xem trước" does: the answer says what would change, or the refusal."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, Field, Router, Schema, Status

from ketnap.api.common import WRITE_ERRORS
from ketnap.api.routers.steps import Facts, as_form_data
from ketnap.orgs import restructure_operations
from ketnap.orgs.restructure_operations import OPERATIONS
from ketnap.orgs.views_building import managed_organization

router = Router(tags=["Tổ chức — organizations"])


class RestructuredOrganization(Schema):
    id: int
    name: str
    kind: str
    valid_until: str | None = Field(description="Ngày cuối hoạt động (tổ chức đã chấm dứt), ISO 8601")


class RestructureOut(Schema):
    operation: str = Field(description="merge, split, move, rename, close")
    on: str = Field(description="Ngày hiệu lực, ISO 8601")
    organizations: list[RestructuredOrganization] = Field(description="Các tổ chức liên quan; tổ chức kế tục sau cùng")
    carried_over: dict[str, int] = Field(description="Đã chuyển sang tổ chức kế tục: {loại: số lượng}")
    dry_run: bool = Field(description="Chỉ xem trước: không ghi gì")


def _invalid(errors: dict[str, list[str]]) -> Status:
    detail = [
        {"loc": ["body"] if name == "__all__" else ["body", name], "msg": message, "type": "value_error"}
        for name, messages in errors.items()
        for message in messages
    ]
    return Status(422, {"detail": detail})


@router.post(
    "/organizations/{org_id}/restructure/{operation}",
    response={200: RestructureOut, **WRITE_ERRORS},
    summary="Sắp xếp tổ chức: hợp nhất, chia tách, chuyển, đổi tên, giải thể",
    description=(
        "Các trường như biểu mẫu của trang tương ứng (ví dụ merge: `others` [id], `into` id hoặc `name`, "
        "`effective_on`, `reason`, `carry` [children, candidates, members, mass_organizations, plans, "
        "allocations, reporting_rounds]; close: `valid_until`, `successor`, `reason`, `carry`). "
        "`dry_run=true`: chạy thử rồi hoàn tác, như nút Xem trước. Bị từ chối → 422 với lý do của trang."
    ),
)
def restructure_organization(
    request: HttpRequest,
    org_id: int,
    operation: Literal["merge", "split", "move", "rename", "close"],
    dry_run: bool = False,
    fields: Facts = Body(..., description="Các trường của biểu mẫu: {tên trường: giá trị}"),  # noqa: B008
) -> Any:
    org = managed_organization(request, org_id)
    op = OPERATIONS[operation]
    data = as_form_data(fields)
    try:
        day = date.fromisoformat(str(fields.get("effective_on", "")))
    except ValueError:
        day = timezone.localdate()
    form = op.form(request.user, org, data, day)
    if not form.is_valid():
        return _invalid({k: [str(m) for m in v] for k, v in form.errors.items()})
    try:
        if dry_run:
            result = restructure_operations.dry_run(lambda: op.act(form, org, request.user))
            result.pop("labels", None)
        else:
            result = op.act(form, org, request.user).as_dict()
    except ValidationError as exc:
        return _invalid({"__all__": list(exc.messages)})
    return {**result, "dry_run": dry_run}
