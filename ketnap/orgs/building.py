"""Building the tree: adding and editing organisations, blocks and mass organisations.

The board of each level builds its own subtree (issue 9, point 2); a superuser only
creates the top organisations of an empty install. One service per write, each one
transaction that checks the actor's right first, refuses in Vietnamese what the
party's structure does not allow, and is audited (the audit signals record every
save; the services add what a save does not say).

`actor=None` is the server operator (a management command, the tree import run from
the command line): no role check, still audited as "hệ thống".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ketnap.imports.matching import exact_key
from ketnap.orgs import permissions
from ketnap.orgs.enums import BlockKind, MassOrganizationKind, OrganizationKind
from ketnap.orgs.models import Block, MassOrganization, Organization

K = OrganizationKind
#: kind → kinds its parent may have (None: a top organisation of the install).
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    K.PROVINCIAL: (None,),
    K.UPPER: (K.PROVINCIAL,),
    K.GRASSROOTS_COMMITTEE: (K.PROVINCIAL, K.UPPER, None),
    K.GRASSROOTS_CELL: (K.PROVINCIAL, K.UPPER, None),
    K.SUB_COMMITTEE: (K.GRASSROOTS_COMMITTEE,),
    K.CELL: (K.GRASSROOTS_COMMITTEE, K.SUB_COMMITTEE),
}
_CELL_KINDS = (K.CELL, K.GRASSROOTS_CELL)


def children_of(parent: Organization) -> Any:
    """Direct children read from the paths, not from `numchild` (stale on an
    instance loaded before children were added)."""
    return Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)


def _label(kind: str | None) -> str:
    return OrganizationKind(kind).label if kind else "cấp cao nhất"


def check_placement(kind: str, parent: Organization | None) -> None:
    """Refuse a kind under a parent the charter's structure does not allow."""
    if kind not in ALLOWED_PARENTS:
        raise ValidationError(f"Loại tổ chức “{kind}” không có trong danh mục.", code="kind")
    if parent is not None and parent.kind in _CELL_KINDS:
        raise ValidationError(f"{parent.name} là chi bộ: chi bộ không có tổ chức đảng trực thuộc.", code="kind")
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in ALLOWED_PARENTS[kind]:
        allowed = ", ".join(_label(k) for k in ALLOWED_PARENTS[kind])
        where = parent.name if parent is not None else "cấp cao nhất"
        raise ValidationError(f"{_label(kind)} không thể trực thuộc {where}; chỉ trực thuộc: {allowed}.", code="kind")


