"""Schemathesis against /api/v1/openapi.json on the demo data, a bounded number of
examples per endpoint: no 500, every response as its schema says, and a token of
another subtree never gets a 200 for Cao Minh's objects (nor sees one of them in a body).

Each generated request is sent twice: with the token of Cao Minh's board (who sees
the demo's objects, so the generated ids hit real rows) and with the token of Đồng
Tiến's board (another commune: every Cao Minh object must stay out of its reach)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.orgs.models import Block, MassOrganization, Organization
from ketnap.pipeline.models import Candidate, Course
from ketnap.plans.models import Plan
from tests.api.conftest import token_for

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, status_code_conformance]
#: 69 operations × 2 examples (was 55 × 2, 31 × 3, 27 × 4 before): the run stays within its time.
#: Path parameter → the model its id names.
PATH_MODELS: dict[str, Any] = {
    "org_id": Organization,
    "candidate_id": Candidate,
    "plan_id": Plan,
    "round_id": ReportingRound,
    "report_id": PeriodicReport,
    "course_id": Course,
    "block_id": Block,
    "mass_id": MassOrganization,
}


@pytest.fixture
def tokens(db: None, queued: None) -> Iterator[dict[str, str]]:
    """The two tokens; jobs (a PDF, a large export) wait in the queue instead of running."""
    # schemathesis calls the WSGI app itself: like Django's test client, keep the test's
    # connection open across requests (else PostgreSQL's is closed inside the test's transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    _dong_tien()
    try:
        yield {"own": token_for("bxd.caominh"), "other": token_for("bxd.dongtien")}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@functools.cache
def _dong_tien() -> int:
    """Đồng Tiến's id, read before any request: its board may rename it (PATCH) and add
    children (POST …/children) during the run, so the name cannot find it afterwards."""
    return int(Organization.objects.get(name="Đảng bộ xã Đồng Tiến", is_demo=True).pk)


def _org_ids_visible_to_other() -> set[int]:
    dong_tien = Organization.objects.get(pk=_dong_tien())
    return set(Organization.objects.filter(path__startswith=dong_tien.path).values_list("pk", flat=True))


def _organization_ids(body: Any) -> Iterator[int]:
    """Every organisation id a JSON body names."""
    if isinstance(body, dict):
        for key, value in body.items():
            if key in ("organization_id", "parent_id", "committee_id") and isinstance(value, int):
                yield value
            else:
                yield from _organization_ids(value)
    elif isinstance(body, list):
        for item in body:
            yield from _organization_ids(item)


def _assert_out_of_reach(case: Any, response: Any) -> None:
    """A 200 for the other commune's token names only its own subtree."""
    if response.status_code != 200:
        return
    visible = _org_ids_visible_to_other()
    for name, model in PATH_MODELS.items():
        pk = (case.path_parameters or {}).get(name)
        if isinstance(pk, int) and model.objects.filter(pk=pk).exists():
            org_of = {
                Organization: lambda o: o.pk,
                Candidate: lambda o: o.organization_id,
                Plan: lambda o: o.organization_id,
                ReportingRound: lambda o: o.organization_id,
                PeriodicReport: lambda o: o.organization_id,
                Course: lambda o: o.organization_id,
                Block: lambda o: o.organization_id,
                MassOrganization: lambda o: o.committee_id,
            }[model](model.objects.get(pk=pk))
            assert org_of in visible, f"200 for another subtree's {name}={pk}"
    if "json" in response.headers.get("Content-Type", [""])[0]:
        leaked = set(_organization_ids(response.json())) - visible
        assert not leaked, f"another subtree's organisations in the body: {sorted(leaked)}"


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case: Any, tokens: dict[str, str]) -> None:
    for who in ("own", "other"):
        response = case.call(headers={"Authorization": f"Bearer {tokens[who]}"})
        case.validate_response(response, checks=CHECKS)
        if who == "other":
            _assert_out_of_reach(case, response)


def test_every_operation_is_fuzzed() -> None:
    """A path left out of the schema would escape the fuzzing: the document lists them all."""
    paths = {re.sub(r"\{[^}]+\}", "{}", p) for p in schema.raw_schema["paths"]}
    assert {
        "/api/v1/organizations/{}/progress",
        "/api/v1/candidates/{}",
        "/api/v1/plans/{}/allocations/{}",
        "/api/v1/courses/{}",
        "/api/v1/candidates/{}/verifications",
        "/api/v1/organizations/{}/warnings",
        "/api/v1/organizations/{}/evaluation",
        "/api/v1/audit",
        "/api/v1/jobs/{}",
    } <= paths
