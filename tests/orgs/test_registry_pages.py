"""The board marks a member list complete (issue 9, point 5): from then on the headcount
of the organisations under it is counted from the list, not from the entered snapshots;
taking the mark off brings the snapshots back. The button is the board's (the cell's
secretary records members but cannot mark, 403; an inspector 403; another subtree 404),
each change is audited, and the members page says which number counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ketnap.audit.models import AuditEvent
from ketnap.orgs.enums import MemberStatus, Role
from ketnap.orgs.models import Member, Membership, Organization
from ketnap.orgs.selectors import headcount
from tests.conftest import client_for, org
from tests.monitoring.builders import Commune, commune

pytestmark = pytest.mark.django_db

CAO_MINH, HUNG_THINH = "Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh"


def _board_of(place: Organization) -> Client:
    user = get_user_model().objects.create_user(f"bxd.thu{place.pk}", password="mat-khau-dai-123")
    Membership.objects.create(user=user, organization=place, role=Role.ORGANIZING_BOARD)
    client = Client()
    client.force_login(user)
    return client


def _with_registry() -> Commune:
    """Two cells counted 7 and 9 in their snapshots; the first has two members on its list."""
    made = commune(2, members=[7, 9], on=date(2025, 12, 31))
    for name, status in (("Ma Văn Một", MemberStatus.OFFICIAL), ("Ma Thị Hai", MemberStatus.PROBATIONARY)):
        Member.objects.create(
            organization=made.cells[0], full_name=name, status=status, admission_date=date(2020, 1, 1)
        )
    return made


def test_the_board_marks_a_cell_complete_and_its_headcount_follows_the_list() -> None:
    made, today = _with_registry(), timezone.localdate()
    client, cell = _board_of(made.commune), made.cells[0]
    assert headcount(made.commune, today).total == 16
    page = client.get(reverse("orgs:members", args=[cell.pk])).content.decode()
    assert "chưa được đánh dấu đầy đủ" in page and 'data-testid="mark-registry"' in page
    response = client.post(reverse("orgs:mark_registry", args=[cell.pk]), {"complete": "1"}, follow=True)
    assert "Đã đánh dấu danh sách đảng viên đầy đủ (1 tổ chức)" in response.content.decode()
    assert "tính từ danh sách này" in response.content.decode()
    cell.refresh_from_db()
    assert cell.registry_complete
    counted = headcount(cell, today)
    assert (counted.official, counted.probationary) == (1, 1)
    assert headcount(made.commune, today).total == 2 + 9  # the other cell keeps its snapshot
    event = AuditEvent.objects.filter(object_id=str(cell.pk), model_label="orgs.Organization").latest("id")
    assert event.changes["registry_complete"] == [False, True] and event.user_name == f"bxd.thu{made.commune.pk}"

    client.post(reverse("orgs:mark_registry", args=[cell.pk]), {"complete": "0"})
    cell.refresh_from_db()
    assert not cell.registry_complete and headcount(made.commune, today).total == 16


def test_marking_a_commune_marks_every_open_organisation_under_it() -> None:
    made, today = _with_registry(), timezone.localdate()
    client = _board_of(made.commune)
    client.post(reverse("orgs:mark_registry", args=[made.commune.pk]), {"complete": "1"})
    under = Organization.objects.filter(path__startswith=made.commune.path)
    assert under.count() == 3 and all(o.registry_complete for o in under)
    assert headcount(made.commune, today).total == 2  # the second cell's list is empty
    page = client.get(reverse("orgs:members", args=[made.commune.pk])).content.decode()
    assert "tính từ danh sách này" in page and 'data-testid="mark-registry"' not in page
    assert 'data-testid="unmark-registry"' in page


@pytest.mark.parametrize(
    ("persona", "where", "status"),
    [
        ("bxd.caominh", HUNG_THINH, 302),
        ("bithu.hungthinh", HUNG_THINH, 403),
        ("ubkt.caominh", HUNG_THINH, 403),
        ("bxd.dongtien", HUNG_THINH, 404),
        ("bithu.hungthinh", CAO_MINH, 404),
    ],
)
def test_mark_registry_per_role(persona: str, where: str, status: int) -> None:
    target = org(where)
    client = client_for(persona)
    url = reverse("orgs:mark_registry", args=[target.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"complete": "1"}).status_code == status
    target.refresh_from_db()
    assert target.registry_complete is (status == 302)


def test_only_the_board_sees_the_button_on_the_members_page() -> None:
    cell = org(HUNG_THINH)
    assert (
        'data-testid="mark-registry"'
        in client_for("bxd.caominh").get(reverse("orgs:members", args=[cell.pk])).content.decode()
    )
    page = client_for("bithu.hungthinh").get(reverse("orgs:members", args=[cell.pk])).content.decode()
    assert 'data-testid="registry-state"' in page and 'data-testid="mark-registry"' not in page
