"""Upload pages for the organisation list and the member list (issue 9, points 3 and 4).

Upload (.xlsx/.docx) → preview (what would be created or updated, every error with its
file, sheet, row and column) → "Áp dụng", all or nothing. The pages sit on an
organisation of the tree, fetched through visible_to() (another subtree: 404); the
tree list needs the board's right over it, the member list the right to record
members (the board, or the cell's secretary) — else 403. Both call the same services
as `manage.py import_tree` / `import_members`, on the shared mechanism of
ketnap.imports (staged upload, preview, re-validated apply in one transaction). The
apply runs in the request: these files are a few hundred rows (the limits of
ketnap.imports.limits), read in well under a second."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ketnap.audit.registry import record
from ketnap.imports import answers
from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.imports.runner import check_upload, finish_staged, stage_upload
from ketnap.orgs import permissions
from ketnap.orgs.enums import BlockKind, OrganizationKind
from ketnap.orgs.member_import import MemberImport, import_members, row_action
from ketnap.orgs.models import Organization
from ketnap.orgs.tree_import import TreeImport, import_tree
from ketnap.web.dates import DayField

TREE_KIND = "org_tree"
MEMBERS_KIND = "org_members"
ACTION_LABELS = {"created": "thêm mới", "updated": "cập nhật", "unchanged": "không đổi"}


class TreeUploadForm(forms.Form):
    file = forms.FileField(label="Danh sách tổ chức (.xlsx hoặc .docx)")
    on = DayField(
        label="Số đảng viên tính đến ngày",
        required=False,
        help_text="Để trống nếu tệp đã ghi ngày (“tính đến ngày …”).",
    )


class MembersUploadForm(forms.Form):
    file = forms.FileField(label="Danh sách đảng viên (.xlsx hoặc .docx)")


def _organization(request: HttpRequest, pk: int, kind: str) -> Organization:
    org = get_object_or_404(Organization.objects.visible_to(request.user), pk=pk)
    if kind == TREE_KIND and not permissions.can_manage_tree(request.user, org):
        raise PermissionDenied("Chỉ Ban Tổ chức (Ban Xây dựng Đảng) cấp trên nhập được danh sách tổ chức.")
    if kind == MEMBERS_KIND and not permissions.can_record_members(request.user, org):
        raise PermissionDenied("Bạn không có quyền cập nhật đảng viên của tổ chức này.")
    return org


def _staged(request: HttpRequest, org: Organization, staged: str, kind: str) -> StagedImport:
    """Only the uploader's own pending file, for this organisation."""
    return get_object_or_404(
        StagedImport.objects.visible_to(request.user),
        pk=staged,
        kind=kind,
        organization=org,
        uploaded_by=request.user,
        status=StagedImportStatus.PREVIEWED,
    )


def _upload(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    org = _organization(request, pk, kind)
    form: forms.Form = (TreeUploadForm if kind == TREE_KIND else MembersUploadForm)(
        request.POST or None, request.FILES or None
    )
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        reason = check_upload(file.name, file.size)
        if reason:
            form.add_error("file", reason)
        else:
            on = form.cleaned_data.get("on")
            staged = stage_upload(
                kind=kind, organization=org, user=request.user, filename=file.name, data=file.read(),
                options={"on": on.isoformat() if on else None},
            )  # fmt: skip
            name = "orgs:import_tree_preview" if kind == TREE_KIND else "orgs:import_members_preview"
            return redirect(name, pk=org.pk, staged=staged.pk)
    return render(request, "orgs/import_upload.html", {"org": org, "form": form, "tree": kind == TREE_KIND})


def _run_tree(org: Organization, upload: StagedImport, user: Any, *, dry_run: bool) -> TreeImport:
    on = upload.options.get("on")
    return import_tree(
        under=org, data=upload.read(), filename=upload.filename, actor=user,
        on=date.fromisoformat(on) if on else None, dry_run=dry_run, near=answers.choices_of(upload),
    )  # fmt: skip


def _run_members(org: Organization, upload: StagedImport, user: Any, *, dry_run: bool) -> MemberImport:
    return import_members(org=org, data=upload.read(), filename=upload.filename, actor=user, dry_run=dry_run)


def _apply(request: HttpRequest, org: Organization, upload: StagedImport, result: TreeImport | MemberImport) -> bool:
    """Finish the staged file after an apply; audit and tell the user what happened."""
    if not result.outcome.applied:
        finish_staged(upload, StagedImportStatus.REFUSED)
        messages.error(request, "Tệp không còn hợp lệ (dữ liệu đã thay đổi từ lúc xem trước); không có gì được ghi.")
        return False
    finish_staged(upload, StagedImportStatus.APPLIED)
    record("import", org, {"file": upload.filename, "kind": upload.kind, "result": result.outcome.result})
    messages.success(request, f"Đã nhập {upload.filename} vào {org.name}.")
    return True


def _label(choices: Any, value: str | None) -> str:
    return str(choices(value).label) if value in choices.values else (value or "")


@login_required
def tree_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, pk, TREE_KIND)


@login_required
def members_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, pk, MEMBERS_KIND)


@login_required
def tree_preview(request: HttpRequest, pk: int, staged: str) -> HttpResponse:
    """GET: what the list would create. POST: apply it (re-validated, all or nothing)."""
    org = _organization(request, pk, TREE_KIND)
    upload = _staged(request, org, staged, TREE_KIND)
    if request.method == "POST" and answers.is_answer(request.POST):
        asked = _run_tree(org, upload, request.user, dry_run=True).outcome.payload
        answers.save_answers(upload, request.POST, asked.questions if asked else [])
        return redirect("orgs:import_tree_preview", pk=org.pk, staged=upload.pk)
    result = _run_tree(org, upload, request.user, dry_run=request.method != "POST")
    if request.method == "POST" and _apply(request, org, upload, result):
        return redirect("orgs:detail", pk=org.pk)
    data = result.as_json()
    for row in data["organizations"]:
        row["kind"] = _label(OrganizationKind, row["kind"])
        row["block"] = _label(BlockKind, row["block"])
    context = {
        "org": org, "upload": upload, "data": data, "issues": list(result.outcome.issues),
        "can_apply": result.ok and request.method != "POST",
        "near_questions": result.outcome.payload.questions if result.outcome.payload else [],
    }  # fmt: skip
    return render(request, "orgs/import_tree_preview.html", context)


@login_required
def members_preview(request: HttpRequest, pk: int, staged: str) -> HttpResponse:
    """GET: who the list would add or update. POST: write it (all or nothing)."""
    org = _organization(request, pk, MEMBERS_KIND)
    upload = _staged(request, org, staged, MEMBERS_KIND)
    result = _run_members(org, upload, request.user, dry_run=request.method != "POST")
    if request.method == "POST" and _apply(request, org, upload, result):
        return redirect("orgs:members", pk=org.pk)
    payload = result.outcome.payload
    rows = [(r, ACTION_LABELS[row_action(r)]) for r in payload.rows] if payload and result.ok else []
    context = {
        "org": org, "upload": upload, "data": result.as_json(), "rows": rows, "issues": list(result.outcome.issues),
        "can_apply": result.ok and request.method != "POST",
    }  # fmt: skip
    return render(request, "orgs/import_members_preview.html", context)
