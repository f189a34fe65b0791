"""Headcount rollups for any date, search, scoping."""

from datetime import date

import pytest

from ketnap.orgs import selectors
from ketnap.orgs.enums import OrganizationKind, Role
from ketnap.orgs.models import MemberCount, Organization
from tests.orgs.helpers import make_child, make_root, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_tree() -> dict[str, Organization]:
    root = make_root()
    commune = make_child(root, "Đảng bộ xã Thử", OrganizationKind.GRASSROOTS_COMMITTEE)
    a = make_child(commune, "Chi bộ A")
    b = make_child(commune, "Chi bộ B")
    MemberCount.objects.create(organization=a, counted_on=date(2025, 1, 1), official=10, probationary=1)
    MemberCount.objects.create(organization=a, counted_on=date(2025, 7, 1), official=12, probationary=0)
    MemberCount.objects.create(organization=b, counted_on=date(2025, 3, 1), official=20, probationary=2)
    return {"root": root, "commune": commune, "a": a, "b": b}


@pytest.mark.parametrize(
    ("on", "official", "probationary"),
    [
        (date(2024, 12, 31), 0, 0),  # before any snapshot
        (date(2025, 1, 1), 10, 1),  # A's first snapshot, B none yet
        (date(2025, 3, 1), 30, 3),  # B's snapshot counts on its own day
        (date(2025, 6, 30), 30, 3),
        (date(2025, 7, 1), 32, 2),  # A's newer snapshot replaces its older one
        (date(2030, 1, 1), 32, 2),
    ],
)
def test_rollup_sums_latest_snapshot_of_each_organisation(
    small_tree: dict[str, Organization], on: date, official: int, probationary: int
) -> None:
    for key in ("root", "commune"):
        assert selectors.headcount(small_tree[key], on) == selectors.Headcount(official, probationary)


def test_rollup_counts_descendants(small_tree: dict[str, Organization]) -> None:
    rows = {r.organization.pk: r for r in selectors.tree_rows(small_tree.values(), date(2025, 7, 1))}
    assert rows[small_tree["root"].pk].descendants == 3
    assert rows[small_tree["commune"].pk].descendants == 2
    assert rows[small_tree["a"].pk].descendants == 0
    assert rows[small_tree["a"].pk].headcount.total == 12


@pytest.mark.parametrize("query", ["cao minh", "CAO MINH", "Cao Minh", "  cao   MINH "])
def test_search_ignores_case_and_diacritics(cao_minh: Organization, query: str) -> None:
    superuser = make_user("root")
    superuser.is_superuser = True
    assert cao_minh in list(selectors.search(superuser, query))


def test_search_dong_tien_without_diacritics(dong_tien: Organization) -> None:
    board = make_user("b", dong_tien, Role.ORGANIZING_BOARD)
    assert list(selectors.search(board, "dong tien")) == [dong_tien]


def test_search_stays_in_scope(cao_minh: Organization, dong_tien: Organization) -> None:
    board = make_user("b", dong_tien, Role.ORGANIZING_BOARD)
    assert list(selectors.search(board, "cao minh")) == []
    assert list(selectors.search(board, "")) == []


def test_visible_to_is_the_subtree(cao_minh: Organization, hung_thinh: Organization) -> None:
    secretary = make_user("s", hung_thinh, Role.CELL_SECRETARY)
    assert list(Organization.objects.visible_to(secretary)) == [hung_thinh]
    board = make_user("b", cao_minh, Role.ORGANIZING_BOARD)
    visible = Organization.objects.visible_to(board)
    # Cao Minh and its 41 organisations, and (read only) the three communes merged into it in 2025
    assert visible.count() == 45
    outside = [o for o in visible if not o.path.startswith(cao_minh.path)]
    assert sorted(o.name for o in outside) == ["Đảng bộ xã Cao Tân", "Đảng bộ xã Công Bằng", "Đảng bộ xã Cổ Linh"]
    assert all(o.successor == cao_minh and o.valid_until == date(2025, 6, 30) for o in outside)


def test_visible_roots_drop_nested_roles(cao_minh: Organization, hung_thinh: Organization) -> None:
    user = make_user("u", cao_minh, Role.ORGANIZING_BOARD)
    from ketnap.orgs.models import Membership

    Membership.objects.create(user=user, organization=hung_thinh, role=Role.CELL_SECRETARY)
    assert list(selectors.visible_roots(user)) == [cao_minh]


def test_user_without_roles_sees_nothing(cao_minh: Organization) -> None:
    assert not Organization.objects.visible_to(make_user("nobody")).exists()


def test_members_sorted_the_vietnamese_way(hung_thinh: Organization) -> None:
    board = make_user("b", hung_thinh, Role.CELL_SECRETARY)
    keys = list(selectors.members_of(hung_thinh, board).values_list("sort_name", flat=True))
    assert keys == sorted(keys) and len(keys) > 5
