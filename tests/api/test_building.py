"""A committee's blocks and mass organisations through the API, against their pages:
for every demo role the list, the add and the edit answer what the page answers
(allowed, 403 without the managing right or on a cell, 404 for another subtree, 401
without a token); the writes are the pages' service (audited, attributed to the
token's owner) and its refusals come back as 422 naming the field, in the page's words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ketnap.audit.models import AuditEvent
from ketnap.orgs import building
from ketnap.orgs.models import Block, MassOrganization, Organization
from tests.api.conftest import ApiClient, api_for
from tests.api.test_access import PERSONAS
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db
CAO_MINH, DONG_TIEN, HUNG_THINH = "Đảng bộ xã Cao Minh", "Đảng bộ xã Đồng Tiến", "Chi bộ Hưng Thịnh"
#: (API collection, page listing it, a valid body)
AREAS = [
    ("blocks", "orgs:blocks", {"kind": "rural", "name": "Khối nông thôn"}),
    ("mass-organizations", "orgs:mass_organizations", {"kind": "veterans", "name": "Hội Cựu chiến binh"}),
]
IDS = [a for a, _, _ in AREAS]


def _page_status(persona: str, screen: str, committee: Organization) -> int:
    return int(client_for(persona).get(reverse(screen, args=[committee.pk])).status_code)


@pytest.mark.parametrize("committee_name", [CAO_MINH, HUNG_THINH])
def test_block_list_answers_as_its_page_for_every_role(committee_name: str) -> None:
    committee = org(committee_name)
    url = f"/api/v1/organizations/{committee.pk}/blocks"
    seen = {p: (api_for(p).get(url).status_code, _page_status(p, "orgs:blocks", committee)) for p in PERSONAS}
    assert all(a == b for a, b in seen.values()), seen
    statuses = {a for a, _ in seen.values()}
    assert {403, 404} <= statuses, seen
    assert (200 in statuses) is (committee_name == CAO_MINH), seen
    assert ApiClient(None).get(url).status_code == 401


@pytest.mark.parametrize(("area", "screen", "body"), AREAS, ids=IDS)
def test_add_answers_as_its_page_for_every_role(area: str, screen: str, body: dict[str, str]) -> None:
    """Each role adds one (a name of its own): 201 where the page lets it in, else the
    page's 403/404; the row is the service's, audited as the token's owner."""
    committee = org(CAO_MINH)
    url = f"/api/v1/organizations/{committee.pk}/{area}"
    model = Block if area == "blocks" else MassOrganization
    seen: dict[str, tuple[int, int]] = {}
    for persona in PERSONAS:
        page = _page_status(persona, screen, committee)
        response = api_for(persona).post(url, {**body, "name": f"{body['name']} {persona}"})
        seen[persona] = (response.status_code, page)
        created = model.objects.filter(name=f"{body['name']} {persona}")
        assert created.exists() is (response.status_code == 201), persona
        if response.status_code == 201:
            assert response.json()["id"] == created.get().pk and response.json()["committee_id"] == committee.pk
            event = AuditEvent.objects.filter(model_label=model._meta.label, object_id=str(created.get().pk)).get()
            assert event.action == "create" and event.user is not None and event.user.username == persona
    assert all(a == (201 if p == 200 else p) for a, p in seen.values()), seen
    assert {201, 403, 404} <= {a for a, _ in seen.values()}, seen
    assert ApiClient(None).post(url, body).status_code == 401


@pytest.mark.parametrize(("area", "screen", "body"), AREAS, ids=IDS)
def test_a_cell_has_neither_as_on_its_page(area: str, screen: str, body: dict[str, str]) -> None:
    cell = org(HUNG_THINH)
    assert _page_status("bxd.caominh", screen, cell) == 403
    response = api_for("bxd.caominh").post(f"/api/v1/organizations/{cell.pk}/{area}", body)
    assert response.status_code == 403 and "Chi bộ" in response.json()["detail"]


def _existing(area: str, committee: Organization) -> Block | MassOrganization:
    if area == "blocks":
        return building.save_block(actor=None, committee=committee, name="Khối dân cư", kind="residential")
    return building.save_mass_organization(actor=None, committee=committee, name="Hội Nông dân xã", kind="farmers")


EDIT_PAGES = {"blocks": "orgs:edit_block", "mass-organizations": "orgs:edit_mass"}


