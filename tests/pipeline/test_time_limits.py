"""Time limits of the procedure, from the charter's working-day calendar: the
decision (60 WD), the ceremony (30 WD from receipt, across Tết), probation (12
months) and the confirmation (review and decision within 30 WD). The clock is
frozen with time-machine where a page reads it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from ketnap.pipeline.enums import ResolutionPurpose, Stage
from ketnap.pipeline.journey import Timetable
from ketnap.pipeline.models import ConfirmationOutcome
from ketnap.pipeline.rules import Rules
from ketnap.pipeline.services import courses, decisions, dossier
from ketnap.pipeline.services.advance import MoveRefused
from tests.conftest import client_for
from tests.pipeline.helpers import candidate_at, cell_vote, failing_rules

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=HANOI)


def _committee_review(cell, vote: date):  # type: ignore[no-untyped-def]
    return candidate_at(cell, Stage.COMMITTEE_REVIEW, Timetable(listed=vote - timedelta(days=300), vote=vote))


@pytest.mark.parametrize(("offset", "late"), [(0, False), (1, True)])
def test_admission_decision_within_60_working_days(hung_thinh, offset, late) -> None:  # type: ignore[no-untyped-def]
    vote = date(2025, 10, 1)
    c = _committee_review(hung_thinh, vote)
    limit = Rules().deadline("admission_decision", vote).date
    signed = limit + timedelta(days=offset)
    if not late:
        decisions.decide_admission(c, actor=None, document_number="12-QĐ/ĐU", signed_on=signed)
        assert c.stage == Stage.ADMITTED
        return
    with pytest.raises(MoveRefused) as refused:
        decisions.decide_admission(c, actor=None, document_number="12-QĐ/ĐU", signed_on=signed)
    assert refused.value.needs_approval and "deadline.late" in failing_rules(refused.value)
    decisions.decide_admission(
        c, actor=None, document_number="12-QĐ/ĐU", signed_on=signed, approval="Báo cáo số 5-BC/ĐU giải trình"
    )
    assert c.stage == Stage.ADMITTED and c.events.last().approval == "Báo cáo số 5-BC/ĐU giải trình"


def test_decision_cannot_precede_the_cells_resolution(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = _committee_review(hung_thinh, date(2025, 10, 1))
    with pytest.raises(MoveRefused) as refused:
        decisions.decide_admission(c, actor=None, document_number="1-QĐ/ĐU", signed_on=date(2025, 9, 30))
    assert failing_rules(refused.value) == {"decision.before_resolution", "time.before_previous"}


@pytest.mark.parametrize(("members", "in_favour", "ok"), [(9, 6, True), (9, 5, False), (15, 10, True)])
def test_authorised_committee_needs_two_thirds_of_all_members(hung_thinh, members, in_favour, ok) -> None:  # type: ignore[no-untyped-def]
    vote = date(2025, 10, 1)
    c = _committee_review(hung_thinh, vote)
    call = dict(document_number="2-QĐ/ĐU", signed_on=date(2025, 10, 20), committee_members=members)
    if ok:
        decisions.decide_admission(c, actor=None, committee_in_favour=in_favour, **call)  # type: ignore[arg-type]
        assert c.stage == Stage.ADMITTED
        assert c.resolutions.get(level="committee").passed
    else:
        with pytest.raises(MoveRefused) as refused:
            decisions.decide_admission(c, actor=None, committee_in_favour=in_favour, **call)  # type: ignore[arg-type]
        assert failing_rules(refused.value) == {"vote.committee"}


RECEIVED = date(2026, 1, 30)  # the 30 working days run across Tết Bính Ngọ (February 2026)


def _admitted(cell):  # type: ignore[no-untyped-def]
    return candidate_at(cell, Stage.ADMITTED, Timetable(listed=date(2025, 1, 6), decision=RECEIVED - timedelta(days=2)))


def test_ceremony_deadline_skips_tet(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = _admitted(hung_thinh)
    assert c.admission_decision.received_on == RECEIVED
    limit = Rules().deadline("ceremony", RECEIVED)
    assert limit.working_days == 30
    assert limit.date > RECEIVED + timedelta(days=42)  # six plain weeks would not be enough: Tết is off
    assert any(r.rule == "deadline.calendar" for r in limit.reasons)


@pytest.mark.parametrize(("offset", "late"), [(0, False), (1, True)])
def test_ceremony_within_30_working_days_of_receipt(hung_thinh, offset, late) -> None:  # type: ignore[no-untyped-def]
    c = _admitted(hung_thinh)
    held = Rules().deadline("ceremony", RECEIVED).date + timedelta(days=offset)
    if not late:
        decisions.hold_ceremony(c, actor=None, held_on=held)
        assert c.stage == Stage.PROBATIONARY and c.member is not None and c.member.status == "probationary"
        return
    with pytest.raises(MoveRefused) as refused:
        decisions.hold_ceremony(c, actor=None, held_on=held)
    assert refused.value.needs_approval
    assert "cấp ủy cấp trên trực tiếp đồng ý" in " ".join(r.message for r in refused.value.reasons)
    decisions.hold_ceremony(c, actor=None, held_on=held, approval="Công văn 9-CV/ĐU đồng ý")
    assert c.ceremony.late_approval == "Công văn 9-CV/ĐU đồng ý"


def test_no_ceremony_before_the_decision_is_received(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = _admitted(hung_thinh)
    with pytest.raises(MoveRefused) as refused:
        decisions.hold_ceremony(c, actor=None, held_on=RECEIVED - timedelta(days=1))
    assert failing_rules(refused.value) == {"ceremony.before_decision"}


CEREMONY = date(2025, 3, 20)
PROBATION_END = date(2026, 3, 20)


def _probationary(cell):  # type: ignore[no-untyped-def]
    c = candidate_at(cell, Stage.PROBATIONARY, Timetable(listed=date(2024, 2, 5), ceremony=CEREMONY))
    courses.record_certificate(
        c, actor=None, kind="new_member", number="17/ĐVM", issued_on=date(2025, 6, 6), issued_by="Trung tâm"
    )
    papers = [dossier.ItemUpdate(code, "received", date(2026, 3, 10)) for code in ("10-KNĐ", "11-KNĐ", "12-KNĐ")]
    dossier.update_items(c, papers, actor=None)
    return c


def test_confirmation_vote_not_before_probation_ends(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = _probationary(hung_thinh)
    with pytest.raises(MoveRefused) as refused:
        cell_vote(c, PROBATION_END - timedelta(days=1), purpose=ResolutionPurpose.CONFIRMATION)
    assert failing_rules(refused.value) == {"confirmation.too_early"}
    assert "hết thời gian dự bị (hết ngày 20/03/2026)" in refused.value.failures[0].message
    assert cell_vote(c, PROBATION_END, purpose=ResolutionPurpose.CONFIRMATION).passed


def test_official_from_the_end_of_probation_even_when_decided_later(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = _probationary(hung_thinh)
    review = date(2026, 4, 6)
    cell_vote(c, review, purpose=ResolutionPurpose.CONFIRMATION)
    decided = Rules().deadline("confirmation_decision", review).date
    confirmation = decisions.confirm(
        c, actor=None, outcome=ConfirmationOutcome.CONFIRMED, document_number="88-QĐ/ĐU", decided_on=decided
    )
    assert confirmation.official_from == PROBATION_END
    assert c.stage == Stage.OFFICIAL and c.events.last().effective_on == PROBATION_END
    assert c.member.status == "official" and c.member.official_date == PROBATION_END


def test_late_confirmation_decision_needs_an_explanation(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = _probationary(hung_thinh)
    review = date(2026, 4, 6)
    cell_vote(c, review, purpose=ResolutionPurpose.CONFIRMATION)
    late = Rules().deadline("confirmation_decision", review).date + timedelta(days=1)
    with pytest.raises(MoveRefused) as refused:
        decisions.confirm(c, actor=None, outcome=ConfirmationOutcome.CONFIRMED, document_number="1", decided_on=late)
    assert refused.value.needs_approval and "deadline.late" in failing_rules(refused.value)


def test_confirmation_needs_the_new_member_course(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.PROBATIONARY, Timetable(listed=date(2024, 2, 5), ceremony=CEREMONY))
    cell_vote(c, date(2026, 4, 6), purpose=ResolutionPurpose.CONFIRMATION)
    with pytest.raises(MoveRefused) as refused:
        decisions.confirm(c, actor=None, outcome="confirmed", document_number="1", decided_on=date(2026, 4, 20))
    assert {"confirmation.new_member_course", "dossier.missing"} <= failing_rules(refused.value)


def test_removal_needs_the_cells_resolution_or_three_failed_votes(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = _probationary(hung_thinh)
    remove = dict(actor=None, outcome=ConfirmationOutcome.REMOVED, document_number="9", reason="Vi phạm tư cách")
    with pytest.raises(MoveRefused) as refused:
        decisions.confirm(c, decided_on=date(2026, 5, 4), **remove)  # type: ignore[arg-type]
    assert failing_rules(refused.value) == {"removal.no_resolution"}
    for day in (date(2026, 3, 25), date(2026, 4, 8), date(2026, 4, 22)):
        assert not cell_vote(c, day, eligible=12, in_favour=6, purpose=ResolutionPurpose.CONFIRMATION).passed
    with pytest.raises(MoveRefused) as refused:
        decisions.confirm(c, decided_on=date(2026, 5, 4), **remove)  # type: ignore[arg-type]
    assert refused.value.needs_approval and failing_rules(refused.value) == {"vote.escalate"}
    decisions.confirm(c, decided_on=date(2026, 5, 4), approval="Quyết định của Ban Thường vụ Tỉnh ủy", **remove)  # type: ignore[arg-type]
    assert c.stage == Stage.REMOVED and c.confirmation.official_from is None


@pytest.mark.parametrize(
    ("days_before", "group"),
    [(30, "agenda-upcoming"), (10, "agenda-due"), (0, "agenda-due"), (-1, "agenda-overdue")],
)
def test_agenda_follows_the_frozen_clock(hung_thinh, days_before, group) -> None:  # type: ignore[no-untyped-def]
    c = _admitted(hung_thinh)
    limit = Rules().deadline("ceremony", RECEIVED).date
    client = client_for("bithu.hungthinh")
    with time_machine.travel(at_noon(limit - timedelta(days=days_before)), tick=False):
        html = client.get(reverse("pipeline:agenda")).content.decode()
    section = html.split(f'data-testid="{group}"', 1)[1].split("</table>", 1)[0]
    assert c.full_name in section and "Tổ chức lễ kết nạp" in section
