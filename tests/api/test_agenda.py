"""The agenda through the API is the page's agenda: the same items for the same user and
day (one selector), the same right to read it, 404 for another subtree's organisation,
401 without a token, and a constant number of queries whatever the page size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketnap.pipeline.enums import Stage
from tests.api.conftest import ApiClient, api_for
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at

pytestmark = pytest.mark.django_db
ON = "2026-03-31"


def _page_items(persona: str, query: str) -> tuple[int, list[str]]:
    page = client_for(persona).get(reverse("pipeline:agenda") + query)
    if page.status_code != 200:
        return page.status_code, []
    return 200, [i.label for _, _, items in page.context["groups"] for i in items]


@pytest.mark.parametrize(
    "persona", ["bithu.hungthinh", "bxd.caominh", "ubkt.caominh", "doan.caominh", "ttct.caominh", "bxd.dongtien"]
)
def test_agenda_is_the_pages_for_every_role(persona: str) -> None:
    status, labels = _page_items(persona, f"?on={ON}")
    api = api_for(persona).get(f"/api/v1/agenda?on={ON}&page_size=200")
    assert api.status_code == status
    if status == 200:
        body = api.json()
        assert body["count"] == len(labels) and [i["label"] for i in body["items"]] == labels[:200]


def test_agenda_of_one_organisation_and_another_subtree() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    status, labels = _page_items("bxd.caominh", f"?on={ON}&org={cell.pk}")
    body = api_for("bxd.caominh").get(f"/api/v1/agenda?on={ON}&organization={cell.pk}&page_size=200").json()
    assert status == 200 and [i["label"] for i in body["items"]] == labels
    assert {i["organization_id"] for i in body["items"]} <= {cell.pk}
    assert api_for("bxd.dongtien").get(f"/api/v1/agenda?organization={cell.pk}").status_code == 404
    assert ApiClient(None).get("/api/v1/agenda").status_code == 401


def test_agenda_names_the_step_that_settles_an_item() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.ADMITTED)
    body = api_for("bithu.hungthinh").get(f"/api/v1/agenda?on={ON}&page_size=200").json()
    mine = [i for i in body["items"] if i["candidate_id"] == c.pk]
    assert [(i["kind"], i["step"]) for i in mine] == [("ceremony", "ceremony")]
    assert "ceremony" in {
        s["step"] for s in api_for("bithu.hungthinh").get(f"/api/v1/candidates/{c.pk}").json()["next_steps"]
    }


def test_agenda_queries_do_not_grow_with_the_page() -> None:
    client = api_for("bxd.caominh")
    client.get(f"/api/v1/agenda?on={ON}&page_size=1")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/api/v1/agenda?on={ON}&page_size=1")
    with CaptureQueriesContext(connection) as large:
        client.get(f"/api/v1/agenda?on={ON}&page_size=200")
    assert len(large) == len(small)


def test_a_day_before_any_rulebook_is_422_naming_on() -> None:
    answer = api_for("bxd.caominh").get("/api/v1/agenda?on=2000-01-01")
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["query", "on"]
