"""The Django side of the charter: overrides from the database, the explain
command, and the 'Tra cứu quy định' page for every role."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ketnap.rulebook import selectors
from ketnap.rulebook.models import CalendarOverride, RuleOverride
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
PERSONAS = ["bxd.caominh", "ubkt.caominh", "bithu.hungthinh", "doan.caominh", "bxd.dongtien", "tinh.thainguyen"]


def _charter(question: str, facts: object, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, int]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(facts) if not isinstance(facts, str) else facts))
    out = io.StringIO()
    try:
        call_command("charter", question, "--facts", "-", stdout=out)
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    return json.loads(out.getvalue()), status


def test_rule_override_applies_and_is_marked() -> None:
    assert selectors.rulebook(date(2026, 1, 1)).number("sponsor.youth_max_age_years") == 30
    RuleOverride.objects.create(key="sponsor.youth_max_age_years", value="35", note="Hướng dẫn tỉnh")
    book = selectors.rulebook(date(2026, 1, 1))
    assert book.number("sponsor.youth_max_age_years") == 35
    assert book.values["sponsor.youth_max_age_years"].overridden


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("sponsor.count", "3", "value"),  # confirmed by the Charter: not configurable
        ("no.such.rule", "1", "key"),
        ("qd999:sponsor.youth_max_age_years", "31", "key"),
        ("sponsor.youth_max_age_years", "ba mươi", "value"),
    ],
)
def test_rule_override_validation(key: str, value: str, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        RuleOverride(key=key, value=value).full_clean()
    assert field in err.value.message_dict


def test_scoped_override_is_valid() -> None:
    RuleOverride(key="qd294:sponsor.youth_max_age_years", value="32").full_clean()


def test_calendar_override_moves_a_deadline() -> None:
    base = selectors.deadline_for("ceremony", date(2026, 3, 2)).date
    CalendarOverride.objects.create(day=date(2026, 3, 10), is_working_day=False, note="Nghỉ đột xuất")
    assert selectors.deadline_for("ceremony", date(2026, 3, 2)).date > base


def test_charter_command_answers_each_question(monkeypatch: pytest.MonkeyPatch) -> None:
    answer, status = _charter("vote", {"official_members": 9, "excused": 0, "in_favour": 6}, monkeypatch)
    assert status == 0 and answer["verdict"] == "pass" and answer["required"] == 6
    answer, status = _charter("quota", {"rate_percent": 3.2, "members": 1251}, monkeypatch)
    assert (answer["quota"], status) == (41, 0)
    answer, status = _charter("eligibility", {"birth_date": "2008-03-15", "meeting_date": "2026-03-14"}, monkeypatch)
    assert status == 0 and answer["verdict"] == "fail" and answer["age_months"] == 215


def test_charter_command_uses_database_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    CalendarOverride.objects.create(day=date(2026, 3, 3), is_working_day=False)
    answer, _ = _charter("deadline", {"event": "member_biography", "from": "2026-03-02"}, monkeypatch)
    without = selectors.deadline(
        "member_biography", date(2026, 3, 2), selectors.WorkCalendar(), selectors.rulebook(date(2026, 3, 2))
    )
    assert answer["deadline"] > without.date.isoformat()


@pytest.mark.parametrize(
    ("facts", "rule"),
    [
        ("{not json", "facts.json"),
        ({"official_members": 9, "in_favour": -1}, "facts.negative"),
        ({"official_members": 9}, "facts.missing"),
    ],
)
def test_charter_command_errors_exit_2_without_traceback(
    facts: object, rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer, status = _charter("vote", facts, monkeypatch)
    assert status == 2 and answer["verdict"] == "error" and answer["reasons"][0]["rule"] == rule


def test_charter_command_reads_a_file(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"event": "probation_end", "from": "2024-02-29"}), encoding="utf-8")
    out = io.StringIO()
    call_command("charter", "deadline", "--facts", str(facts), stdout=out)
    assert json.loads(out.getvalue())["deadline"] == "2025-02-28"


def test_charter_command_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("charter", "vote", "--facts", "/nonexistent.json", stdout=out)
    assert exit_info.value.code == 2 and json.loads(out.getvalue())["reasons"][0]["rule"] == "facts.file"


@pytest.mark.parametrize("persona", PERSONAS)
def test_lookup_page_open_to_every_role(persona: str) -> None:
    html = client_for(persona).get(reverse("rulebook:lookup"), {"on": "2026-01-15"}).content.decode()
    assert "294-QĐ/TW" in html and "216 tháng" in html


def test_lookup_page_anonymous_redirects() -> None:
    assert Client().get(reverse("rulebook:lookup")).status_code == 302


def test_lookup_switches_rulebook_by_date() -> None:
    client = client_for("bithu.hungthinh")
    assert "24-QĐ/TW" in client.get(reverse("rulebook:lookup"), {"on": "2022-01-01"}).content.decode()
    before = client.get(reverse("rulebook:lookup"), {"on": "2021-07-29"}).content.decode()
    assert 'data-testid="no-rulebook"' in before


def test_lookup_answers_vote_deadline_and_eligibility() -> None:
    client = client_for("bithu.hungthinh")
    url = reverse("rulebook:lookup")
    vote = client.get(
        url,
        {"question": "vote", "vote-official_members": 10, "vote-excused": 1, "vote-in_favour": 6},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Đạt." in vote and "<strong>6</strong>" in vote
    due = client.get(
        url,
        {"question": "deadline", "deadline-event": "probation_end", "deadline-start": "2024-02-29"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "2025-02-28" in due
    young = client.get(
        url,
        {"question": "eligibility", "eligibility-birth_date": "2008-03-15", "eligibility-meeting_date": "2026-03-14"},
    ).content.decode()
    assert "Không đạt." in young and "215 tháng" in young
    bad = client.get(url, {"question": "vote", "vote-official_members": "x"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Vui lòng kiểm tra lại" in bad
