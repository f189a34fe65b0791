"""Every read endpoint × every demo role gives exactly the status its screen gives:
allowed 200, a role without the right 403, another subtree 404; without a token 401.
Each endpoint is paired with the page that shows the same thing, so the API can never
be more permissive than the screens (nor quietly stricter)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.pipeline.models import Candidate
from ketnap.plans.models import Plan
from tests.api.conftest import ApiClient, api_for
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db

PERSONAS = (
    "bxd.caominh",
    "ubkt.caominh",
    "bithu.hungthinh",
    "bithu.namcap",
    "doan.caominh",
    "bxd.dongtien",
    "tinh.thainguyen",
    "ttct.caominh",
)
CAO_MINH, HUNG_THINH = "Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh"


def _q1() -> ReportingRound:
    return ReportingRound.objects.get(organization=org(CAO_MINH), quarter=1, is_demo=True)


def _cell_report() -> int:
    return PeriodicReport.objects.get(round=_q1(), organization=org(HUNG_THINH)).pk


def _candidate() -> int:
    """A Hưng Thịnh candidate introduced by the Youth Union (the mass-org persona's own)."""
    return (
        Candidate.objects.filter(organization=org(HUNG_THINH), introduction__mass_organization__kind="youth_union")
        .order_by("pk")
        .first()
        .pk  # type: ignore[union-attr]
    )


def _plan() -> int:
    return Plan.objects.filter(organization=org(CAO_MINH)).order_by("-year").first().pk  # type: ignore[union-attr]


def _org(name: str) -> Callable[[], int]:
    return lambda: org(name).pk


# (api path with {pk}, screen url name, how to find pk)
PAIRS: list[tuple[str, str, Callable[[], int]]] = [
    ("/api/v1/organizations/{pk}", "orgs:detail", _org(CAO_MINH)),
    ("/api/v1/organizations/{pk}", "orgs:detail", _org(HUNG_THINH)),
    ("/api/v1/organizations/{pk}/history", "orgs:detail", _org(CAO_MINH)),
    ("/api/v1/organizations/{pk}/headcounts", "orgs:detail", _org(HUNG_THINH)),
    ("/api/v1/organizations/{pk}/mass-organizations", "orgs:detail", _org(CAO_MINH)),
    ("/api/v1/organizations/{pk}/members", "orgs:members", _org(CAO_MINH)),
    ("/api/v1/organizations/{pk}/members", "orgs:members", _org(HUNG_THINH)),
    ("/api/v1/organizations/{pk}/progress", "monitoring:dashboard", _org(CAO_MINH)),
    ("/api/v1/organizations/{pk}/progress?on=2026-03-31", "monitoring:dashboard", _org(HUNG_THINH)),
    ("/api/v1/organizations/{pk}/funnel", "monitoring:dashboard", _org(CAO_MINH)),
    ("/api/v1/organizations/{pk}/statistics", "monitoring:statistics", _org(CAO_MINH)),
    ("/api/v1/organizations/{pk}/statistics/xlsx", "monitoring:statistics", _org(HUNG_THINH)),
    ("/api/v1/organizations/{pk}/rounds", "monitoring:rounds", _org(CAO_MINH)),
    ("/api/v1/rounds/{pk}", "monitoring:round", lambda: _q1().pk),
    ("/api/v1/reports/{pk}", "monitoring:report", _cell_report),
    ("/api/v1/candidates/{pk}", "pipeline:detail", _candidate),
    ("/api/v1/plans/{pk}", "plans:detail", _plan),
    ("/api/v1/plans/{pk}/allocations", "plans:grid", _plan),
    ("/api/v1/plans/{pk}/export/xlsx", "plans:export_xlsx", _plan),
]


def _ids() -> list[str]:
    return [f"{api}~{screen}~{i}" for i, (api, screen, _) in enumerate(PAIRS)]


@pytest.mark.parametrize(("api_path", "screen", "pk_of"), PAIRS, ids=_ids())
def test_api_status_equals_screen_status_for_every_role(api_path: str, screen: str, pk_of: Callable[[], int]) -> None:
    pk = pk_of()
    url = api_path.format(pk=pk)
    seen: dict[str, tuple[int, int]] = {}
    for persona in PERSONAS:
        page = client_for(persona).get(reverse(screen, args=[pk]) + ("?on=2026-03-31" if "?on" in api_path else ""))
        api = api_for(persona).get(url)
        seen[persona] = (api.status_code, page.status_code)
    assert all(a == p for a, p in seen.values()), seen
    statuses = {a for a, _ in seen.values()}
    assert 200 in statuses and 404 in statuses, seen
    assert ApiClient(None).get(url).status_code == 401


@pytest.mark.parametrize(
    "path", ["/api/v1/organizations", "/api/v1/candidates", "/api/v1/plans", "/api/v1/organizations?q=cao"]
)
def test_lists_need_a_token(path: str) -> None:
    assert ApiClient(None).get(path).status_code == 401
    assert api_for("bxd.caominh").get(path).status_code == 200


def test_lists_show_only_the_subtree() -> None:
    cao_minh = org(CAO_MINH)
    for persona, sees in (("bxd.caominh", True), ("bxd.dongtien", False), ("bithu.namcap", False)):
        names = {o["name"] for o in api_for(persona).get("/api/v1/organizations?q=cao minh").json()["items"]}
        assert (cao_minh.name in names) is sees, persona
    own = api_for("bithu.hungthinh").get("/api/v1/candidates?page_size=200").json()
    assert own["count"] > 0 and {c["organization_id"] for c in own["items"]} == {org(HUNG_THINH).pk}
    other = api_for("bxd.dongtien").get(f"/api/v1/candidates?organization={cao_minh.pk}").json()
    assert other["count"] == 0


def test_political_centre_lists_no_candidates_as_on_the_board() -> None:
    assert api_for("ttct.caominh").get("/api/v1/candidates").status_code == 403
    board = reverse("pipeline:board", args=[org(CAO_MINH).pk])
    assert client_for("ttct.caominh").get(board).status_code == 403
