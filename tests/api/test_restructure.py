"""Restructuring through the API against its pages (issue 14 point 4, issue 10 point 1):
for every demo role the API answers what the merge page answers (allowed, 403 without
the managing right, 404 for another subtree, 401 without a token); a dry run writes
nothing and says what the real run then does; refusals are 422 in the page's words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ketnap.orgs.demo.clock import BASE_DAY
from ketnap.orgs.models import Organization, Restructuring
from tests.api.conftest import api_for
from tests.api.test_access import PERSONAS
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db
FROM = BASE_DAY.replace(year=BASE_DAY.year + 1, month=1, day=1)


def _cells() -> tuple[Organization, Organization]:
    return org("Chi bộ Nặm Sai"), org("Chi bộ Cốc Nọt")


def _merge_body(into: Organization) -> dict[str, object]:
    return {
        "others": [into.pk], "into": into.pk, "effective_on": FROM.isoformat(),
        "reason": "Nghị quyết 15-NQ/ĐU", "carry": ["members"],
    }  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_merge_answers_as_its_page_for_every_role(persona: str) -> None:
    source, _ = _cells()
    page = client_for(persona).get(reverse("orgs:merge", args=[source.pk])).status_code
    api = api_for(persona).post(f"/api/v1/organizations/{source.pk}/restructure/merge?dry_run=true", {})
    assert (api.status_code if api.status_code != 422 else 200) == page, (persona, api.status_code, page)


def test_no_token_is_401() -> None:
    source, into = _cells()
    assert (
        api_for(None).post(f"/api/v1/organizations/{source.pk}/restructure/merge", _merge_body(into)).status_code == 401
    )


def test_a_dry_run_writes_nothing_and_the_real_run_does_what_it_said() -> None:
    source, into = _cells()
    board = api_for("bxd.caominh")
    url = f"/api/v1/organizations/{source.pk}/restructure/merge"
    preview = board.post(f"{url}?dry_run=true", _merge_body(into))
    assert preview.status_code == 200, preview.content
    assert preview.json()["dry_run"] is True
    source.refresh_from_db()
    assert source.valid_until is None and not Restructuring.objects.filter(organizations=source).exists()
    done = board.post(url, _merge_body(into))
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["dry_run"] is False and body["operation"] == "merge" and body["on"] == FROM.isoformat()
    assert {k: v for k, v in body.items() if k != "dry_run"} == {
        k: v for k, v in preview.json().items() if k != "dry_run"
    }
    source.refresh_from_db()
    assert source.valid_until is not None and source.valid_until < FROM


def test_refusals_are_422_in_the_pages_words() -> None:
    source, into = _cells()
    board = api_for("bxd.caominh")
    url = f"/api/v1/organizations/{source.pk}/restructure/merge"
    missing = board.post(url, {"others": [into.pk], "into": into.pk, "reason": "x"})
    assert missing.status_code == 422 and any(d["loc"] == ["body", "effective_on"] for d in missing.json()["detail"])
    left = board.post(url, {**_merge_body(into), "carry": []})
    assert left.status_code == 422
    assert "hãy chọn chuyển sang tổ chức kế tục" in " ".join(d["msg"] for d in left.json()["detail"])


def test_a_rename_through_the_api_is_the_pages_rename() -> None:
    _, cell = _cells()
    answer = api_for("bxd.caominh").post(
        f"/api/v1/organizations/{cell.pk}/restructure/rename",
        {"name": "Chi bộ thôn Cốc Nọt", "effective_on": FROM.isoformat(), "reason": "Quyết định 3"},
    )
    assert answer.status_code == 200, answer.content
    cell.refresh_from_db()
    assert cell.name == "Chi bộ thôn Cốc Nọt"
