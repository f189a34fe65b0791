"""The step table drives these tests: every step × a role it allows and one it refuses
× a stage it starts from and one it does not; and the named steps the API exposes,
run from JSON-shaped facts (ISO dates, numbers) through `run_step`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from ketnap.orgs.demo.clock import BASE_DAY
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.permissions import COURSES, DECIDE, INTRODUCE, MANAGE
from ketnap.pipeline.registry import official_members_on
from ketnap.pipeline.steps import (
    STEPS,
    STEPS_IN_ORDER,
    TRANSITIONS,
    Step,
    UnknownStep,
    facts_schema,
    next_step,
    run_step,
    steps_from,
)
from tests.conftest import org
from tests.pipeline.helpers import candidate_at, make_candidate, ready_for_vote

pytestmark = pytest.mark.django_db

#: Who may and who may not record a step, by the roles the table names.
PERSONAS: dict[frozenset[str], tuple[str, str]] = {
    MANAGE: ("bithu.hungthinh", "ubkt.caominh"),
    DECIDE: ("bxd.caominh", "bithu.hungthinh"),
    MANAGE | COURSES: ("ttct.caominh", "ubkt.caominh"),
    COURSES: ("ttct.caominh", "bithu.hungthinh"),
    INTRODUCE: ("doan.caominh", "ubkt.caominh"),
}
RECORDED_HERE = [s for s in STEPS_IN_ORDER if s.service is not None]


def _user(username: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=username)


def _at(stage: str) -> Candidate:
    """A candidate standing at `stage` (the table's stage and role gates come before any
    fact is read, so the history behind the stage does not matter here)."""
    c = make_candidate(org("Chi bộ Hưng Thịnh"))
    Candidate.objects.filter(pk=c.pk).update(stage=stage)
    c.refresh_from_db()
    return c


def _refused_stage(step: Step) -> str:
    return next(s for s in Stage.values if s not in step.sources)


def test_every_step_has_a_unique_code_name_and_the_documented_fields() -> None:
    assert len(STEPS) == len(STEPS_IN_ORDER)
    for step in STEPS_IN_ORDER:
        assert step.name.isascii() and step.name == step.name.lower(), step.name
        assert step.label and step.roles and step.sources
        assert step.roles in PERSONAS, step.name
    assert {target for _, target in TRANSITIONS} >= set(Stage.values)


def test_the_page_has_one_next_step_per_stage_at_most() -> None:
    for stage in Stage.values:
        assert len([s for s in steps_from(stage) if s.next_step]) <= 1
    assert next_step(Stage.VERIFICATION) is STEPS["cell_resolution"]
    assert next_step(Stage.OFFICIAL) is None


def test_api_steps_publish_their_facts() -> None:
    assert {"on", "reason"} <= set(facts_schema(STEPS["withdraw"]))
    assert {"issued_on", "number"} <= set(facts_schema(STEPS["record_certificate"]))
    vote = facts_schema(STEPS["cell_resolution"])
    assert {"held_on", "eligible", "present", "in_favour", "against"} <= set(vote)
    assert vote["held_on"]["type"] == "date" and vote["eligible"]["type"] == "integer"
    assert set(facts_schema(STEPS["ceremony"])) >= {"held_on"}


@pytest.mark.parametrize("step", RECORDED_HERE, ids=lambda s: s.name)
@pytest.mark.parametrize("who", ["allowed", "refused"])
def test_each_step_checks_the_role(step: Step, who: str) -> None:
    allowed, refused = PERSONAS[step.roles]
    c = _at(step.sources[0])
    actor = _user(allowed if who == "allowed" else refused)
    if who == "refused":
        with pytest.raises(PermissionDenied):
            run_step(c, step.name, {}, actor=actor, today=BASE_DAY)
        return
    result = run_step(c, step.name, {}, actor=actor, today=BASE_DAY)
    assert not result.ok and result.errors  # empty facts: the form says what is missing
    assert Candidate.objects.get(pk=c.pk).stage == step.sources[0]


@pytest.mark.parametrize("step", RECORDED_HERE, ids=lambda s: s.name)
@pytest.mark.parametrize("where", ["source", "elsewhere"])
def test_each_step_checks_the_source_stage(step: Step, where: str) -> None:
    stage = step.sources[-1] if where == "source" else _refused_stage(step)
    c = _at(stage)
    result = run_step(c, step.name, {}, actor=None, today=BASE_DAY)
    rules = {r["rule"] for r in result.reasons}
    assert not result.ok
    assert ("stage.not_allowed" in rules) == (where == "elsewhere")


@pytest.mark.parametrize("name", ["introduce", "enrol", "complete_course", "course_not_completed", "nonsense"])
def test_steps_with_their_own_page_are_not_run_here(name: str) -> None:
    with pytest.raises(UnknownStep):
        run_step(_at(Stage.SYMPATHIZER), name, {}, actor=None, today=BASE_DAY)


# --------------------------------------------------------------- the API's named steps


def test_withdraw_from_iso_facts() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER)
    facts = {"on": "2025-06-02", "reason": "Xin thôi phấn đấu"}
    result = run_step(c, "withdraw", facts, actor=_user("bithu.hungthinh"), today=date(2025, 6, 3))
    assert result.ok, result
    c.refresh_from_db()
    assert c.stage == Stage.WITHDRAWN and c.events.last().reason == "Xin thôi phấn đấu"
    assert "time.backdated" in {r["rule"] for r in c.events.last().reasons}


def test_withdraw_without_reason_is_refused_with_the_rule() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER)
    result = run_step(c, "withdraw", {"on": "2025-06-02"}, actor=None, today=date(2025, 6, 3))
    assert not result.ok and [r["rule"] for r in result.reasons] == ["stage.reason"]


def test_record_certificate_in_the_future_is_refused() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER)
    facts = {"kind": "awareness", "number": "5/CN", "issued_on": "2027-01-05", "issued_by": "TTCT"}
    result = run_step(c, "record_certificate", facts, actor=None, today=date(2026, 12, 2))
    assert not result.ok and {r["rule"] for r in result.reasons} == {"time.future"}
    assert not c.certificates.exists()


def test_record_certificate_moves_a_sympathizer() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER)
    facts = {"kind": "awareness", "number": "5/CN", "issued_on": "2025-04-01", "issued_by": "TTCT"}
    assert run_step(c, "record_certificate", facts, actor=None, today=date(2025, 4, 2)).ok
    assert Candidate.objects.get(pk=c.pk).stage == Stage.CERTIFIED


def test_cell_resolution_counts_from_the_registry() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    vote = date(2025, 10, 1)
    c = ready_for_vote(cell, vote)
    n = official_members_on(cell, vote)
    facts = {"held_on": vote.isoformat(), "eligible": 8, "present": 8, "in_favour": 8, "against": 0}
    refused = run_step(c, "cell_resolution", facts, actor=None, today=vote)
    assert not refused.ok and {r["rule"] for r in refused.reasons} == {"vote.registry_mismatch"}
    arithmetic = {**facts, "eligible": n, "present": 3, "in_favour": 6}
    refused = run_step(c, "cell_resolution", arithmetic, actor=None, today=vote)
    assert {r["rule"] for r in refused.reasons} == {"vote.ballots_over_present"}
    good = {**facts, "eligible": n, "present": n, "in_favour": n - 1, "against": 1}
    result = run_step(c, "cell_resolution", good, actor=None, today=vote + timedelta(days=1))
    assert result.ok, result.reasons
    resolution = c.resolutions.get()
    assert resolution.registry_count == n and resolution.against == 1 and resolution.passed
    assert Candidate.objects.get(pk=c.pk).stage == Stage.CELL_RESOLUTION


def test_cell_resolution_with_a_corrected_count_keeps_the_reason() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    vote = date(2025, 10, 1)
    c = ready_for_vote(cell, vote)
    n = official_members_on(cell, vote) + 2
    facts = {"held_on": vote.isoformat(), "eligible": n, "eligible_reason": "Hai đảng viên chưa nhập danh sách",
             "present": n, "in_favour": n, "against": 0}  # fmt: skip
    assert run_step(c, "cell_resolution", facts, actor=None, today=vote).ok
    resolution = c.resolutions.get()
    assert resolution.eligible_reason == "Hai đảng viên chưa nhập danh sách"
    assert "vote.registry_corrected" in {r["rule"] for r in resolution.reasons}


def test_ceremony_before_the_previous_event_is_refused() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.ADMITTED)
    before = c.stage_since - timedelta(days=1)
    result = run_step(c, "ceremony", {"held_on": before.isoformat()}, actor=None, today=date(2026, 12, 2))
    assert not result.ok and "time.before_previous" in {r["rule"] for r in result.reasons}
    assert Candidate.objects.get(pk=c.pk).stage == Stage.ADMITTED
