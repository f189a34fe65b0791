"""Writes of the plans domain. Each use case is one transaction with one permission
check, a visibility re-check inside the transaction, and an audit trail (signals
for saves, explicit records for imports, issues and cascades).

An issued plan changes only by revision: its text and targets are frozen, and its
table changes through `open_revision` → edit → `issue_revision`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ketnap.audit.registry import record
from ketnap.imports.values import parse_count
from ketnap.orgs.models import MassOrganization, Organization
from ketnap.plans import permissions, selectors
from ketnap.plans.enums import (
    QUANTITY_FIELDS,
    QUARTERS,
    TEXT_FIELDS,
    PlanStatus,
    RevisionStatus,
    TargetMeasure,
    TargetScope,
)
from ketnap.plans.models import Allocation, AllocationRevision, Plan, Target

PLAN_TEXT_FIELDS = (
    "document_number",
    "issued_on",
    "place",
    "signer",
    "signing_capacity",
    "legal_bases",
    "purpose",
    "requirements",
    "tasks",
    "recipients",
    "by_quarter",
    "with_introduce",
)


class SystemActor:
    """The actor of command-line and demo work: the operator of the server, who may do
    everything (audit events carry no user)."""

    pk = None
    is_authenticated = True
    is_superuser = True


SYSTEM = SystemActor()


@dataclass(frozen=True)
class TargetInput:
    """The overall target: a count, or a rate of total members at a headcount date."""

    measure: str = TargetMeasure.COUNT
    count: int | None = None
    rate: Decimal | None = None
    headcount_on: date | None = None
    #: Upper bound of a range target ("3–4 %"): kept with the lower one, never dropped.
    count_max: int | None = None
    rate_max: Decimal | None = None

    def validate(self) -> None:
        if self.measure == TargetMeasure.RATE:
            if self.rate is None or self.headcount_on is None:
                raise ValidationError("Chỉ tiêu theo tỷ lệ cần tỷ lệ (%) và ngày lấy số đảng viên.")
        elif self.count is None:
            raise ValidationError("Hãy nhập số lượng đảng viên cần kết nạp.")


def _require_edit(actor: Any, plan: Plan) -> None:
    if not permissions.can_edit_plan(actor, plan):
        raise PermissionDenied("Bạn không có quyền sửa kế hoạch này.")


def _ensure_visible(actor: Any, plan: Plan) -> None:
    if not Plan.objects.visible_to(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied("Kế hoạch nằm ngoài phạm vi của bạn.")


def _require_draft(plan: Plan) -> None:
    if not plan.is_draft:
        raise ValidationError("Kế hoạch đã ban hành: chỉ thay đổi được bằng một lần giao bổ sung.")


@transaction.atomic
def create_plan(org: Organization, *, actor: Any, year: int, target: TargetInput | None = None, **fields: Any) -> Plan:
    """A draft plan with its original (draft) revision and one row per active child."""
    if not permissions.can_create_plan(actor, org):
        raise PermissionDenied("Bạn không có quyền lập kế hoạch cho tổ chức này.")
    if Plan.objects.filter(organization=org, year=year).exists():
        raise ValidationError(f"{org.name} đã có kế hoạch phát triển đảng viên năm {year}.")
    unknown = set(fields) - set(PLAN_TEXT_FIELDS) - {"source_allocation"}
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    plan = Plan(organization=org, year=year, **fields)
    plan.full_clean()
    plan.save()
    if target is not None:
        _save_total_target(plan, target)
    revision = AllocationRevision.objects.create(plan=plan, number=0, created_by=_user_or_none(actor))
    _add_rows(revision, list(selectors.active_children(plan)), [])
    _ensure_visible(actor, plan)
    return plan


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def update_plan(plan: Plan, *, actor: Any, target: TargetInput | None = None, **fields: Any) -> Plan:
    _require_edit(actor, plan)
    _require_draft(plan)
    for name, value in fields.items():
        if name not in PLAN_TEXT_FIELDS:
            raise TypeError(f"unknown plan field: {name}")
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    if target is not None:
        _save_total_target(plan, target)
    if "by_quarter" in fields:
        for row in Allocation.objects.filter(revision__plan=plan, revision__status=RevisionStatus.DRAFT):
            row.recompute_totals(plan.by_quarter)
            row.save()
    _ensure_visible(actor, plan)
    return plan


def _save_total_target(plan: Plan, target: TargetInput) -> Target:
    target.validate()
    existing = plan.targets.filter(scope=TargetScope.TOTAL).first() or Target(plan=plan, scope=TargetScope.TOTAL)
    existing.measure = target.measure
    existing.count = target.count if target.measure == TargetMeasure.COUNT else None
    existing.rate = target.rate if target.measure == TargetMeasure.RATE else None
    existing.headcount_on = target.headcount_on if target.measure == TargetMeasure.RATE else None
    existing.count_max = target.count_max if target.measure == TargetMeasure.COUNT else None
    existing.rate_max = target.rate_max if target.measure == TargetMeasure.RATE else None
    existing.full_clean()
    existing.save()
    return existing


@transaction.atomic
def add_sub_target(plan: Plan, *, actor: Any, target: Target) -> Target:
    """Block target, per-organisation minimum for a kind of block, or structure goal."""
    _require_edit(actor, plan)
    _require_draft(plan)
    target.plan = plan
    if target.scope == TargetScope.TOTAL:
        raise ValidationError("Chỉ tiêu chung sửa ở phần thông tin kế hoạch.")
    if target.scope == TargetScope.BLOCK and (
        target.block is None or target.block.organization_id != plan.organization_id
    ):
        raise ValidationError("Hãy chọn một khối của chính tổ chức lập kế hoạch.")
    if target.scope == TargetScope.EACH_ORGANIZATION and not target.block_kind:
        raise ValidationError("Hãy chọn loại khối (ví dụ khối trường học).")
    if target.scope == TargetScope.STRUCTURE and not target.group:
        raise ValidationError("Hãy chọn nhóm cơ cấu (ví dụ đoàn viên, thanh niên).")
    if target.measure == TargetMeasure.RATE and target.rate is None:
        raise ValidationError("Hãy nhập tỷ lệ (%).")
    if target.measure == TargetMeasure.COUNT and target.count is None:
        raise ValidationError("Hãy nhập số lượng.")
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def delete_sub_target(target: Target, *, actor: Any) -> None:
    _require_edit(actor, target.plan)
    _require_draft(target.plan)
    if target.scope == TargetScope.TOTAL:
        raise ValidationError("Không xóa chỉ tiêu chung.")
    target.delete()


def _next_position(revision: AllocationRevision) -> int:
    return (revision.allocations.aggregate(m=Max("position"))["m"] or 0) + 1


def _add_rows(
    revision: AllocationRevision, orgs: Sequence[Organization], mass_orgs: Sequence[MassOrganization]
) -> list[Allocation]:
    position = _next_position(revision)
    created = []
    recipients: list[tuple[Organization | None, MassOrganization | None]] = [(o, None) for o in orgs]
    recipients += [(None, m) for m in mass_orgs]
    for org, mass in recipients:
        row = Allocation(revision=revision, position=position, organization=org, mass_organization=mass)
        row.save()
        created.append(row)
        position += 1
    return created


@transaction.atomic
def add_missing_rows(plan: Plan, *, actor: Any, mass_organizations: bool = False) -> int:
    """Rows for active children (and, if asked, the committee's mass organisations)
    that the open revision lacks; returns how many were added."""
    _require_edit(actor, plan)
    revision = _open_revision_or_refuse(plan)
    present = set(revision.allocations.values_list("organization_id", "mass_organization_id"))
    have_orgs = {o for o, _ in present if o}
    have_mass = {m for _, m in present if m}
    orgs = [c for c in selectors.active_children(plan) if c.pk not in have_orgs]
    mass = (
        [m for m in plan.organization.mass_organizations.all() if m.pk not in have_mass] if mass_organizations else []
    )
    return len(_add_rows(revision, orgs, mass))


def _open_revision_or_refuse(plan: Plan) -> AllocationRevision:
    revision = selectors.editable_revision(plan)
    if revision is None:
        raise ValidationError("Bảng giao chỉ tiêu đã ban hành. Hãy tạo một lần giao bổ sung để thay đổi.")
    return revision


@dataclass(frozen=True)
class CellResult:
    """What a cell write did. `conflict` is set when someone else changed the cell
    since the writer read it: nothing was written and `current` is their value."""

    allocation: Allocation
    error: str = ""
    conflict: bool = False
    current: Any = None


UNREAD = object()  # update_cell without a read value: a plain write (commands, demo)


def _lock_draft_revision(revision_id: int) -> None:
    """Re-read the revision's status in the database, locking it (PostgreSQL) so an
    issue cannot slip in between the check and the write: an in-memory object may be
    stale (the table was issued in another tab)."""
    locked = AllocationRevision.objects.select_for_update().filter(pk=revision_id).values_list("status", flat=True)
    status = next(iter(locked), None)
    if status != RevisionStatus.DRAFT:
        raise ValidationError("Bảng giao chỉ tiêu này đã ban hành; hãy tạo một lần giao bổ sung.")


def _cell_value(field: str, raw: Any, by_quarter: bool) -> tuple[Any, str]:
    """The value to store for one cell, or the reason it cannot be stored."""
    if field in QUANTITY_FIELDS:
        if by_quarter and field.endswith("_total"):
            return None, "Bảng giao theo quý: cộng cả năm được tính từ các quý."
        if not by_quarter and "_q" in field:
            return None, "Bảng giao cả năm, không có cột theo quý."
        try:
            return parse_count(raw), ""
        except ValueError as exc:
            return None, str(exc)
    if field in TEXT_FIELDS:
        return str(raw or "").strip()[:255], ""
    if field == "exempt":
        return _truthy(raw), ""
    raise ValidationError("Ô không sửa được.")


def _conflict(allocation: Allocation, field: str) -> CellResult:
    allocation.refresh_from_db()
    current = getattr(allocation, field)
    shown = "trống" if current in (None, "") else ("có" if current is True else current)
    message = f"Ô này vừa được người khác sửa thành {shown}; giá trị của bạn chưa được lưu. Hãy xem lại rồi nhập lại."
    return CellResult(allocation, message, conflict=True, current=current)


def _truthy(raw: Any) -> bool:
    return str(raw).lower() in ("1", "true", "on", "yes")


def _as_read(field: str, read: Any) -> Any:
    """The value the writer's page showed, in the column's type ("" → None for counts)."""
    if field == "exempt":
        return _truthy(read)
    if field in QUANTITY_FIELDS:
        try:
            return parse_count(read)
        except ValueError:
            return read
    return str(read or "").strip()


@transaction.atomic
def update_cell(allocation: Allocation, *, actor: Any, field: str, raw: Any, read: Any = UNREAD) -> CellResult:
    """One grid cell changed. Only that cell (and, in a quarterly table, the row's
    totals) is written, as one conditional UPDATE: when `read` (the value the page
    showed) is given and the database no longer holds it, someone else edited the
    cell meanwhile — nothing is written and the result carries their value, so two
    people editing one table never silently overwrite each other. A bad number is not
    saved either: the result carries the reason to show next to the cell."""
    plan = allocation.revision.plan
    _require_edit(actor, plan)
    _lock_draft_revision(allocation.revision_id)
    by_quarter = Plan.objects.filter(pk=plan.pk).values_list("by_quarter", flat=True).get()
    value, error = _cell_value(field, raw, by_quarter)
    if error:
        allocation.refresh_from_db()
        return CellResult(allocation, error)
    locked = Allocation.objects.select_for_update().filter(pk=allocation.pk)
    before = locked.values_list(field, flat=True).get()
    if read is not UNREAD and before != _as_read(field, read):
        return _conflict(allocation, field)
    # Conditional on the value just read: on a backend without row locks a concurrent
    # writer between the read and the write makes this UPDATE match nothing.
    same = {f"{field}__isnull": True} if before is None else {field: before}
    if not Allocation.objects.filter(pk=allocation.pk, **same).update(**{field: value}):
        return _conflict(allocation, field)
    allocation.refresh_from_db()
    if by_quarter and field in QUANTITY_FIELDS:
        allocation.recompute_totals(True)
        Allocation.objects.filter(pk=allocation.pk).update(
            introduce_total=allocation.introduce_total, admit_total=allocation.admit_total
        )
    if before != value:
        record("update", allocation, {field: [before, value]})
    _ensure_visible(actor, plan)
    return CellResult(allocation)


def _refuse_if_findings(plan: Plan, revision: AllocationRevision) -> None:
    found = selectors.findings(plan, selectors.rows_of(revision), selectors.targets_of(plan))
    if found:
        raise ValidationError([f.message for f in found])


@transaction.atomic
def issue_plan(plan: Plan, *, actor: Any, on: date) -> Plan:
    """Draft → issued, only when every check passes. The original table takes effect
    on the plan's date (or `on` when the plan has no date yet)."""
    if not permissions.can_issue_plan(actor, plan):
        raise PermissionDenied("Bạn không có quyền ban hành kế hoạch này.")
    _require_draft(plan)
    revision = plan.revisions.select_for_update().get(number=0)
    _refuse_if_findings(plan, revision)
    plan.status = PlanStatus.ISSUED
    plan.issued_on = plan.issued_on or on
    plan.save()
    revision.status = RevisionStatus.ISSUED
    revision.effective_on = plan.issued_on
    revision.issued_at = timezone.now()
    revision.save()
    _ensure_visible(actor, plan)
    return plan


@transaction.atomic
def open_revision(plan: Plan, *, actor: Any, reason: str, effective_on: date) -> AllocationRevision:
    """Start a supplementary allocation: a copy of the latest table to edit."""
    _require_edit(actor, plan)
    if plan.is_draft:
        raise ValidationError("Kế hoạch còn là dự thảo: sửa trực tiếp bảng giao chỉ tiêu, chưa cần giao bổ sung.")
    if selectors.editable_revision(plan) is not None:
        raise ValidationError("Đang có một lần giao bổ sung chưa ban hành.")
    if not reason.strip():
        raise ValidationError("Hãy ghi lý do giao bổ sung.")
    latest = selectors.latest_revision(plan)
    assert latest is not None
    if latest.effective_on and effective_on < latest.effective_on:
        raise ValidationError(
            f"Ngày hiệu lực phải từ ngày {latest.effective_on:%d/%m/%Y} (ngày hiệu lực của lần giao trước) trở đi."
        )
    revision = AllocationRevision.objects.create(
        plan=plan,
        number=latest.number + 1,
        reason=reason.strip(),
        effective_on=effective_on,
        created_by=_user_or_none(actor),
    )
    for row in selectors.rows_of(latest):
        row.pk = None
        row._state.adding = True
        row.revision = revision
        row.save()
    return revision


@transaction.atomic
def issue_revision(revision: AllocationRevision, *, actor: Any) -> AllocationRevision:
    plan = revision.plan
    if not permissions.can_issue_plan(actor, plan):
        raise PermissionDenied("Bạn không có quyền ban hành giao bổ sung.")
    revision = AllocationRevision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_draft or revision.number == 0:
        raise ValidationError("Lần giao này không phải giao bổ sung đang soạn.")
    _refuse_if_findings(plan, revision)
    revision.status = RevisionStatus.ISSUED
    revision.issued_at = timezone.now()
    revision.save()
    return revision


@transaction.atomic
def discard_revision(revision: AllocationRevision, *, actor: Any) -> None:
    _require_edit(actor, revision.plan)
    if not revision.is_draft or revision.number == 0:
        raise ValidationError("Chỉ hủy được một lần giao bổ sung đang soạn.")
    revision.delete()


@transaction.atomic
def cascade(plan: Plan, *, actor: Any) -> list[Plan]:
    """P7: from an issued plan, a draft plan for each child organisation that was given
    a quota and has no plan of that year yet; the quota becomes the child's target."""
    _require_edit(actor, plan)
    if plan.is_draft:
        raise ValidationError("Chỉ tạo kế hoạch cho cấp dưới từ kế hoạch đã ban hành.")
    revision = selectors.revision_in_force(plan, date(plan.year, 12, 31)) or selectors.latest_revision(plan)
    created = []
    existing = set(Plan.objects.filter(year=plan.year).values_list("organization_id", flat=True))
    for row in selectors.rows_of(revision):
        org = row.organization
        if org is None or row.exempt or org.pk in existing:
            continue
        child = Plan(
            organization=org,
            year=plan.year,
            by_quarter=plan.by_quarter,
            with_introduce=plan.with_introduce,
            source_allocation=row,
            legal_bases=f"{plan.title} của {plan.organization.name}"
            + (f" (số {plan.document_number})" if plan.document_number else ""),
            signing_capacity="T/M CHI BỘ\nBÍ THƯ" if org.is_cell else plan.signing_capacity,
        )
        child.save()
        _save_total_target(child, TargetInput(TargetMeasure.COUNT, count=row.admit_total))
        child_revision = AllocationRevision.objects.create(plan=child, number=0, created_by=_user_or_none(actor))
        _add_rows(child_revision, list(selectors.active_children(child)), [])
        created.append(child)
    record("create", plan, {"cascade": [None, [c.organization.name for c in created]]})
    _ensure_visible(actor, plan)
    return created


def quarters_or_none(row: Allocation, kind: str) -> list[int] | None:
    """Quarter values for JSON/exports, None for a yearly table."""
    values = row.quarters(kind)
    if all(v is None for v in values):
        return None
    return [v or 0 for v in values]


__all__ = [
    "QUARTERS",
    "CellResult",
    "TargetInput",
    "add_missing_rows",
    "add_sub_target",
    "cascade",
    "create_plan",
    "delete_sub_target",
    "discard_revision",
    "issue_plan",
    "issue_revision",
    "open_revision",
    "update_cell",
    "update_plan",
]
