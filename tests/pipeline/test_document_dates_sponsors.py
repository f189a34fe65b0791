"""Issue 11 points 2 and 4, through the steps' services: a paper dated after the act
that uses it refuses the act (`charter.check_document_date`), and "same committee" for
an introducer is one rule (`in_same_grassroots`) that an upper committee does not widen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from ketnap.orgs.enums import OrganizationKind
from ketnap.orgs.models import Member, Organization
from ketnap.pipeline.forms import SponsorForm
from ketnap.pipeline.services import decisions, dossier
from ketnap.pipeline.services.advance import MoveRefused
from ketnap.pipeline.services.decisions import committee_of, grassroots_of, in_same_grassroots
from tests.orgs.helpers import make_child, make_root
from tests.pipeline.helpers import cell_vote, failing_rules, make_candidate, ready_for_vote

pytestmark = pytest.mark.django_db
VOTE = date(2025, 10, 1)


def test_a_paper_received_after_the_meeting_refuses_the_vote(hung_thinh: Organization) -> None:
    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1990, 1, 1))
    dossier.update_items(c, [dossier.ItemUpdate("5-KNĐ", "received", VOTE + timedelta(days=1), "")], actor=None)
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, VOTE)
    assert failing_rules(refused.value) == {"time.document_after_act"}
    assert "5-KNĐ" in refused.value.failures[0].message
    # Received on the day of the meeting: the paper was there, the vote goes through.
    dossier.update_items(c, [dossier.ItemUpdate("5-KNĐ", "received", VOTE, "")], actor=None)
    cell_vote(c, VOTE)
    c.refresh_from_db()
    assert c.stage == "cell_resolution"


def test_an_appraisal_dated_after_the_decision_refuses_it(hung_thinh: Organization) -> None:
    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1990, 1, 1))
    cell_vote(c, VOTE)
    decisions.send_to_committee(c, actor=None, on=VOTE + timedelta(days=2), today=date(2026, 1, 1))
    committee = committee_of(hung_thinh)
    signed = VOTE + timedelta(days=10)
    decisions.record_appraisal(c, actor=None, by=committee, on=signed + timedelta(days=1), conclusion="Đủ điều kiện")
    with pytest.raises(MoveRefused) as refused:
        decisions.decide_admission(c, actor=None, document_number="1-QĐ/ĐU", signed_on=signed, today=date(2026, 1, 1))
    assert "time.document_after_act" in failing_rules(refused.value)


@pytest.fixture
def district() -> dict[str, Organization]:
    """Province → district committee → two wards (each with cells) and a grassroots cell."""
    province = make_root("Đảng bộ tỉnh Giới Thiệu")
    upper = make_child(province, "Đảng bộ huyện Thử", OrganizationKind.UPPER)
    ward_a = make_child(upper, "Đảng bộ phường A", OrganizationKind.GRASSROOTS_COMMITTEE)
    ward_b = make_child(upper, "Đảng bộ phường B", OrganizationKind.GRASSROOTS_COMMITTEE)
    tree = {
        "upper": upper,
        "ward_a": ward_a,
        "a1": make_child(ward_a, "Chi bộ A1"),
        "a2": make_child(ward_a, "Chi bộ A2"),
        "b1": make_child(ward_b, "Chi bộ B1"),
        "school": make_child(upper, "Chi bộ Trường Thử", OrganizationKind.GRASSROOTS_CELL),
    }
    return tree


def _member(cell: Organization) -> Member:
    return Member.objects.create(organization=cell, full_name=f"Đảng viên {cell.name}", official_date=date(2015, 1, 1))


def test_same_committee_under_an_upper_committee(district: dict[str, Organization]) -> None:
    a1, a2, b1, school = district["a1"], district["a2"], district["b1"], district["school"]
    assert grassroots_of(a1) == district["ward_a"] and grassroots_of(school) == school
    assert in_same_grassroots(a2, a1) and not in_same_grassroots(b1, a1)
    # A grassroots cell directly under the district shares its introducers with nobody else.
    assert not in_same_grassroots(a1, school) and in_same_grassroots(school, school)
    c = make_candidate(a1)
    neighbour, other_ward = _member(a2), _member(b1)
    dossier.add_sponsor(c, actor=None, kind="member", assigned_on=date(2025, 3, 1), member=neighbour)
    with pytest.raises(ValidationError) as refused:
        dossier.add_sponsor(c, actor=None, kind="member", assigned_on=date(2025, 3, 1), member=other_ward)
    assert "cùng đảng bộ" in str(refused.value)
    offered = SponsorForm(candidate=c, user=None).fields["member"].queryset  # type: ignore[attr-defined]
    assert neighbour in offered and other_ward not in offered
    in_school = make_candidate(school)
    with pytest.raises(ValidationError):
        dossier.add_sponsor(in_school, actor=None, kind="member", assigned_on=date(2025, 3, 1), member=neighbour)


def test_the_committees_vote_counts_its_seats_on_the_day(hung_thinh: Organization) -> None:
    from ketnap.orgs.models import CommitteeSeat
    from ketnap.pipeline.enums import ResolutionLevel
    from ketnap.pipeline.forms import DecisionForm
    from ketnap.pipeline.registry import committee_members_on

    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1990, 1, 1))
    cell_vote(c, VOTE)
    decisions.send_to_committee(c, actor=None, on=VOTE + timedelta(days=2), today=date(2026, 1, 1))
    committee = committee_of(hung_thinh)
    signed = VOTE + timedelta(days=10)
    assert committee_members_on(committee, signed) is None  # no seat recorded: the typed number stands
    for i in range(10):  # nine sit on the day; one left the day before
        until = signed if i == 9 else None
        CommitteeSeat.objects.create(
            committee=committee, member=_member(hung_thinh), since=date(2020, 6, 1), until=until
        )
    assert committee_members_on(committee, signed) == 9
    form = DecisionForm(initial={"signed_on": signed}, candidate=c)
    assert "committee_members" not in form.initial and "9 người" in str(form.fields["committee_members"].help_text)
    vote = {"committee_in_favour": 7, "committee_resolution_number": "8-NQ/ĐU", "today": date(2026, 1, 1)}
    with pytest.raises(MoveRefused) as refused:
        decisions.decide_admission(
            c, actor=None, document_number="2-QĐ/ĐU", signed_on=signed, committee_members=8, **vote
        )  # type: ignore[arg-type]
    assert failing_rules(refused.value) == {"vote.registry_mismatch"}
    decisions.decide_admission(
        c, actor=None, document_number="2-QĐ/ĐU", signed_on=signed, committee_members=8,
        committee_members_reason="Một đồng chí mới được bầu bổ sung chưa ghi", **vote,  # type: ignore[arg-type]
    )  # fmt: skip
    resolution = c.resolutions.get(level=ResolutionLevel.COMMITTEE)
    assert (resolution.eligible, resolution.registry_count) == (8, 9)
    assert resolution.eligible_reason.startswith("Một đồng chí")
    assert "vote.registry_corrected" in [r["rule"] for r in resolution.reasons]
