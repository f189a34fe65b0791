"""A job's page, polled by htmx until it is done; its result; a retry button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ketnap.audit.registry import record
from ketnap.jobs import services
from ketnap.jobs.models import Job, JobStatus


def _own_job(request: HttpRequest, pk: int) -> Job:
    """A job is its requester's (a superuser sees all); anyone else gets 404."""
    jobs = Job.objects.all() if request.user.is_superuser else Job.objects.filter(user_id=request.user.pk or 0)
    return get_object_or_404(jobs, pk=pk)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(user_id=request.user.pk or 0)[:50]
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page, or (htmx) its status block. With `?follow=1` (a page that waits
    for its own result, e.g. an import's preview) a finished job with a result page
    sends the browser there instead of showing a link."""
    job = _own_job(request, pk)
    follow = request.GET.get("follow") == "1"
    if follow and job.status == JobStatus.DONE and job.result_url:
        messages.success(request, job.message)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = job.result_url
            return response
        return redirect(job.result_url)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, {"job": job, "follow": follow})


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.retry(_own_job(request, pk))
    # A job started from a page that waits for it (an import's preview) goes back there.
    page = job.params.get("page") if isinstance(job.params, dict) else None
    if isinstance(page, str) and page.startswith("/"):
        return redirect(page)
    return redirect("jobs:detail", pk=job.pk)


@login_required
def job_result(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    if job.status != JobStatus.DONE or not job.result:
        raise Http404("Kết quả chưa có.")
    # The worker recorded the export when it made the file; each download of it is a read.
    record("read", job, {"file": [None, job.result_name], "what": [None, job.title]}, user=request.user)
    return FileResponse(
        job.result.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type or None
    )
