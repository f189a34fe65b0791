"""Exports that can be long are jobs at province scale (jobs.exports): the request
records a job with plain values and returns at once, the worker builds the same file
as the user who asked and records the export with the job's id; a small scope still
gets its file in the response."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ketnap.audit.models import AuditEvent
from ketnap.jobs import services
from ketnap.jobs.models import Job, JobKind, JobStatus
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.orgs.models import Membership
from ketnap.plans.models import Plan
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db
CAO_MINH = "Đảng bộ xã Cao Minh"


def _compiled_report() -> PeriodicReport:
    round_ = ReportingRound.objects.get(organization=org(CAO_MINH), quarter=1, is_demo=True)
    return PeriodicReport.objects.get(round=round_, organization=org(CAO_MINH))


def _urls() -> dict[str, tuple[str, str]]:
    """export name → (url, extension)."""
    pk = org(CAO_MINH).pk
    plan = Plan.objects.get(organization=org(CAO_MINH), year=2026)
    report = _compiled_report()
    return {
        "monitoring.dashboard": (reverse("monitoring:dashboard_xlsx", args=[pk]) + "?on=2026-11-20", "xlsx"),
        "monitoring.statistics": (reverse("monitoring:statistics", args=[pk]) + "?format=xlsx&quarter=1", "xlsx"),
        "monitoring.evaluation": (reverse("monitoring:evaluation", args=[pk]) + "?format=docx&year=2026", "docx"),
        "monitoring.report": (reverse("monitoring:report_xlsx", args=[report.pk]), "xlsx"),
        "plans.table": (reverse("plans:export_docx", args=[plan.pk]), "docx"),
    }


@pytest.fixture
def province_scale(monkeypatch: Any) -> None:
    """Every scope counts as large (the demo has no province of 300 organisations)."""
    monkeypatch.setattr("ketnap.jobs.exports.LARGE_SUBTREE", 0)
    monkeypatch.setattr("ketnap.monitoring.downloads.LARGE_TABLE", 0)
    monkeypatch.setattr("ketnap.plans.downloads.LARGE_TABLE", 0)


@pytest.mark.parametrize(
    "name",
    ["monitoring.dashboard", "monitoring.statistics", "monitoring.evaluation", "monitoring.report", "plans.table"],
)
def test_a_large_export_is_a_job_whose_page_gives_the_file(
    name: str, queued: None, province_scale: None, monkeypatch: Any
) -> None:
    if name == "monitoring.report":
        assert _compiled_report().compiled and _compiled_report().figures.get("parts")
    url, ext = _urls()[name]
    client = client_for("bxd.caominh")
    response = client.get(url)
    job = Job.objects.filter(kind=JobKind.EXPORT).latest("id")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.params["export"] == name and job.status == JobStatus.QUEUED
    assert all(isinstance(v, str | int | type(None)) for v in job.params.values())  # plain values, no objects
    assert "Đang chờ" in client.get(response["Location"]).content.decode()
    services.execute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result_name.endswith(f".{ext}"), job.error
    result = client.get(reverse("jobs:result", args=[job.pk]))
    assert b"".join(result.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]
    event = AuditEvent.objects.filter(action="export").latest("id")
    assert event.changes["job"] == [None, job.pk] and event.user_id == job.user_id


def test_a_small_scope_gets_its_file_at_once(queued: None) -> None:
    for name, (url, ext) in _urls().items():
        response = client_for("bxd.caominh").get(url)
        assert response.status_code == 200, name
        assert response["Content-Disposition"].endswith(f'.{ext}"'), name
    assert not Job.objects.filter(kind=JobKind.EXPORT).exists()


def test_a_role_withdrawn_before_the_worker_runs_fails_in_vietnamese(queued: None, province_scale: None) -> None:
    url, _ = _urls()["monitoring.dashboard"]
    client_for("bxd.caominh").get(url)
    job = Job.objects.filter(kind=JobKind.EXPORT).latest("id")
    Membership.objects.filter(user=get_user_model().objects.get(username="bxd.caominh")).delete()
    services.execute(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and ("phạm vi" in job.error or "quyền" in job.error)
