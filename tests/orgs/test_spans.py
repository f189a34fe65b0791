"""Headcount spans (orgs.spans, issue 10 point 4): the summary the headcount rollups read
is kept right by every write — snapshots, members, organisations, restructurings and
bulk writes followed by `rollup_cache.touch` — and always equals the headcount rule
computed by brute force from what is recorded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketnap.audit.context import audit_disabled
from ketnap.orgs import restructure, rollup_cache, spans
from ketnap.orgs.enums import MemberStatus, OrganizationKind
from ketnap.orgs.models import HeadcountSpan, Member, MemberCount, MemberTransfer, Organization
from ketnap.orgs.selectors import Headcount, headcount
from ketnap.orgs.spans import Placement, cut
from tests.orgs.helpers import make_child, make_root

D1, D2, D3 = date(2025, 1, 1), date(2025, 6, 30), date(2025, 12, 31)


def _counter(values: dict[date, tuple[int, int]]) -> object:
    def count(day: date | None) -> tuple[int, int]:
        known = [d for d in values if day is not None and d <= day]
        return values[max(known)] if known else (0, 0)

    return count


@pytest.mark.parametrize(
    ("placements", "values", "expected"),
    [
        # no count at all: one span of zeros over the whole placement
        ([Placement("0001", None, None)], {}, [("0001", None, None, 0, 0)]),
        # a snapshot cuts an open placement: zeros before, the count from its day on
        (
            [Placement("0001", None, None)],
            {D1: (5, 1)},
            [("0001", None, D1 - timedelta(1), 0, 0), ("0001", D1, None, 5, 1)],
        ),
        # a snapshot on the first day of the placement counts from that day (no empty span)
        ([Placement("0001", D1, None)], {D1: (5, 0)}, [("0001", D1, None, 5, 0)]),
        # a snapshot on the last day cuts it there; one after it does not reach it
        (
            [Placement("0001", None, D2)],
            {D2: (3, 0), D3: (9, 0)},
            [("0001", None, D2 - timedelta(1), 0, 0), ("0001", D2, D2, 3, 0)],
        ),
        # a snapshot before the placement is its count from its first day
        ([Placement("0001", D2, D3)], {D1: (4, 0)}, [("0001", D2, D3, 4, 0)]),
        # an unchanged count does not cut
        (
            [Placement("0001", None, None)],
            {D1: (4, 0), D2: (4, 0)},
            [("0001", None, D1 - timedelta(1), 0, 0), ("0001", D1, None, 4, 0)],
        ),
        # two placements (a move): each keeps its path, cut by the count's days inside it
        (
            [Placement("0001", None, D2 - timedelta(1)), Placement("0002", D2, None)],
            {D1: (4, 0), D3: (6, 0)},
            [
                ("0001", None, D1 - timedelta(1), 0, 0),
                ("0001", D1, D2 - timedelta(1), 4, 0),
                ("0002", D2, D3 - timedelta(1), 4, 0),
                ("0002", D3, None, 6, 0),
            ],
        ),
    ],
)
def test_cut_splits_the_placements_where_the_count_changes(placements: list, values: dict, expected: list) -> None:
    assert cut(placements, sorted(values), _counter(values)) == expected


# ---------------------------------------------------------------- against the rule, by brute force


def _path_on(org: Organization, day: date) -> str | None:
    if not org.is_active_on(day):
        return None
    if not org.has_history:
        return org.path
    for v in org.versions.all():
        if v.covers(day):
            return v.path
    return None


def _member_org_on(member: Member, day: date) -> int:
    """Where the member stood on the day: the organisation their first later move left."""
    for t in MemberTransfer.objects.filter(member=member).order_by("effective_on", "id"):
        if t.effective_on > day:
            return t.from_organization_id
    return member.organization_id


def _own(org: Organization, day: date) -> tuple[int, int]:
    if org.registry_complete:
        official = probationary = 0
        for m in Member.objects.all():
            if _member_org_on(m, day) != org.pk:
                continue
            if (m.admission_date is None or m.admission_date <= day) and (m.left_on is None or m.left_on > day):
                is_official = (m.official_date is not None and m.official_date <= day) or (
                    m.official_date is None and m.status == MemberStatus.OFFICIAL
                )
                official += is_official
                probationary += not is_official
        return official, probationary
    latest = MemberCount.objects.filter(organization=org, counted_on__lte=day).order_by("-counted_on").first()
    return (latest.official, latest.probationary) if latest else (0, 0)


def expected(org: Organization, day: date) -> Headcount:
    """The headcount rule itself: every organisation active on the day whose path that
    day lies under `org`'s path that day, its registry or its latest snapshot."""
    top = _path_on(org, day)
    official = probationary = 0
    if top is not None:
        for o in Organization.objects.all():
            path = _path_on(o, day)
            if path is not None and path.startswith(top):
                off, prob = _own(o, day)
                official, probationary = official + off, probationary + prob
    return Headcount(official, probationary)


