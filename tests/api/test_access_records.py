"""The endpoints added for courses, a candidate's records, early warning, inspection,
evaluation, reports and the documents the screens offer: for every demo role the API
answers exactly what the paired page answers (200 allowed, 403 a role without the
right, 404 another subtree; a page that starts a job redirects to it where the API
answers 202), and 401 without a token. The paired page is the one that shows (or
downloads) the same thing, so the API can be neither wider nor narrower."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.pipeline.models import Candidate, Course
from ketnap.plans.models import Plan
from tests.api.conftest import ApiClient, api_for
from tests.api.test_access import PERSONAS
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db
CAO_MINH, HUNG_THINH = "Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh"


def _candidate() -> int:
    """A Hưng Thịnh candidate introduced by the Youth Union whose cell passed the
    resolution (so the 6-KNĐ form is printable): the mass-org persona sees the person's
    stage but not the file (403), the cell and the board read it all."""
    qs = Candidate.objects.filter(
        organization=org(HUNG_THINH),
        introduction__mass_organization__kind="youth_union",
        resolutions__level="cell",
        resolutions__purpose="admission",
        resolutions__passed=True,
    )
    c = qs.order_by("pk").first() or Candidate.objects.filter(organization=org(HUNG_THINH)).order_by("pk").first()
    assert c is not None
    return c.pk


def _course() -> int:
    course = Course.objects.filter(organization=org(CAO_MINH)).order_by("pk").first()
    assert course is not None
    return course.pk


def _report() -> int:
    round_ = ReportingRound.objects.get(organization=org(CAO_MINH), quarter=1, is_demo=True)
    return PeriodicReport.objects.get(round=round_, organization=org(HUNG_THINH)).pk


def _plan() -> int:
    return Plan.objects.filter(organization=org(CAO_MINH)).order_by("-year").first().pk  # type: ignore[union-attr]


def _org(name: str) -> Callable[[], int]:
    return lambda: org(name).pk


def page(name: str, *extra: Any, query: str = "") -> Callable[[int], str]:
    return lambda pk: reverse(name, args=[pk, *extra]) + query


# (api path with {pk}, the page's URL for that pk, how to find pk, whether a demo role gets 403)
PAIRS: list[tuple[str, Callable[[int], str], Callable[[], int], bool]] = [
    ("/api/v1/courses/{pk}", page("pipeline:course"), _course, True),
    ("/api/v1/candidates/{pk}/dossier", page("pipeline:form", "6-knd"), _candidate, True),
    ("/api/v1/candidates/{pk}/verifications", page("pipeline:form", "6-knd"), _candidate, True),
    ("/api/v1/candidates/{pk}/mentors", page("pipeline:form", "6-knd"), _candidate, True),
    ("/api/v1/candidates/{pk}/forms/6-knd", page("pipeline:form", "6-knd"), _candidate, True),
    ("/api/v1/organizations/{pk}/sympathizers", page("pipeline:sympathizers"), _org(HUNG_THINH), True),
    ("/api/v1/organizations/{pk}/sympathizers/docx", page("pipeline:sympathizers_docx"), _org(HUNG_THINH), True),
    ("/api/v1/organizations/{pk}/warnings", page("monitoring:warnings"), _org(CAO_MINH), True),
    ("/api/v1/organizations/{pk}/warnings/overdue", page("monitoring:overdue"), _org(CAO_MINH), True),
    ("/api/v1/organizations/{pk}/inspection", page("monitoring:inspection"), _org(CAO_MINH), True),
    ("/api/v1/organizations/{pk}/evaluation", page("monitoring:evaluation"), _org(CAO_MINH), True),
    (
        "/api/v1/organizations/{pk}/evaluation/xlsx",
        page("monitoring:evaluation", query="?format=xlsx"),
        _org(CAO_MINH),
        True,
    ),
    (
        "/api/v1/organizations/{pk}/evaluation/docx",
        page("monitoring:evaluation", query="?format=docx"),
        _org(HUNG_THINH),
        True,
    ),
    ("/api/v1/organizations/{pk}/progress/xlsx", page("monitoring:dashboard_xlsx"), _org(CAO_MINH), True),
    ("/api/v1/reports/{pk}/export/docx", page("monitoring:report_docx"), _report, True),
    ("/api/v1/reports/{pk}/export/xlsx", page("monitoring:report_xlsx"), _report, True),
    ("/api/v1/plans/{pk}/export/docx", page("plans:export_docx"), _plan, False),
    ("/api/v1/plans/{pk}/export/pdf", page("plans:export_pdf"), _plan, False),
]


def _ids() -> list[str]:
    return [f"{api}~{i}" for i, (api, *_) in enumerate(PAIRS)]


def _same(api: int, screen: int) -> bool:
    # The page redirects to the job it started; the API answers 202 with that job.
    return api == screen or (api == 202 and screen == 302)


@pytest.mark.parametrize(("api_path", "screen", "pk_of", "forbids"), PAIRS, ids=_ids())
def test_api_status_equals_screen_status_for_every_role(
    api_path: str, screen: Callable[[int], str], pk_of: Callable[[], int], forbids: bool, queued: None
) -> None:
    pk = pk_of()
    url = api_path.format(pk=pk)
    seen = {
        persona: (api_for(persona).get(url).status_code, client_for(persona).get(screen(pk)).status_code)
        for persona in PERSONAS
    }
    assert all(_same(a, p) for a, p in seen.values()), seen
    statuses = {a for a, _ in seen.values()}
    assert statuses & {200, 202} and 404 in statuses, seen
    assert (403 in statuses) is forbids, seen
    assert ApiClient(None).get(url).status_code == 401


# (api list, the page listing the same)
LISTS = [
    ("/api/v1/courses", "pipeline:courses"),
    ("/api/v1/reports", "monitoring:reports"),
    ("/api/v1/audit", "audit:list"),
]


@pytest.mark.parametrize(("api_path", "screen"), LISTS)
def test_lists_answer_as_their_pages_for_every_role(api_path: str, screen: str) -> None:
    seen = {p: (api_for(p).get(api_path).status_code, client_for(p).get(reverse(screen)).status_code) for p in PERSONAS}
    assert all(a == s for a, s in seen.values()), seen
    assert {a for a, _ in seen.values()} == {200, 403}, seen
    assert ApiClient(None).get(api_path).status_code == 401
