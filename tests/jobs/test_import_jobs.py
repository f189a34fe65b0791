"""Imports in the browser run as background jobs (imports.background): the upload
returns at once, the preview page shows the reading job's progress and then the
preview, "Áp dụng" is a second job that writes all or nothing; refusals are
Vietnamese and the failed job can be retried. Tasks get the job's id only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.jobs import services
from ketnap.jobs.models import Job, JobKind, JobStatus
from ketnap.orgs.models import Organization
from ketnap.pipeline.models import Candidate
from ketnap.plans.models import Allocation, Plan
from ketnap.plans.services import create_plan
from tests.conftest import client_for, org
from tests.fixtures.plans import make_fixtures as fx
from tests.pipeline.test_import import GOOD, xlsx

pytestmark = pytest.mark.django_db
CAO_MINH = "Đảng bộ xã Cao Minh"


def _upload_candidates(client: Any, rows: list[list[object]] = GOOD) -> str:
    upload = SimpleUploadedFile("quan-chung.xlsx", xlsx(rows))
    response = client.post(reverse("pipeline:import"), {"file": upload, "organization": org(CAO_MINH).pk})
    assert response.status_code == 302
    return str(response["Location"])


def _latest(kind: str) -> Job:
    return Job.objects.filter(kind=kind).latest("id")


def test_the_upload_returns_at_once_and_the_page_shows_the_reading_jobs_progress(queued: None) -> None:
    client = client_for("bxd.caominh")
    preview_url = _upload_candidates(client)
    job = _latest(JobKind.IMPORT_PREVIEW)
    staged = StagedImport.objects.get(pk=job.params["staged"])
    # The task is given the job's id, the job plain values: no object crosses the queue.
    assert DBTaskResult.objects.get(id=job.task_id).args_kwargs["args"] == [job.pk]
    assert job.params == {"staged": str(staged.pk), "page": preview_url} and job.status == JobStatus.QUEUED
    page = client.get(preview_url).content.decode()
    assert 'data-testid="import-waiting"' in page and "Đang chờ" in page and "Áp dụng" not in page
    assert f"{reverse('jobs:detail', args=[job.pk])}?follow=1" in page and 'hx-trigger="every 1s"' in page

    services.Progress(job)(40, "Đang đọc và kiểm tra tệp…")
    poll = client.get(reverse("jobs:detail", args=[job.pk]) + "?follow=1", headers={"HX-Request": "true"})
    assert 'value="40"' in poll.content.decode() and "Đang đọc và kiểm tra tệp…" in poll.content.decode()

    services.execute(job.pk)  # what the worker does
    poll = client.get(reverse("jobs:detail", args=[job.pk]) + "?follow=1", headers={"HX-Request": "true"})
    assert poll["HX-Redirect"] == preview_url  # the waiting page opens its preview
    page = client.get(preview_url).content.decode()
    assert "Áp dụng: nhập 3 người" in page and "Hoàng Văn Nhập" in page and "12/05/1998" in page
    assert not Candidate.objects.filter(full_name__endswith="Nhập").exists()  # a preview writes nothing


def test_apply_is_a_job_that_writes_everything_and_links_the_board(queued: None) -> None:
    client = client_for("bxd.caominh")
    preview_url = _upload_candidates(client)
    services.execute(_latest(JobKind.IMPORT_PREVIEW).pk)
    response = client.post(preview_url)
    apply = _latest(JobKind.IMPORT_APPLY)
    assert response["Location"] == reverse("jobs:detail", args=[apply.pk]) + "?follow=1"
    assert apply.status == JobStatus.QUEUED and "Đang chờ" in client.get(response["Location"]).content.decode()
    assert client.post(preview_url)["Location"] == response["Location"]  # a double click queues nothing more
    assert not Candidate.objects.filter(full_name__endswith="Nhập").exists()
    services.execute(apply.pk)
    apply.refresh_from_db()
    assert apply.status == JobStatus.DONE and apply.message == "Đã nhập 3 quần chúng từ quan-chung.xlsx."
    assert apply.result_url == reverse("pipeline:board", args=[org(CAO_MINH).pk])
    assert Candidate.objects.filter(full_name__endswith="Nhập").count() == 3
    page = client.get(reverse("jobs:detail", args=[apply.pk])).content.decode()
    assert "Xem kết quả" in page and apply.result_url in page
    board = client.get(response["Location"], follow=True)  # the waiting page opens the board, saying what was done
    assert board.redirect_chain[-1][0] == apply.result_url and apply.message in board.content.decode()
    assert client.get(preview_url).status_code == 404  # applied once
    assert StagedImport.objects.get(pk=apply.params["staged"]).status == StagedImportStatus.APPLIED


def test_a_file_no_longer_valid_fails_the_apply_job_in_vietnamese_and_it_can_be_retried() -> None:
    """Tests run tasks immediately: the preview is ready when the upload returns."""
    client = client_for("bxd.caominh")
    preview_url = _upload_candidates(client, GOOD[:1])
    assert "Áp dụng: nhập 1 người" in client.get(preview_url).content.decode()
    # Meanwhile someone else imports the same person: the apply must refuse.
    client_for("bxd.caominh").post(_upload_candidates(client_for("bxd.caominh"), GOOD[:1]))
    assert Candidate.objects.filter(full_name="Hoàng Văn Nhập").count() == 1
    response = client.post(preview_url, follow=True)
    apply = _latest(JobKind.IMPORT_APPLY)
    assert apply.status == JobStatus.FAILED and "không có gì được ghi" in apply.error and "dòng 4" in apply.error
    text = response.content.decode()
    assert "không có gì được ghi" in text and "Chạy lại" in text
    assert Candidate.objects.filter(full_name="Hoàng Văn Nhập").count() == 1
    # The upload is kept: its preview page shows why the last apply failed.
    assert 'data-testid="apply-failed"' in client.get(preview_url).content.decode()
    # Retry runs the same apply again (the person is still there: refused again, nothing written).
    assert client.post(reverse("jobs:retry", args=[apply.pk]))["Location"] == reverse("jobs:detail", args=[apply.pk])
    apply.refresh_from_db()
    assert apply.status == JobStatus.FAILED and apply.attempts == 2 and "không có gì được ghi" in apply.error
    assert Candidate.objects.filter(full_name="Hoàng Văn Nhập").count() == 1


def test_a_failed_reading_says_why_and_retry_returns_to_the_preview_page(monkeypatch: Any) -> None:
    def broken(*args: Any, **kw: Any) -> Any:
        raise RuntimeError("disk")

    monkeypatch.setattr("ketnap.pipeline.import_job.import_candidates", broken)
    client = client_for("bxd.caominh")
    preview_url = _upload_candidates(client)
    job = _latest(JobKind.IMPORT_PREVIEW)
    assert job.status == JobStatus.FAILED and job.error == services.GENERIC_FAILURE
    page = client.get(preview_url).content.decode()
    assert "Việc chạy nền gặp lỗi ngoài dự kiến" in page and "Chạy lại" in page and "disk" not in page
    monkeypatch.undo()
    response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response["Location"] == preview_url
    assert "Áp dụng: nhập 3 người" in client.get(preview_url).content.decode()


def test_the_worker_reads_the_upload_as_the_user_who_asked() -> None:
    """Another user's job on the same upload (or a scope withdrawn) fails in Vietnamese."""
    client = client_for("bxd.caominh")
    preview_url = _upload_candidates(client)
    staged = StagedImport.objects.get(pk=_latest(JobKind.IMPORT_PREVIEW).params["staged"])
    other = get_user_model().objects.get(username="bxd.dongtien")
    job = services.start(JobKind.IMPORT_APPLY, user=other, title="x", params={"staged": str(staged.pk)})
    assert job.status == JobStatus.FAILED and "phạm vi" in job.error
    assert not Candidate.objects.filter(full_name__endswith="Nhập").exists()
    assert client_for("bxd.dongtien").get(preview_url).status_code == 404


