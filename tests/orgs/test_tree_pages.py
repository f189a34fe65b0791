"""The tree-building pages (issue 9, points 1 and 2): every URL × role — the board of
the level (allowed), a role without the right on the same organisation (403), the board
of another subtree (404) — and each page's write and refusal, on the demo tree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from ketnap.audit.models import AuditEvent
from ketnap.core import versions
from ketnap.orgs.enums import BlockKind, MassOrganizationKind, OrganizationKind
from ketnap.orgs.models import Block, MassOrganization, Organization
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db

BOARD, INSPECTOR, SECRETARY, OTHER_BOARD = "bxd.caominh", "ubkt.caominh", "bithu.hungthinh", "bxd.dongtien"
CAO_MINH = "Đảng bộ xã Cao Minh"


def _block() -> Block:
    return Block.objects.get_or_create(
        organization=org(CAO_MINH), kind=BlockKind.RURAL, defaults={"name": "Khối thôn"}
    )[0]


def _mass() -> MassOrganization:
    committee = org(CAO_MINH)
    return MassOrganization.objects.filter(committee=committee).first() or MassOrganization.objects.create(
        committee=committee, kind=MassOrganizationKind.YOUTH_UNION, name="Đoàn xã"
    )


URLS: dict[str, Callable[[], str]] = {
    "add_child": lambda: reverse("orgs:add_child", args=[org(CAO_MINH).pk]),
    "edit": lambda: reverse("orgs:edit", args=[org(CAO_MINH).pk]),
    "close": lambda: reverse("orgs:close", args=[org(CAO_MINH).pk]),
    "blocks": lambda: reverse("orgs:blocks", args=[org(CAO_MINH).pk]),
    "edit_block": lambda: reverse("orgs:edit_block", args=[org(CAO_MINH).pk, _block().pk]),
    "mass_organizations": lambda: reverse("orgs:mass_organizations", args=[org(CAO_MINH).pk]),
    "edit_mass": lambda: reverse("orgs:edit_mass", args=[org(CAO_MINH).pk, _mass().pk]),
}


@pytest.mark.parametrize("page_name", sorted(URLS))
@pytest.mark.parametrize(("persona", "status"), [(BOARD, 200), (INSPECTOR, 403), (OTHER_BOARD, 404)])
def test_page_per_role(page_name: str, persona: str, status: int) -> None:
    assert client_for(persona).get(URLS[page_name]()).status_code == status


def test_cell_secretary_cannot_add_under_her_cell_nor_see_the_commune() -> None:
    client = client_for(SECRETARY)
    assert client.get(reverse("orgs:edit", args=[org("Chi bộ Hưng Thịnh").pk])).status_code == 403
    assert client.get(reverse("orgs:add_child", args=[org(CAO_MINH).pk])).status_code == 404


def test_a_cell_has_no_blocks_page() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    assert client_for(BOARD).get(reverse("orgs:blocks", args=[cell.pk])).status_code == 403


def test_organisation_page_links_the_building_pages_for_the_board_only() -> None:
    url = reverse("orgs:detail", args=[org(CAO_MINH).pk])
    board = client_for(BOARD).get(url).content.decode()
    for name in ("add_child", "close", "blocks", "mass_organizations", "edit"):
        assert reverse(f"orgs:{name}", args=[org(CAO_MINH).pk]) in board
    assert reverse("orgs:add_child", args=[org(CAO_MINH).pk]) not in client_for(INSPECTOR).get(url).content.decode()


def test_board_adds_a_cell_with_a_block_audited() -> None:
    block = _block()
    response = client_for(BOARD).post(
        URLS["add_child"](),
        {"kind": OrganizationKind.CELL, "name": "Chi bộ thôn Nà Mới", "code": "", "block": block.pk,
         "valid_from": "2026-01-05", "note": ""},
    )  # fmt: skip
    assert response.status_code == 302
    child = Organization.objects.get(name="Chi bộ thôn Nà Mới")
    assert child.block == block and child.valid_from == date(2026, 1, 5)
    assert child.path.startswith(org(CAO_MINH).path) and child.depth == org(CAO_MINH).depth + 1
    assert AuditEvent.objects.filter(object_id=str(child.pk), user__username=BOARD).exists()


@pytest.mark.parametrize(
    ("parent", "data", "refusal"),
    [
        ("Chi bộ Hưng Thịnh", {"kind": OrganizationKind.CELL}, "chi bộ không có tổ chức đảng trực thuộc"),
        (CAO_MINH, {"kind": OrganizationKind.CELL, "code": "__existing__"}, "đã được dùng"),
        (CAO_MINH, {"kind": OrganizationKind.CELL, "name": "Chi bộ Hưng Thịnh"}, "đã có tổ chức tên"),
        (CAO_MINH, {"kind": OrganizationKind.PROVINCIAL}, "Hãy chọn"),
    ],
)
def test_add_child_refusals_in_vietnamese(parent: str, data: dict[str, str], refusal: str) -> None:
    target = org(parent)
    posted = {"name": "Chi bộ thôn Mới", "code": "", "block": "", "valid_from": "", "note": "", **data}
    if posted["code"] == "__existing__":
        posted["code"] = org("Chi bộ Nặm Cáp").code
    before = Organization.objects.count()
    response = client_for(BOARD).post(reverse("orgs:add_child", args=[target.pk]), posted)
    assert response.status_code == 200 and refusal in response.content.decode()
    assert Organization.objects.count() == before


def _edit_data(target: Organization, **changes: str) -> dict[str, str]:
    data = {
        "kind": target.kind, "name": target.name, "code": target.code, "block": "",
        "valid_from": target.valid_from.isoformat() if target.valid_from else "", "note": target.note,
    }  # fmt: skip
    read = versions.read_of(target, ["kind", "name", "code", "block", "valid_from", "note"])
    return {**data, versions.FIELD: read.version, **changes}


def test_board_edits_a_cell_and_a_second_stale_save_is_refused() -> None:
    cell = org("Chi bộ Nặm Cáp")
    url = reverse("orgs:edit", args=[cell.pk])
    stale = _edit_data(cell, note="người thứ hai")
    assert client_for(BOARD).post(url, _edit_data(cell, note="đã sửa", code="CM-NC")).status_code == 302
    cell.refresh_from_db()
    assert (cell.note, cell.code) == ("đã sửa", "CM-NC")
    assert client_for(BOARD).post(url, stale).status_code == 200
    cell.refresh_from_db()
    assert cell.note == "đã sửa"


def test_edit_refuses_turning_a_committee_with_children_into_a_cell() -> None:
    sub = org("Đảng bộ các cơ quan Đảng")
    Organization.objects.add_child(sub, create_kwargs={"name": "Chi bộ Văn phòng", "code": "T-VP", "kind": "cell"})
    sub.refresh_from_db()
    response = client_for(BOARD).post(reverse("orgs:edit", args=[sub.pk]), _edit_data(sub, kind=OrganizationKind.CELL))
    assert "không thể là chi bộ" in response.content.decode()
    sub.refresh_from_db()
    assert sub.kind == OrganizationKind.SUB_COMMITTEE


def _new_cell(name: str, valid_from: date | None = date(2026, 2, 1)) -> Organization:
    parent = org(CAO_MINH)
    return Organization.objects.add_child(
        parent,
        create_kwargs={"name": name, "code": f"T-{name[-3:]}", "kind": OrganizationKind.CELL, "valid_from": valid_from},
    )


def test_board_closes_an_empty_cell_on_its_last_day() -> None:
    cell = _new_cell("Chi bộ thôn Đóng")
    url = reverse("orgs:close", args=[cell.pk])
    data = {"valid_until": "2026-06-30", "reason": "Sáp nhập thôn", "action": "confirm"}
    assert client_for(BOARD).post(url, data).status_code == 302
    cell.refresh_from_db()
    assert cell.valid_until == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        ({"valid_until": "2026-01-15", "reason": "x"}, "trước ngày bắt đầu hoạt động"),
        ({"valid_until": "2026-06-30", "reason": ""}, "bắt buộc"),
    ],
)
def test_close_refusals(data: dict[str, str], refusal: str) -> None:
    cell = _new_cell("Chi bộ thôn Sớm")
    response = client_for(BOARD).post(reverse("orgs:close", args=[cell.pk]), data)
    assert response.status_code == 200 and refusal in response.content.decode()
    cell.refresh_from_db()
    assert cell.valid_until is None


def test_close_refuses_a_cell_that_still_has_members() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    response = client_for(BOARD).post(
        reverse("orgs:close", args=[cell.pk]), {"valid_until": "2026-06-30", "reason": "x"}
    )
    assert response.status_code == 200 and "hãy chọn chuyển sang tổ chức kế tục" in response.content.decode()


def test_blocks_add_edit_and_duplicate_refused() -> None:
    client, committee = client_for(BOARD), org(CAO_MINH)
    url = reverse("orgs:blocks", args=[committee.pk])
    assert client.post(url, {"kind": BlockKind.SCHOOLS, "name": "Khối trường học xã"}).status_code == 302
    block = Block.objects.get(organization=committee, name="Khối trường học xã")
    edit = reverse("orgs:edit_block", args=[committee.pk, block.pk])
    assert client.post(edit, {"kind": BlockKind.SCHOOLS, "name": "Khối giáo dục"}).status_code == 302
    block.refresh_from_db()
    assert block.name == "Khối giáo dục"
    again = client.post(url, {"kind": BlockKind.SCHOOLS, "name": "khối giáo dục"})
    assert again.status_code == 200 and "đã có khối" in again.content.decode()
    other = Block.objects.create(organization=org("Đảng bộ xã Đồng Tiến"), kind=BlockKind.RURAL, name="Khối khác")
    assert client.get(reverse("orgs:edit_block", args=[committee.pk, other.pk])).status_code == 404


def test_mass_organisations_add_and_edit() -> None:
    client, committee = client_for(BOARD), org(CAO_MINH)
    url = reverse("orgs:mass_organizations", args=[committee.pk])
    assert (
        client.post(url, {"kind": MassOrganizationKind.VETERANS, "name": "Hội Cựu chiến binh xã mới"}).status_code
        == 302
    )
    mass = MassOrganization.objects.get(committee=committee, name="Hội Cựu chiến binh xã mới")
    edit = reverse("orgs:edit_mass", args=[committee.pk, mass.pk])
    assert client.post(edit, {"kind": MassOrganizationKind.VETERANS, "name": "Hội CCB xã"}).status_code == 302
    mass.refresh_from_db()
    assert mass.name == "Hội CCB xã"


def test_block_list_query_count(django_assert_max_num_queries: Callable[..., object]) -> None:
    client, committee = client_for(BOARD), org(CAO_MINH)
    for i in range(6):
        Block.objects.create(organization=committee, kind=BlockKind.RURAL, name=f"Khối số {i}")
    client.get(reverse("orgs:blocks", args=[committee.pk]))
    with django_assert_max_num_queries(15):  # type: ignore[operator]  # +1: closed predecessors in scope
        client.get(reverse("orgs:blocks", args=[committee.pk]))


# ---------------------------------------------------------------- first run


def _superuser() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("quantri.moi", password="mat-khau-dai-123"))
    return client


def test_first_run_is_for_superusers_only() -> None:
    assert client_for(BOARD).get(reverse("orgs:first_run")).status_code == 403
    assert _superuser().get(reverse("orgs:first_run")).status_code == 200


def test_home_leads_the_superuser_of_an_empty_install_to_the_first_run(monkeypatch: pytest.MonkeyPatch) -> None:
    client = _superuser()
    assert client.get(reverse("home")).status_code == 200  # the demo tree exists
    monkeypatch.setattr(Organization.objects, "exists", lambda: False)
    assert client.get(reverse("home"))["Location"] == reverse("orgs:first_run")


def test_first_run_creates_a_province_and_a_commune_under_it_audited() -> None:
    client = _superuser()
    data = {
        "province_name": "Đảng bộ tỉnh Cao Bằng",
        "province_code": "CB",
        "commune_name": "Đảng bộ xã Hà Quảng",
        "commune_kind": OrganizationKind.GRASSROOTS_COMMITTEE,
        "commune_code": "",
        "valid_from": "2025-07-01",
    }
    assert client.post(reverse("orgs:first_run"), data).status_code == 302
    province = Organization.objects.get(code="CB")
    commune = Organization.objects.get(name="Đảng bộ xã Hà Quảng")
    assert province.depth == 1 and province.kind == OrganizationKind.PROVINCIAL
    assert Organization.objects.get_parent(commune) == province
    assert AuditEvent.objects.filter(object_id=str(commune.pk), user__username="quantri.moi").exists()
    # The same province again with a second commune: the province is reused, not doubled.
    again = {**data, "province_code": "", "commune_name": "Đảng bộ xã Trà Lĩnh"}
    assert client.post(reverse("orgs:first_run"), again).status_code == 302
    assert Organization.objects.filter(name="Đảng bộ tỉnh Cao Bằng").count() == 1
    page = client.get(reverse("orgs:first_run")).content.decode()
    assert "Đảng bộ xã Trà Lĩnh" in page and "manage.py" not in page
    second = Organization.objects.get(name="Đảng bộ xã Trà Lĩnh")
    for target in (province, commune, second):  # the next steps are pages, with links
        assert reverse("orgs:import_tree", args=[target.pk]) in page
        assert reverse("orgs:import_members", args=[target.pk]) in page
    assert reverse("accounts:add") in page and reverse("accounts:list") in page


def test_first_run_of_an_empty_install_says_what_comes_next_without_links_yet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = _superuser()
    monkeypatch.setattr(Organization.objects, "filter", lambda **kw: Organization.objects.none())
    page = client.get(reverse("orgs:first_run")).content.decode()
    assert 'data-testid="first-run-empty"' in page and "Hệ thống chưa có tổ chức đảng nào" in page
    assert "danh sách tổ chức" in page and "danh sách đảng viên" in page and "tài khoản" in page
    assert 'data-testid="first-run-import-tree"' not in page and 'href="#tao-to-chuc"' in page


def test_first_run_refuses_the_same_province_without_a_commune() -> None:
    data = {"province_name": "Đảng bộ tỉnh Thái Nguyên", "commune_kind": OrganizationKind.GRASSROOTS_COMMITTEE}
    response = _superuser().post(reverse("orgs:first_run"), data)
    assert response.status_code == 200 and "hãy nhập tên xã" in response.content.decode()
