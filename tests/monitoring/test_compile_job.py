"""A province-scale compile runs as a background job: the request returns the job page,
the job links the compiled report, and a refusal is a failed job saying why, retryable."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ketnap.jobs.models import Job, JobKind, JobStatus
from ketnap.monitoring import services
from ketnap.monitoring.models import PeriodicReport
from ketnap.monitoring.views import reports
from tests.monitoring.test_compile import _open


@pytest.fixture
def as_province(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every round counts as large (the demo commune's has two parts, a province hundreds)."""
    monkeypatch.setattr(reports, "COMPILE_INLINE_PARTS", 0)


def _board(people: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(people["board"])
    return client


@pytest.mark.django_db
def test_large_compile_is_a_job_linking_the_compiled_report(world, people, as_province) -> None:  # type: ignore[no-untyped-def]
    round_, a, bb = _open(world, people)
    services.submit_report(a, actor=people["secretary_a"], at=timezone.now())
    response = _board(people).post(f"/monitoring/rounds/{round_.pk}/compile/", {"choose": "1", "fill": [str(bb.pk)]})
    job = Job.objects.get(kind=JobKind.ROUND_COMPILE, user=people["board"])
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.params == {"round": round_.pk, "fill": [bb.pk], "at": job.params["at"]}  # ids, never objects
    compiled = PeriodicReport.objects.get(round=round_, compiled=True)
    assert job.status == JobStatus.DONE and job.result_url == f"/monitoring/reports/{compiled.pk}/"
    assert compiled.figures["fill"] == [bb.pk] and compiled.figures["submitted"] == 1
    page = _board(people).get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert f'href="/monitoring/reports/{compiled.pk}/"' in page and "Đã tổng hợp 1 báo cáo đã nộp." in page


@pytest.mark.django_db
def test_a_refused_compile_fails_in_vietnamese_and_can_be_retried(world, people, as_province) -> None:  # type: ignore[no-untyped-def]
    round_, a, _ = _open(world, people)
    services.submit_report(a, actor=people["secretary_a"], at=timezone.now())
    compiled = services.compile_round(round_, actor=people["board"], at=timezone.now())
    services.submit_report(compiled, actor=people["board"], at=timezone.now())  # no longer a draft
    client = _board(people)
    client.post(f"/monitoring/rounds/{round_.pk}/compile/")
    job = Job.objects.get(kind=JobKind.ROUND_COMPILE)
    assert job.status == JobStatus.FAILED and job.error and "Traceback" not in job.error
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert job.error in page and "Chạy lại" in page
    client.post(f"/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.attempts == 2 and job.status == JobStatus.FAILED  # ran again, still refused for the same reason


@pytest.mark.django_db
def test_a_secretary_cannot_start_the_compile_job(world, people, as_province) -> None:  # type: ignore[no-untyped-def]
    round_, _, _ = _open(world, people)
    client = Client()
    client.force_login(people["secretary_a"])
    assert client.post(f"/monitoring/rounds/{round_.pk}/compile/").status_code in (403, 404)
    assert not Job.objects.exists()
