"""Every monitoring URL × every role: allowed (200/302), forbidden role (403), another
subtree (404), anonymous (login). Personas are the demo logins; the reports are the
demo's Q1 2026 round of Đảng bộ xã Cao Minh (and a Q4 round opened here for writes)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ketnap.core import versions
from ketnap.monitoring import services
from ketnap.monitoring.enums import RoundKind
from ketnap.monitoring.forms import ReportForm
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.plans.services import SYSTEM
from tests.conftest import client_for, org
from tests.web.test_access import BOARD, INSPECTOR, MASS_ORG, OTHER_SECRETARY, OTHER_SUBTREE, PROVINCE, SECRETARY

pytestmark = pytest.mark.django_db

CENTRE = "ttct.caominh"  # the political centre (the pipeline's demo login)
PERSONAS = (BOARD, INSPECTOR, SECRETARY, OTHER_SECRETARY, MASS_ORG, OTHER_SUBTREE, PROVINCE, CENTRE)
CAO_MINH, HUNG_THINH = "Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh"


def _expect(board: int, inspector: int, secretary: int, mass: int, province: int | None = None) -> dict[str, int]:
    """Another cell's secretary and another commune's board never see Cao Minh's pages."""
    return {
        BOARD: board,
        INSPECTOR: inspector,
        SECRETARY: secretary,
        OTHER_SECRETARY: 404,
        MASS_ORG: mass,
        OTHER_SUBTREE: 404,
        PROVINCE: board if province is None else province,
        CENTRE: mass,
    }


COMMUNE_VIEW = _expect(200, 200, 404, 403)
CELL_VIEW = _expect(200, 200, 200, 403)

# (url name, organisation name, query string) → expected status per persona
ORG_PAGES: list[tuple[str, str, str, dict[str, int]]] = [
    ("monitoring:dashboard", CAO_MINH, "", COMMUNE_VIEW),
    ("monitoring:dashboard", HUNG_THINH, "", CELL_VIEW),
    ("monitoring:dashboard", CAO_MINH, "?on=2026-03-31", COMMUNE_VIEW),
    ("monitoring:dashboard_xlsx", CAO_MINH, "", COMMUNE_VIEW),
    ("monitoring:dashboard_xlsx", HUNG_THINH, "", CELL_VIEW),
    ("monitoring:warnings", CAO_MINH, "", COMMUNE_VIEW),
    ("monitoring:warnings", HUNG_THINH, "", CELL_VIEW),
    ("monitoring:overdue", CAO_MINH, "", COMMUNE_VIEW),
    ("monitoring:overdue", HUNG_THINH, "", CELL_VIEW),
    ("monitoring:statistics", CAO_MINH, "?quarter=1", COMMUNE_VIEW),
    ("monitoring:statistics", CAO_MINH, "?format=xlsx", COMMUNE_VIEW),
    ("monitoring:statistics", HUNG_THINH, "?from=2026-01-01&to=2026-06-30", CELL_VIEW),
    ("monitoring:inspection", CAO_MINH, "", COMMUNE_VIEW),
    ("monitoring:inspection", HUNG_THINH, "", _expect(200, 200, 403, 403)),
    ("monitoring:evaluation", CAO_MINH, "?year=2026", COMMUNE_VIEW),
    ("monitoring:evaluation", CAO_MINH, "?format=xlsx", COMMUNE_VIEW),
    ("monitoring:evaluation", CAO_MINH, "?format=docx", COMMUNE_VIEW),
    ("monitoring:evaluation", HUNG_THINH, "", CELL_VIEW),
    ("monitoring:rounds", CAO_MINH, "", COMMUNE_VIEW),
    ("monitoring:round_create", CAO_MINH, "", _expect(200, 403, 404, 403)),
    ("monitoring:round_create", HUNG_THINH, "", _expect(200, 403, 403, 403)),
]
PLAIN_PAGES: list[tuple[str, dict[str, int]]] = [
    ("monitoring:home", {**dict.fromkeys(PERSONAS, 302), MASS_ORG: 403, CENTRE: 403}),
    ("monitoring:reports", {**dict.fromkeys(PERSONAS, 200), MASS_ORG: 403, CENTRE: 403}),
]


def _q1() -> ReportingRound:
    return ReportingRound.objects.get(organization=org(CAO_MINH), quarter=1, is_demo=True)


def _report(name: str) -> PeriodicReport:
    return PeriodicReport.objects.get(round=_q1(), organization=org(name))