@pytest.mark.parametrize(("area", "screen", "body"), AREAS, ids=IDS)
def test_edit_answers_as_its_page_for_every_role(area: str, screen: str, body: dict[str, str]) -> None:
    committee = org(CAO_MINH)
    target = _existing(area, committee)
    url = f"/api/v1/organizations/{committee.pk}/{area}/{target.pk}"
    seen: dict[str, tuple[int, int]] = {}
    for persona in PERSONAS:
        page = client_for(persona).get(reverse(EDIT_PAGES[area], args=[committee.pk, target.pk])).status_code
        response = api_for(persona).patch(url, {"name": f"Tên mới {persona}"})
        seen[persona] = (response.status_code, page)
        target.refresh_from_db()
        assert (target.name == f"Tên mới {persona}") is (response.status_code == 200), persona
    assert all(a == p for a, p in seen.values()), seen
    assert {200, 403, 404} <= {a for a, _ in seen.values()}, seen
    assert ApiClient(None).patch(url, {"name": "Đổi tên"}).status_code == 401
    # The object of another committee is not found under this one (the page's lookup).
    other = _existing(area, org(DONG_TIEN))
    stray = f"/api/v1/organizations/{committee.pk}/{area}/{other.pk}"
    assert api_for("bxd.caominh").patch(stray, {"name": "Đổi tên"}).status_code == 404
    renamed = api_for("bxd.caominh").patch(url, {"name": "Tên mới của đơn vị"})
    assert renamed.status_code == 200, renamed.content
    target.refresh_from_db()
    assert target.name == "Tên mới của đơn vị" and renamed.json()["kind"] == target.kind  # kind kept
    rekinded = api_for("bxd.caominh").patch(url, {"kind": body["kind"]})
    assert rekinded.status_code == 200 and rekinded.json()["name"] == "Tên mới của đơn vị"
    target.refresh_from_db()
    assert target.kind == body["kind"]
    event = AuditEvent.objects.filter(model_label=type(target)._meta.label, object_id=str(target.pk)).latest("id")
    assert event.action == "update" and event.user is not None and event.user.username == "bxd.caominh"


@pytest.mark.parametrize(("area", "screen", "body"), AREAS, ids=IDS)
def test_refusals_are_422_naming_the_field_in_the_pages_words(area: str, screen: str, body: dict[str, str]) -> None:
    committee = org(CAO_MINH)
    target = _existing(area, committee)
    url = f"/api/v1/organizations/{committee.pk}/{area}"
    twice = api_for("bxd.caominh").post(url, {"kind": body["kind"], "name": target.name.upper()})
    assert twice.status_code == 422, twice.content
    [error] = twice.json()["detail"]
    assert error["loc"] == ["body", "name"] and target.name.upper() in error["msg"]
    page = client_for("bxd.caominh").post(reverse(screen, args=[committee.pk]), {**body, "name": target.name.upper()})
    assert page.status_code == 200 and error["msg"] in page.content.decode()
    blank = api_for("bxd.caominh").post(url, {"kind": body["kind"], "name": "   "})
    assert blank.status_code == 422 and blank.json()["detail"][0]["loc"] == ["body", "name"]
    kind = api_for("bxd.caominh").post(url, {"kind": "guild", "name": "Hội Thợ"})
    assert kind.status_code == 422 and kind.json()["detail"][0]["loc"][-1] == "kind"
    assert api_for("bxd.caominh").patch(f"{url}/{target.pk}", {"name": ""}).status_code == 422


def test_add_child_answers_as_the_tree_page_for_every_role() -> None:
    committee = org(CAO_MINH)
    url = f"/api/v1/organizations/{committee.pk}/children"
    seen: dict[str, tuple[int, int]] = {}
    for i, persona in enumerate(PERSONAS):
        page = client_for(persona).get(reverse("orgs:add_child", args=[committee.pk])).status_code
        response = api_for(persona).post(url, {"kind": "cell", "name": f"Chi bộ thôn Thử Nghiệm {i}"})
        seen[persona] = (response.status_code, page)
        if response.status_code == 201:
            child = Organization.objects.get(pk=response.json()["id"])
            assert child.name == f"Chi bộ thôn Thử Nghiệm {i}" and child.code.startswith(f"{committee.code}.")
            assert response.json()["parent_id"] == committee.pk and response.json()["kind"] == "cell"
            event = AuditEvent.objects.filter(model_label="orgs.Organization", object_id=str(child.pk)).get()
            assert event.action == "create" and event.user is not None and event.user.username == persona
    assert all(a == (201 if p == 200 else p) for a, p in seen.values()), seen
    assert {201, 403, 404} <= {a for a, _ in seen.values()}, seen
    assert ApiClient(None).post(url, {"kind": "cell", "name": "Chi bộ X"}).status_code == 401