def new_code(parent: Organization | None) -> str:
    """The next free code under a parent ("TN.03.12"), or for a top organisation."""
    prefix = f"{parent.code}." if parent is not None else "T"
    taken = set(Organization.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    n = (parent.numchild if parent is not None else Organization.objects.filter(depth=1).count()) + 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def _check_name_and_code(name: str, code: str, parent: Organization | None, exclude: int | None = None) -> None:
    if not name.strip():
        raise ValidationError("Tên tổ chức không được để trống.", code="name")
    siblings = Organization.objects.filter(depth=1) if parent is None else children_of(parent)
    key = exact_key(name)
    for sibling in siblings:
        if sibling.pk != exclude and exact_key(sibling.name) == key and sibling.valid_until is None:
            where = parent.name if parent else "Cấp cao nhất"
            raise ValidationError(f"{where} đã có tổ chức tên “{sibling.name}”.", code="name")
    clash = Organization.objects.filter(code=code).exclude(pk=exclude).first()
    if clash is not None:
        raise ValidationError(f"Mã “{code}” đã được dùng cho {clash.name}: mỗi tổ chức một mã.", code="code")


def _check_block(block: Block | None, parent: Organization | None) -> None:
    if block is not None and (parent is None or block.organization_id != parent.pk):
        where = parent.name if parent else "cấp cao nhất"
        raise ValidationError(f"Khối “{block.name}” không thuộc {where}.", code="block")


@transaction.atomic
def add_organization(
    *,
    actor: Any,
    parent: Organization | None,
    name: str,
    kind: str,
    block: Block | None = None,
    code: str = "",
    valid_from: date | None = None,
    note: str = "",
) -> Organization:
    """Add a child organisation (or, for a superuser or the operator, a top one)."""
    if actor is not None:
        if parent is None and not getattr(actor, "is_superuser", False):
            raise PermissionDenied("Chỉ quản trị hệ thống tạo được tổ chức cấp cao nhất.")
        if parent is not None and not permissions.can_manage_tree(actor, parent):
            raise PermissionDenied("Bạn không có quyền thêm tổ chức trực thuộc tổ chức này.")
    if parent is not None:
        parent = Organization.objects.select_for_update().get(pk=parent.pk)
    check_placement(kind, parent)
    code = code.strip() or new_code(parent)
    _check_name_and_code(name, code, parent)
    _check_block(block, parent)
    if parent is not None and valid_from and parent.valid_from and valid_from < parent.valid_from:
        raise ValidationError(
            f"Ngày hiệu lực {valid_from:%d/%m/%Y} trước ngày {parent.name} bắt đầu ({parent.valid_from:%d/%m/%Y}).",
            code="valid_from",
        )
    fields = {"name": name, "code": code, "kind": kind, "block": block, "valid_from": valid_from, "note": note}
    if parent is None:
        return Organization.objects.add_root(create_kwargs=fields)  # type: ignore[no-any-return]
    child = Organization.objects.add_child(parent, create_kwargs=fields)
    parent.refresh_from_db()
    return child  # type: ignore[no-any-return]


@transaction.atomic
def edit_organization(
    org: Organization,
    *,
    actor: Any,
    name: str,
    kind: str,
    block: Block | None,
    code: str,
    valid_from: date | None,
    note: str = "",
) -> Organization:
    """Correct an organisation's record (a rename that the organisation itself went
    through is a restructuring, recorded with its date, on the restructure pages)."""
    if actor is not None and not permissions.can_manage_tree(actor, org):
        raise PermissionDenied("Bạn không có quyền sửa tổ chức này.")
    parent = Organization.objects.get_parent(org)
    check_placement(kind, parent)
    if kind != org.kind and kind in _CELL_KINDS and children_of(org).exists():
        raise ValidationError(f"{org.name} có tổ chức trực thuộc nên không thể là chi bộ.", code="kind")
    _check_name_and_code(name, code, parent, exclude=org.pk)
    _check_block(block, parent)
    if valid_from and org.valid_until and org.valid_until < valid_from:
        raise ValidationError("Ngày bắt đầu hiệu lực phải trước ngày hết hiệu lực.", code="valid_from")
    org.name, org.kind, org.block, org.code, org.valid_from, org.note = name, kind, block, code, valid_from, note
    org.save()
    return org


def _committee_right(actor: Any, committee: Organization) -> None:
    if actor is not None and not permissions.can_manage_tree(actor, committee):
        raise PermissionDenied("Bạn không có quyền quản lý khối, đoàn thể của tổ chức này.")
    if committee.kind in _CELL_KINDS:
        raise ValidationError("Chi bộ không chia khối và không có Mặt trận, đoàn thể riêng.")


@transaction.atomic
def save_block(*, actor: Any, committee: Organization, name: str, kind: str, block: Block | None = None) -> Block:
    """Add (block=None) or edit a block of a committee's subordinate organisations."""
    _committee_right(actor, committee)
    if kind not in BlockKind.values:
        raise ValidationError(f"Loại khối “{kind}” không có trong danh mục.", code="kind")
    if not name.strip():
        raise ValidationError("Tên khối không được để trống.", code="name")
    clash = Block.objects.filter(organization=committee).exclude(pk=block.pk if block else 0)
    if any(exact_key(b.name) == exact_key(name) for b in clash):
        raise ValidationError(f"{committee.name} đã có khối “{name}”.", code="name")
    target = block or Block(organization=committee)
    if target.organization_id != committee.pk:
        raise ValidationError("Khối không thuộc tổ chức này.")
    target.name, target.kind = name, kind
    target.save()
    return target


@transaction.atomic
def save_mass_organization(
    *, actor: Any, committee: Organization, name: str, kind: str, mass: MassOrganization | None = None
) -> MassOrganization:
    """Add (mass=None) or edit a mass organisation attached to a committee."""
    _committee_right(actor, committee)
    if kind not in MassOrganizationKind.values:
        raise ValidationError(f"Loại đoàn thể “{kind}” không có trong danh mục.", code="kind")
    if not name.strip():
        raise ValidationError("Tên đoàn thể không được để trống.", code="name")
    others = MassOrganization.objects.filter(committee=committee).exclude(pk=mass.pk if mass else 0)
    if any(exact_key(m.name) == exact_key(name) for m in others):
        raise ValidationError(f"{committee.name} đã có “{name}”.", code="name")
    target = mass or MassOrganization(committee=committee)
    if target.committee_id != committee.pk:
        raise ValidationError("Đoàn thể không thuộc tổ chức này.")
    target.name, target.kind = name, kind
    target.save()
    return target


@transaction.atomic
def close_organization(org: Organization, *, actor: Any, valid_until: date, reason: str) -> Organization:
    """Close an organisation on its last day `valid_until` (the restructuring close, which
    takes the first day it no longer exists): refused before its opening date, without a
    reason, or while anything still hangs on it (children, members, candidates…)."""
    from ketnap.orgs import restructure

    if org.valid_from and valid_until < org.valid_from:
        raise ValidationError(
            f"Ngày hết hiệu lực {valid_until:%d/%m/%Y} trước ngày bắt đầu hoạt động ({org.valid_from:%d/%m/%Y})."
        )
    restructure.close(org, on=valid_until + timedelta(days=1), actor=actor, reason=reason)
    org.refresh_from_db()
    return org


@transaction.atomic
def start_install(
    *,
    actor: Any,
    province_name: str,
    province_code: str = "",
    commune_name: str = "",
    commune_kind: str = K.GRASSROOTS_COMMITTEE,
    commune_code: str = "",
    valid_from: date | None = None,
) -> list[Organization]:
    """First run of an empty install: the province (or the existing top organisation of
    that name) and, optionally, a commune under it — both through `add_organization`, so
    the same checks and audit apply as on the tree pages. Returns what was created."""
    key = exact_key(province_name)
    province = next((o for o in Organization.objects.filter(depth=1) if exact_key(o.name) == key), None)
    created: list[Organization] = []
    if province is None:
        province = add_organization(
            actor=actor, parent=None, name=province_name, kind=K.PROVINCIAL, code=province_code, valid_from=valid_from
        )
        created.append(province)
    if commune_name.strip():
        created.append(
            add_organization(
                actor=actor,
                parent=province,
                name=commune_name,
                kind=commune_kind,
                code=commune_code,
                valid_from=valid_from,
            )
        )
    if not created:
        raise ValidationError(f"{province.name} đã có: hãy nhập tên xã để thêm xã trực thuộc.")
    return created
