"""Organisations: the tree (roots and children), search without diacritics, an
organisation's page (headcount on a day, history), its record corrected (the tree
page's "Sửa", `building.edit_organization`), headcounts and members — what
/organizations/ shows, through the same selectors and services (children, blocks and
mass organisations: `building`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from ketnap.api.common import READ_ERRORS, WRITE_ERRORS, PageParams, day, filtered, page, require, visible_or_404
from ketnap.api.errors import on_fields
from ketnap.api.filters import MemberFilter, OrganizationFilter
from ketnap.orgs import building, permissions, selectors, services
from ketnap.orgs.enums import MemberStatus, OrganizationKind, Sex
from ketnap.orgs.models import Block, Member, Organization
from ketnap.orgs.selectors import TreeRow
from ketnap.orgs.views_building import managed_organization

router = Router(tags=["Tổ chức — organizations"])


class OrganizationOut(Schema):
    id: int
    code: str = Field(description="Mã tổ chức")
    name: str = Field(description="Tên (giữ nguyên dấu)")
    kind: str = Field(description="Loại tổ chức: provincial, upper, grassroots_committee, cell…")
    kind_label: str = Field(description="Loại tổ chức, tiếng Việt")
    depth: int = Field(description="Cấp trong cây (1 = gốc)")
    parent_id: int | None = Field(description="Tổ chức cấp trên (nếu người dùng được xem)")
    valid_from: date | None = Field(description="Hiệu lực từ")
    valid_until: date | None = Field(description="Hiệu lực đến (đã giải thể/sáp nhập)")
    successor_id: int | None = Field(description="Tổ chức kế tục")
    official: int = Field(description="Số đảng viên chính thức của cả cây con vào ngày `on`")
    probationary: int = Field(description="Số đảng viên dự bị của cả cây con vào ngày `on`")
    descendants: int = Field(description="Số tổ chức trực thuộc (mọi cấp)")
    has_children: bool


class OrganizationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[OrganizationOut]


class OrgListParams(PageParams):
    q: str | None = Field(None, max_length=100, description="Tìm theo tên, không cần dấu (vd. “cao minh”)")
    kind: str | None = Field(None, description="Lọc theo loại tổ chức")
    parent: int | None = Field(None, description="Chỉ các tổ chức trực thuộc trực tiếp tổ chức này")
    on: date | None = Field(None, description="Ngày tính số đảng viên (mặc định: hôm nay)")


def _parent_id(org: Organization, by_path: dict[str, int]) -> int | None:
    return by_path.get(org.path[: -Organization.steplen]) if org.depth > 1 else None


def _out(row: TreeRow, by_path: dict[str, int]) -> dict[str, Any]:
    o = row.organization
    return {
        "id": o.pk,
        "code": o.code,
        "name": o.name,
        "kind": o.kind,
        "kind_label": o.get_kind_display(),
        "depth": o.depth,
        "parent_id": _parent_id(o, by_path),
        "valid_from": o.valid_from,
        "valid_until": o.valid_until,
        "successor_id": o.successor_id,
        "official": row.headcount.official,
        "probationary": row.headcount.probationary,
        "descendants": row.descendants,
        "has_children": o.numchild > 0,
    }


def org_rows(request: HttpRequest, orgs: list[Organization], on: date) -> list[dict[str, Any]]:
    """Tree rows with their headcounts (one query) and parents the user may see (one)."""
    parents = {o.path[: -Organization.steplen] for o in orgs if o.depth > 1}
    by_path = dict(Organization.objects.visible_to(request.user).filter(path__in=parents).values_list("path", "pk"))
    return [_out(r, by_path) for r in selectors.tree_rows(orgs, on)]


@router.get("/organizations", response={200: OrganizationPage, **READ_ERRORS}, summary="Danh sách / tìm tổ chức")
def list_organizations(request: HttpRequest, params: Query[OrgListParams]) -> dict[str, Any]:
    """Organisations in the user's scope; without filters, the roots of the user's tree."""
    qs = Organization.objects.visible_to(request.user).select_related("block")
    if not (params.q or params.kind or params.parent):
        qs = qs.filter(pk__in=selectors.visible_roots(request.user).values("pk"))
    qs = filtered(OrganizationFilter, params, qs).order_by("path")
    listed = page(qs, params, lambda o: o)
    listed["items"] = org_rows(request, listed["items"], day(params.on))
    return listed


@router.get("/organizations/{org_id}", response={200: OrganizationOut, **READ_ERRORS}, summary="Một tổ chức")
def get_organization(request: HttpRequest, org_id: int, on: date | None = None) -> dict[str, Any]:
    org = visible_or_404(Organization.objects.select_related("block"), request, org_id)
    return org_rows(request, [org], day(on))[0]


#: The fields of the tree pages' organisation form, and the refusals that name one.
ORG_FIELDS = {"kind", "name", "code", "block", "valid_from", "note"}


class OrganizationPatch(Schema):
    kind: OrganizationKind | None = Field(None, description="Loại tổ chức (bỏ trống: giữ nguyên)")
    name: str | None = Field(None, min_length=1, max_length=255, description="Tên đầy đủ")
    code: str | None = Field(None, min_length=1, max_length=40, description="Mã")
    block: int | None = Field(None, description="Khối của tổ chức cấp trên; 0: không thuộc khối nào")
    valid_from: date | None = Field(None, description="Hiệu lực từ ngày")
    note: str | None = Field(None, max_length=2000, description="Ghi chú")


def block_of(parent: Organization | None, pk: int | None) -> Block | None:
    """The block a form names, among the parent's (the form's choices); 0/None: none."""
    if not pk:
        return None
    block = Block.objects.filter(pk=pk, organization=parent).first() if parent is not None else None
    if block is None:
        raise ValidationError({"block": "Khối này không thuộc tổ chức cấp trên."})
    return block


@router.patch("/organizations/{org_id}", response={200: OrganizationOut, **WRITE_ERRORS}, summary="Sửa tổ chức")
def edit_organization(request: HttpRequest, org_id: int, data: OrganizationPatch) -> dict[str, Any]:
    """The tree page's "Sửa" (the board above; another subtree 404, else 403): the fields
    sent change, the others stay; a rename the organisation itself went through is a
    restructuring, on the restructure pages."""
    managed_organization(request, org_id)
    sent = data.model_dump(exclude_unset=True)
    with transaction.atomic():
        # of=self: PostgreSQL cannot lock the nullable side of the outer join to the block.
        org = Organization.objects.select_for_update(of=("self",)).select_related("block").get(pk=org_id)
        parent = Organization.objects.get_parent(org) if org.depth > 1 else None
        fields = {name: getattr(org, name) for name in ("kind", "name", "code", "valid_from", "note")}
        fields |= {k: v for k, v in sent.items() if k != "block" and v is not None}
        block = block_of(parent, sent["block"]) if "block" in sent else org.block
        try:
            building.edit_organization(org, actor=request.user, block=block, **fields)
        except ValidationError as exc:
            raise on_fields(exc, ORG_FIELDS) from exc
    org.refresh_from_db()
    return org_rows(request, [org], day(None))[0]


class HistoryEntry(Schema):
    on: date | None = Field(description="Ngày hiệu lực")
    kind: str = Field(description="valid_from, moved, valid_until")
    description: str = Field(description="Mô tả bằng tiếng Việt")


@router.get(
    "/organizations/{org_id}/history", response={200: list[HistoryEntry], **READ_ERRORS}, summary="Lịch sử tổ chức"
)
def organization_history(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    """Dated changes of the organisation: creation, moves between parents, closing."""
    org = visible_or_404(Organization.objects.all(), request, org_id)
    entries: list[dict[str, Any]] = []
    if org.valid_from:
        entries.append({"on": org.valid_from, "kind": "valid_from", "description": f"Thành lập {org.name}"})
    for move in org.moves.all().order_by("effective_on", "recorded_at"):
        entries.append(
            {
                "on": move.effective_on,
                "kind": "moved",
                "description": f"Chuyển từ {move.old_parent_name} sang {move.new_parent_name}. {move.reason}".strip(),
            }
        )
    if org.valid_until:
        successor = f", kế tục: {org.successor.name}" if org.successor_id and org.successor else ""
        entries.append({"on": org.valid_until, "kind": "valid_until", "description": f"Hết hiệu lực{successor}"})
    return entries


class HeadcountOut(Schema):
    counted_on: date = Field(description="Ngày chốt số liệu")
    official: int = Field(description="Chính thức (trực tiếp ở tổ chức này)")
    probationary: int = Field(description="Dự bị (trực tiếp ở tổ chức này)")


class HeadcountIn(Schema):
    counted_on: date = Field(description="Ngày chốt số liệu")
    official: int = Field(ge=0, le=1_000_000, description="Số đảng viên chính thức")
    probationary: int = Field(0, ge=0, le=1_000_000, description="Số đảng viên dự bị")


@router.get(
    "/organizations/{org_id}/headcounts",
    response={200: list[HeadcountOut], **READ_ERRORS},
    summary="Số lượng đảng viên đã ghi",
)
def list_headcounts(request: HttpRequest, org_id: int) -> Any:
    org = visible_or_404(Organization.objects.all(), request, org_id)
    return list(selectors.member_counts(org)[:100])


@router.post(
    "/organizations/{org_id}/headcounts",
    response={201: HeadcountOut, **WRITE_ERRORS},
    summary="Ghi số lượng đảng viên",
)
def add_headcount(request: HttpRequest, org_id: int, data: HeadcountIn) -> Any:
    org = visible_or_404(Organization.objects.all(), request, org_id)
    require(permissions.can_record_members(request.user, org), "Bạn không có quyền cập nhật số lượng đảng viên.")
    count = services.record_member_count(
        org, actor=request.user, on=data.counted_on, official=data.official, probationary=data.probationary
    )
    return Status(201, count)


class MemberOut(Schema):
    id: int
    full_name: str = Field(description="Họ và tên")
    sex: str = Field(description="male / female / ''")
    birth_date: date | None
    status: str = Field(description="official (chính thức) / probationary (dự bị)")
    admission_date: date | None = Field(description="Ngày vào Đảng")
    official_date: date | None = Field(description="Ngày chính thức")
    organization_id: int = Field(description="Chi bộ sinh hoạt")


class MemberPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[MemberOut]


class MemberListParams(PageParams):
    q: str | None = Field(None, max_length=100, description="Tìm theo tên, không cần dấu")
    status: str | None = Field(None, description="official / probationary")


class MemberIn(Schema):
    full_name: str = Field(min_length=1, max_length=120, description="Họ và tên")
    sex: Sex | None = None
    birth_date: date | None = None
    status: MemberStatus = MemberStatus.OFFICIAL
    admission_date: date | None = None
    official_date: date | None = None


@router.get(
    "/organizations/{org_id}/members", response={200: MemberPage, **READ_ERRORS}, summary="Đảng viên của cây con"
)
def list_members(request: HttpRequest, org_id: int, params: Query[MemberListParams]) -> dict[str, Any]:
    org = visible_or_404(Organization.objects.all(), request, org_id)
    qs = filtered(MemberFilter, params, selectors.members_of(org, request.user))
    return page(qs, params, lambda m: m)


@router.post("/organizations/{org_id}/members", response={201: MemberOut, **WRITE_ERRORS}, summary="Thêm đảng viên")
def add_member(request: HttpRequest, org_id: int, data: MemberIn) -> Any:
    org = visible_or_404(Organization.objects.all(), request, org_id)
    require(permissions.can_record_members(request.user, org), "Bạn không có quyền thêm đảng viên.")
    fields = data.model_dump()
    fields["sex"] = fields["sex"] or ""
    member = services.save_member(Member(organization=org, **fields), actor=request.user)
    return Status(201, member)
