"""Each audited kind of event, as an inspector reads it on the log page: the act's
Vietnamese label, the Vietnamese name of what it was about, and who did it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ketnap.api.tokens import create_token
from ketnap.audit.models import AuditEvent
from ketnap.jobs import services
from ketnap.jobs.models import JobKind
from ketnap.pipeline.models import Verification
from tests.api.conftest import ApiClient
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at

pytestmark = pytest.mark.django_db


def _row_of(event: AuditEvent) -> str:
    """The event's row on the log page of the Cao Minh board (filtered to its act)."""
    html = client_for("bxd.caominh").get(reverse("audit:list"), {"action": event.action}).content.decode()
    rows = [r for r in html.split("<tr>") if event.object_repr in r and event.model.lower() in r.lower()]
    assert rows, f"{event.action} {event.object_repr} not on the page"
    return rows[0]


def test_reads_downloads_token_use_and_job_results_appear_with_vietnamese_labels() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    c = candidate_at(cell, "introduced")
    Verification.objects.create(candidate=c, relation="father", full_name="Lò Văn Bố", result="clear")
    client_for("bithu.hungthinh").get(reverse("pipeline:detail", args=[c.pk]))
    page_read = AuditEvent.objects.filter(action="read", model_label="pipeline.Candidate").latest("id")
    verification_read = AuditEvent.objects.filter(action="read", model_label="pipeline.Verification").latest("id")
    for event in (page_read, verification_read):
        row = _row_of(event)
        assert "Xem dữ liệu nhạy cảm" in row and "bithu.hungthinh" in row

    assert client_for("bithu.hungthinh").get(reverse("pipeline:sympathizers_docx", args=[cell.pk])).status_code == 200
    download = AuditEvent.objects.filter(action="export", model_label="orgs.Organization").latest("id")
    assert "Xuất / tải tài liệu" in _row_of(download)

    new = create_token(get_user_model().objects.get(username="bxd.caominh"), name="a", expires_on=None,
                       today=date(2026, 11, 20))  # fmt: skip
    assert ApiClient(new.plain).get("/api/v1/organizations").status_code == 200
    used = AuditEvent.objects.filter(action="login", model_label="api.ApiToken").latest("id")
    assert "Đăng nhập" in _row_of(used)

    board = get_user_model().objects.get(username="bxd.caominh")
    job = services.start(
        JobKind.AUDIT_EXPORT, user=board, title="Xuất nhật ký", params={}, organization=org("Đảng bộ xã Cao Minh")
    )
    client_for("bxd.caominh").get(reverse("jobs:result", args=[job.pk]))
    fetched = AuditEvent.objects.filter(action="read", model_label="jobs.Job").latest("id")
    row = _row_of(fetched)
    assert "Xem dữ liệu nhạy cảm" in row and "việc chạy nền" in row.lower()
