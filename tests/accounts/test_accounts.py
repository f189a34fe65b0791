"""Accounts and roles managed by the board (issue 9, point 6): every page × role
(board allowed, another role 403, a user of another subtree 404), the one-time link from
creation to login, the limits on granting, unlocking, and `manage.py add_user`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ketnap.accounts import services
from ketnap.audit.models import AuditEvent
from ketnap.orgs.enums import Role
from ketnap.orgs.models import Membership
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db

BOARD, INSPECTOR, SECRETARY, OTHER_BOARD = "bxd.caominh", "ubkt.caominh", "bithu.hungthinh", "bxd.dongtien"
User = get_user_model()


def _pk(username: str) -> int:
    return int(User.objects.get(username=username).pk)


PAGES: dict[str, Callable[[], str]] = {
    "list": lambda: reverse("accounts:list"),
    "add": lambda: reverse("accounts:add"),
    "detail": lambda: reverse("accounts:detail", args=[_pk(SECRETARY)]),
}


@pytest.mark.parametrize("page_name", sorted(PAGES))
@pytest.mark.parametrize(
    ("persona", "statuses"),
    [
        (BOARD, {"list": 200, "add": 200, "detail": 200}),
        (INSPECTOR, {"list": 403, "add": 403, "detail": 403}),
        (SECRETARY, {"list": 403, "add": 403, "detail": 403}),
        (OTHER_BOARD, {"list": 200, "add": 200, "detail": 404}),
    ],
)
def test_pages_per_role(page_name: str, persona: str, statuses: dict[str, int]) -> None:
    assert client_for(persona).get(PAGES[page_name]()).status_code == statuses[page_name]


@pytest.mark.parametrize(("action", "persona", "status"), [
    ("issue_link", OTHER_BOARD, 404), ("issue_link", SECRETARY, 403),
    ("unlock", OTHER_BOARD, 404), ("unlock", INSPECTOR, 403),
])  # fmt: skip
def test_actions_refused_outside_scope(action: str, persona: str, status: int) -> None:
    url = reverse(f"accounts:{action}", args=[_pk(SECRETARY)])
    assert client_for(persona).post(url).status_code == status


def test_password_change_page_for_every_user_and_login_required() -> None:
    url = reverse("accounts:password_change")
    for persona in (BOARD, SECRETARY, INSPECTOR):
        assert client_for(persona).get(url).status_code == 200
    assert Client().get(url).status_code == 302


def test_list_shows_only_the_subtree() -> None:
    page = client_for(BOARD).get(reverse("accounts:list")).content.decode()
    assert SECRETARY in page and OTHER_BOARD not in page and "tinh.thainguyen" not in page


def _create(client: Client, username: str, organization: str, role: str = Role.CELL_SECRETARY) -> str:
    response = client.post(
        reverse("accounts:add"),
        {"username": username, "full_name": "Lục Thị Hoa", "email": "", "organization": org(organization).pk,
         "role": role},
    )  # fmt: skip
    assert response.status_code == 200
    return response.content.decode()


def test_board_creates_a_secretary_who_sets_her_password_once_and_sees_only_her_cell() -> None:
    page = _create(client_for(BOARD), "bithu.moi", "Chi bộ Hưng Thịnh")
    assert 'data-testid="one-time-link"' in page
    found = re.search(r'value="([^"]+)" data-testid="one-time-link"', page)
    assert found is not None
    link = found.group(1).replace("http://testserver", "")
    user = User.objects.get(username="bithu.moi")
    assert not user.has_usable_password()
    assert Membership.objects.filter(
        user=user, role=Role.CELL_SECRETARY, organization=org("Chi bộ Hưng Thịnh")
    ).exists()
    anonymous = Client()
    form_page = anonymous.get(link, follow=True)
    assert "Đặt mật khẩu" in form_page.content.decode() and "invalid-link" not in form_page.content.decode()
    short = anonymous.post(form_page.request["PATH_INFO"], {"new_password1": "ngan123", "new_password2": "ngan123"})
    assert short.status_code == 200 and "10" in short.content.decode()
    done = anonymous.post(
        form_page.request["PATH_INFO"], {"new_password1": "Hoa-HungThinh-2026", "new_password2": "Hoa-HungThinh-2026"}
    )
    assert done.status_code == 302
    assert Client().get(link, follow=True).content.decode().count("invalid-link") == 1  # used: no second time
    secretary = Client()
    signed_in = secretary.post(reverse("login"), {"username": "bithu.moi", "password": "Hoa-HungThinh-2026"})
    assert signed_in.status_code == 302
    assert secretary.get(reverse("orgs:detail", args=[org("Chi bộ Hưng Thịnh").pk])).status_code == 200
    assert secretary.get(reverse("orgs:detail", args=[org("Chi bộ Nặm Cáp").pk])).status_code == 404
    assert AuditEvent.objects.filter(user__username=BOARD, action="security").count() >= 2


def test_no_account_outside_ones_subtree_nor_a_taken_username() -> None:
    page = _create(client_for(BOARD), "bithu.dongtien.moi", "Đảng bộ xã Đồng Tiến")
    assert "Hãy chọn" in page and not User.objects.filter(username="bithu.dongtien.moi").exists()
    with pytest.raises(PermissionDenied):
        services.create_account(
            actor=User.objects.get(username=BOARD),
            username="x.y",
            org=org("Đảng bộ xã Đồng Tiến"),
            role=Role.VIEWER,
            on=timezone.localdate(),
        )
    assert "đã có người dùng" in _create(client_for(BOARD), SECRETARY.upper(), "Chi bộ Hưng Thịnh")


def test_a_user_with_a_role_elsewhere_cannot_be_given_a_link_by_this_board() -> None:
    target = User.objects.get(username=SECRETARY)
    Membership.objects.create(user=target, organization=org("Đảng bộ xã Đồng Tiến"), role=Role.VIEWER)
    client = client_for(BOARD)
    assert client.post(reverse("accounts:issue_link", args=[target.pk])).status_code == 403
    assert "issue-link" not in client.get(reverse("accounts:detail", args=[target.pk])).content.decode()


def test_board_grants_and_ends_a_role_but_not_its_own() -> None:
    client, target = client_for(BOARD), User.objects.get(username=SECRETARY)
    url = reverse("accounts:detail", args=[target.pk])
    assert client.post(url, {"organization": org("Chi bộ Nặm Cáp").pk, "role": Role.VIEWER}).status_code == 302
    granted = Membership.objects.get(user=target, organization=org("Chi bộ Nặm Cáp"))
    assert client.post(reverse("accounts:end_role", args=[target.pk, granted.pk])).status_code == 302
    ended = Membership.with_ended.get(pk=granted.pk)  # kept, with the day it ended
    assert ended.valid_until == timezone.localdate() and not Membership.objects.filter(pk=granted.pk).exists()
    board = User.objects.get(username=BOARD)
    own = Membership.objects.get(user=board, role=Role.ORGANIZING_BOARD)
    client.post(reverse("accounts:end_role", args=[board.pk, own.pk]))
    assert Membership.objects.filter(pk=own.pk).exists()


def test_board_unlocks_a_locked_account(settings: object) -> None:
    target = User.objects.get(username=SECRETARY)
    AccessAttempt.objects.create(
        username=target.username, ip_address="10.0.0.9", user_agent="x", get_data="", post_data="",
        http_accept="", path_info="/login/", failures_since_start=5,
    )  # fmt: skip
    client = client_for(BOARD)
    assert 'data-testid="locked"' in client.get(reverse("accounts:detail", args=[target.pk])).content.decode()
    assert client.post(reverse("accounts:unlock", args=[target.pk])).status_code == 302
    assert not AccessAttempt.objects.filter(username=target.username).exists()
    assert not services.is_locked(target)


def test_add_user_command_prints_a_one_time_link() -> None:
    out = StringIO()
    call_command("add_user", "bxd.moi", "--role", "organizing_board", "--org", "Đảng bộ xã Cao Minh",
                 "--base-url", "https://ketnap.example.vn/", "--format", "json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["ok"] and data["link"].startswith("https://ketnap.example.vn/accounts/set-password/")
    assert Membership.objects.filter(user__username="bxd.moi", role=Role.ORGANIZING_BOARD).exists()
    with pytest.raises(SystemExit):
        call_command("add_user", "bxd.moi", "--role", "viewer", "--org", "Đảng bộ xã Cao Minh", stdout=StringIO(),
                     stderr=StringIO())  # fmt: skip


def test_list_query_count_does_not_grow_with_the_accounts() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(BOARD)
    client.get(reverse("accounts:list"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("accounts:list"))
    for i in range(8):
        services.create_account(
            actor=None, username=f"nguoi.{i}", org=org("Chi bộ Nặm Cáp"), role=Role.VIEWER, on=timezone.localdate()
        )
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("accounts:list"))
    assert len(after) == len(before) <= 16
