"""Hypothesis over the main forms' fields finds no 500 (issue 17, point 6).

Each main form is opened as its user would (GET, so the hidden read version and every
field's shown value come from the page), then posted back with a few fields replaced
by hostile values: out-of-range dates and numbers, NUL bytes, invalid UTF-8 escapes,
20,000-character strings, ids that do not exist. Any answer is acceptable except a
server error. Bounded: a few examples per form (`EXAMPLES_PER_FORM`), the whole file
about 15 s on SQLite; it runs on PostgreSQL too in `.ci/run`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketnap.audit.context import acting_as
from ketnap.monitoring import services as monitoring
from ketnap.monitoring.enums import RoundKind
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Verification
from ketnap.plans import services as plans
from ketnap.plans.models import Allocation, Plan
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at
from tests.web.test_access import BOARD, SECRETARY
from tests.web.test_fuzz_parameters import hostile_text
from tests.web.test_lost_updates import form_data

pytestmark = pytest.mark.django_db

EXAMPLES_PER_FORM = 8
YOUTH = "Đoàn TNCS Hồ Chí Minh"
CAO_MINH, HUNG_THINH, NAM_CAP = "Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh", "Chi bộ Nặm Cáp"


@dataclass(frozen=True)
class Page:
    """A form page: who opens it and how to build its URL (making what it edits)."""

    name: str
    persona: str
    url: Callable[[], str]


def _draft_plan() -> Plan:
    with acting_as(None):
        return plans.create_plan(org(CAO_MINH), actor=plans.SYSTEM, year=2027, target=plans.TargetInput(count=45))


def _report_url() -> str:
    data = monitoring.RoundInput(RoundKind.QUARTERLY, 2026, due_on=date(2027, 1, 5), quarter=4)
    q4 = monitoring.open_round(org(CAO_MINH), data, actor=plans.SYSTEM)
    return reverse("monitoring:report", args=[q4.reports.get(organization=org(HUNG_THINH)).pk])


def _step(stage: str, name: str) -> Callable[[], str]:
    def url() -> str:
        c = candidate_at(org(HUNG_THINH), stage, by=YOUTH)
        return reverse("pipeline:step", args=[c.pk, name])

    return url


def _verification_url() -> str:
    c = candidate_at(org(HUNG_THINH), Stage.DOSSIER, by=YOUTH)
    v = Verification.objects.create(candidate=c, relation="father", full_name="Nguyễn Văn Bố")
    return reverse("pipeline:step_on", args=[c.pk, "record_verification", v.pk])


PAGES = [
    Page("organisation", BOARD, lambda: reverse("orgs:edit", args=[org(NAM_CAP).pk])),
    Page("move organisation", BOARD, lambda: reverse("orgs:move", args=[org(NAM_CAP).pk])),
    Page("headcount", BOARD, lambda: reverse("orgs:add_member_count", args=[org(NAM_CAP).pk])),
    Page("member", BOARD, lambda: reverse("orgs:add_member", args=[org(NAM_CAP).pk])),
    Page("new plan", BOARD, lambda: reverse("plans:create")),
    Page("plan", BOARD, lambda: reverse("plans:edit", args=[_draft_plan().pk])),
    Page("new round", BOARD, lambda: reverse("monitoring:round_create", args=[org(CAO_MINH).pk])),
    Page("periodic report", SECRETARY, _report_url),
    Page("course", BOARD, lambda: reverse("pipeline:course_new")),
    Page("introduce", SECRETARY, lambda: reverse("pipeline:introduce")),
    Page(
        "candidate",
        SECRETARY,
        lambda: reverse("pipeline:edit", args=[candidate_at(org(HUNG_THINH), Stage.SYMPATHIZER).pk]),
    ),
    Page("dossier", SECRETARY, _step(Stage.DOSSIER, "update_dossier")),
    Page("sponsor", SECRETARY, _step(Stage.DOSSIER, "add_sponsor")),
    Page("mentor", SECRETARY, _step(Stage.SYMPATHIZER, "assign_mentor")),
    Page("verification", SECRETARY, _verification_url),
]


def _fuzz(client: Client, url: str, baseline: dict[str, object]) -> None:
    names = sorted(baseline) or ["x"]

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(changes=st.dictionaries(st.sampled_from(names), hostile_text, min_size=1, max_size=4))
    def post(changes: dict[str, str]) -> None:
        response = client.post(url, {**baseline, **changes})
        assert response.status_code < 500, (url, changes, response.status_code)

    post()


@pytest.mark.parametrize("form_page", PAGES, ids=[p.name for p in PAGES])
def test_no_form_value_gives_a_server_error(form_page: Page) -> None:
    client = client_for(form_page.persona)
    url = form_page.url()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    _fuzz(client, url, form_data(response.context["form"]))


def test_no_grid_cell_value_gives_a_server_error() -> None:
    """The allocation grid's cell write (htmx): field, value and read value fuzzed."""
    plan = _draft_plan()
    row = Allocation.objects.filter(revision__plan=plan).first()
    if row is None:
        client_for(BOARD).post(reverse("plans:add_rows", args=[plan.pk]), {})
        row = Allocation.objects.filter(revision__plan=plan).first()
    assert row is not None
    url = reverse("plans:cell", args=[plan.pk, row.pk])
    _fuzz(client_for(BOARD), url, {"field": "quota", "value": "3", "read": ""})