def test_the_plan_appendix_is_read_and_applied_by_jobs(queued: None, dong_tien: Organization) -> None:
    board = get_user_model().objects.get(username="bxd.dongtien")
    plan = Plan.objects.filter(organization=dong_tien, year=2025).first() or create_plan(
        dong_tien, actor=board, year=2025, by_quarter=True, with_introduce=True
    )
    client = client_for("bxd.dongtien")
    upload = SimpleUploadedFile("phu-luc.xlsx", fx.dong_tien_xlsx())
    response = client.post(reverse("plans:import", args=[plan.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    preview_url = response["Location"]
    assert 'data-testid="import-waiting"' in client.get(preview_url).content.decode()
    services.execute(_latest(JobKind.IMPORT_PREVIEW).pk)
    page = client.get(preview_url).content.decode()
    assert 'data-testid="import-ok"' in page and "Chi bộ Mỏ Ấm" in page
    before = Allocation.objects.filter(revision__plan=plan).count()
    apply_url = client.post(preview_url)["Location"]
    apply = _latest(JobKind.IMPORT_APPLY)
    assert apply_url == reverse("jobs:detail", args=[apply.pk]) + "?follow=1"
    assert Allocation.objects.filter(revision__plan=plan).count() == before  # nothing until the worker runs
    services.execute(apply.pk)
    apply.refresh_from_db()
    assert apply.status == JobStatus.DONE and apply.result_url == reverse("plans:grid", args=[plan.pk])
    assert plan.revisions.get(number=0).allocations.filter(organization__name="Chi bộ Mỏ Ấm").exists()
