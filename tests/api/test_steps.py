"""Steps of the procedure through the API: `next_steps` on a candidate's detail comes
from the step table (with a JSON Schema of each step's facts), and
`POST /api/v1/candidates/{id}/steps/{step}` records it through `run_step`, the page's
own entry point — the same charter refusals (422 with the page's reasons), the same
field errors (422 naming the field), 403 for a role the step does not allow, 404 for
another subtree, 401 without a token. The clock is frozen on a day of the demo's year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from ketnap.audit.models import AuditEvent
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.registry import official_members_on
from tests.api.conftest import ApiClient, api_for
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at, ready_for_vote

pytestmark = pytest.mark.django_db
TODAY = date(2025, 10, 2)
HUNG_THINH = "Chi bộ Hưng Thịnh"
SECRETARY = "bithu.hungthinh"


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 10, 2, 12, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


def _url(c: Candidate, step: str) -> str:
    return f"/api/v1/candidates/{c.pk}/steps/{step}"


def _sympathizer() -> Candidate:
    """Introduced by the Youth Union, so its officer sees the person (and may not move them)."""
    return candidate_at(org(HUNG_THINH), Stage.SYMPATHIZER, by="Đoàn TNCS Hồ Chí Minh")


def _rules(response: Any) -> set[str]:
    return {r["rule"] for r in response.json()["reasons"]}


def _same_reasons_on_the_page(c: Candidate, step: str, facts: dict[str, Any], api: Any) -> None:
    """The page, posted the same facts, shows every reason the API gave (and changes nothing)."""
    page = client_for(SECRETARY).post(reverse("pipeline:step", args=[c.pk, step]), facts)
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="refusal"' in html
    for reason in api.json()["reasons"]:
        assert escape(reason["message"]) in html, reason


def test_next_steps_come_from_the_step_table_with_a_json_schema() -> None:
    c = _sympathizer()
    body = api_for(SECRETARY).get(f"/api/v1/candidates/{c.pk}").json()
    steps = {s["step"]: s for s in body["next_steps"]}
    assert {"withdraw", "record_certificate", "assign_mentor", "move_away"} <= set(steps)
    assert "enrol" not in steps  # recorded on the course's own page
    withdraw = steps["withdraw"]
    assert withdraw["label"] == "Đưa ra khỏi danh sách"
    assert withdraw["facts"]["type"] == "object"
    assert withdraw["facts"]["properties"]["on"] == {"type": "string", "format": "date", "title": "Ngày hiệu lực"}
    assert withdraw["facts"]["required"] == ["on"]
    certificate = steps["record_certificate"]["facts"]["properties"]
    assert certificate["kind"]["enum"] and certificate["issued_on"]["format"] == "date"


@pytest.mark.parametrize("persona", ["bithu.hungthinh", "bxd.caominh", "ubkt.caominh", "doan.caominh"])
def test_next_steps_are_the_pages_buttons_for_each_role(persona: str) -> None:
    c = _sympathizer()
    page = client_for(persona).get(reverse("pipeline:detail", args=[c.pk]))
    api = api_for(persona).get(f"/api/v1/candidates/{c.pk}")
    assert api.status_code == page.status_code
    if page.status_code == 200:
        assert [s["step"] for s in api.json()["next_steps"]] == (page.context.get("act_names") or [])


def test_withdraw_moves_the_candidate_and_is_audited_as_the_owner() -> None:
    c = _sympathizer()
    facts = {"on": TODAY.isoformat(), "reason": "Xin thôi phấn đấu"}
    done = api_for(SECRETARY).post(_url(c, "withdraw"), facts)
    assert done.status_code == 200, done.content
    assert done.json()["stage"] == Stage.WITHDRAWN and done.json()["stage_label"]
    c.refresh_from_db()
    assert c.stage == Stage.WITHDRAWN and c.events.last().reason == "Xin thôi phấn đấu"
    event = AuditEvent.objects.filter(object_id=str(c.pk)).order_by("-id").first()
    assert event is not None and event.user.username == SECRETARY


def test_withdraw_without_reason_is_the_pages_refusal() -> None:
    c = _sympathizer()
    facts = {"on": TODAY.isoformat()}
    refused = api_for(SECRETARY).post(_url(c, "withdraw"), facts)
    assert refused.status_code == 422 and _rules(refused) == {"stage.reason"}
    reason = refused.json()["reasons"][0]
    assert reason["message"] and reason["citation"]
    _same_reasons_on_the_page(c, "withdraw", facts, refused)
    assert Candidate.objects.get(pk=c.pk).stage == Stage.SYMPATHIZER


def test_invalid_fact_is_422_naming_the_field() -> None:
    c = _sympathizer()
    bad = api_for(SECRETARY).post(_url(c, "withdraw"), {"on": "2025-13-40", "reason": "x"})
    assert bad.status_code == 422
    assert [d["loc"] for d in bad.json()["detail"]] == [["body", "on"]]
    nested = api_for(SECRETARY).post(_url(c, "withdraw"), {"on": {"day": 2}})
    assert nested.status_code == 422 and Candidate.objects.get(pk=c.pk).stage == Stage.SYMPATHIZER


def test_record_certificate_moves_a_sympathizer_and_refuses_a_future_date() -> None:
    c = _sympathizer()
    facts = {"kind": "awareness", "number": "5/CN", "issued_on": "2025-10-05", "issued_by": "TTCT Cao Minh"}
    future = api_for(SECRETARY).post(_url(c, "record_certificate"), facts)
    assert future.status_code == 422 and _rules(future) == {"time.future"}
    _same_reasons_on_the_page(c, "record_certificate", facts, future)
    assert not c.certificates.exists()
    done = api_for(SECRETARY).post(_url(c, "record_certificate"), {**facts, "issued_on": "2025-09-30"})
    assert done.status_code == 200, done.content
    assert done.json()["stage"] == Stage.CERTIFIED and c.certificates.get().number == "5/CN"


def test_cell_resolution_counts_from_the_registry() -> None:
    cell = org(HUNG_THINH)
    c = ready_for_vote(cell, TODAY)
    n = official_members_on(cell, TODAY)
    facts = {"held_on": TODAY.isoformat(), "eligible": n + 3, "present": n, "in_favour": n, "against": 0}
    refused = api_for(SECRETARY).post(_url(c, "cell_resolution"), facts)
    assert refused.status_code == 422 and _rules(refused) == {"vote.registry_mismatch"}
    _same_reasons_on_the_page(c, "cell_resolution", facts, refused)
    good = {**facts, "eligible": n, "in_favour": n - 1, "against": 1}
    done = api_for(SECRETARY).post(_url(c, "cell_resolution"), good)
    assert done.status_code == 200, done.content
    assert c.resolutions.get().registry_count == n and done.json()["stage"] == Stage.CELL_RESOLUTION


def test_ceremony_before_the_decision_is_refused_then_held() -> None:
    c = candidate_at(org(HUNG_THINH), Stage.ADMITTED)
    before = c.stage_since - timedelta(days=1)
    refused = api_for(SECRETARY).post(_url(c, "ceremony"), {"held_on": before.isoformat(), "place": "Nhà văn hóa"})
    assert refused.status_code == 422 and "time.before_previous" in _rules(refused)
    assert Candidate.objects.get(pk=c.pk).stage == Stage.ADMITTED
    held = c.stage_since + timedelta(days=5)
    done = api_for(SECRETARY).post(_url(c, "ceremony"), {"held_on": held.isoformat(), "place": "Nhà văn hóa"})
    assert done.status_code == 200, done.content
    assert Candidate.objects.get(pk=c.pk).stage == Stage.PROBATIONARY


def test_a_step_not_open_at_this_stage_is_422_with_the_rule() -> None:
    c = _sympathizer()
    wrong = api_for(SECRETARY).post(_url(c, "ceremony"), {"held_on": TODAY.isoformat()})
    assert wrong.status_code == 422 and _rules(wrong) == {"stage.not_allowed"}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("ubkt.caominh", 403), ("doan.caominh", 403), ("bxd.dongtien", 404), ("bithu.namcap", 404), (None, 401)],
)
def test_who_may_record_a_step(persona: str | None, status: int) -> None:
    c = _sympathizer()
    client = api_for(persona) if persona else ApiClient(None)
    answer = client.post(_url(c, "withdraw"), {"on": TODAY.isoformat(), "reason": "Xin thôi"})
    assert answer.status_code == status, answer.content
    assert Candidate.objects.get(pk=c.pk).stage == Stage.SYMPATHIZER


@pytest.mark.parametrize("step", ["enrol", "introduce", "nonsense"])
def test_steps_with_their_own_page_or_unknown_are_404(step: str) -> None:
    c = _sympathizer()
    assert api_for(SECRETARY).post(_url(c, step), {}).status_code == 404


def test_verification_param_only_for_a_step_that_edits_one() -> None:
    c = _sympathizer()
    answer = api_for(SECRETARY).post(_url(c, "withdraw") + "?verification=1", {"on": TODAY.isoformat()})
    assert answer.status_code == 404
