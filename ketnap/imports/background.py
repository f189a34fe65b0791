"""Imports in the browser as background jobs: the upload is stored, a job reads and
checks it (the preview), the page shows the preview when the job is done, and
"Áp dụng" is a second job that re-reads, re-checks and writes all or nothing.

Reading a province's file and matching thousands of names takes seconds; inside the
request it held a web worker (and, applying, a write lock). The job runner is the one
of `ketnap.jobs`: progress and message on the polled page, a Vietnamese reason when
it fails, a retry button. Tasks take ids: the job's parameters are the staged upload's
id (and the page to come back to), nothing else.

An import page joins by registering an `ImportJob` for its `StagedImport.kind`:

    register(ImportJob(kind=..., run=..., preview_url=...))

`run(staged, user, apply, progress)` calls the importer (which uses
`runner.run_import`) and returns an `ImportRun`: whether it was written, the issues,
the near-match questions, and `data` — the JSON-safe rows its preview page shows.
The page then calls `start_preview` after the upload and after near-match answers,
`state(staged)` to render (the preview job, its finished preview or None while it
runs), and `start_apply` on "Áp dụng"."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from ketnap.imports.issues import ImportIssues
from ketnap.imports.matching import NearQuestion
from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.imports.runner import ProgressFn, finish_staged
from ketnap.jobs.models import Job, JobKind, JobStatus
from ketnap.jobs.services import JobError, Outcome, Progress, runner, start

#: How many of a refused file's issues the failed apply job names (the preview lists all).
ISSUES_IN_ERROR = 5


@dataclass
class ImportRun:
    """What one preview or apply run found; `message`/`url` say where to go once applied."""

    applied: bool
    issues: ImportIssues
    questions: list[NearQuestion] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    url: str = ""


@dataclass(frozen=True)
class ImportJob:
    kind: str
    #: run(staged, user, apply, progress) -> ImportRun; raises PermissionDenied when refused.
    run: Callable[[StagedImport, Any, bool, ProgressFn], ImportRun]
    preview_url: Callable[[StagedImport], str]
    #: "Nhập bảng giao chỉ tiêu": the jobs' titles begin with it.
    title: str = "Nhập dữ liệu"


_IMPORTS: dict[str, ImportJob] = {}


def register(spec: ImportJob) -> ImportJob:
    _IMPORTS[spec.kind] = spec
    return spec


@dataclass(frozen=True)
class State:
    """What the preview page shows: the job reading the file, and its preview once done."""

    job: Job | None
    preview: dict[str, Any] | None
    applying: Job | None

    @property
    def waiting(self) -> bool:
        return self.preview is None


def _jobs(staged: StagedImport, kind: str) -> Any:
    return Job.objects.filter(kind=kind, user_id=staged.uploaded_by_id or 0, params__staged=str(staged.pk))


def start_preview(staged: StagedImport, user: Any) -> Job:
    """Queue the reading of `staged` (after the upload, and after each near-match answer)."""
    spec = _IMPORTS[staged.kind]
    return start(
        JobKind.IMPORT_PREVIEW,
        user=user,
        title=f"{spec.title}: đọc tệp {staged.filename}",
        params={"staged": str(staged.pk), "page": spec.preview_url(staged)},
        organization=staged.organization,
    )


def start_apply(staged: StagedImport, user: Any) -> Job:
    """Queue the application of `staged`, unless an apply job for it is already queued
    or running (a double click) — then that one is returned."""
    pending = _jobs(staged, JobKind.IMPORT_APPLY).exclude(status__in=[JobStatus.DONE, JobStatus.FAILED]).first()
    if pending is not None:
        return pending
    spec = _IMPORTS[staged.kind]
    return start(
        JobKind.IMPORT_APPLY,
        user=user,
        title=f"{spec.title}: áp dụng tệp {staged.filename}",
        params={"staged": str(staged.pk)},
        organization=staged.organization,
    )


def follow_url(job: Job) -> str:
    """The job's page, which opens the result page (with the job's message) once done."""
    return reverse("jobs:detail", args=[job.pk]) + "?follow=1"


def state(staged: StagedImport, *, user: Any) -> State:
    """The preview page's jobs; an upload staged without one (through the API, or before
    imports ran as jobs) gets its reading queued now."""
    job = _jobs(staged, JobKind.IMPORT_PREVIEW).order_by("-id").first()
    if job is None:
        job = start_preview(staged, user)
    preview = job.data if job is not None and job.status == JobStatus.DONE and job.data else None
    applying = _jobs(staged, JobKind.IMPORT_APPLY).order_by("-id").first()
    return State(job, preview, applying)


def questions_of(preview: dict[str, Any] | None) -> list[NearQuestion]:
    """The near-match questions a finished preview asked (to store the answers)."""
    return [NearQuestion(**q) for q in (preview or {}).get("questions", [])]


def _staged(job: Job) -> tuple[StagedImport, ImportJob]:
    """The job's upload, re-read as the user who asked (scope and status checked again)."""
    staged = (
        StagedImport.objects.visible_to(job.user)
        .filter(pk=job.params.get("staged"), uploaded_by=job.user)
        .select_related("organization")
        .first()
    )
    if staged is None:
        raise JobError("Tệp nhập không còn (đã bị xóa, hoặc tổ chức không còn trong phạm vi của bạn).")
    if staged.status != StagedImportStatus.PREVIEWED:
        raise JobError(f"Tệp {staged.filename} đã {staged.get_status_display().lower()}; hãy tải lên lại nếu cần.")
    if staged.kind not in _IMPORTS:
        raise JobError("Không có loại nhập dữ liệu này.")
    return staged, _IMPORTS[staged.kind]


