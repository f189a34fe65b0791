"""The screens' lists read their GET parameters with the same django-filter FilterSets
as the API (the board, the people search, the audit log): the same parameters give the
same people and rows on the page and in the API, and an unreadable value on a page is
ignored (the page still answers) where the API answers 422 naming it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ketnap.audit.models import AuditEvent
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Candidate
from tests.api.conftest import api_for
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db
CAO_MINH, HUNG_THINH = "Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh"


def _board_ids(query: str) -> set[int]:
    response = client_for("bxd.caominh").get(reverse("pipeline:board", args=[org(CAO_MINH).pk]) + query)
    assert response.status_code == 200
    board = response.context["board"]
    return {card.candidate.pk for column in [*board.columns, board.exits] for card in column.cards}


def test_board_filters_by_cell_group_and_year_and_ignores_nonsense() -> None:
    cell = org(HUNG_THINH)
    everyone = _board_ids("?on=2026-06-30")
    in_cell = _board_ids(f"?on=2026-06-30&cell={cell.pk}")
    assert in_cell and in_cell < everyone
    assert set(Candidate.objects.filter(pk__in=in_cell).values_list("organization_id", flat=True)) == {cell.pk}
    assert _board_ids("?on=2026-06-30&year=&cell=x&group=nonsense") == everyone
    students = _board_ids("?on=2026-06-30&group=student")
    assert students <= everyone
    assert all(Candidate.objects.get(pk=pk).priorities.filter(group="student").exists() for pk in students)
    response = client_for("bxd.caominh").get(reverse("pipeline:board", args=[org(CAO_MINH).pk]) + f"?cell={cell.pk}")
    assert response.context["cell"] == cell.pk


def _people(query: str) -> tuple[int, list[int]]:
    response = client_for("bxd.caominh").get(reverse("pipeline:people") + query)
    assert response.status_code == 200
    page = response.context["page"]
    return page.paginator.count, [c.pk for c in page]


def test_people_search_and_the_api_list_give_the_same_people() -> None:
    for query in ("?stage=sympathizer", "?q=nguyen", f"?stage={Stage.PROBATIONARY}&q=thi"):
        count, first = _people(query)
        api = api_for("bxd.caominh").get("/api/v1/candidates" + query + "&page_size=50").json()
        assert api["count"] == count and [c["id"] for c in api["items"]] == first, query
    assert _people("?stage=nonsense")[0] == _people("")[0]
    assert api_for("bxd.caominh").get("/api/v1/candidates?stage=nonsense").status_code == 422


def test_audit_page_and_api_filter_the_same_rows() -> None:
    cell = org(HUNG_THINH)
    query = f"?organization={cell.pk}&action=update"
    response = client_for("bxd.caominh").get(reverse("audit:list") + query)
    page = response.context["page"]
    api = api_for("bxd.caominh").get("/api/v1/audit" + query + "&page_size=50").json()
    assert page.paginator.count == api["count"] > 0
    assert [e.pk for e in page] == [e["id"] for e in api["items"]]
    assert set(AuditEvent.objects.filter(pk__in=[e.pk for e in page]).values_list("action", flat=True)) == {"update"}
