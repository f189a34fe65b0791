"""The demo dataset reproduces the organisations named in the source documents."""

import math
from datetime import date
from decimal import Decimal

import pytest

from ketnap.orgs import selectors
from ketnap.orgs.demo.loader import load_demo
from ketnap.orgs.demo.tree import CAO_MINH_APPENDIX
from ketnap.orgs.enums import OrganizationKind
from ketnap.orgs.models import Block, MassOrganization, Member, Organization

pytestmark = pytest.mark.django_db


def test_cao_minh_has_the_41_organisations_of_the_appendix_in_order(cao_minh: Organization) -> None:
    children = list(Organization.objects.filter(path__startswith=cao_minh.path, depth=cao_minh.depth + 1))
    assert [c.name for c in children] == CAO_MINH_APPENDIX
    assert len(children) == 41
    kinds = [c.kind for c in children]
    assert kinds.count(OrganizationKind.CELL) == 39 and kinds.count(OrganizationKind.SUB_COMMITTEE) == 2


def test_cao_minh_headcount_makes_3_2_percent_round_up_to_41(cao_minh: Organization) -> None:
    total = selectors.headcount(cao_minh, date(2026, 1, 1)).total
    assert 1251 <= total <= 1281
    assert math.ceil(Decimal("3.2") * total / 100) == 41
    assert Member.objects.filter(organization__path__startswith=cao_minh.path).count() == total


def test_dong_tien_has_12_cells_in_two_blocks_and_5_mass_organisations(dong_tien: Organization) -> None:
    cells = Organization.objects.filter(path__startswith=dong_tien.path, depth=dong_tien.depth + 1)
    assert cells.count() == 12
    blocks = Block.objects.filter(organization=dong_tien)
    assert sorted(b.organizations.count() for b in blocks) == [4, 8]
    assert MassOrganization.objects.filter(committee=dong_tien).count() == 5


def test_named_committees_and_history() -> None:
    for name in ("Đảng bộ phường Việt Hưng", "Đảng bộ xã Cao Minh", "Đảng bộ xã Đồng Tiến", "Đảng bộ xã Bình Lưu"):
        assert Organization.objects.filter(name=name, kind=OrganizationKind.GRASSROOTS_COMMITTEE).count() == 1
    ninh_thuan = Organization.objects.get(name="Đảng bộ tỉnh Ninh Thuận")
    assert ninh_thuan.valid_until == date(2025, 6, 30)
    assert ninh_thuan.successor and ninh_thuan.successor.name == "Đảng bộ tỉnh Khánh Hòa"
    assert not ninh_thuan.is_active_on(date(2025, 7, 1)) and ninh_thuan.is_active_on(date(2025, 6, 30))
    city = Organization.objects.get(name="Đảng bộ thành phố Phan Rang - Tháp Chàm")
    assert selectors.headcount(city, date(2023, 1, 1)).total == 1550
    binh_luu = Organization.objects.get(name="Đảng bộ xã Bình Lưu")
    schools = Organization.objects.filter(path__startswith=binh_luu.path, block__kind="schools")
    assert schools.count() == 3


def test_loading_twice_changes_nothing() -> None:
    before = (Organization.objects.count(), Member.objects.count(), MassOrganization.objects.count())
    assert load_demo() is False
    assert (Organization.objects.count(), Member.objects.count(), MassOrganization.objects.count()) == before
