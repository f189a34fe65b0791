"""Every plans URL × every demo persona: 200 / 403 / 404 (other subtree) / login
redirect; POST endpoints per role; query counts constant as rows grow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketnap.audit.context import acting_as
from ketnap.orgs.enums import Role
from ketnap.orgs.models import Organization
from ketnap.plans import services
from ketnap.plans.models import Plan
from tests.conftest import client_for, org
from tests.orgs.helpers import make_child, make_root, make_user
from tests.web.test_access import (  # the demo personas, shared with the foundation's matrix
    BOARD,
    INSPECTOR,
    MASS_ORG,
    OTHER_SECRETARY,
    OTHER_SUBTREE,
    PERSONAS,
    PROVINCE,
    SECRETARY,
)

pytestmark = pytest.mark.django_db

READ = {BOARD: 200, INSPECTOR: 200, SECRETARY: 404, OTHER_SECRETARY: 404, MASS_ORG: 200, OTHER_SUBTREE: 404,
        PROVINCE: 200}  # fmt: skip
WRITE = {**READ, INSPECTOR: 403, MASS_ORG: 403}
# Pages of the issued Cao Minh 2026 plan (demo) and of a draft plan made in the test.
ISSUED_PAGES = [
    ("plans:detail", READ),
    ("plans:grid", READ),
    ("plans:history", READ),
    ("plans:export_xlsx", READ),
    ("plans:export_docx", READ),
    ("plans:revise", WRITE),
    ("plans:edit", {**WRITE, BOARD: 403, PROVINCE: 403}),  # issued: changes only by revision
    ("plans:import", {**WRITE, BOARD: 403, PROVINCE: 403}),  # no open revision to import into
]
DRAFT_PAGES = [("plans:detail", READ), ("plans:grid", READ), ("plans:edit", WRITE), ("plans:import", WRITE)]


def cao_minh_plan() -> Plan:
    return Plan.objects.get(organization=org("Đảng bộ xã Cao Minh"), year=2026)


def draft_plan() -> Plan:
    with acting_as(None):
        return services.create_plan(
            org("Đảng bộ xã Cao Minh"), actor=services.SYSTEM, year=2027, target=services.TargetInput(count=45)
        )


@pytest.mark.parametrize(
    ("name", "persona", "status"), [(n, p, s) for n, expected in ISSUED_PAGES for p, s in expected.items()]
)
def test_issued_plan_pages_per_role(name: str, persona: str, status: int) -> None:
    response = client_for(persona).get(reverse(name, args=[cao_minh_plan().pk]))
    assert response.status_code == status, response.content[:300]


@pytest.mark.parametrize(
    ("name", "persona", "status"), [(n, p, s) for n, expected in DRAFT_PAGES for p, s in expected.items()]
)
def test_draft_plan_pages_per_role(name: str, persona: str, status: int) -> None:
    plan = draft_plan()
    assert client_for(persona).get(reverse(name, args=[plan.pk])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [(BOARD, 200), (INSPECTOR, 403), (SECRETARY, 200), (MASS_ORG, 403), (OTHER_SUBTREE, 200), (PROVINCE, 200)],
)
def test_create_page_per_role(persona: str, status: int) -> None:
    assert client_for(persona).get(reverse("plans:create")).status_code == status


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_page_for_everyone(persona: str) -> None:
    assert client_for(persona).get(reverse("plans:list")).status_code == 200


def test_secretary_sees_the_quota_given_to_her_cell_not_the_plan() -> None:
    page = client_for(SECRETARY).get(reverse("plans:list")).content.decode()
    assert "Chỉ tiêu cấp trên giao cho tổ chức của bạn" in page and "Chi bộ Hưng Thịnh" in page
    assert "Chi bộ Nặm Cáp" not in page
    assert client_for(SECRETARY).get(reverse("plans:detail", args=[cao_minh_plan().pk])).status_code == 404


@pytest.mark.parametrize(
    "name", ["plans:list", "plans:create", "plans:detail", "plans:grid", "plans:export_docx", "plans:history"]
)
def test_anonymous_is_sent_to_login(name: str) -> None:
    args = [] if name in ("plans:list", "plans:create") else [cao_minh_plan().pk]
    response = Client().get(reverse(name, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"), [(BOARD, 200), (INSPECTOR, 403), (MASS_ORG, 403), (SECRETARY, 404), (OTHER_SUBTREE, 404)]
)
def test_post_cell_per_role(persona: str, status: int) -> None:
    plan = draft_plan()
    row = plan.revisions.get().allocations.first()
    assert row is not None
    url = reverse("plans:cell", args=[plan.pk, row.pk])
    response = client_for(persona).post(url, {"field": "admit_total", "value": "2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == status
    row.refresh_from_db()
    assert row.admit_total == (2 if status == 200 else 0)


@pytest.mark.parametrize(("persona", "status"), [(BOARD, 302), (INSPECTOR, 403), (OTHER_SUBTREE, 404)])
def test_post_issue_and_cascade_per_role(persona: str, status: int) -> None:
    plan = cao_minh_plan()
    assert client_for(persona).post(reverse("plans:cascade", args=[plan.pk])).status_code == status
    created = Plan.objects.filter(year=2026, source_allocation__revision__plan=plan).count()
    assert created == (41 if status == 302 else 0)


def test_secretary_edits_her_cascaded_cell_plan_only() -> None:
    plan = cao_minh_plan()
    client_for(BOARD).post(reverse("plans:cascade", args=[plan.pk]))
    own = Plan.objects.get(organization=org("Chi bộ Hưng Thịnh"), year=2026)
    other = Plan.objects.get(organization=org("Chi bộ Nặm Cáp"), year=2026)
    secretary = client_for(SECRETARY)
    assert secretary.get(reverse("plans:edit", args=[own.pk])).status_code == 200
    assert secretary.get(reverse("plans:edit", args=[other.pk])).status_code == 404
    assert client_for(INSPECTOR).get(reverse("plans:edit", args=[own.pk])).status_code == 403


@pytest.fixture
def counting() -> tuple[Client, Plan, Callable[[int], None]]:
    root = make_root("Đảng bộ tỉnh Đếm KH")
    committee = make_child(root, "Đảng bộ xã Đếm", kind="grassroots_committee")
    user = make_user("dem.kh", committee, Role.ORGANIZING_BOARD)
    client = Client()
    client.force_login(user)
    with acting_as(user):
        plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=1))

    def grow(n: int) -> None:
        for i in range(n):
            make_child(committee, f"Chi bộ Đếm {Organization.objects.count()}-{i}")
        with acting_as(user):
            services.add_missing_rows(plan, actor=user)

    return client, plan, grow


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["plans:detail", "plans:grid", "plans:history", "plans:list", "plans:export_xlsx"])
def test_query_count_does_not_grow_with_rows(counting, name: str) -> None:  # type: ignore[no-untyped-def]
    client, plan, grow = counting
    url = reverse(name) if name == "plans:list" else reverse(name, args=[plan.pk])
    grow(1)
    few = _queries(client, url)
    grow(4)
    assert _queries(client, url) == few


def test_cell_update_query_count_does_not_grow_with_rows(counting) -> None:  # type: ignore[no-untyped-def]
    client, plan, grow = counting
    grow(1)
    row = plan.revisions.get().allocations.first()
    url = reverse("plans:cell", args=[plan.pk, row.pk])

    def post() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.post(url, {"field": "admit_total", "value": "1"}).status_code == 200
        return len(ctx.captured_queries)

    post()
    few = post()
    grow(4)
    assert post() == few


def test_headcount_date_is_shown_with_rate_and_count() -> None:
    page = client_for(BOARD).get(reverse("plans:detail", args=[cao_minh_plan().pk])).content.decode()
    assert "3,2%" in page and "1.260" in page and "31/12/2025" in page
    assert 'data-testid="target-count">41<' in page
    assert date(2026, 1, 19).strftime("%d/%m/%Y") in page
