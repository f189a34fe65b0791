"""A registry member who moves (a merge, a split, a close, a re-saved cell) counts where
they stood on each day: a past day's headcount never moves (orgs.transfers, issue 10)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ketnap.orgs import restructure, transfers
from ketnap.orgs.enums import MemberStatus, OrganizationKind
from ketnap.orgs.models import Member, MemberTransfer, Organization
from ketnap.orgs.selectors import headcount
from tests.orgs.helpers import make_child, make_root

BEFORE, ON = date(2026, 5, 31), date(2026, 6, 1)
TODAY = date(2026, 11, 20)  # the session's clock (tests/clock.py)


class _T:
    def __init__(self, pk: int, source: int, on: date) -> None:
        self.pk, self.from_organization_id, self.effective_on = pk, source, on


@pytest.mark.parametrize(
    ("moves", "now", "expected"),
    [
        ([], 1, {1: [(None, None)]}),
        ([(1, ON)], 2, {1: [(None, BEFORE)], 2: [(ON, None)]}),
        (
            [(2, date(2026, 9, 1)), (1, ON)],  # read in order of their days, whatever the order given
            3,
            {1: [(None, BEFORE)], 2: [(ON, date(2026, 8, 31))], 3: [(date(2026, 9, 1), None)]},
        ),
        (
            [(1, ON), (2, date(2026, 7, 1))],
            1,
            {1: [(None, BEFORE), (date(2026, 7, 1), None)], 2: [(ON, date(2026, 6, 30))]},
        ),
    ],
)
def test_stays_follow_the_transfers_in_order(moves: list, now: int, expected: dict) -> None:
    rows = [_T(i, source, on) for i, (source, on) in enumerate(moves, 1)]
    assert transfers.stays(now, rows) == expected


@pytest.mark.parametrize(
    ("day", "there"),
    [(None, True), (date(2026, 5, 30), True), (BEFORE, True), (ON, False), (date(2026, 6, 30), False)],
)
def test_stood_there_at_the_boundaries(day: date | None, there: bool) -> None:
    assert transfers.stood_there([(None, BEFORE)], day) is there
    assert transfers.stood_there([(ON, None)], day) is (day is not None and day >= ON)
    assert transfers.stood_there([(None, None)], day) is True


def _registry(parent: Organization, name: str, people: int) -> Organization:
    cell = make_child(parent, name, registry_complete=True)
    for i in range(people):
        Member.objects.create(
            organization=cell, full_name=f"Trần Thị Đếm {name} {i}", status=MemberStatus.OFFICIAL,
            admission_date=date(2010, 1, 1),
        )  # fmt: skip
    return cell


@pytest.fixture
def two_communes() -> tuple[Organization, Organization, Organization, Organization]:
    province = make_root("Đảng bộ tỉnh Chuyển Sinh Hoạt")
    a = make_child(province, "Đảng bộ xã Đi", OrganizationKind.GRASSROOTS_COMMITTEE)
    b = make_child(province, "Đảng bộ xã Đến", OrganizationKind.GRASSROOTS_COMMITTEE)
    return a, b, _registry(a, "Chi bộ Đi", 3), _registry(b, "Chi bộ Đến", 2)


def _counts(*orgs: Organization, on: date) -> list[int]:
    for o in orgs:
        o.refresh_from_db()
    return [headcount(o, on).total for o in orgs]


@pytest.mark.django_db
def test_a_merge_carrying_members_leaves_the_days_before_it_alone(two_communes: tuple) -> None:
    a, b, source, target = two_communes
    before = _counts(a, b, source, target, on=BEFORE)
    assert before == [3, 2, 3, 2]
    restructure.merge([source], into=target, on=ON, carry=["members"], reason="Nghị quyết 1")
    assert _counts(a, b, source, target, on=BEFORE) == before
    assert _counts(a, b, target, on=ON) == [0, 5, 5]
    assert MemberTransfer.objects.filter(from_organization=source, to_organization=target, effective_on=ON).count() == 3


@pytest.mark.django_db
def test_a_merge_dated_later_moves_the_headcount_on_its_day(two_communes: tuple) -> None:
    a, b, source, target = two_communes
    later = date(2027, 1, 1)
    restructure.merge([source], into=target, on=later, carry=["members"], reason="Nghị quyết 2")
    assert Member.objects.filter(organization=target).count() == 5  # the registry lists them there now
    assert _counts(source, target, a, b, on=TODAY) == [3, 2, 3, 2]
    assert _counts(target, a, b, on=later) == [5, 0, 5]


@pytest.mark.django_db
def test_a_split_assigning_members_leaves_the_days_before_it_alone() -> None:
    province = make_root("Đảng bộ tỉnh Tách")
    commune = make_child(province, "Đảng bộ xã Tách", OrganizationKind.GRASSROOTS_COMMITTEE)
    cell = _registry(commune, "Chi bộ Tách", 4)
    people = list(Member.objects.filter(organization=cell).order_by("pk"))
    parts = [restructure.Part("Chi bộ Tách Một", [], members=people[:1]), restructure.Part("Chi bộ Tách Hai", [])]
    outcome = restructure.split(cell, parts, on=ON, rest_to="Chi bộ Tách Hai", carry=["members"], reason="Tách")
    one, two = outcome.organizations[1:]
    for o in (one, two):
        o.registry_complete = True
        o.save()
    assert _counts(cell, commune, on=BEFORE) == [4, 4]
    assert _counts(cell, one, two, commune, on=ON) == [0, 1, 3, 4]


@pytest.mark.django_db
def test_a_member_saved_under_another_cell_moves_from_today(two_communes: tuple) -> None:
    a, b, source, target = two_communes
    member = Member.objects.filter(organization=source).first()
    assert member is not None
    member.organization = target
    member.save()
    transfer = MemberTransfer.objects.get(member=member)
    assert (transfer.from_organization_id, transfer.to_organization_id, transfer.effective_on) == (
        source.pk,
        target.pk,
        TODAY,
    )
    assert _counts(a, b, on=date(2026, 11, 19)) == [3, 2]
    assert _counts(a, b, on=TODAY) == [2, 3]


@pytest.mark.django_db
def test_a_carry_before_a_later_move_is_refused(two_communes: tuple) -> None:
    _a, b, source, target = two_communes
    restructure.merge([source], into=target, on=date(2026, 9, 1), carry=["members"], reason="Lần 1")
    third = _registry(b, "Chi bộ Thứ Ba", 0)
    with pytest.raises(ValidationError, match="đã chuyển sinh hoạt từ ngày 01/09/2026"):
        transfers.carry(Member.objects.filter(organization=target), third, ON)
    assert MemberTransfer.objects.filter(to_organization=third).count() == 0
