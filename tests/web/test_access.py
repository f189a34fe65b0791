"""Every URL × every role: allowed (200), forbidden (403), other subtree (404),
anonymous (redirect to login). Personas are the demo logins."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from ketnap.core import versions
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db

BOARD, INSPECTOR, SECRETARY, OTHER_SECRETARY, MASS_ORG, OTHER_SUBTREE, PROVINCE = (
    "bxd.caominh",
    "ubkt.caominh",
    "bithu.hungthinh",
    "bithu.namcap",
    "doan.caominh",
    "bxd.dongtien",
    "tinh.thainguyen",
)
PERSONAS = [BOARD, INSPECTOR, SECRETARY, OTHER_SECRETARY, MASS_ORG, OTHER_SUBTREE, PROVINCE]

# (url name, organisation the URL is about or None) → expected status per persona.
ORG_PAGES: list[tuple[str, str, dict[str, int]]] = [
    (
        "orgs:detail",
        "Đảng bộ xã Cao Minh",
        {
            BOARD: 200,
            INSPECTOR: 200,
            SECRETARY: 404,
            OTHER_SECRETARY: 404,
            MASS_ORG: 200,
            OTHER_SUBTREE: 404,
            PROVINCE: 200,
        },
    ),
    (
        "orgs:detail",
        "Chi bộ Hưng Thịnh",
        {
            BOARD: 200,
            INSPECTOR: 200,
            SECRETARY: 200,
            OTHER_SECRETARY: 404,
            MASS_ORG: 200,
            OTHER_SUBTREE: 404,
            PROVINCE: 200,
        },
    ),
    (
        "orgs:children",
        "Đảng bộ xã Cao Minh",
        {
            BOARD: 200,
            INSPECTOR: 200,
            SECRETARY: 404,
            OTHER_SECRETARY: 404,
            MASS_ORG: 200,
            OTHER_SUBTREE: 404,
            PROVINCE: 200,
        },
    ),
    (
        "orgs:members",
        "Chi bộ Hưng Thịnh",
        {
            BOARD: 200,
            INSPECTOR: 200,
            SECRETARY: 200,
            OTHER_SECRETARY: 404,
            MASS_ORG: 200,
            OTHER_SUBTREE: 404,
            PROVINCE: 200,
        },
    ),
    (
        "orgs:edit",
        "Chi bộ Hưng Thịnh",
        {
            BOARD: 200,
            INSPECTOR: 403,
            SECRETARY: 403,
            OTHER_SECRETARY: 404,
            MASS_ORG: 403,
            OTHER_SUBTREE: 404,
            PROVINCE: 200,
        },
    ),
    (
        "orgs:move",
        "Chi bộ Hưng Thịnh",
        {
            BOARD: 200,
            INSPECTOR: 403,
            SECRETARY: 403,
            OTHER_SECRETARY: 404,
            MASS_ORG: 403,
            OTHER_SUBTREE: 404,
            PROVINCE: 200,
        },
    ),
    (
        "orgs:add_member_count",
        "Chi bộ Hưng Thịnh",
        {
            BOARD: 200,
            INSPECTOR: 403,
            SECRETARY: 200,
            OTHER_SECRETARY: 404,
            MASS_ORG: 403,
            OTHER_SUBTREE: 404,
            PROVINCE: 200,
        },
    ),
    (
        "orgs:add_member",
        "Chi bộ Hưng Thịnh",
        {
            BOARD: 200,
            INSPECTOR: 403,
            SECRETARY: 200,
            OTHER_SECRETARY: 404,
            MASS_ORG: 403,
            OTHER_SUBTREE: 404,
            PROVINCE: 200,
        },
    ),
]
PLAIN_PAGES: list[tuple[str, dict[str, int]]] = [
    ("home", dict.fromkeys(PERSONAS, 200)),
    ("orgs:tree", dict.fromkeys(PERSONAS, 200)),
    ("orgs:search", dict.fromkeys(PERSONAS, 200)),
    (
        "audit:list",
        {
            BOARD: 200,
            INSPECTOR: 200,
            SECRETARY: 403,
            OTHER_SECRETARY: 403,
            MASS_ORG: 403,
            OTHER_SUBTREE: 200,
            PROVINCE: 200,
        },
    ),
    ("admin:index", dict.fromkeys(PERSONAS, 404)),
]


def _cases() -> list[tuple[str, str | None, str, int]]:
    cases: list[tuple[str, str | None, str, int]] = []
    for name, org_name, expected in ORG_PAGES:
        cases += [(name, org_name, persona, status) for persona, status in expected.items()]
    for name, expected in PLAIN_PAGES:
        cases += [(name, None, persona, status) for persona, status in expected.items()]
    return cases


def _url(name: str, org_name: str | None) -> str:
    return reverse(name, args=[org(org_name).pk]) if org_name else reverse(name)


@pytest.mark.parametrize(("name", "org_name", "persona", "status"), _cases())
def test_get_status_per_role(name: str, org_name: str | None, persona: str, status: int) -> None:
    assert client_for(persona).get(_url(name, org_name)).status_code == status


@pytest.mark.parametrize(("name", "org_name"), [(n, o) for n, o, _ in ORG_PAGES] + [(n, None) for n, _ in PLAIN_PAGES])
def test_anonymous_is_sent_to_login(name: str, org_name: str | None) -> None:
    response = Client().get(_url(name, org_name))
    if name == "admin:index":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_superuser_reaches_admin() -> None:
    admin = get_user_model().objects.create_superuser("quantri", password="x-secret-123")
    client = Client()
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [(BOARD, 302), (SECRETARY, 302), (INSPECTOR, 403), (MASS_ORG, 403), (OTHER_SUBTREE, 404)]
)
def test_post_headcount_per_role(persona: str, status: int) -> None:
    url = reverse("orgs:add_member_count", args=[org("Chi bộ Hưng Thịnh").pk])
    data = {"counted_on": "2026-03-31", "official": "33", "probationary": "1"}
    assert client_for(persona).post(url, data).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [(BOARD, 302), (INSPECTOR, 403), (SECRETARY, 403), (OTHER_SUBTREE, 404)]
)
def test_post_edit_per_role(persona: str, status: int) -> None:
    target = org("Chi bộ Nặm Cáp") if persona != SECRETARY else org("Chi bộ Hưng Thịnh")
    data = {"kind": target.kind, "name": target.name, "code": target.code, "block": "", "valid_from": "", "note": "sửa"}
    edited = ["kind", "name", "code", "block", "valid_from", "note"]
    data[versions.FIELD] = versions.read_of(target, edited).version
    assert client_for(persona).post(reverse("orgs:edit", args=[target.pk]), data).status_code == status


def test_post_move_from_board_moves_and_rejects_out_of_scope_parent() -> None:
    client = client_for(BOARD)
    cell, sub = org("Chi bộ Trạm Y tế"), org("Đảng bộ các cơ quan Đảng")
    url = reverse("orgs:move", args=[cell.pk])
    other = org("Đảng bộ xã Đồng Tiến")
    bad = client.post(url, {"new_parent": other.pk, "effective_on": "2026-04-01", "reason": "x"})
    assert bad.status_code == 200 and "Hãy chọn" in bad.content.decode()
    data = {"new_parent": sub.pk, "effective_on": "2026-11-21", "reason": "Sắp xếp", "action": "confirm"}
    ok = client.post(url, data)
    assert ok.status_code == 302
    cell.refresh_from_db()
    assert cell.path.startswith(sub.path)


def test_post_member_from_secretary() -> None:
    url = reverse("orgs:add_member", args=[org("Chi bộ Hưng Thịnh").pk])
    response = client_for(SECRETARY).post(
        url,
        {
            "full_name": "Hà Thị Mai",
            "sex": "female",
            "status": "official",
            "birth_date": "",
            "admission_date": "",
            "official_date": "",
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "admin:orgs_organization_changelist",
        "admin:orgs_membership_changelist",
        "admin:orgs_member_changelist",
        "admin:rulebook_ruleoverride_changelist",
        "admin:rulebook_calendaroverride_changelist",
    ],
)
def test_admin_pages_for_superuser_only(url: str) -> None:
    admin = get_user_model().objects.create_superuser("quantri2", password="x-secret-123")
    client = Client()
    client.force_login(admin)
    assert client.get(reverse(url)).status_code == 200
    assert client_for(BOARD).get(reverse(url)).status_code == 404
