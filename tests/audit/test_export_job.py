"""A large audit export runs as a job: the request returns the polled job page at once,
the workbook keeps the page's filters, the export is logged; a withdrawn role fails the
job with a Vietnamese reason."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from ketnap.audit import views
from ketnap.audit.models import AuditEvent
from ketnap.jobs import services
from ketnap.jobs.models import Job, JobKind, JobStatus
from ketnap.orgs.models import Membership
from tests.conftest import client_for, org
from tests.pipeline.helpers import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any log counts as a province's (the demo's is small)."""
    monkeypatch.setattr(views, "EXPORT_INLINE_ROWS", 0)


def test_large_export_is_a_job_keeping_the_filters() -> None:
    board = get_user_model().objects.get(username="bxd.caominh")
    make_candidate(org("Chi bộ Hưng Thịnh"), actor=board, full_name="Người Xuất Thử")
    client = client_for("ubkt.caominh")
    response = client.get(reverse("audit:export"), {"action": "create", "page": "2"})
    job = Job.objects.get(kind=JobKind.AUDIT_EXPORT)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.params == {"query": {"action": ["create"]}} and job.status == JobStatus.DONE
    result = client.get(reverse("jobs:result", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(result.streaming_content))).active  # type: ignore[attr-defined]
    actions = {row[2] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}
    assert actions == {"Tạo mới"}
    assert AuditEvent.objects.filter(action="export", changes__what="nhật ký", changes__job=job.pk).exists()


def test_a_withdrawn_role_fails_the_export_in_vietnamese() -> None:
    user = get_user_model().objects.get(username="ubkt.caominh")
    job = services.start(JobKind.AUDIT_EXPORT, user=user, title="Xuất nhật ký", params={"query": {}}, organization=None)
    assert job.status == JobStatus.DONE
    Membership.objects.filter(user=user).delete()
    job = services.start(JobKind.AUDIT_EXPORT, user=user, title="Xuất nhật ký", params={"query": {}})
    assert job.status == JobStatus.FAILED and "không còn quyền xem nhật ký" in job.error
