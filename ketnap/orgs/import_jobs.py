"""The organisation-list and member-list uploads as background jobs: the preview and
the apply run in the worker through `imports.background` (see there), like the plan
and candidate uploads.

A province's list is thousands of rows matched by name against the tree; read inside
the request it held a web worker, and applying held the write lock. The worker calls
the same services as `manage.py import_tree` / `import_members`, re-reading the
upload as the user who sent it (the services check the right again), so a right
withdrawn between the preview and "Áp dụng" refuses the apply in Vietnamese. What a
preview page shows is kept in the job as JSON: labels and dates already as the page
writes them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from ketnap.audit.registry import record
from ketnap.imports import answers
from ketnap.imports.background import ImportJob, ImportRun, register
from ketnap.imports.models import StagedImport
from ketnap.imports.runner import ProgressFn
from ketnap.orgs.enums import BlockKind, OrganizationKind
from ketnap.orgs.member_import import IMPORT_KIND as MEMBERS_KIND
from ketnap.orgs.member_import import MemberImport, MemberRow, import_members, row_action
from ketnap.orgs.tree_import import IMPORT_KIND as TREE_KIND
from ketnap.orgs.tree_import import TreeImport, import_tree

ACTION_LABELS = {"created": "thêm mới", "updated": "cập nhật", "unchanged": "không đổi"}


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _label(choices: Any, value: str | None) -> str:
    return str(choices(value).label) if value in choices.values else (value or "")


def _audit(staged: StagedImport, user: Any, result: TreeImport | MemberImport) -> None:
    if result.outcome.applied:
        record(
            "import",
            staged.organization,
            {"file": staged.filename, "kind": staged.kind, "result": result.outcome.result},
            user=user,
        )


def tree_preview_data(result: TreeImport) -> dict[str, Any]:
    """The service's JSON with the kinds and blocks by their Vietnamese labels."""
    data = result.as_json()
    for row in data["organizations"]:
        row["kind"] = _label(OrganizationKind, row["kind"])
        row["block"] = _label(BlockKind, row["block"])
    data["on_label"] = _day(date.fromisoformat(data["on"])) if data["on"] else ""
    return data


def _run_tree(staged: StagedImport, user: Any, apply: bool, progress: ProgressFn) -> ImportRun:
    org, on = staged.organization, staged.options.get("on")
    result = import_tree(
        under=org, data=staged.read(), filename=staged.filename, actor=user,
        on=date.fromisoformat(on) if on else None, dry_run=not apply, near=answers.choices_of(staged),
        progress=progress,
    )  # fmt: skip
    _audit(staged, user, result)
    payload, done = result.outcome.payload, result.outcome.result or {}
    return ImportRun(
        applied=result.outcome.applied,
        issues=result.outcome.issues,
        questions=payload.questions if payload else [],
        data=tree_preview_data(result),
        message=(
            f"Đã nhập {staged.filename} vào {org.name}: tạo mới {done.get('created', 0)} tổ chức, "
            f"ghi {done.get('counts_written', 0)} số lượng đảng viên."
        ),
        url=reverse("orgs:detail", args=[org.pk]),
    )


def _member_row(row: MemberRow) -> dict[str, Any]:
    return {
        "sheet": row.sheet,
        "row": row.row,
        "name": row.name,
        "birth": _day(row.birth),
        "cell": row.cell.name,
        "official": row.official is not None,
        "card": row.card,
        "action": ACTION_LABELS[row_action(row)],
    }


def _run_members(staged: StagedImport, user: Any, apply: bool, progress: ProgressFn) -> ImportRun:
    org = staged.organization
    result = import_members(
        org=org, data=staged.read(), filename=staged.filename, actor=user, dry_run=not apply, progress=progress
    )
    _audit(staged, user, result)
    payload, data = result.outcome.payload, result.as_json()
    data["rows"] = [_member_row(r) for r in payload.rows] if payload and result.ok and not apply else []
    return ImportRun(
        applied=result.outcome.applied,
        issues=result.outcome.issues,
        data=data,
        message=(
            f"Đã nhập {staged.filename} vào {org.name}: thêm mới {data['created']}, "
            f"cập nhật {data['updated']} đảng viên."
        ),
        url=reverse("orgs:members", args=[org.pk]),
    )


register(
    ImportJob(
        kind=TREE_KIND,
        run=_run_tree,
        preview_url=lambda staged: reverse("orgs:import_tree_preview", args=[staged.organization_id, staged.pk]),
        title="Nhập danh sách tổ chức",
    )
)
register(
    ImportJob(
        kind=MEMBERS_KIND,
        run=_run_members,
        preview_url=lambda staged: reverse("orgs:import_members_preview", args=[staged.organization_id, staged.pk]),
        title="Nhập danh sách đảng viên",
    )
)
