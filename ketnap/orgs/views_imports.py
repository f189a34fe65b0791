"""Upload pages for the organisation list and the member list (issue 9, points 3 and 4).

Upload (.xlsx/.docx) → preview (what would be created or updated, every error with its
file, sheet, row and column) → "Áp dụng", all or nothing. The pages sit on an
organisation of the tree, fetched through visible_to() (another subtree: 404); the
tree list needs the board's right over it, the member list the right to record
members (the board, or the cell's secretary) — else 403. Reading and applying are
background jobs of `ketnap.imports.background` (registered in `orgs.import_jobs`,
calling the same services as `manage.py import_tree` / `import_members`): a
province's list is thousands of rows, too long to hold a web worker. The preview
page shows the reading job's progress until its preview is ready; "Áp dụng" opens
the apply job's page, which goes on to the organisation once it is written."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ketnap.imports import answers, background
from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.imports.runner import check_upload, stage_upload
from ketnap.orgs import permissions
from ketnap.orgs.import_jobs import MEMBERS_KIND, TREE_KIND
from ketnap.orgs.models import Organization
from ketnap.web.dates import DayField

PREVIEW_URL = {TREE_KIND: "orgs:import_tree_preview", MEMBERS_KIND: "orgs:import_members_preview"}
PREVIEW_TEMPLATE = {TREE_KIND: "orgs/import_tree_preview.html", MEMBERS_KIND: "orgs/import_members_preview.html"}


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
            background.start_preview(staged, request.user)  # the worker reads it; the page waits
            return redirect(PREVIEW_URL[kind], pk=org.pk, staged=staged.pk)
    return render(request, "orgs/import_upload.html", {"org": org, "form": form, "tree": kind == TREE_KIND})


def _preview(request: HttpRequest, pk: int, staged: str, kind: str) -> HttpResponse:
    """GET: the preview once the job has read the file (until then its progress).
    POST: near-match answers (read again), or "Áp dụng" (a job: re-checked, all or nothing)."""
    org = _organization(request, pk, kind)
    upload = _staged(request, org, staged, kind)
    shown = background.state(upload, user=request.user)
    if request.method == "POST" and answers.is_answer(request.POST):
        answers.save_answers(upload, request.POST, background.questions_of(shown.preview))
        background.start_preview(upload, request.user)
        return redirect(PREVIEW_URL[kind], pk=org.pk, staged=upload.pk)
    if request.method == "POST":
        if shown.preview is None or not shown.preview["ok"]:
            messages.error(request, "Tệp chưa được đọc xong hoặc có lỗi; chưa thể áp dụng.")
            return redirect(PREVIEW_URL[kind], pk=org.pk, staged=upload.pk)
        return redirect(background.follow_url(background.start_apply(upload, request.user)))
    preview = shown.preview or {}
    context = {
        "org": org, "upload": upload, "shown": shown, "data": preview.get("data", {}),
        "issues": preview.get("issues", []), "can_apply": bool(preview.get("ok")),
        "near_questions": preview.get("questions", []),
    }  # fmt: skip
    return render(request, PREVIEW_TEMPLATE[kind], context)


@login_required
def tree_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, pk, TREE_KIND)


@login_required
def members_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, pk, MEMBERS_KIND)


@login_required
def tree_preview(request: HttpRequest, pk: int, staged: str) -> HttpResponse:
    """What the organisation list would create, then its apply job."""
    return _preview(request, pk, staged, TREE_KIND)


@login_required
def members_preview(request: HttpRequest, pk: int, staged: str) -> HttpResponse:
    """Who the member list would add or update, then its apply job."""
    return _preview(request, pk, staged, MEMBERS_KIND)
