"""Restructuring services: every operation, every carry-over choice, the refusals, and
the promise that figures for past dates do not move (issue 10)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from ketnap.monitoring.selectors.progress import progress
from ketnap.orgs import restructure
from ketnap.orgs.enums import MemberStatus, OrganizationKind
from ketnap.orgs.history import organization_on, path_on
from ketnap.orgs.models import Member, MemberCount, Organization, OrganizationSuccession
from ketnap.orgs.selectors import headcount
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Candidate, StageEvent
from tests.monitoring.builders import admitted, at_stage, commune, move
from tests.orgs.helpers import make_child, make_root, make_user

pytestmark = pytest.mark.django_db

BEFORE, ON, AFTER = date(2026, 5, 31), date(2026, 6, 1), date(2026, 9, 30)


def figures(org: Organization, on: date) -> tuple:
    org.refresh_from_db()
    p = progress(org, on)
    return (
        p.total.achieved["admit"].ytd,
        p.total.pool,
        [(r.label, r.achieved["admit"].ytd, r.pool, r.headcount.total) for r in p.rows],
        headcount(org, on).total,
    )


def test_move_keeps_past_figures_and_past_events_with_the_old_parent() -> None:
    a = commune(2, members=[10, 20])
    b = make_child(a.province, "Đảng bộ xã Mới", OrganizationKind.GRASSROOTS_COMMITTEE)
    admitted(a.cells[0], date(2026, 3, 10))
    admitted(a.cells[1], date(2026, 4, 10))
    at_stage(a.cells[0], Stage.SYMPATHIZER, date(2026, 2, 1))
    before = figures(a.commune, BEFORE)
    assert before[0] == 2 and before[3] == 30

    moved = a.cells[0]
    restructure.move(moved, b, on=ON, reason="Quyết định 1")
    moved.refresh_from_db()
    assert moved.path.startswith(b.path)
    assert figures(a.commune, BEFORE) == before
    # Later in the year the admission made in the old commune still counts there…
    after = progress(a.commune, AFTER)
    assert after.total.achieved["admit"].ytd == 2
    assert [r.organization for r in after.rows if r.organization] == a.cells
    # …and the new commune has the cell, its members, none of its past admissions.
    b.refresh_from_db()
    assert progress(b, AFTER).total.achieved["admit"].ytd == 0
    assert headcount(b, AFTER).total == 10
    assert headcount(a.commune, AFTER).total == 20
    assert headcount(a.commune, BEFORE).total == 30
    # An event after the move is recorded at the new path and counts in the new commune.
    c = Candidate.objects.filter(organization=moved).first()
    e = move(c, Stage.IN_COURSE, date(2026, 7, 1))
    assert e.org_path == path_on(moved, date(2026, 7, 1)) == moved.path


def test_a_new_organisation_never_gets_a_path_someone_held() -> None:
    a = commune(1)
    old_path = a.cells[0].path
    admitted(a.cells[0], date(2026, 3, 10))
    other = make_child(a.province, "Đảng bộ xã Khác", OrganizationKind.GRASSROOTS_COMMITTEE)
    restructure.move(a.cells[0], other, on=ON)
    a.commune.refresh_from_db()
    newcomer = make_child(a.commune, "Chi bộ Mới")
    assert newcomer.path != old_path
    assert progress(a.commune, AFTER).rows[0].organization == a.cells[0]
    assert [r.achieved["admit"].ytd for r in progress(a.commune, AFTER).rows] == [1, 0]


def test_rename_keeps_the_old_name_for_past_dates() -> None:
    a = commune(1)
    restructure.rename(a.cells[0], "Chi bộ Hưng Thịnh 2", on=ON)
    assert organization_on(a.cells[0], BEFORE).name != "Chi bộ Hưng Thịnh 2"
    assert organization_on(a.cells[0], ON).name == "Chi bộ Hưng Thịnh 2"
    assert organization_on(a.cells[0], ON).parent_name == a.commune.name
    with pytest.raises(ValidationError):
        restructure.rename(a.cells[0], "Chi bộ X", on=BEFORE)


def test_merge_into_a_new_commune_inherits_the_year() -> None:
    a = commune(1, members=[10])
    b_commune = make_child(a.province, "Đảng bộ xã Hai", OrganizationKind.GRASSROOTS_COMMITTEE)
    b_cell = make_child(b_commune, "Chi bộ Hai")
    MemberCount.objects.create(organization=b_cell, counted_on=date(2025, 12, 31), official=5)
    admitted(a.cells[0], date(2026, 3, 1))
    admitted(b_cell, date(2026, 4, 1))
    sources = [a.commune, b_commune]
    for o in sources:
        o.refresh_from_db()
    before = [figures(o, BEFORE) for o in sources]
    with pytest.raises(ValidationError, match="tổ chức trực thuộc"):
        restructure.merge(sources, on=ON, name="Đảng bộ xã Hợp")
    out = restructure.merge(sources, on=ON, name="Đảng bộ xã Hợp", carry=["children"], reason="NQ 1")
    merged = out.organizations[-1]
    assert [figures(o, BEFORE) for o in sources] == before
    assert headcount(merged, AFTER).total == 15
    p = progress(merged, AFTER)
    assert p.total.achieved["admit"].ytd == 2
    inherited = [r for r in p.rows if r.inherited]
    assert [(r.label, r.achieved["admit"].ytd) for r in inherited] == [
        (f"Kế thừa từ {a.commune.name}", 1),
        ("Kế thừa từ Đảng bộ xã Hai", 1),
    ]
    assert OrganizationSuccession.objects.filter(successor=merged).count() == 2
    a.commune.refresh_from_db()
    assert a.commune.valid_until == date(2026, 5, 31)
    assert not a.commune.is_active_on(ON)
    merged.refresh_from_db()  # closing a commune did not write back its count from before its cells left
    assert a.commune.numchild == 0 and merged.numchild == 2
    assert Organization.objects.find_problems()[4] == []
    assert headcount(a.commune, AFTER).total == 0


def test_merge_carry_over_choices_are_explicit() -> None:
    a = commune(0)
    target = make_child(a.province, "Đảng bộ xã Đích", OrganizationKind.GRASSROOTS_COMMITTEE)
    cand = at_stage(a.commune, Stage.SYMPATHIZER, date(2026, 1, 5))
    member = Member.objects.create(organization=a.commune, full_name="Lê Thị Thử")
    a.commune.refresh_from_db()
    with pytest.raises(ValidationError, match="quần chúng"):
        restructure.merge([a.commune], into=target, on=ON, carry=["members"])
    restructure.merge([a.commune], into=target, on=ON, carry=["members", "candidates"])
    cand.refresh_from_db()
    member.refresh_from_db()
    assert cand.organization == target and member.organization == target


def test_merge_refusals() -> None:
    a = commune(1)
    admitted(a.cells[0], date(2026, 7, 1))
    other = make_child(a.province, "Đảng bộ xã Ba", OrganizationKind.GRASSROOTS_COMMITTEE)
    a.commune.refresh_from_db()
    with pytest.raises(ValidationError, match="sự kiện"):
        restructure.merge([a.commune, other], on=ON, name="X", carry=["children"])
    with pytest.raises(ValidationError, match="hai tổ chức"):
        restructure.merge([a.commune], on=date(2026, 8, 1), name="X")
    with pytest.raises(ValidationError, match="bad"):
        restructure.merge([a.commune, other], on=date(2026, 8, 1), name="X", carry=["bad"])
    with pytest.raises(PermissionDenied):
        restructure.merge([a.commune, other], on=date(2026, 8, 1), name="X", actor=make_user("nobody"))


def test_split_assigns_every_child_and_the_rest() -> None:
    a = commune(3, members=[1, 2, 3])
    cand = at_stage(a.commune, Stage.SYMPATHIZER, date(2026, 1, 5))
    admitted(a.cells[2], date(2026, 2, 1))
    a.commune.refresh_from_db()
    parts = [restructure.Part("Đảng bộ xã Bắc", a.cells[:1]), restructure.Part("Đảng bộ xã Nam", a.cells[1:2])]
    with pytest.raises(ValidationError, match="Chưa giao"):
        restructure.split(a.commune, parts, on=ON)
    parts[1].children.append(a.cells[2])
    with pytest.raises(ValidationError, match="quần chúng"):
        restructure.split(a.commune, parts, on=ON)
    out = restructure.split(a.commune, parts, on=ON, rest_to="Đảng bộ xã Nam", carry=["candidates"])
    north, south = out.organizations[1:]
    assert headcount(north, AFTER).total == 1 and headcount(south, AFTER).total == 5
    cand.refresh_from_db()
    assert cand.organization == south
    assert headcount(a.commune, BEFORE).total == 6
    assert progress(a.commune, BEFORE).total.achieved["admit"].ytd == 1


def test_close_needs_a_reason_and_leaves_nothing_behind() -> None:
    a = commune(1)
    with pytest.raises(ValidationError, match="lý do"):
        restructure.close(a.cells[0], on=ON)
    at_stage(a.cells[0], Stage.SYMPATHIZER, date(2026, 1, 5))
    with pytest.raises(ValidationError, match="quần chúng"):
        restructure.close(a.cells[0], on=ON, reason="Giải thể")
    sibling = make_child(a.commune, "Chi bộ Nhận")
    restructure.close(a.cells[0], on=ON, reason="Giải thể", successor=sibling, carry=["candidates"])
    a.cells[0].refresh_from_db()
    assert a.cells[0].valid_until == BEFORE
    assert a.cells[0].successor == sibling


def test_commands_print_json() -> None:
    a = commune(2, members=[4, 6])
    admitted(a.cells[0], date(2026, 3, 1))
    out = StringIO()
    call_command("headcount", a.commune.name, "--on", "2026-01-01", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "organization": a.commune.name,
        "on": "2026-01-01",
        "official": 10,
        "probationary": 0,
        "total": 10,
    }
    out = StringIO()
    call_command("progress", a.commune.name, "--on", "2026-05-31", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["admitted"] == 1 and data["year"] == 2026
    assert [c["admitted"] for c in data["children"]] == [1, 0]
    out = StringIO()
    call_command(
        "restructure",
        "move",
        a.cells[0].name,
        "--to",
        a.province.name,
        "--on",
        "2026-06-01",
        "--format",
        "json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["ok"] is True
    out = StringIO()
    call_command("progress", a.commune.name, "--on", "2026-05-31", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == data
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "restructure",
            "merge",
            a.commune.name,
            "--into",
            "Xã Mới",
            "--on",
            "2026-07-01",
            "--format",
            "json",
            stdout=out,
        )
    assert json.loads(out.getvalue())["ok"] is False


def test_events_keep_their_path_across_restructures() -> None:
    a = commune(1)
    e = admitted(a.cells[0], date(2026, 3, 1)).events.get(to_stage=Stage.ADMITTED)
    other = make_child(a.province, "Đảng bộ xã Bốn", OrganizationKind.GRASSROOTS_COMMITTEE)
    restructure.move(a.cells[0], other, on=ON)
    assert StageEvent.objects.get(pk=e.pk).org_path == e.org_path


def test_a_merge_that_only_moves_members_drops_the_cached_headcounts() -> None:
    """Carrying members is an UPDATE (no signal): the cached rollups of both sides must
    not be served afterwards. The registry counts members where they stood on the day
    (orgs.transfers): from the merge's day they count in the successor, before it —
    today included — where they were."""
    a = commune(0)
    source = make_child(a.commune, "Chi bộ Nguồn")
    target = make_child(a.commune, "Chi bộ Đích")
    for i in range(3):
        Member.objects.create(
            organization=source, full_name=f"Nguyễn Văn Thử {i}", status=MemberStatus.OFFICIAL,
            admission_date=date(2000, 1, 1),
        )  # fmt: skip
    for cell in (source, target):
        cell.registry_complete = True
        cell.save()
    today, merged_on = date(2026, 11, 20), date(2027, 1, 1)
    before = {o.pk: (headcount(o, today).total, headcount(o, merged_on).total) for o in (source, target)}
    assert before == {source.pk: (3, 3), target.pk: (0, 0)}  # both days now cached
    source.refresh_from_db()
    restructure.merge([source], into=target, on=merged_on, carry=["members"], reason="Nghị quyết 2")
    source.refresh_from_db()
    target.refresh_from_db()
    after = {o.pk: (headcount(o, today).total, headcount(o, merged_on).total) for o in (source, target)}
    assert after == {source.pk: (3, 0), target.pk: (0, 3)}


def test_a_split_of_a_split_of_a_split_keeps_codes_within_the_column() -> None:
    """Each new organisation's code was its predecessor's plus a suffix: the third split
    overflowed the 40 characters (a database error on PostgreSQL, none on SQLite)."""
    province = make_root("Đảng bộ tỉnh Mã Dài", code="T" * 30)
    commune = make_child(province, "Đảng bộ xã Mã Dài", OrganizationKind.GRASSROOTS_COMMITTEE, code="X" * 36)
    codes = []
    for n, on in enumerate((date(2026, 7, 1), date(2026, 7, 2), date(2026, 7, 3))):
        parts = [restructure.Part(f"Xã Tách {n}a"), restructure.Part(f"Xã Tách {n}b")]
        commune = restructure.split(commune, parts, on=on, reason="Tách").organizations[1]
        codes += [o.code for o in Organization.objects.filter(valid_from=on)]
    assert len(codes) == len(set(codes)) == 6
    assert all(len(c) <= 40 for c in codes), codes