DAYS = [
    date(2024, 12, 31), date(2025, 3, 1), date(2025, 6, 30), date(2025, 7, 1), date(2025, 12, 31), date(2026, 5, 1),
    date(2026, 11, 19), date(2026, 11, 20),  # the day before a member moves (today, tests/clock.py) and its day
]  # fmt: skip


def _assert_rule(orgs: list[Organization]) -> None:
    for o in orgs:
        o.refresh_from_db()
        for day in DAYS:
            assert headcount(o, day) == expected(o, day), (o.name, day)


def _tree() -> tuple[Organization, list[Organization], list[Organization]]:
    province = make_root("Đảng bộ tỉnh Khoảng")
    communes = [make_child(province, f"Đảng bộ xã {n}", OrganizationKind.GRASSROOTS_COMMITTEE) for n in "AB"]
    cells = [make_child(c, f"Chi bộ {c.name[-1]}{i}") for c in communes for i in range(2)]
    return province, communes, cells


@pytest.mark.django_db
def test_every_write_keeps_the_spans_equal_to_the_rule() -> None:
    province, communes, cells = _tree()
    everything = [province, *communes, *cells]
    count = MemberCount.objects.create(organization=cells[0], counted_on=date(2024, 12, 31), official=10)
    MemberCount.objects.create(organization=cells[1], counted_on=date(2025, 6, 30), official=7, probationary=2)
    MemberCount.objects.create(organization=communes[1], counted_on=date(2025, 3, 1), official=3)
    _assert_rule(everything)
    count.official = 12
    count.save()  # corrected
    MemberCount.objects.filter(organization=cells[1]).delete()  # one by one: a signal each
    _assert_rule(everything)
    # A registry: members by their dates, one moved to another cell.
    cells[2].registry_complete = True
    cells[2].save()
    member = Member.objects.create(
        organization=cells[2], full_name="Lò Văn A", admission_date=date(2025, 2, 1), official_date=date(2026, 2, 1)
    )
    Member.objects.create(
        organization=cells[2], full_name="Lò Thị B", admission_date=date(1999, 1, 1), left_on=date(2025, 7, 1)
    )
    _assert_rule(everything)
    cells[3].registry_complete = True
    cells[3].save()
    member.organization = cells[3]
    member.save()
    _assert_rule(everything)
    # A cell closed, a cell moved and a commune merged (restructuring services).
    cells[0].valid_until = date(2025, 6, 30)
    cells[0].save()
    restructure.move(cells[3], communes[0], on=date(2025, 7, 1))
    restructure.merge([communes[0]], into=communes[1], on=date(2025, 12, 31), carry=["children"])
    _assert_rule(everything)


