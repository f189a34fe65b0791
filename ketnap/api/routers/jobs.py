"""Background jobs through the API: where the screens start long work (a PDF, a large
audit export, a province's compile) and poll its page, the API answers 202 with the
job's URL here; a job is its requester's (anyone else: 404), as on the job page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from ketnap.api.common import READ_ERRORS
from ketnap.jobs.models import Job, JobStatus

router = Router(tags=["Việc chạy nền — jobs"])


class JobOut(Schema):
    id: int
    kind: str = Field(description="document_pdf, audit_export, round_compile")
    title: str
    status: str = Field(description="queued, running, done, failed")
    percent: int
    message: str = Field(description="Đang làm gì, như trang việc chạy nền")
    error: str = Field(description="Lý do lỗi (tiếng Việt) nếu thất bại")
    created_at: datetime
    finished_at: datetime | None
    url: str = Field(description="Địa chỉ của việc này trong API (hỏi lại cho đến khi xong)")
    result_url: str | None = Field(description="Tải kết quả (tệp) khi xong, hoặc trang kết quả")


def job_out(job: Job) -> dict[str, Any]:
    result: str | None = None
    if job.status == JobStatus.DONE:
        result = f"/api/v1/jobs/{job.pk}/result" if job.result else (job.result_url or None)
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "percent": job.percent,
        "message": job.message,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "url": f"/api/v1/jobs/{job.pk}",
        "result_url": result,
    }


def accepted(job: Job) -> Status:
    """202 Accepted with the job (and its URL in Location), as the page redirects to it."""
    return Status(202, job_out(job))


def _own(request: HttpRequest, pk: int) -> Job:
    jobs = Job.objects.all() if request.user.is_superuser else Job.objects.filter(user_id=request.user.pk or 0)
    return get_object_or_404(jobs, pk=pk)


@router.get("/jobs/{job_id}", response={200: JobOut, **READ_ERRORS}, summary="Tình trạng một việc chạy nền")
def get_job(request: HttpRequest, job_id: int) -> dict[str, Any]:
    return job_out(_own(request, job_id))


@router.get(
    "/jobs/{job_id}/result",
    response=READ_ERRORS,
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp kết quả",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
    summary="Tải kết quả của việc chạy nền",
)
def get_job_result(request: HttpRequest, job_id: int) -> FileResponse:
    job = _own(request, job_id)
    if job.status != JobStatus.DONE or not job.result:
        raise Http404("Kết quả chưa có.")
    return FileResponse(
        job.result.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type or None
    )
