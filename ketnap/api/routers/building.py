"""A committee's blocks and its Front and mass organisations: list, add and edit, as the
pages /organizations/<id>/blocks/ and /organizations/<id>/mass-organizations/ offer
(neither page deletes or closes one: a block or a mass organisation stays with its
targets and introductions, so neither does the API).

The committee is reached through the pages' own `managed_committee` (visible_to: another
subtree 404; no managing role, or a cell, 403) and every write is the pages' service in
`ketnap.orgs.building`, whose refusals (a name already used, an empty name) come back
as 422 naming the field (`name`), in the pages' words.

Adding a child organisation (POST …/children) is the tree page's "Thêm tổ chức trực
thuộc" through `building.add_organization`; editing one is in `orgs` (its path is the
organisation's own)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from ketnap.api.common import READ_ERRORS, WRITE_ERRORS, day, visible_or_404
from ketnap.api.errors import on_fields
from ketnap.api.routers.orgs import ORG_FIELDS, OrganizationOut, block_of, org_rows
from ketnap.orgs import building
from ketnap.orgs.enums import BlockKind, MassOrganizationKind, OrganizationKind
from ketnap.orgs.models import Block, MassOrganization, Organization
from ketnap.orgs.views_building import managed_committee, managed_organization

router = Router(tags=["Tổ chức — organizations"])


class ChildIn(Schema):
    kind: OrganizationKind = Field(description="Loại tổ chức (theo cấp trên: Điều lệ cho phép loại nào)")
    name: str = Field(min_length=1, max_length=255, description="Tên đầy đủ, ví dụ: Chi bộ thôn Bản Chang")
    code: str = Field("", max_length=40, description="Mã; bỏ trống để hệ thống tự đặt")
    block: int | None = Field(None, description="Khối của tổ chức cấp trên (nếu có)")
    valid_from: date | None = Field(None, description="Hiệu lực từ ngày")
    note: str = Field("", max_length=2000, description="Ghi chú")


@router.post(
    "/organizations/{org_id}/children",
    response={201: OrganizationOut, **WRITE_ERRORS},
    summary="Thêm tổ chức trực thuộc",
)
def add_child(request: HttpRequest, org_id: int, data: ChildIn) -> Any:
    """The tree page's "Thêm tổ chức trực thuộc": a kind the charter's structure does
    not allow under this parent, a name or code already used, a date before the
    parent's are refused (422 naming the field, in the page's words)."""
    parent = managed_organization(request, org_id)
    fields = data.model_dump(exclude={"block"})
    try:
        child = building.add_organization(
            actor=request.user, parent=parent, block=block_of(parent, data.block), **fields
        )
    except ValidationError as exc:
        raise on_fields(exc, ORG_FIELDS) from exc
    return Status(201, org_rows(request, [child], day(None))[0])


class BlockOut(Schema):
    id: int
    kind: str = Field(description="rural, residential, agencies, schools, armed_forces, enterprises…")
    kind_label: str = Field(description="Loại khối, tiếng Việt")
    name: str = Field(description="Tên khối")
    committee_id: int = Field(description="Đảng bộ chia khối")
    organizations: int = Field(description="Số tổ chức trực thuộc thuộc khối này")


class BlockIn(Schema):
    kind: BlockKind = Field(description="Loại khối")
    name: str = Field(min_length=1, max_length=255, description="Tên khối")


class BlockPatch(Schema):
    kind: BlockKind | None = Field(None, description="Loại khối (bỏ trống: giữ nguyên)")
    name: str | None = Field(None, min_length=1, max_length=255, description="Tên khối (bỏ trống: giữ nguyên)")


class MassOrganizationOut(Schema):
    id: int
    kind: str = Field(description="fatherland_front, youth_union, veterans, farmers, women, trade_union")
    name: str
    committee_id: int = Field(description="Đảng bộ mà đoàn thể thuộc về")


class MassOrganizationIn(Schema):
    kind: MassOrganizationKind = Field(description="Mặt trận hoặc đoàn thể")
    name: str = Field(min_length=1, max_length=255, description="Tên, ví dụ: Đoàn Thanh niên xã Cao Minh")


class MassOrganizationPatch(Schema):
    kind: MassOrganizationKind | None = Field(None, description="Loại (bỏ trống: giữ nguyên)")
    name: str | None = Field(None, min_length=1, max_length=255, description="Tên (bỏ trống: giữ nguyên)")


def _block_out(block: Block, organizations: int | None = None) -> dict[str, Any]:
    count = organizations if organizations is not None else block.organizations.count()
    return {
        "id": block.pk,
        "kind": block.kind,
        "kind_label": block.get_kind_display(),
        "name": block.name,
        "committee_id": block.organization_id,
        "organizations": count,
    }


@router.get(
    "/organizations/{org_id}/blocks",
    response={200: list[BlockOut], **READ_ERRORS},
    summary="Các khối của một đảng bộ",
)
def list_blocks(request: HttpRequest, org_id: int) -> list[dict[str, Any]]:
    org = managed_committee(request, org_id)
    rows = Block.objects.filter(organization=org).annotate(n=Count("organizations")).order_by("id")
    return [_block_out(b, b.n) for b in rows]


@router.post("/organizations/{org_id}/blocks", response={201: BlockOut, **WRITE_ERRORS}, summary="Thêm khối")
def add_block(request: HttpRequest, org_id: int, data: BlockIn) -> Any:
    org = managed_committee(request, org_id)
    try:
        block = building.save_block(actor=request.user, committee=org, name=data.name, kind=data.kind)
    except ValidationError as exc:
        raise on_fields(exc, {"name", "kind"}) from exc
    return Status(201, _block_out(block, 0))


@router.patch("/organizations/{org_id}/blocks/{block_id}", response={200: BlockOut, **WRITE_ERRORS}, summary="Sửa khối")
def edit_block(request: HttpRequest, org_id: int, block_id: int, data: BlockPatch) -> dict[str, Any]:
    org = managed_committee(request, org_id)
    block = get_object_or_404(Block, pk=block_id, organization=org)
    try:
        saved = building.save_block(
            actor=request.user, committee=org, block=block, name=data.name or block.name, kind=data.kind or block.kind
        )
    except ValidationError as exc:
        raise on_fields(exc, {"name", "kind"}) from exc
    return _block_out(saved)


@router.get(
    "/organizations/{org_id}/mass-organizations",
    response={200: list[MassOrganizationOut], **READ_ERRORS},
    summary="Mặt trận và các đoàn thể",
)
def list_mass_organizations(request: HttpRequest, org_id: int) -> Any:
    """Whoever sees the organisation reads its mass organisations (its page lists them);
    adding and editing need the managing right of the mass-organisation page."""
    org = visible_or_404(Organization.objects.all(), request, org_id)
    return list(MassOrganization.objects.visible_to(request.user).filter(committee=org).order_by("id"))


@router.post(
    "/organizations/{org_id}/mass-organizations",
    response={201: MassOrganizationOut, **WRITE_ERRORS},
    summary="Thêm Mặt trận, đoàn thể",
)
def add_mass_organization(request: HttpRequest, org_id: int, data: MassOrganizationIn) -> Any:
    org = managed_committee(request, org_id)
    try:
        mass = building.save_mass_organization(actor=request.user, committee=org, name=data.name, kind=data.kind)
    except ValidationError as exc:
        raise on_fields(exc, {"name", "kind"}) from exc
    return Status(201, mass)


@router.patch(
    "/organizations/{org_id}/mass-organizations/{mass_id}",
    response={200: MassOrganizationOut, **WRITE_ERRORS},
    summary="Sửa Mặt trận, đoàn thể",
)
def edit_mass_organization(request: HttpRequest, org_id: int, mass_id: int, data: MassOrganizationPatch) -> Any:
    org = managed_committee(request, org_id)
    mass = get_object_or_404(MassOrganization, pk=mass_id, committee=org)
    try:
        return building.save_mass_organization(
            actor=request.user, committee=org, mass=mass, name=data.name or mass.name, kind=data.kind or mass.kind
        )
    except ValidationError as exc:
        raise on_fields(exc, {"name", "kind"}) from exc