def _run(spec: ImportJob, staged: StagedImport, job: Job, apply: bool, progress: Progress) -> ImportRun:
    try:
        return spec.run(staged, job.user, apply, progress)
    except PermissionDenied as exc:
        raise JobError(str(exc) or "Bạn không còn quyền nhập dữ liệu vào tổ chức này.") from exc


def _preview_values(run: ImportRun) -> dict[str, Any]:
    return {
        "ok": not run.issues,
        "issues": [{"where": i.where, "message": i.message} for i in run.issues],
        "questions": [q.as_json() for q in run.questions],
        "data": run.data,
        "read_at": timezone.now().isoformat(),
    }


@runner(JobKind.IMPORT_PREVIEW)
def import_preview(job: Job, progress: Progress) -> Outcome:
    """Read and check the file, write nothing; the preview goes into the job's data."""
    staged, spec = _staged(job)
    run = _run(spec, staged, job, False, progress)
    progress(95, "Đang chuẩn bị bản xem trước…")
    found = f"{len(run.issues)} lỗi" if run.issues else "không có lỗi"
    return Outcome(message=f"Đã đọc xong tệp {staged.filename}: {found}.", url=spec.preview_url(staged),
                   values=_preview_values(run))  # fmt: skip


@runner(JobKind.IMPORT_APPLY)
def import_apply(job: Job, progress: Progress) -> Outcome:
    """Re-read, re-check and write all or nothing. A file that is no longer valid (data
    changed since the preview) fails the job naming the issues; the upload stays so that
    the user can look at the preview again, answer, or retry once the conflict is gone."""
    staged, spec = _staged(job)
    run = _run(spec, staged, job, True, progress)
    if not run.applied:
        raise JobError(_refusal(staged.filename, run.issues))
    finish_staged(staged, StagedImportStatus.APPLIED)
    return Outcome(message=run.message or f"Đã nhập tệp {staged.filename}.", url=run.url)


def _refusal(filename: str, issues: Iterable[Any]) -> str:
    listed = list(issues)
    lines = [f"{i.where}: {i.message.rstrip('.')}" for i in listed[:ISSUES_IN_ERROR]]
    more = f" (và {len(listed) - ISSUES_IN_ERROR} lỗi khác)" if len(listed) > ISSUES_IN_ERROR else ""
    return (
        f"Tệp {filename} không nhập được; không có gì được ghi. "
        + "; ".join(lines)
        + more
        + ". Sửa tệp rồi tải lên lại, hoặc chạy lại khi dữ liệu đã được sửa."
    )
