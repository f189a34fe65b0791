"""Each audited kind of event, as an inspector reads it on the log page: the act's
Vietnamese label, the Vietnamese name of what it was about, and who did it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ketnap.api.tokens import create_token, revoke_token
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
    used = AuditEvent.objects.filter(action="api_token", model_label="api.ApiToken").latest("id")
    assert "Dùng mã API" in _row_of(used) and "Đăng nhập" not in _row_of(used)

    board = get_user_model().objects.get(username="bxd.caominh")
    job = services.start(
        JobKind.AUDIT_EXPORT, user=board, title="Xuất nhật ký", params={}, organization=org("Đảng bộ xã Cao Minh")
    )
    client_for("bxd.caominh").get(reverse("jobs:result", args=[job.pk]))
    fetched = AuditEvent.objects.filter(action="read", model_label="jobs.Job").latest("id")
    row = _row_of(fetched)
    assert "Xem dữ liệu nhạy cảm" in row and "việc chạy nền" in row.lower()


def test_token_use_and_refused_tokens_have_their_own_kind_on_the_page_and_its_filter() -> None:
    """A request signed with a token is "Dùng mã API", a refused token "Mã API sai" —
    not a sign-in: the filter lists both, and filtering on one shows only it."""
    board = get_user_model().objects.get(username="bxd.caominh")
    new = create_token(board, name="Báo cáo tỉnh", expires_on=None, today=date(2026, 11, 20))
    assert ApiClient(new.plain).get("/api/v1/organizations").status_code == 200
    assert ApiClient("kn_sai").get("/api/v1/organizations").status_code == 401
    page = client_for("bxd.caominh").get(reverse("audit:list"))
    choices = dict(page.context["form"].fields["action"].choices)
    assert choices["api_token"] == "Dùng mã API" and choices["api_token_failed"] == "Mã API sai"
    html = page.content.decode()
    assert '<option value="api_token">Dùng mã API</option>' in html
    used = client_for("bxd.caominh").get(reverse("audit:list"), {"action": "api_token"}).content.decode()
    assert "Báo cáo tỉnh" in used and "Dùng mã API" in used
    # A refused token names nobody's organisation: the operator (a superuser) reads it.
    admin = get_user_model().objects.create_superuser("quantri", "quantri@example.invalid", "x-Quantri-2026")
    client = Client()
    client.force_login(admin)
    refused = client.get(reverse("audit:list"), {"action": "api_token_failed"}).content.decode()
    rows = [r for r in refused.split('data-testid="audit"')[1].split("<tr") if "Mã API sai" in r]
    assert rows and "mã không tồn tại" in rows[0], refused
    assert "Báo cáo tỉnh" not in refused


def test_a_refused_known_token_lands_in_its_owners_subtree() -> None:
    """A revoked token names its owner: the board that manages them reads the refusal
    (as it reads a failed sign-in to a known account); another commune's board does not."""
    owner = get_user_model().objects.get(username="bithu.hungthinh")
    new = create_token(owner, name="Máy tính bảng", expires_on=None, today=date(2026, 11, 20))
    revoke_token(new.token, actor=owner, at=timezone.now())
    assert ApiClient(new.plain).get("/api/v1/organizations").status_code == 401
    event = AuditEvent.objects.filter(action="api_token_failed").latest("id")
    assert event.model_label == "api.ApiToken" and event.organization_name == "Chi bộ Hưng Thịnh"
    html = client_for("bxd.caominh").get(reverse("audit:list"), {"action": "api_token_failed"}).content.decode()
    rows = [r for r in html.split('data-testid="audit"')[1].split("<tr") if "Máy tính bảng" in r]
    assert rows and "Mã API sai" in rows[0] and "mã đã bị thu hồi" in rows[0]
    other = client_for("bxd.dongtien").get(reverse("audit:list"), {"action": "api_token_failed"}).content.decode()
    assert "Máy tính bảng" not in other
