"""Background jobs: the PDF request returns at once, the page polls the job's progress,
failures say why in Vietnamese and can be retried, the real worker runs the queue."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ketnap.audit.models import AuditEvent
from ketnap.jobs import runners, services
from ketnap.jobs.models import Job, JobKind, JobStatus
from ketnap.plans.models import Plan
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db


def _plan() -> Plan:
    return Plan.objects.get(organization=org("Đảng bộ xã Cao Minh"), year=2026)


def test_the_pdf_request_returns_at_once_with_a_queued_job(queued: None, monkeypatch: Any) -> None:
    def never(*args: Any, **kw: Any) -> bytes:
        raise AssertionError("LibreOffice must not run inside the request")

    monkeypatch.setattr("ketnap.documents.pdf.docx_to_pdf", never)
    response = client_for("ubkt.caominh").get(reverse("plans:export_pdf", args=[_plan().pk]))
    assert response.status_code == 302
    job = Job.objects.latest("id")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED and job.params["plan"] == _plan().pk
    assert DBTaskResult.objects.filter(id=job.task_id).exists()
    page = client_for("ubkt.caominh").get(response["Location"]).content.decode()
    assert "Đang chờ" in page and 'hx-trigger="every 1s"' in page


def test_the_page_sees_the_progress_and_then_the_result(queued: None) -> None:
    user = get_user_model().objects.get(username="ubkt.caominh")
    job = services.start(JobKind.AUDIT_EXPORT, user=user, title="Xuất nhật ký", params={})
    client = client_for("ubkt.caominh")
    url = reverse("jobs:detail", args=[job.pk])
    services.Progress(job)(35, "Đang đọc nhật ký…")
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'value="35"' in partial and "Đang đọc nhật ký…" in partial and "every 1s" in partial
    services.execute(job.pk)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'value="100"' in partial and "every 1s" not in partial and "Tải nhat-ky-" in partial
    result = client.get(reverse("jobs:result", args=[job.pk]))
    assert result.status_code == 200 and b"".join(result.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]
    download = AuditEvent.objects.filter(action="read", model_label="jobs.Job").latest("id")
    assert download.object_id == str(job.pk) and download.user_id == user.pk  # each download is recorded


def test_a_job_is_its_requesters_only() -> None:
    user = get_user_model().objects.get(username="ubkt.caominh")
    job = services.start(JobKind.AUDIT_EXPORT, user=user, title="Xuất nhật ký", params={})
    for name in ("detail", "result"):
        assert client_for("bxd.caominh").get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404
    assert client_for("bxd.caominh").post(reverse("jobs:retry", args=[job.pk])).status_code == 404


def test_a_failed_job_says_why_in_vietnamese_and_can_be_retried(monkeypatch: Any) -> None:
    from ketnap.documents.pdf import PdfUnavailable

    def missing(*args: Any, **kw: Any) -> bytes:
        raise PdfUnavailable("Chưa cài soffice.")

    monkeypatch.setattr("ketnap.documents.pdf.docx_to_pdf", missing)
    client = client_for("ubkt.caominh")
    response = client.get(reverse("plans:export_pdf", args=[_plan().pk]), follow=True)
    job = Job.objects.latest("id")
    assert job.status == JobStatus.FAILED and "chưa cài LibreOffice" in job.error
    assert "chưa cài LibreOffice" in response.content.decode() and "Chạy lại" in response.content.decode()
    monkeypatch.setattr("ketnap.documents.pdf.docx_to_pdf", lambda data, **kw: b"%PDF-1.4 thu")
    client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.error == ""
    body = b"".join(client.get(reverse("jobs:result", args=[job.pk])).streaming_content)  # type: ignore[attr-defined]
    assert body.startswith(b"%PDF")


def test_an_unexpected_error_is_logged_not_shown(monkeypatch: Any) -> None:
    def broken(job: Job) -> Any:
        raise ZeroDivisionError("chi tiết nội bộ")

    monkeypatch.setitem(runners.DOCUMENTS, "plan", broken)
    user = get_user_model().objects.get(username="ubkt.caominh")
    job = services.start(JobKind.DOCUMENT_PDF, user=user, title="PDF", params={"document": "plan", "plan": 1})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == services.GENERIC_FAILURE
    assert "ZeroDivision" not in job.error


def test_the_worker_re_checks_the_scope_of_the_requester() -> None:
    other = get_user_model().objects.get(username="bxd.dongtien")
    job = services.start(JobKind.DOCUMENT_PDF, user=other, title="PDF", params={"document": "plan", "plan": _plan().pk})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "phạm vi" in job.error


@pytest.mark.skipif(sys.platform != "linux", reason="runs manage.py in a subprocess")
def test_the_real_worker_process_runs_a_queued_job(tmp_path: Path) -> None:
    """migrate a fresh SQLite file, queue an audit export, run `db_worker --batch`."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "KETNAP_TASKS_IMMEDIATE": "0",
        "DJANGO_SETTINGS_MODULE": "ketnap.settings",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def run(*args: str) -> str:
        done = subprocess.run([*manage, *args], env=env, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    run("migrate", "--noinput", "--verbosity", "0")
    queue = (
        "from django.contrib.auth import get_user_model; from ketnap.jobs import services; "
        "u = get_user_model().objects.create_superuser('kiemtra', password='x-long-password-1'); "
        "j = services.start('audit_export', user=u, title='Xuất nhật ký', params={}); print(j.pk, j.status)"
    )
    job_id, status = run("shell", "--no-imports", "-c", queue).strip().splitlines()[-1].split()
    assert status == "queued"
    run("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")
    check = f"from ketnap.jobs.models import Job; j = Job.objects.get(pk={job_id}); print(j.status, j.percent, j.error)"
    assert run("shell", "--no-imports", "-c", check).strip().splitlines()[-1].split()[:2] == ["done", "100"]
