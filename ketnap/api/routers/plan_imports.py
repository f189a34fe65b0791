"""Importing a plan's appendix (the allocation table, .xlsx) as background jobs, like
its pages: the upload answers 202 at once with the job that reads and checks the file;
the preview is readable once that job is done; applying is a second job that re-reads,
re-checks and writes all or nothing.

Why jobs and not the request: reading a province's appendix and matching its names
takes seconds and, applying, holds a write lock — the same reason the pages moved to
`ketnap.imports.background` (issue 15, point 1). The API goes through the very same
functions (`start_preview`, `state`, `start_apply`) with the plan's rights (edit right,
an editable revision): another subtree 404, a role that only reads 403."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ketnap.api.common import READ_ERRORS, WRITE_ERRORS, require, visible_or_404
from ketnap.api.routers.jobs import JobOut, accepted, job_out
from ketnap.imports import answers, background
from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.imports.runner import check_upload, stage_upload
from ketnap.jobs.models import Job, JobStatus
from ketnap.plans import permissions, selectors
from ketnap.plans.import_job import IMPORT_KIND
from ketnap.plans.models import Plan

router = Router(tags=["Kế hoạch — plans"])
NOT_READY = "Tệp chưa được đọc xong hoặc có lỗi; chưa thể áp dụng."


class ImportJobOut(JobOut):
    staged: str = Field(description="Mã tệp đã tải lên")
    preview_url: str = Field(description="Bản xem trước, đọc được khi việc đọc tệp xong")


class ImportIssue(Schema):
    where: str = Field(description="Tệp, trang tính, dòng, cột")
    message: str = Field(description="Lý do, tiếng Việt")


class ImportPreview(Schema):
    staged: str = Field(description="Mã tệp đã tải lên, dùng để áp dụng")
    job: JobOut = Field(description="Việc đã đọc tệp")
    ok: bool = Field(description="Tệp hợp lệ, có thể áp dụng")
    issues: list[ImportIssue] = Field(description="Các lỗi tìm thấy (rỗng nếu hợp lệ)")
    questions: list[dict[str, Any]] = Field(description="Tên gần giống cần xác nhận (trả lời: POST …/answers)")
    allocations: list[dict[str, Any]] = Field(description="Các dòng sẽ được ghi")
    totals: dict[str, Any]
    applying: JobOut | None = Field(description="Việc áp dụng gần nhất (nếu đã gửi)")
    apply_url: str = Field(description="POST vào đây để áp dụng (một việc chạy nền)")


def _plan_to_import(request: HttpRequest, plan_id: int) -> Plan:
    plan = visible_or_404(Plan.objects.select_related("organization"), request, plan_id)
    require(permissions.can_edit_plan(request.user, plan), "Bạn chỉ được xem kế hoạch này, không được sửa.")
    require(
        selectors.editable_revision(plan) is not None,
        "Kế hoạch đã ban hành: hãy tạo một lần giao bổ sung rồi mới nhập bảng mới.",
    )
    return plan


def _staged(request: HttpRequest, plan: Plan, staged_id: str) -> StagedImport:
    """The user's own upload for this plan that is still waiting (the page's lookup)."""
    try:
        pk = uuid.UUID(staged_id)
    except ValueError as exc:
        raise Http404("Không có tệp này.") from exc
    return get_object_or_404(
        StagedImport.objects.visible_to(request.user),
        pk=pk,
        kind=IMPORT_KIND,
        uploaded_by=request.user,
        status=StagedImportStatus.PREVIEWED,
        options__plan=plan.pk,
    )


def _urls(plan: Plan, staged: StagedImport) -> str:
    return f"/api/v1/plans/{plan.pk}/imports/{staged.pk}"


def _reading(plan: Plan, staged: StagedImport, job: Job) -> Status:
    return Status(202, {**job_out(job), "staged": str(staged.pk), "preview_url": _urls(plan, staged)})


@router.post(
    "/plans/{plan_id}/imports",
    response={202: ImportJobOut, **WRITE_ERRORS},
    summary="Tải lên phụ lục giao chỉ tiêu (.xlsx): việc đọc tệp chạy nền (202)",
)
def upload_allocations(
    request: HttpRequest, plan_id: int, file: File[UploadedFile], create_missing: Form[bool] = False
) -> Status:
    """The file is stored and a job reads it; poll `url` (the job) or `preview_url`."""
    plan = _plan_to_import(request, plan_id)
    reason = check_upload(file.name or "", file.size or 0)
    if reason:
        raise ValidationError({"file": reason})
    staged = stage_upload(
        kind=IMPORT_KIND,
        organization=plan.organization,
        user=request.user,
        filename=file.name or "upload.xlsx",
        data=file.read(),
        options={"plan": plan.pk, "create_missing": create_missing},
    )
    return _reading(plan, staged, background.start_preview(staged, request.user))


@router.get(
    "/plans/{plan_id}/imports/{staged_id}",
    response={200: ImportPreview, 202: ImportJobOut, **READ_ERRORS},
    summary="Bản xem trước của tệp đã tải lên (202 khi đang đọc)",
)
def import_preview(request: HttpRequest, plan_id: int, staged_id: str) -> Any:
    """200 with the preview once the reading job is done; 202 with that job while it
    waits or runs; 422 with its Vietnamese reason if it failed (retry on its page)."""
    plan = _plan_to_import(request, plan_id)
    staged = _staged(request, plan, staged_id)
    shown = background.state(staged, user=request.user)
    assert shown.job is not None  # state() queues a reading when there is none
    if shown.job.status == JobStatus.FAILED:
        raise ValidationError({"file": shown.job.error or "Không đọc được tệp."})
    if shown.preview is None:
        return _reading(plan, staged, shown.job)
    data = shown.preview.get("data", {})
    return {
        "staged": str(staged.pk),
        "job": job_out(shown.job),
        "ok": bool(shown.preview["ok"]),
        "issues": shown.preview.get("issues", []),
        "questions": shown.preview.get("questions", []),
        "allocations": data.get("allocations", []),
        "totals": data.get("totals", {}),
        "applying": job_out(shown.applying) if shown.applying else None,
        "apply_url": f"{_urls(plan, staged)}/apply",
    }


@router.post(
    "/plans/{plan_id}/imports/{staged_id}/apply",
    response={202: JobOut, **WRITE_ERRORS},
    summary="Áp dụng tệp đã xem trước: việc chạy nền (202), tất cả hoặc không gì cả",
)
def apply_allocations(request: HttpRequest, plan_id: int, staged_id: str) -> Status:
    """Refused (422) until the preview is read and has no error, as on the page; a
    second request while the first apply job waits returns that same job."""
    plan = _plan_to_import(request, plan_id)
    staged = _staged(request, plan, staged_id)
    shown = background.state(staged, user=request.user)
    if shown.preview is None or not shown.preview["ok"]:
        raise ValidationError(NOT_READY)
    return accepted(background.start_apply(staged, request.user))


class NearAnswers(Schema):
    answers: dict[str, Literal["accept", "create"]] = Field(
        description="{khóa câu hỏi (`questions[].key`): accept (dùng tổ chức đã có) | create (tạo mới)}"
    )


@router.post(
    "/plans/{plan_id}/imports/{staged_id}/answers",
    response={202: ImportJobOut, **WRITE_ERRORS},
    summary="Trả lời các tên gần giống của bản xem trước; tệp được đọc lại (202)",
)
def answer_near_matches(request: HttpRequest, plan_id: int, staged_id: str, body: NearAnswers) -> Status:
    """The page's radio answers to near matches ("Bản Cám" in the file, "Bản Cầm" in the
    tree): stored with the upload, then a new reading job checks the file with them —
    the same `answers.save_answers` and `start_preview` as the page. A key the preview
    did not ask about is 422 naming `answers`."""
    plan = _plan_to_import(request, plan_id)
    staged = _staged(request, plan, staged_id)
    shown = background.state(staged, user=request.user)
    if shown.preview is None:
        raise ValidationError({"answers": "Tệp chưa được đọc xong; chưa có câu hỏi để trả lời."})
    questions = background.questions_of(shown.preview)
    unknown = sorted(set(body.answers) - {q.key for q in questions})
    if unknown:
        raise ValidationError({"answers": f"Bản xem trước không hỏi về: {', '.join(unknown)}."})
    post = {answers.field_name(q): body.answers[q.key] for q in questions if q.key in body.answers}
    answers.save_answers(staged, post, questions)
    return _reading(plan, staged, background.start_preview(staged, request.user))
