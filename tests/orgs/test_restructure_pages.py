"""The restructuring pages (issue 10, points 1 and 3): every URL × role, the preview
that changes nothing, the confirmed run through the service (audited), refusals in
Vietnamese, predecessors and successors on the organisation page, and closed
organisations visible — struck through, read only — to the roles that held them, an
ancestor or their successor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ketnap.audit.models import AuditEvent
from ketnap.orgs import restructure
from ketnap.orgs.enums import MemberStatus, OrganizationKind
from ketnap.orgs.models import Member, Organization, OrganizationSuccession
from tests.conftest import client_for, org
from tests.orgs.helpers import make_child

pytestmark = pytest.mark.django_db

BOARD, INSPECTOR, SECRETARY, OTHER_BOARD = "bxd.caominh", "ubkt.caominh", "bithu.hungthinh", "bxd.dongtien"
PROVINCE_BOARD = "tinh.thainguyen"
CAO_MINH = "Đảng bộ xã Cao Minh"
AGENCIES = "Đảng bộ các cơ quan Đảng"


def _cell(name: str, parent: str = CAO_MINH) -> Organization:
    return make_child(org(parent), name)


URLS: dict[str, Callable[[], str]] = {
    name: (lambda name=name: reverse(f"orgs:{name}", args=[org(AGENCIES).pk]))  # type: ignore[misc]
    for name in ("merge", "split", "move", "rename", "close")
}


@pytest.mark.parametrize("url_name", sorted(URLS))
@pytest.mark.parametrize(
    ("persona", "status"), [(BOARD, 200), (PROVINCE_BOARD, 200), (INSPECTOR, 403), (SECRETARY, 404), (OTHER_BOARD, 404)]
)
def test_page_per_role(url_name: str, persona: str, status: int) -> None:
    assert client_for(persona).get(URLS[url_name]()).status_code == status


@pytest.mark.parametrize("url_name", sorted(URLS))
def test_secretary_may_not_restructure_her_own_cell(url_name: str) -> None:
    url = reverse(f"orgs:{url_name}", args=[org("Chi bộ Hưng Thịnh").pk])
    assert client_for(SECRETARY).get(url).status_code == 403


@pytest.mark.parametrize("url_name", sorted(URLS))
def test_a_closed_organisation_cannot_be_restructured(url_name: str) -> None:
    cell = _cell("Chi bộ thôn Đã Đóng")
    restructure.close(cell, on=timezone.localdate(), reason="Giải thể")
    assert client_for(BOARD).get(reverse(f"orgs:{url_name}", args=[cell.pk])).status_code == 403


def test_merge_preview_changes_nothing_then_confirm_merges_audited() -> None:
    a, b = _cell("Chi bộ thôn Một"), _cell("Chi bộ thôn Hai")
    Member.objects.create(organization=a, full_name="Lò Văn Một", status=MemberStatus.OFFICIAL)
    today = timezone.localdate()
    data = {
        "others": [b.pk], "into": "", "name": "Chi bộ thôn Một Hai", "effective_on": today.isoformat(),
        "reason": "Nghị quyết sáp nhập thôn", "carry": ["members"],
    }  # fmt: skip
    client, url = client_for(BOARD), reverse("orgs:merge", args=[a.pk])
    preview = client.post(url, data)
    body = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="preview"' in body and "Không thể hoàn tác" in body
    assert "Chi bộ thôn Một Hai" in body and "1 đảng viên" in body
    a.refresh_from_db()
    assert a.valid_until is None and not Organization.objects.filter(name="Chi bộ thôn Một Hai").exists()
    done = client.post(url, {**data, "action": "confirm"})
    merged = Organization.objects.get(name="Chi bộ thôn Một Hai")
    assert done.status_code == 302 and done["Location"] == reverse("orgs:detail", args=[merged.pk])
    a.refresh_from_db()
    assert a.valid_until == today - timedelta(days=1) and a.successor == merged
    assert Member.objects.get(full_name="Lò Văn Một").organization == merged
    assert set(OrganizationSuccession.objects.filter(successor=merged).values_list("predecessor", flat=True)) == {
        a.pk,
        b.pk,
    }
    assert AuditEvent.objects.filter(action="merge", object_id=str(merged.pk)).exists()


def test_merge_refuses_what_is_not_carried_over_in_vietnamese() -> None:
    a, b = _cell("Chi bộ thôn Ba"), _cell("Chi bộ thôn Bốn")
    Member.objects.create(organization=a, full_name="Lò Văn Ba", status=MemberStatus.OFFICIAL)
    data = {
        "others": [b.pk], "name": "Chi bộ thôn Ba Bốn", "effective_on": timezone.localdate().isoformat(),
        "reason": "x", "action": "confirm",
    }  # fmt: skip
    response = client_for(BOARD).post(reverse("orgs:merge", args=[a.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200 and "1 đảng viên" in body and "hãy chọn chuyển sang tổ chức kế tục" in body
    a.refresh_from_db()
    assert a.valid_until is None


def test_merge_needs_a_name_or_an_existing_organisation() -> None:
    a, b = _cell("Chi bộ thôn Năm"), _cell("Chi bộ thôn Sáu")
    data = {"others": [b.pk], "effective_on": timezone.localdate().isoformat(), "reason": "x"}
    response = client_for(BOARD).post(reverse("orgs:merge", args=[a.pk]), data)
    assert "Cần tên tổ chức sau hợp nhất" in response.content.decode()


def test_merge_into_an_existing_organisation() -> None:
    a, b = _cell("Chi bộ thôn Bảy"), _cell("Chi bộ thôn Tám")
    data = {
        "others": [], "into": b.pk, "effective_on": timezone.localdate().isoformat(), "reason": "x", "action": "confirm"
    }  # fmt: skip
    data["others"] = [b.pk]
    assert client_for(BOARD).post(reverse("orgs:merge", args=[a.pk]), data).status_code == 302
    a.refresh_from_db()
    assert a.successor == b and a.valid_until is not None


def test_split_assigns_children_and_members_to_the_parts() -> None:
    sub = make_child(org(CAO_MINH), "Đảng bộ bộ phận Thử tách", OrganizationKind.SUB_COMMITTEE)
    c1, c2 = make_child(sub, "Chi bộ Tách Một"), make_child(sub, "Chi bộ Tách Hai")
    member = Member.objects.create(organization=sub, full_name="Hà Thị Tách", status=MemberStatus.OFFICIAL)
    data = {
        "part_1": "Đảng bộ bộ phận Bắc", "part_2": "Đảng bộ bộ phận Nam", "rest_to": "1",
        f"child_{c1.pk}": "1", f"child_{c2.pk}": "2", f"member_{member.pk}": "2",
        "effective_on": timezone.localdate().isoformat(), "reason": "Chia tách", "carry": ["plans"],
    }  # fmt: skip
    client, url = client_for(BOARD), reverse("orgs:split", args=[sub.pk])
    page = client.get(url).content.decode()
    assert "Chi bộ Tách Một" in page and "Hà Thị Tách" in page
    preview = client.post(url, data).content.decode()
    assert "Đảng bộ bộ phận Bắc" in preview and "2 tổ chức trực thuộc" in preview
    assert client.post(url, {**data, "action": "confirm"}).status_code == 302
    north, south = (
        Organization.objects.get(name="Đảng bộ bộ phận Bắc"),
        Organization.objects.get(name="Đảng bộ bộ phận Nam"),
    )
    c1.refresh_from_db()
    c2.refresh_from_db()
    member.refresh_from_db()
    assert c1.path.startswith(north.path) and c2.path.startswith(south.path) and member.organization == south
    assert AuditEvent.objects.filter(action="split", object_id=str(sub.pk)).exists()


def test_split_refuses_a_part_without_a_name() -> None:
    sub = make_child(org(CAO_MINH), "Đảng bộ bộ phận Thử tên", OrganizationKind.SUB_COMMITTEE)
    c1 = make_child(sub, "Chi bộ Tên Một")
    data = {
        "part_1": "Bộ phận A", "part_2": "Bộ phận B", "rest_to": "1", f"child_{c1.pk}": "3",
        "effective_on": timezone.localdate().isoformat(), "reason": "x",
    }  # fmt: skip
    body = client_for(BOARD).post(reverse("orgs:split", args=[sub.pk]), data).content.decode()
    assert "Tổ chức mới 3 được giao việc nhưng chưa có tên" in body


def test_rename_keeps_the_old_name_for_earlier_days() -> None:
    cell = _cell("Chi bộ thôn Cũ")
    today = timezone.localdate()
    data = {"name": "Chi bộ thôn Mới", "effective_on": today.isoformat(), "reason": "Đổi tên thôn", "action": "confirm"}
    assert client_for(BOARD).post(reverse("orgs:rename", args=[cell.pk]), data).status_code == 302
    cell.refresh_from_db()
    assert cell.name == "Chi bộ thôn Mới"
    yesterday = (today - timedelta(days=1)).isoformat()
    tree = client_for(BOARD).get(reverse("orgs:detail", args=[org(CAO_MINH).pk]), {"on": yesterday}).content.decode()
    assert "Chi bộ thôn Cũ" in tree
    assert AuditEvent.objects.filter(action="rename", object_id=str(cell.pk)).exists()


def test_move_refuses_a_date_before_recorded_events() -> None:
    cell, sub = org("Chi bộ Hưng Thịnh"), org(AGENCIES)
    data = {"new_parent": sub.pk, "effective_on": "2025-01-01", "reason": "x", "action": "confirm"}
    body = client_for(BOARD).post(reverse("orgs:move", args=[cell.pk]), data).content.decode()
    assert "ngày hiệu lực phải sau ngày đó" in body


def test_close_carries_members_to_the_successor() -> None:
    cell, target = _cell("Chi bộ thôn Giải Thể"), _cell("Chi bộ thôn Nhận")
    Member.objects.create(organization=cell, full_name="Vi Văn Chuyển", status=MemberStatus.OFFICIAL)
    last = timezone.localdate() - timedelta(days=1)
    data = {
        "valid_until": last.isoformat(), "reason": "Giải thể", "successor": target.pk, "carry": ["members"],
        "action": "confirm",
    }  # fmt: skip
    assert client_for(BOARD).post(reverse("orgs:close", args=[cell.pk]), data).status_code == 302
    assert Member.objects.get(full_name="Vi Văn Chuyển").organization == target


def test_organisation_page_shows_predecessors_and_successors_with_links() -> None:
    a, b = _cell("Chi bộ thôn Trước"), _cell("Chi bộ thôn Sau")
    today = timezone.localdate()
    restructure.merge([a], into=b, on=today, reason="Sáp nhập")
    client = client_for(BOARD)
    after = client.get(reverse("orgs:detail", args=[b.pk])).content.decode()
    assert 'data-testid="predecessor"' in after and reverse("orgs:detail", args=[a.pk]) in after
    assert today.strftime("%d/%m/%Y") in after
    before = client.get(reverse("orgs:detail", args=[a.pk])).content.decode()
    assert 'data-testid="successor"' in before and reverse("orgs:detail", args=[b.pk]) in before
    assert f"đã sáp nhập ngày {today:%d/%m/%Y}" in before and "<s>" in before


def test_closed_predecessor_is_visible_read_only_to_the_successors_board() -> None:
    """A commune merged into Cao Minh: Cao Minh's board holds no role on it, yet sees
    it (its history is Cao Minh's) — struck through, with no write page; another
    commune's board does not."""
    old = make_child(org("Đảng bộ tỉnh Thái Nguyên"), "Đảng bộ xã Cũ Thử", OrganizationKind.GRASSROOTS_COMMITTEE)
    restructure.merge([old], into=org(CAO_MINH), on=timezone.localdate(), reason="Sáp nhập xã")
    board = client_for(BOARD)
    detail = board.get(reverse("orgs:detail", args=[old.pk]))
    assert detail.status_code == 200 and "đã sáp nhập ngày" in detail.content.decode()
    assert reverse("orgs:edit", args=[old.pk]) not in detail.content.decode()
    assert board.get(reverse("orgs:edit", args=[old.pk])).status_code == 403
    assert board.get(reverse("orgs:add_member_count", args=[old.pk])).status_code == 403
    tree = board.get(reverse("orgs:tree")).content.decode()
    assert "Đảng bộ xã Cũ Thử" in tree and 'class="ended"' in tree
    assert "Đảng bộ xã Cũ Thử" in board.get(reverse("orgs:search"), {"q": "cu thu"}).content.decode()
    assert client_for(OTHER_BOARD).get(reverse("orgs:detail", args=[old.pk])).status_code == 404


def test_closed_child_stays_in_the_tree_struck_through_for_the_board_above() -> None:
    cell = _cell("Chi bộ thôn Hết")
    restructure.close(cell, on=timezone.localdate(), reason="Giải thể")
    rows = client_for(BOARD).get(reverse("orgs:children", args=[org(CAO_MINH).pk])).content.decode()
    assert "Chi bộ thôn Hết" in rows and "đã giải thể ngày" in rows
    assert client_for(BOARD).get(reverse("orgs:close", args=[cell.pk])).status_code == 403