@pytest.mark.django_db
def test_a_bulk_write_is_seen_after_touch_and_rebuild_agrees() -> None:
    province, _communes, cells = _tree()
    MemberCount.objects.bulk_create(
        [MemberCount(organization=c, counted_on=date(2025, 3, 1), official=5 + i) for i, c in enumerate(cells)]
    )
    assert headcount(province, date(2025, 6, 30)).total == 0  # nothing said yet
    rollup_cache.touch([province.path])
    assert headcount(province, date(2025, 6, 30)).total == 5 + 6 + 7 + 8
    rows = sorted(
        map(str, HeadcountSpan.objects.values_list("organization_id", "path", "valid_from", "valid_until", "official"))
    )
    HeadcountSpan.objects.all().delete()
    assert spans.rebuild() == Organization.objects.count()
    assert (
        sorted(
            map(
                str,
                HeadcountSpan.objects.values_list("organization_id", "path", "valid_from", "valid_until", "official"),
            )
        )
        == rows
    )


@pytest.mark.django_db
def test_deleting_an_organisation_takes_its_counts_and_spans() -> None:
    province, _communes, cells = _tree()
    MemberCount.objects.create(organization=cells[0], counted_on=date(2025, 1, 1), official=4)
    with audit_disabled():  # the audit keeps no trail of a hard delete (demo removal's way)
        cells[0].delete()
    assert not HeadcountSpan.objects.filter(organization_id=cells[0].pk).exists()
    assert headcount(province, date(2025, 6, 30)).total == 0


@pytest.mark.django_db
def test_writes_in_a_deferred_block_are_rebuilt_at_its_end() -> None:
    province, _communes, cells = _tree()
    with spans.deferred():
        for c in cells:
            MemberCount.objects.create(organization=c, counted_on=date(2025, 1, 1), official=2)
        assert headcount(province, date(2025, 6, 30)).total == 0  # not yet
    assert headcount(province, date(2025, 6, 30)).total == 8


snapshots = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from(DAYS[:-1]), st.integers(0, 40), st.integers(0, 3)), max_size=8
)
moves = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1), st.integers(1, 400)), max_size=3)


@settings(max_examples=12, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=snapshots, plan=moves, closed=st.one_of(st.none(), st.integers(0, 3)))
@pytest.mark.django_db
def test_rollups_equal_the_rule_for_any_counts_and_moves(counts: list, plan: list, closed: int | None) -> None:
    with transaction.atomic():
        province, communes, cells = _tree()
        for cell, day, official, probationary in counts:
            MemberCount.objects.update_or_create(
                organization=cells[cell], counted_on=day, defaults={"official": official, "probationary": probationary}
            )
        day = date(2025, 1, 1)
        for cell, commune, days in plan:
            day += timedelta(days=days)
            target = communes[commune]
            cells[cell].refresh_from_db()
            if not cells[cell].path.startswith(target.path) and cells[cell].is_active_on(day):
                restructure.move(cells[cell], target, on=day)
        if closed is not None:
            cells[closed].refresh_from_db()
            cells[closed].valid_until = date(2025, 6, 30)
            cells[closed].save()
        _assert_rule([province, *communes, *cells])
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_refresh_headcounts_command_repairs_rows_changed_by_hand() -> None:
    from io import StringIO

    from django.core.management import call_command

    province, _communes, cells = _tree()
    MemberCount.objects.create(organization=cells[0], counted_on=date(2025, 1, 1), official=4)
    MemberCount.objects.filter(organization=cells[0]).update(official=9)  # by hand: no signal
    assert headcount(province, date(2025, 6, 30)).total == 4
    out = StringIO()
    call_command("refresh_headcounts", province.name, stdout=out)
    assert headcount(province, date(2025, 6, 30)).total == 9
    assert "7 tổ chức" in out.getvalue()
    MemberCount.objects.filter(organization=cells[0]).update(official=11)
    call_command("refresh_headcounts", stdout=out)
    assert headcount(province, date(2025, 6, 30)).total == 11
