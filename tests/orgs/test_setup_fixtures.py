"""The journey's two files (tests/fixtures/setup) read as a commune's office has them:
merged two-row headers under a title block, STT groups and a sub-committee repeating
its cells' sum, then the member list — into a tree made from nothing."""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.orgs.building import add_organization
from ketnap.orgs.member_import import import_members
from ketnap.orgs.models import Member, MemberCount, Organization
from ketnap.orgs.tree_import import import_tree
from tests.fixtures.setup.make_fixtures import HERE

pytestmark = pytest.mark.django_db


def _commune() -> Organization:
    province = add_organization(actor=None, parent=None, name="Đảng bộ tỉnh Thái Nguyên Thử", kind="provincial")
    return add_organization(actor=None, parent=province, name="Đảng bộ xã Phú Đình", kind="grassroots_committee")


def test_organisation_list_then_member_list_from_the_fixture_files() -> None:
    commune = _commune()
    data = (HERE / "phu_dinh_to_chuc.xlsx").read_bytes()
    result = import_tree(under=commune, data=data, filename="phu_dinh_to_chuc.xlsx", actor=None)
    assert result.ok, [str(i) for i in result.outcome.issues]
    json = result.as_json()
    assert json["on"] == "2026-06-30" and json["totals"] == {"official": 73, "probationary": 3, "total": 76}
    mine = Organization.objects.filter(path__startswith=commune.path)
    sub = mine.get(name="Đảng bộ bộ phận Cơ quan xã")
    assert sub.kind == "sub_committee" and Organization.objects.get_parent(sub) == commune
    police = mine.get(name="Chi bộ Công an xã")
    assert Organization.objects.get_parent(police) == sub and police.block is not None
    assert not MemberCount.objects.filter(organization=sub).exists()  # its row repeats its cells' sum
    assert MemberCount.objects.get(organization=police, counted_on=date(2026, 6, 30)).official == 13
    again = import_tree(under=commune, data=data, filename="phu_dinh_to_chuc.xlsx", actor=None).as_json()
    assert not any(o["created"] for o in again["organizations"]) and again["result"]["counts_written"] == 0

    members = (HERE / "phu_dinh_dang_vien.xlsx").read_bytes()
    first = import_members(org=commune, data=members, filename="phu_dinh_dang_vien.xlsx", actor=None).as_json()
    assert first["ok"] and (first["created"], first["updated"]) == (4, 0), first["errors"]
    assert Member.objects.get(
        full_name="Lương Thị Hoa", organization__path__startswith=commune.path
    ).birth_date == date(1999, 1, 1)
    second = import_members(org=commune, data=members, filename="phu_dinh_dang_vien.xlsx", actor=None).as_json()
    assert (second["created"], second["updated"]) == (0, 0)
