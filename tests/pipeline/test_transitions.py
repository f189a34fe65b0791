"""Stages as data: every move of the table, allowed and refused, with the charter's
reason; a refusal changes nothing; the history is append-only."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied

from ketnap.audit.models import AuditEvent
from ketnap.orgs.enums import MemberStatus
from ketnap.orgs.history import path_on
from ketnap.orgs.models import Member
from ketnap.pipeline.enums import FUNNEL, Stage
from ketnap.pipeline.journey import Timetable
from ketnap.pipeline.models import AppendOnlyError, Candidate, Resolution, StageEvent
from ketnap.pipeline.services import dossier
from ketnap.pipeline.services.advance import MoveRefused, advance
from ketnap.pipeline.steps import TRANSITIONS, steps_from
from tests.pipeline.helpers import candidate_at, cell_vote, failing_rules, make_candidate, ready_for_vote

pytestmark = pytest.mark.django_db


def test_the_table_covers_the_funnel_and_the_exits() -> None:
    targets = {target for _, target in TRANSITIONS}
    assert set(Stage.values) <= targets
    for stage in FUNNEL[:-1]:
        assert steps_from(stage), stage
    assert not steps_from(Stage.OFFICIAL) and not steps_from(Stage.REMOVED) and not steps_from(Stage.MOVED)


@pytest.mark.parametrize("stage", [s for s in FUNNEL if s != Stage.IN_COURSE])
def test_each_stage_is_reached_through_recorded_events(hung_thinh, stage) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, stage)
    events = list(c.events.order_by("id"))
    assert events[0].from_stage == "" and events[0].to_stage == Stage.INTRODUCED
    for before, after in pairwise(events):
        assert after.from_stage == before.to_stage
        assert TRANSITIONS[(after.from_stage, after.to_stage)]
    assert events[-1].to_stage == c.stage == stage
    assert c.stage_since == events[-1].effective_on
    # where the cell stood on each day: under Đảng bộ xã Công Bằng before the 2025 merge
    assert all(e.org_path == path_on(hung_thinh, e.effective_on) for e in events)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (Stage.INTRODUCED, Stage.CERTIFIED),
        (Stage.SYMPATHIZER, Stage.DOSSIER),
        (Stage.CERTIFIED, Stage.CELL_RESOLUTION),
        (Stage.VERIFICATION, Stage.ADMITTED),
        (Stage.ADMITTED, Stage.OFFICIAL),
        (Stage.OFFICIAL, Stage.PROBATIONARY),
        (Stage.OFFICIAL, Stage.WITHDRAWN),
    ],
)
def test_moves_outside_the_table_are_refused_and_change_nothing(hung_thinh, source, target) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, source)
    events = StageEvent.objects.count()
    with pytest.raises(MoveRefused) as refused:
        advance(c, target, on=date(2027, 1, 4), actor=None, reason="thử")
    assert failing_rules(refused.value) == {"stage.not_allowed"}
    c.refresh_from_db()
    assert c.stage == source and StageEvent.objects.count() == events


def test_leaving_the_list_needs_a_reason(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.SYMPATHIZER)
    with pytest.raises(MoveRefused) as refused:
        advance(c, Stage.WITHDRAWN, on=date(2025, 6, 1), actor=None)
    assert failing_rules(refused.value) == {"stage.reason"}
    event = advance(c, Stage.WITHDRAWN, on=date(2025, 6, 1), actor=None, reason="Xin thôi phấn đấu")
    assert event.reason == "Xin thôi phấn đấu" and c.stage == Stage.WITHDRAWN
    advance(c, Stage.SYMPATHIZER, on=date(2025, 9, 1), actor=None, reason="Chi bộ xét đưa trở lại")
    assert c.stage == Stage.SYMPATHIZER


def test_dossier_needs_a_valid_certificate(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.SYMPATHIZER)
    with pytest.raises(MoveRefused) as refused:
        advance(c, Stage.CERTIFIED, on=date(2025, 6, 1), actor=None)
    assert failing_rules(refused.value) == {"certificate.missing"}


def test_verification_needs_the_application_and_biography(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.CERTIFIED)
    advance(c, Stage.DOSSIER, on=date(2025, 6, 2), actor=None)
    with pytest.raises(MoveRefused) as refused:
        dossier.send_for_verification(c, actor=None, on=date(2025, 6, 20))
    assert failing_rules(refused.value) == {"dossier.missing"}
    assert "1-KNĐ" in refused.value.failures[0].message and "2-KNĐ" in refused.value.failures[0].message


VOTE = date(2025, 10, 1)


@pytest.mark.parametrize(
    ("born", "vote_day", "passes"),
    [
        (date(2007, 10, 1), date(2025, 10, 1), True),  # full 18 on the day the cell meets
        (date(2007, 10, 2), date(2025, 10, 1), False),  # one day short: 215 months
        (date(2007, 2, 28), date(2025, 2, 28), True),
    ],
)
def test_age_is_checked_on_the_day_the_cell_meets(hung_thinh, born, vote_day, passes) -> None:  # type: ignore[no-untyped-def]
    tt = Timetable(listed=date(2024, 3, 4), certified=date(2024, 6, 7))
    c = ready_for_vote(hung_thinh, vote_day, tt=tt, birth_date=born)
    if passes:
        cell_vote(c, vote_day)
        assert c.stage == Stage.CELL_RESOLUTION
        return
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, vote_day)
    assert failing_rules(refused.value) == {"age.min"}
    assert "Chưa đủ 18 tuổi" in refused.value.failures[0].message
    assert not Resolution.objects.filter(candidate=c).exists()  # rolled back with the move


@pytest.mark.parametrize(("vote_day", "passes"), [(date(2026, 8, 2), True), (date(2026, 8, 3), False)])
def test_certificate_valid_60_months_at_the_vote(hung_thinh, vote_day, passes) -> None:  # type: ignore[no-untyped-def]
    tt = Timetable(listed=date(2021, 8, 1), certified=date(2021, 8, 2), application=date(2025, 12, 1))
    c = ready_for_vote(hung_thinh, vote_day, tt=tt, birth_date=date(1990, 1, 1))
    if passes:
        cell_vote(c, vote_day)
        assert c.stage == Stage.CELL_RESOLUTION
    else:
        with pytest.raises(MoveRefused) as refused:
            cell_vote(c, vote_day)
        assert "certificate.expired" in failing_rules(refused.value)


def test_youth_applicant_needs_the_youth_union_committee(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = ready_for_vote(hung_thinh, VOTE, youth=False, birth_date=date(2000, 1, 1))
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, VOTE)
    assert failing_rules(refused.value) == {"sponsor.composition"}
    assert "Ban Chấp hành Đoàn cơ sở" in refused.value.failures[0].message


def test_introducer_must_have_12_months_together(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1980, 1, 1))
    sponsor = c.sponsors.filter(kind="member").last()
    sponsor.together_since = VOTE - timedelta(days=300)
    sponsor.save()
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, VOTE)
    assert failing_rules(refused.value) == {"sponsor.together"}
    assert "chưa đủ 12 tháng" in refused.value.failures[0].message


def test_probationary_member_cannot_introduce(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1980, 1, 1))
    sponsor = c.sponsors.filter(kind="member").first()
    Member.objects.filter(pk=sponsor.member_id).update(status=MemberStatus.PROBATIONARY)
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, VOTE)
    assert failing_rules(refused.value) == {"sponsor.official"}


def test_relatives_named_by_the_charter_must_be_verified(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1980, 1, 1))
    c.verifications.create(relation="spouse", full_name="Lê Thị Hoa")
    c.verifications.create(relation="sibling", full_name="Nguyễn Văn Ba")  # not listed: no verification
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, VOTE)
    assert failing_rules(refused.value) == {"verification.pending"}
    assert "Vợ/chồng Lê Thị Hoa" in refused.value.failures[0].message


def test_findings_in_the_verification_need_the_committees_conclusion(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1980, 1, 1))
    c.verifications.filter(relation="father").update(result="concern")
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, VOTE)
    assert refused.value.needs_approval and failing_rules(refused.value) == {"verification.concern"}
    cell_vote(c, VOTE, approval="Kết luận số 3-KL/CU ngày 25/9/2025 của chi ủy")
    assert c.events.last().approval.startswith("Kết luận số 3-KL/CU")


def test_papers_missing_before_the_vote(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1980, 1, 1))
    dossier.update_items(c, [dossier.ItemUpdate("5-KNĐ", "missing")], actor=None)
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, VOTE)
    assert failing_rules(refused.value) == {"dossier.missing"}


@pytest.mark.parametrize(
    ("eligible", "excused", "in_favour", "passed", "required"),
    [(9, 0, 6, True, 6), (9, 0, 5, False, 6), (10, 0, 7, True, 7), (10, 0, 6, False, 7), (12, 3, 6, True, 6)],
)
def test_cell_vote_two_thirds_of_official_members(hung_thinh, eligible, excused, in_favour, passed, required) -> None:  # type: ignore[no-untyped-def]
    c = ready_for_vote(hung_thinh, VOTE, birth_date=date(1980, 1, 1))
    resolution = cell_vote(c, VOTE, eligible=eligible, excused=excused, in_favour=in_favour)
    assert (resolution.passed, resolution.required, resolution.denominator) == (passed, required, eligible - excused)
    c.refresh_from_db()
    assert c.stage == (Stage.CELL_RESOLUTION if passed else Stage.VERIFICATION)


def test_refusal_writes_nothing_anywhere(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = ready_for_vote(hung_thinh, VOTE, youth=False, birth_date=date(2000, 1, 1))
    counts = (StageEvent.objects.count(), Resolution.objects.count(), AuditEvent.objects.count())
    with pytest.raises(MoveRefused):
        cell_vote(c, VOTE)
    assert (StageEvent.objects.count(), Resolution.objects.count(), AuditEvent.objects.count()) == counts
    assert Candidate.objects.get(pk=c.pk).stage == Stage.VERIFICATION


def test_history_is_append_only(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = make_candidate(hung_thinh)
    event = c.events.get()
    event.reason = "sửa"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        StageEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        StageEvent.objects.filter(pk=event.pk).delete()


def test_each_move_is_audited_with_the_actor(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    secretary = get_user_model().objects.get(username="bithu.hungthinh")
    c = make_candidate(hung_thinh, actor=secretary)
    advance(c, Stage.SYMPATHIZER, on=date(2025, 2, 1), actor=secretary)
    event = c.events.last()
    assert event.recorded_by == secretary and event.from_stage == Stage.INTRODUCED
    audit = (
        AuditEvent.objects.filter(object_id=str(c.pk), model_label="pipeline.Candidate", action="update")
        .order_by("id")
        .last()
    )
    assert audit.user_id == secretary.pk and audit.changes["stage"] == [Stage.INTRODUCED, Stage.SYMPATHIZER]


@pytest.mark.parametrize(
    ("username", "target", "allowed"),
    [
        ("bithu.hungthinh", Stage.SYMPATHIZER, True),
        ("bxd.caominh", Stage.SYMPATHIZER, True),
        ("ubkt.caominh", Stage.SYMPATHIZER, False),
        ("doan.caominh", Stage.SYMPATHIZER, False),
        ("ttct.caominh", Stage.SYMPATHIZER, False),
        ("bithu.namcap", Stage.SYMPATHIZER, False),
    ],
)
def test_who_may_move(hung_thinh, username, target, allowed) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    c = make_candidate(hung_thinh)
    user = get_user_model().objects.get(username=username)
    if allowed:
        advance(c, target, on=date(2025, 2, 1), actor=user)
        assert c.stage == target
    else:
        with pytest.raises(PermissionDenied):
            advance(c, target, on=date(2025, 2, 1), actor=user)
        assert Candidate.objects.get(pk=c.pk).stage == Stage.INTRODUCED


def test_a_certificate_older_than_the_first_rulebook_is_a_historical_fact(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    """Seed 000's "certified since 2021" follow-up: recorded, marked, validity still checked."""
    from ketnap.pipeline.services import courses

    c = candidate_at(hung_thinh, Stage.SYMPATHIZER)
    issued = date(2021, 3, 15)
    courses.record_certificate(
        c, actor=None, kind="awareness", number="12/CN", issued_on=issued, issued_by="TTCT", today=date(2025, 6, 1)
    )
    assert c.stage == Stage.CERTIFIED and c.stage_since == c.events.get(to_stage=Stage.SYMPATHIZER).effective_on
    reasons = {r["rule"]: r["message"] for r in c.events.last().reasons}
    assert "trước thời điểm có quy định trong hệ thống" in reasons["time.historical"]
    assert "certificate.valid" in reasons  # 60 months from 15/03/2021: valid until 15/03/2026


def test_an_expired_historical_certificate_is_refused(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    from ketnap.pipeline.services import courses

    c = candidate_at(hung_thinh, Stage.SYMPATHIZER, Timetable(listed=date(2026, 4, 1)))
    with pytest.raises(MoveRefused) as refused:
        courses.record_certificate(
            c, actor=None, kind="awareness", number="1/CN", issued_on=date(2021, 3, 15), issued_by="TTCT"
        )
    assert "certificate.expired" in failing_rules(refused.value)