def _loc_and_msg(response: object) -> tuple[list[str], str]:
    assert response.status_code == 422, response.content  # type: ignore[attr-defined]
    [error] = response.json()["detail"]  # type: ignore[attr-defined]
    return error["loc"], error["msg"]


def test_add_child_refusals_name_the_field_in_the_tree_pages_words() -> None:
    committee, cell = org(CAO_MINH), org(HUNG_THINH)
    board = api_for("bxd.caominh")
    url = f"/api/v1/organizations/{committee.pk}/children"
    loc, msg = _loc_and_msg(board.post(url, {"kind": "cell", "name": cell.name.upper()}))
    assert loc == ["body", "name"] and cell.name in msg
    page = client_for("bxd.caominh").post(
        reverse("orgs:add_child", args=[committee.pk]), {"kind": "cell", "name": cell.name.upper()}
    )
    assert page.status_code == 200 and msg in page.content.decode()
    loc, msg = _loc_and_msg(board.post(url, {"kind": "cell", "name": "Chi bộ Mới", "code": cell.code}))
    assert loc == ["body", "code"] and cell.code in msg
    loc, _ = _loc_and_msg(board.post(f"/api/v1/organizations/{cell.pk}/children", {"kind": "cell", "name": "Tổ"}))
    assert loc == ["body", "kind"]  # a cell has no party organisation under it
    loc, _ = _loc_and_msg(board.post(url, {"kind": "upper", "name": "Đảng bộ cấp trên"}))
    assert loc == ["body", "kind"]
    stray = _existing("blocks", org(DONG_TIEN))
    loc, _ = _loc_and_msg(board.post(url, {"kind": "cell", "name": "Chi bộ Khác", "block": stray.pk}))
    assert loc == ["body", "block"]
    own = _existing("blocks", committee)
    placed = board.post(url, {"kind": "cell", "name": "Chi bộ thôn Khối", "block": own.pk})
    assert placed.status_code == 201 and Organization.objects.get(pk=placed.json()["id"]).block_id == own.pk


def test_edit_organization_answers_as_the_tree_page_for_every_role() -> None:
    cell = org(HUNG_THINH)
    url = f"/api/v1/organizations/{cell.pk}"
    seen: dict[str, tuple[int, int]] = {}
    for persona in PERSONAS:
        page = client_for(persona).get(reverse("orgs:edit", args=[cell.pk])).status_code
        response = api_for(persona).patch(url, {"note": f"Ghi chú của {persona}"})
        seen[persona] = (response.status_code, page)
        cell.refresh_from_db()
        assert (cell.note == f"Ghi chú của {persona}") is (response.status_code == 200), persona
    assert all(a == p for a, p in seen.values()), seen
    assert {200, 403, 404} <= {a for a, _ in seen.values()}, seen
    assert ApiClient(None).patch(url, {"note": "x"}).status_code == 401
    board = api_for("bxd.caominh")
    renamed = board.patch(url, {"name": "Chi bộ thôn Hưng Thịnh"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Chi bộ thôn Hưng Thịnh"
    cell.refresh_from_db()
    assert (cell.name, cell.kind, cell.code) == ("Chi bộ thôn Hưng Thịnh", "cell", cell.code)  # the rest kept
    sibling = Organization.objects.filter(path__startswith=org(CAO_MINH).path, depth=cell.depth).exclude(pk=cell.pk)
    other = sibling.filter(valid_until__isnull=True).first()
    assert other is not None
    loc, msg = _loc_and_msg(board.patch(url, {"name": other.name}))
    assert loc == ["body", "name"] and other.name in msg
    loc, _ = _loc_and_msg(board.patch(url, {"kind": "provincial"}))
    assert loc == ["body", "kind"]
