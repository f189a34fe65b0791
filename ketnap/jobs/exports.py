"""Exports that can be long run as jobs: one builder per export, called by the view
for a small scope (the file comes back in the response) and by the worker for a large
one (the view records a job and the page polls it).

A builder is `build(user, params) -> Download`; `params` are the export's plain values
(organisation id, day, period — never objects), so the worker re-reads everything as
the user who asked: a role withdrawn or an organisation out of scope since is a failed
job with the Vietnamese reason (PermissionDenied, Http404), retryable. Each export is
recorded in the audit, by the view or by the worker with the job's id.

Which exports are jobs, and from what size, is decided where the view calls
`respond(...)` with `large=` (docs/operations.md, "Việc chạy nền", lists them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from ketnap.audit.registry import record
from ketnap.jobs.models import Job, JobKind
from ketnap.jobs.services import JobError, Outcome, Progress, runner, start

#: An organisation whose subtree holds more organisations than this is "province
#: scale": its aggregated exports (progress, statistics form, evaluation) are jobs. A
#: commune of 60 cells stays in the request; a district or a province does not.
LARGE_SUBTREE = 300
#: A table with more rows than this (a plan's allocations, a compiled report's parts)
#: renders in 250–350 ms before its queries (benchmarks/documents.py, 400 rows): a job.
LARGE_TABLE = 100


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    content_type: str
    #: What the audit event is about, and the changes it records.
    audited: Any
    details: dict[str, Any]


Builder = Callable[[Any, dict[str, Any]], Download]
EXPORTS: dict[str, Builder] = {}


def export(name: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        EXPORTS[name] = fn
        return fn

    return register


def large_subtree(org: Any) -> bool:
    from ketnap.orgs.models import Organization

    return Organization.objects.filter(path__startswith=org.path).count() > LARGE_SUBTREE


def produce(
    user: Any, name: str, params: dict[str, Any], *, large: bool, title: str, organization: Any = None
) -> HttpResponse | Job:
    """The file now (recorded in the audit), or (large) the job that will make it: the
    page redirects to a job, the API answers 202 with it."""
    if large:
        params = {"export": name, **params}
        return start(JobKind.EXPORT, user=user, title=title, params=params, organization=organization)
    download = EXPORTS[name](user, params)
    record("export", download.audited, download.details, user=user)
    response = HttpResponse(download.data, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


def respond(
    request: HttpRequest, name: str, params: dict[str, Any], *, large: bool, title: str, organization: Any = None
) -> HttpResponse:
    """The file now, or (large) a job and its polled page."""
    made = produce(request.user, name, params, large=large, title=title, organization=organization)
    return redirect("jobs:detail", pk=made.pk) if isinstance(made, Job) else made


@runner(JobKind.EXPORT)
def run_export(job: Job, progress: Progress) -> Outcome:
    params = dict(job.params)
    name = str(params.pop("export", ""))
    if name not in EXPORTS:
        raise JobError("Không có loại tệp xuất này.")
    progress(10, "Đang đọc số liệu…")
    try:
        download = EXPORTS[name](job.user, params)
    except Http404 as exc:
        raise JobError("Tổ chức hoặc văn bản không còn trong phạm vi của bạn.") from exc
    except PermissionDenied as exc:
        raise JobError(str(exc) or "Bạn không còn quyền xuất tệp này (vai trò đã thay đổi).") from exc
    record("export", download.audited, {**download.details, "job": [None, job.pk]}, user=job.user)
    return Outcome(download.data, download.filename, download.content_type, f"Tệp {download.filename} đã sẵn sàng.")
