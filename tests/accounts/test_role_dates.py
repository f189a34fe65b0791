"""Roles with from/until dates (issue 9, point 6): giving a role records the day it
starts, ending one sets the day it stops (the row stays), and a role outside its dates
grants nothing — in the scoping chokepoint and in the permission helpers, on the day
passed in. Nobody gives a role outside their subtree or above their own; all audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ketnap.accounts import services
from ketnap.audit.context import acting_as
from ketnap.audit.models import AuditEvent
from ketnap.orgs import permissions
from ketnap.orgs.enums import Role
from ketnap.orgs.models import Membership, Organization
from ketnap.orgs.querysets import scope_paths
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db
User = get_user_model()
BOARD, SECRETARY, OTHER_BOARD = "bxd.caominh", "bithu.hungthinh", "bxd.dongtien"
D1, D2, D3 = date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 1)


def _new_user(name: str = "nguoi.moi") -> object:
    return User.objects.create_user(username=name)


def test_grant_records_valid_from_and_a_role_grants_only_within_its_dates() -> None:
    board, user, cell = User.objects.get(username=BOARD), _new_user(), org("Chi bộ Hưng Thịnh")
    held = services.grant_role(actor=board, user=user, org=cell, role=Role.CELL_SECRETARY, on=D1, valid_from=D2)
    assert held.valid_from == D2 and held.valid_until is None
    services.end_role(actor=board, membership=held, on=D1, until=D3)
    assert not Organization.objects.visible_to(User.objects.get(pk=user.pk)).exists()  # today is after D3
    assert Membership.with_ended.get(pk=held.pk).valid_until == D3
    for day, holds in [(D1, False), (D2, True), (D3 - timedelta(days=1), True), (D3, False)]:
        assert permissions.can_record_members(user, cell, day) is holds, day
        assert bool(permissions.roles_on(user, cell, day)) is holds
        assert (scope_paths(user, day) == (cell.path,)) is holds


def test_ending_a_role_keeps_the_row_takes_the_right_today_and_is_audited() -> None:
    board, secretary = User.objects.get(username=BOARD), User.objects.get(username=SECRETARY)
    cell, today = org("Chi bộ Hưng Thịnh"), timezone.localdate()
    held = Membership.objects.get(user=secretary, organization=cell)
    with acting_as(board):  # as the request middleware does
        services.end_role(actor=board, membership=held, on=today)
    assert Membership.with_ended.filter(pk=held.pk, valid_until=today).exists()
    secretary = User.objects.get(pk=secretary.pk)  # a new request: no cached scope
    assert not Organization.objects.visible_to(secretary).exists()
    assert not permissions.can_record_members(secretary, cell)
    assert permissions.can_record_members(secretary, cell, today - timedelta(days=1))
    assert client_for(SECRETARY).get(reverse("orgs:detail", args=[cell.pk])).status_code == 404
    event = AuditEvent.objects.filter(model_label="orgs.Membership", object_id=str(held.pk)).first()
    assert event is not None and event.user_id == board.pk
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.end_role(actor=board, membership=Membership.with_ended.get(pk=held.pk), on=today)
    again = services.grant_role(actor=board, user=secretary, org=cell, role=Role.CELL_SECRETARY, on=today)
    assert again.pk != held.pk and Membership.with_ended.filter(user=secretary, organization=cell).count() == 2


def test_accounts_page_shows_current_and_ended_roles_and_ends_on_a_date() -> None:
    client, secretary = client_for(BOARD), User.objects.get(username=SECRETARY)
    viewer = services.grant_role(
        actor=None, user=secretary, org=org("Chi bộ Nặm Cáp"), role=Role.VIEWER, on=timezone.localdate()
    )
    url = reverse("accounts:end_role", args=[secretary.pk, viewer.pk])
    assert client.post(url, {"until": timezone.localdate().isoformat()}).status_code == 302
    html = client.get(reverse("accounts:detail", args=[secretary.pk])).content.decode()
    roles, ended = html.split('data-testid="roles"')[1], html.split('data-testid="ended-roles"')[1]
    assert "Chi bộ Hưng Thịnh" in roles.split("</ul>")[0] and "Chi bộ Nặm Cáp" not in roles.split("</ul>")[0]
    assert "Chi bộ Nặm Cáp" in ended.split("</ul>")[0] and "thôi giữ từ" in ended.split("</ul>")[0]
    audited = AuditEvent.objects.filter(model_label="orgs.Membership", object_id=str(viewer.pk), user__username=BOARD)
    assert audited.exists()


def test_a_user_whose_roles_all_ended_is_still_listed_for_the_board() -> None:
    board, secretary = User.objects.get(username=BOARD), User.objects.get(username=SECRETARY)
    services.end_role(actor=board, membership=Membership.objects.get(user=secretary), on=timezone.localdate())
    assert client_for(BOARD).get(reverse("accounts:detail", args=[secretary.pk])).status_code == 200
    assert client_for(OTHER_BOARD).get(reverse("accounts:detail", args=[secretary.pk])).status_code == 404


def test_nobody_grants_outside_their_subtree_or_above_their_own() -> None:
    board, secretary, user = User.objects.get(username=BOARD), User.objects.get(username=SECRETARY), _new_user()
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):  # another commune
        services.grant_role(actor=board, user=user, org=org("Đảng bộ xã Đồng Tiến"), role=Role.VIEWER, on=today)
    with pytest.raises(PermissionDenied):  # the province above: a role stronger than the board's own reach
        services.grant_role(
            actor=board, user=user, org=org("Đảng bộ tỉnh Thái Nguyên"), role=Role.ORGANIZING_BOARD, on=today
        )
    with pytest.raises(PermissionDenied):  # a secretary gives no role, not even on her own cell
        services.grant_role(actor=secretary, user=user, org=org("Chi bộ Hưng Thịnh"), role=Role.VIEWER, on=today)
    with pytest.raises(ValidationError):  # superuser status is never given here
        services.grant_role(
            actor=board, user=User.objects.create_superuser("root2"), org=org("Chi bộ Hưng Thịnh"),
            role=Role.VIEWER, on=today,
        )  # fmt: skip
    assert not Membership.with_ended.filter(user=user).exists()


def test_an_ended_board_grants_nothing_on_the_day_passed_in() -> None:
    board, user, cell = User.objects.get(username=BOARD), _new_user(), org("Chi bộ Hưng Thịnh")
    own = Membership.objects.get(user=board, role=Role.ORGANIZING_BOARD)
    services.end_role(actor=User.objects.get(username="tinh.thainguyen"), membership=own, on=D2)
    with pytest.raises(PermissionDenied):
        services.grant_role(actor=board, user=user, org=cell, role=Role.VIEWER, on=D3)
    assert services.grant_role(actor=board, user=user, org=cell, role=Role.VIEWER, on=D1).valid_from == D1