# (url name, object) → expected status per persona
OBJECT_PAGES: list[tuple[str, str, dict[str, int]]] = [
    ("monitoring:round", "round", COMMUNE_VIEW),
    ("monitoring:report", "cell", CELL_VIEW),
    ("monitoring:report_docx", "cell", CELL_VIEW),
    ("monitoring:report_xlsx", "cell", CELL_VIEW),
    ("monitoring:report", "compiled", COMMUNE_VIEW),
    ("monitoring:report_docx", "compiled", COMMUNE_VIEW),
    ("monitoring:report_xlsx", "compiled", COMMUNE_VIEW),
]


def _object_pk(what: str) -> int:
    if what == "round":
        return _q1().pk
    return _report(HUNG_THINH if what == "cell" else CAO_MINH).pk


def _cases() -> list[tuple[str, str, int]]:
    cases: list[tuple[str, str, int]] = []
    for name, org_name, query, expected in ORG_PAGES:
        cases += [(f"{name}|{org_name}|{query}", persona, status) for persona, status in expected.items()]
    for name, expected in PLAIN_PAGES:
        cases += [(f"{name}||", persona, status) for persona, status in expected.items()]
    for name, what, expected in OBJECT_PAGES:
        cases += [(f"{name}|@{what}|", persona, status) for persona, status in expected.items()]
    return cases


def _url(case: str) -> str:
    name, target, query = case.split("|")
    if not target:
        return reverse(name)
    pk = _object_pk(target[1:]) if target.startswith("@") else org(target).pk
    return reverse(name, args=[pk]) + query


@pytest.mark.parametrize(("case", "persona", "status"), _cases())
def test_get_status_per_role(case: str, persona: str, status: int) -> None:
    assert client_for(persona).get(_url(case)).status_code == status


@pytest.mark.parametrize("case", sorted({c for c, _, _ in _cases()}))
def test_anonymous_is_sent_to_login(case: str) -> None:
    response = Client().get(_url(case))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def q4() -> ReportingRound:
    data = services.RoundInput(RoundKind.QUARTERLY, 2026, due_on=date(2027, 1, 5), quarter=4)
    return services.open_round(org(CAO_MINH), data, actor=SYSTEM)


@pytest.mark.parametrize(
    ("persona", "status"),
    [(BOARD, 302), (SECRETARY, 302), (INSPECTOR, 403), (OTHER_SECRETARY, 404), (MASS_ORG, 403), (OTHER_SUBTREE, 404)],
)
def test_post_submit_per_role(q4: ReportingRound, persona: str, status: int) -> None:
    report = q4.reports.get(organization=org(HUNG_THINH))
    data = {
        "action": "submit",
        "results": "Kết nạp 01.",
        "difficulties": "",
        "proposals": "",
        "document_number": "",
        "signer": "",
        versions.FIELD: versions.read_form(ReportForm(instance=report), report).version,
    }
    assert client_for(persona).post(reverse("monitoring:report", args=[report.pk]), data).status_code == status
    report.refresh_from_db()
    assert report.is_submitted == (status == 302)


@pytest.mark.parametrize(
    ("persona", "status"),
    [(BOARD, 302), (INSPECTOR, 403), (SECRETARY, 404), (MASS_ORG, 403), (OTHER_SUBTREE, 404), (PROVINCE, 302)],
)
def test_post_compile_per_role(q4: ReportingRound, persona: str, status: int) -> None:
    assert client_for(persona).post(reverse("monitoring:round_compile", args=[q4.pk])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [(BOARD, 302), (INSPECTOR, 403), (SECRETARY, 403), (OTHER_SUBTREE, 404)]
)
def test_post_return_per_role(persona: str, status: int) -> None:
    report = _report(HUNG_THINH)
    response = client_for(persona).post(reverse("monitoring:report_return", args=[report.pk]), {"note": "Bổ sung."})
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [(BOARD, 302), (INSPECTOR, 403), (SECRETARY, 404), (OTHER_SUBTREE, 404)]
)
def test_post_open_round_per_role(persona: str, status: int) -> None:
    data = {
        "kind": "ad_hoc",
        "year": "2026",
        "quarter": "",
        "period_start": "2026-01-01",
        "period_end": "2026-10-31",
        "due_on": "2026-11-05",
        "compile_due_on": "",
        "title": "",
        "note": "Phục vụ sơ kết",
    }
    url = reverse("monitoring:round_create", args=[org(CAO_MINH).pk])
    assert client_for(persona).post(url, data).status_code == status


def test_submitted_report_cannot_be_posted_again() -> None:
    report = _report(HUNG_THINH)
    response = client_for(SECRETARY).post(reverse("monitoring:report", args=[report.pk]), {"action": "save"})
    assert response.status_code == 403


def test_get_on_post_only_urls_is_refused() -> None:
    assert client_for(BOARD).get(reverse("monitoring:round_compile", args=[_q1().pk])).status_code == 405
