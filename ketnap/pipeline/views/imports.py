"""Bulk import of candidates: upload → preview (nothing written) → apply (all or nothing).
The staging, the issue list and the transaction are the shared `ketnap.imports`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from openpyxl import Workbook

from ketnap.documents.spreadsheet import setup_print, workbook_bytes, write_table, write_title
from ketnap.documents.tables import HeaderCell, TableSpec, Value
from ketnap.imports import answers, background
from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.imports.runner import check_upload, stage_upload
from ketnap.orgs.models import Organization
from ketnap.pipeline import permissions
from ketnap.pipeline.forms import ImportForm
from ketnap.pipeline.importer import IMPORT_KIND
from ketnap.pipeline.views.common import require

SAMPLE_HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Tôn giáo",
    "Số CCCD",
    "Học vấn",
    "Thành phần",
    "Nghề nghiệp",
    "Chi bộ",
    "Ngày giới thiệu",
    "Đơn vị giới thiệu",
    "Nhóm ưu tiên",
    "Đoàn viên",
    "Nơi cư trú",
    "Ngày vào danh sách cảm tình đảng",
    "Số GCN",
    "Ngày cấp GCN",
]


def _orgs(request: HttpRequest) -> object:
    visible = Organization.objects.visible_to(request.user).order_by("path")
    return visible.filter(pk__in=[o.pk for o in visible if permissions.can_manage(request.user, o)][:500])


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require(permissions.manages_anywhere(request.user), "Bạn không có quyền nhập danh sách quần chúng.")
    form = ImportForm(request.POST or None, request.FILES or None, organizations=_orgs(request))
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        reason = check_upload(file.name, file.size)
        if reason:
            form.add_error("file", reason)
        else:
            staged = stage_upload(
                kind=IMPORT_KIND,
                organization=form.cleaned_data["organization"],
                user=request.user,
                filename=file.name,
                data=file.read(),
                options={"default_day": timezone.localdate().isoformat()},
            )
            background.start_preview(staged, request.user)  # the worker reads it; the page waits
            return redirect("pipeline:import_preview", staged=staged.pk)
    return render(request, "pipeline/import.html", {"form": form})


@login_required
def preview(request: HttpRequest, staged: str) -> HttpResponse:
    """GET: the preview once the job has read the file (until then its progress).
    POST: near-match answers (read again), or "Áp dụng" (a job: re-checked, all or nothing)."""
    upload_row = get_object_or_404(
        StagedImport.objects.visible_to(request.user),
        pk=staged,
        kind=IMPORT_KIND,
        uploaded_by=request.user,
        status=StagedImportStatus.PREVIEWED,
    )
    org = upload_row.organization
    require(permissions.can_manage(request.user, org), "Bạn không có quyền nhập quần chúng vào tổ chức này.")
    shown = background.state(upload_row, user=request.user)
    if request.method == "POST" and answers.is_answer(request.POST):
        answers.save_answers(upload_row, request.POST, background.questions_of(shown.preview))
        background.start_preview(upload_row, request.user)
        return redirect("pipeline:import_preview", staged=upload_row.pk)
    if request.method == "POST":
        if shown.preview is None or not shown.preview["ok"]:
            messages.error(request, "Tệp chưa được đọc xong hoặc có lỗi; chưa thể áp dụng.")
            return redirect("pipeline:import_preview", staged=upload_row.pk)
        job = background.start_apply(upload_row, request.user)
        return redirect(background.follow_url(job))
    preview = shown.preview or {}
    context = {
        "upload": upload_row,
        "org": org,
        "shown": shown,
        "rows": preview.get("data", {}).get("rows", []),
        "issues": preview.get("issues", []),
        "can_apply": bool(preview.get("ok")),
        "near_questions": preview.get("questions", []),
    }
    return render(request, "pipeline/import_preview.html", context)


@login_required
def sample(request: HttpRequest) -> HttpResponse:
    """An empty sheet with the expected columns, to fill in Excel."""
    require(permissions.manages_anywhere(request.user), "Bạn không có quyền nhập danh sách quần chúng.")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Quần chúng"
    top = write_title(ws, ["DANH SÁCH QUẦN CHÚNG ƯU TÚ ĐƯỢC GIỚI THIỆU"], width=len(SAMPLE_HEADERS))
    example: list[Value] = [
        "1",
        "Nguyễn Văn An",
        "15/03/2000",
        "Nam",
        "Tày",
        "Không",
        "",
        "THPT",
        "Nông, lâm, ngư nghiệp",
        "Trồng rừng",
        "Chi bộ Hưng Thịnh",
        "10/01/2026",
        "Đoàn TNCS Hồ Chí Minh",
        "Quân nhân xuất ngũ",
        "x",
        "Thôn Hưng Thịnh",
        "",
        "",
        "",
    ]
    spec = TableSpec([[HeaderCell(h) for h in SAMPLE_HEADERS]], [example], widths=[5.0, 24.0] + [14.0] * 17)
    write_table(ws, spec, top=top + 1)
    setup_print(ws, header_rows=(top + 1, top + 1))
    ws.freeze_panes = ws.cell(top + 2, 3)
    response = HttpResponse(
        workbook_bytes(wb), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-quan-chung.xlsx"'
    return response
