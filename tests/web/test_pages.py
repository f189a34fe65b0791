"""What the pages show: scope, Vietnamese formats, search, audit filters, CSP."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ketnap.audit.context import acting_as
from ketnap.audit.models import AuditEvent
from ketnap.orgs import services
from ketnap.orgs.models import Organization
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_secretary_tree_shows_only_own_cell() -> None:
    html = client_for("bithu.hungthinh").get(reverse("orgs:tree")).content.decode()
    assert "Chi bộ Hưng Thịnh" in html
    assert "Đảng bộ xã Cao Minh" not in html and "Chi bộ Nặm Cáp" not in html


def test_board_tree_children_list_the_appendix_with_counts(cao_minh: Organization) -> None:
    html = (
        client_for("bxd.caominh").get(reverse("orgs:children", args=[cao_minh.pk]) + "?on=2026-01-01").content.decode()
    )
    assert html.count("<li data-org=") == 41
    assert "Chi bộ Hưng Thịnh" in html


@pytest.mark.parametrize("query", ["hung thinh", "HƯNG THỊNH", "Hung Thinh"])
def test_search_page_finds_cell(query: str) -> None:
    html = client_for("bxd.caominh").get(reverse("orgs:search"), {"q": query}).content.decode()
    assert "Chi bộ Hưng Thịnh" in html and "1 kết quả" in html


def test_search_partial_for_htmx() -> None:
    response = client_for("bxd.caominh").get(reverse("orgs:search"), {"q": "nam cap"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Chi bộ Nặm Cáp" in html and "<html" not in html


def test_detail_shows_vietnamese_numbers_and_dates(cao_minh: Organization) -> None:
    html = (
        client_for("bxd.caominh").get(reverse("orgs:detail", args=[cao_minh.pk]), {"on": "2026-01-01"}).content.decode()
    )
    assert "1.260" in html  # thousand separator
    assert "01/01/2026" in html and "31/12/2025" not in html.split("Số lượng đảng viên đã ghi nhận")[0]


def test_detail_as_of_date_changes_headcount(cao_minh: Organization) -> None:
    client = client_for("bxd.caominh")
    early = client.get(reverse("orgs:detail", args=[cao_minh.pk]), {"on": "2020-01-01"}).content.decode()
    assert 'data-testid="org-headcount">0 ' in early


def test_pages_send_content_security_policy() -> None:
    response = client_for("bxd.caominh").get(reverse("orgs:tree"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in response.content.decode()


def test_login_page_in_vietnamese_and_wrong_password_message() -> None:
    client = Client()
    assert "Đăng nhập" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("login"), {"username": "bxd.caominh", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_login_succeeds_with_demo_password() -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "bxd.caominh", "password": "ketnap-demo"})
    assert response.status_code == 302


def test_repeated_failed_logins_lock_the_account(settings: object) -> None:
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "bithu.namcap", "password": "sai"})
    locked = client.post(reverse("login"), {"username": "bithu.namcap", "password": "ketnap-demo"})
    assert locked.status_code == 429
    assert "tạm thời bị khóa" in locked.content.decode()


def test_audit_page_scoped_and_filtered(hung_thinh: Organization) -> None:
    board = client_for("bxd.caominh")
    from django.contrib.auth import get_user_model

    secretary = get_user_model().objects.get(username="bithu.hungthinh")
    with acting_as(secretary):
        services.record_member_count(hung_thinh, actor=secretary, on=date(2026, 6, 30), official=40, probationary=0)
    html = board.get(reverse("audit:list")).content.decode()
    assert "bithu.hungthinh" in html and "Chi bộ Hưng Thịnh" in html
    filtered = board.get(
        reverse("audit:list"), {"user": secretary.pk, "organization": hung_thinh.pk, "date_from": "2000-01-01"}
    ).content.decode()
    assert "bithu.hungthinh" in filtered
    other = client_for("bxd.dongtien").get(reverse("audit:list")).content.decode()
    assert "Chi bộ Hưng Thịnh" not in other
    inspector = client_for("ubkt.caominh").get(reverse("audit:list")).content.decode()
    assert "bithu.hungthinh" in inspector
    assert AuditEvent.objects.visible_to(secretary).count() >= 1
