"""Starting, running and retrying jobs.

A runner is a function `(job, progress) -> Outcome` registered for a kind. It raises
`JobError` with a Vietnamese sentence for failures a user can act on; any other
exception is logged and shown as a generic Vietnamese failure (the detail stays in
the server log, not on the page)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from ketnap.audit.context import acting_as
from ketnap.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)
GENERIC_FAILURE = (
    "Việc chạy nền gặp lỗi ngoài dự kiến; quản trị viên xem chi tiết trong nhật ký máy chủ. Có thể chạy lại."
)


class JobError(Exception):
    """A failure explained to the user, in Vietnamese."""


@dataclass(frozen=True)
class Outcome:
    """A file to download (`data`, `filename`, `content_type`), or a page to open (`url`)
    when the job wrote its result into the database (a compiled report) or keeps it in
    `values` for that page to render (an import's preview)."""

    data: bytes = b""
    filename: str = ""
    content_type: str = ""
    message: str = "Đã xong."
    url: str = ""
    #: JSON-safe values the page renders itself (an import's preview), kept in Job.data.
    values: dict[str, Any] | None = None


Runner = Callable[[Job, "Progress"], Outcome]
_RUNNERS: dict[str, Runner] = {}


def runner(kind: str) -> Callable[[Runner], Runner]:
    def register(fn: Runner) -> Runner:
        _RUNNERS[kind] = fn
        return fn

    return register


class Progress:
    """Writes percent and message to the job row (outside any runner transaction, so
    the polling page sees them at once)."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, percent: int, message: str) -> None:
        self.job.percent = max(0, min(100, int(percent)))
        self.job.message = message[:255]
        Job.objects.filter(pk=self.job.pk).update(percent=self.job.percent, message=self.job.message)


def start(kind: str, *, user: Any, title: str, params: dict[str, Any], organization: Any | None = None) -> Job:
    """Record the job and put it on the queue (the queue row is written in the same
    transaction, so a worker never sees a job that was rolled back)."""
    if kind not in _RUNNERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title[:255],
        params=params,
        user=user,
        organization=organization,
        org_path=getattr(organization, "path", "") or "",
        message="Đang chờ đến lượt…",
    )
    _enqueue(job)
    job.refresh_from_db()
    return job


def retry(job: Job) -> Job:
    """Run a failed job again with the same parameters."""
    if job.status != JobStatus.FAILED:
        return job
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, percent=0, message="Đang chờ chạy lại…", error="", finished_at=None, data={}
    )
    _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: Job) -> None:
    from ketnap.jobs.tasks import run_job

    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])


def execute(job_id: int) -> None:
    """Run job `job_id` in this process (called by the task, in the worker)."""
    job = Job.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status in (JobStatus.DONE, JobStatus.RUNNING):
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1, message="Đang chạy…"
    )
    progress = Progress(job)
    try:
        # No transaction around the runner: progress must be visible while it works, and
        # a runner that writes opens its own (all-or-nothing) transaction.
        with acting_as(job.user):
            outcome = _RUNNERS[job.kind](job, progress)
    except JobError as exc:
        _fail(job, str(exc))
        return
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(job, GENERIC_FAILURE)
        return
    if outcome.filename:
        job.result.save(outcome.filename, ContentFile(outcome.data), save=False)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        percent=100,
        message=outcome.message[:255],
        result=job.result.name or "",
        result_url=outcome.url[:255],
        data=outcome.values or {},
        result_name=outcome.filename[:255],
        result_type=outcome.content_type[:100],
        finished_at=timezone.now(),
    )


def _fail(job: Job, reason: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=reason, message="Không làm được.", finished_at=timezone.now()
    )
