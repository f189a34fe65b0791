"""Writes through the API call the screens' services: an allocation cell with If-Match
(412 on a stale version), reporting rounds (open, submit, return, compile), headcounts
and members — with 403 for a role without the right, 404 for another subtree and 422
naming the field for invalid input."""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.monitoring import services as monitoring_services
from ketnap.monitoring.enums import RoundKind
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.plans import services as plan_services
from ketnap.plans.models import Allocation, AllocationRevision, Plan
from ketnap.plans.services import SYSTEM
from tests.api.conftest import api_for
from tests.conftest import org

pytestmark = pytest.mark.django_db
CAO_MINH, HUNG_THINH = "Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh"


@pytest.fixture
def draft() -> AllocationRevision:
    plan = Plan.objects.get(organization=org(CAO_MINH), year=2026)
    return plan_services.open_revision(plan, actor=SYSTEM, reason="Giao bổ sung", effective_on=date(2026, 7, 1))


def _row(revision: AllocationRevision) -> Allocation:
    return revision.allocations.filter(organization__isnull=False).order_by("position", "id").first()  # type: ignore[return-value]


def _cell_url(revision: AllocationRevision) -> str:
    return f"/api/v1/plans/{revision.plan_id}/allocations/{_row(revision).pk}"


def _field(revision: AllocationRevision) -> str:
    return "admit_q3" if revision.plan.by_quarter else "admit_total"


def test_cell_edit_with_if_match_then_stale_version_is_412(draft: AllocationRevision) -> None:
    board = api_for("bxd.caominh")
    table = board.get(f"/api/v1/plans/{draft.plan_id}/allocations")
    assert table.status_code == 200 and table.json()["revision"] == draft.number
    version = table["ETag"]
    assert version == table.json()["version"]
    body = {"field": _field(draft), "value": 7}
    done = board.patch(_cell_url(draft), body, headers={"If-Match": version})
    assert done.status_code == 200, done.content
    assert getattr(Allocation.objects.get(pk=_row(draft).pk), _field(draft)) == 7
    assert done["ETag"] != version
    stale = board.patch(_cell_url(draft), {"field": _field(draft), "value": 8}, headers={"If-Match": version})
    assert stale.status_code == 412 and stale["ETag"] == done["ETag"]
    assert getattr(Allocation.objects.get(pk=_row(draft).pk), _field(draft)) == 7
    assert board.patch(_cell_url(draft), body).status_code == 428


def test_cell_edit_bad_value_is_422_naming_the_field(draft: AllocationRevision) -> None:
    board = api_for("bxd.caominh")
    version = board.get(f"/api/v1/plans/{draft.plan_id}/allocations")["ETag"]
    bad = board.patch(_cell_url(draft), {"field": _field(draft), "value": "-3"}, headers={"If-Match": version})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", _field(draft)]
    unknown = board.patch(_cell_url(draft), {"field": "plan", "value": "1"}, headers={"If-Match": version})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "field"]


@pytest.mark.parametrize(("persona", "status"), [("ubkt.caominh", 403), ("bxd.dongtien", 404), ("bithu.namcap", 404)])
def test_cell_edit_refused_per_role(draft: AllocationRevision, persona: str, status: int) -> None:
    version = api_for("bxd.caominh").get(f"/api/v1/plans/{draft.plan_id}/allocations")["ETag"]
    response = api_for(persona).patch(
        _cell_url(draft), {"field": _field(draft), "value": 2}, headers={"If-Match": version}
    )
    assert response.status_code == status


def test_allocations_on_a_date_read_the_revision_in_force(draft: AllocationRevision) -> None:
    board = api_for("bxd.caominh")
    version = board.get(f"/api/v1/plans/{draft.plan_id}/allocations")["ETag"]
    board.patch(_cell_url(draft), {"field": _field(draft), "value": 9}, headers={"If-Match": version})
    plan_services.issue_revision(draft, actor=SYSTEM)
    before = board.get(f"/api/v1/plans/{draft.plan_id}/allocations?on=2026-03-31").json()
    after = board.get(f"/api/v1/plans/{draft.plan_id}/allocations?on=2026-07-01").json()
    assert (before["revision"], after["revision"]) == (0, draft.number)
    row = _row(draft).organization_id
    value = {r["organization_id"]: r for r in after["rows"]}[row]
    assert value["admit_total"] >= 9


@pytest.fixture
def q4() -> ReportingRound:
    data = monitoring_services.RoundInput(RoundKind.QUARTERLY, 2026, due_on=date(2027, 1, 5), quarter=4)
    return monitoring_services.open_round(org(CAO_MINH), data, actor=SYSTEM)


def test_round_open_per_role() -> None:
    body = {"kind": "quarterly", "year": 2026, "quarter": 4, "due_on": "2027-01-05"}
    url = f"/api/v1/organizations/{org(CAO_MINH).pk}/rounds"
    assert api_for("ubkt.caominh").post(url, body).status_code == 403
    assert api_for("bxd.dongtien").post(url, body).status_code == 404
    created = api_for("bxd.caominh").post(url, body)
    assert created.status_code == 201, created.content
    assert ReportingRound.objects.filter(pk=created.json()["id"], quarter=4).exists()
    invalid = api_for("bxd.caominh").post(url, {**body, "quarter": 9})
    assert invalid.status_code == 422 and "quarter" in invalid.json()["detail"][0]["loc"]


def test_submit_return_compile(q4: ReportingRound) -> None:
    report = PeriodicReport.objects.get(round=q4, organization=org(HUNG_THINH))
    url = f"/api/v1/reports/{report.pk}"
    assert api_for("ubkt.caominh").post(f"{url}/submit", {}).status_code == 403
    assert api_for("bithu.namcap").post(f"{url}/submit", {}).status_code == 404
    submitted = api_for("bithu.hungthinh").post(f"{url}/submit", {"results": "Kết nạp 2 đảng viên"})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted" and submitted.json()["results"] == "Kết nạp 2 đảng viên"
    again = api_for("bithu.hungthinh").patch(url, {"results": "sửa"})
    assert again.status_code == 422
    assert api_for("bithu.hungthinh").post(f"{url}/return", {"note": "Bổ sung"}).status_code == 403
    returned = api_for("bxd.caominh").post(f"{url}/return", {"note": "Bổ sung số liệu"})
    assert returned.status_code == 200 and returned.json()["status"] == "draft"
    api_for("bithu.hungthinh").post(f"{url}/submit", {})
    compiled = api_for("bxd.caominh").post(f"/api/v1/rounds/{q4.pk}/compile")
    assert compiled.status_code == 200 and compiled.json()["compiled"]
    parts = compiled.json()["figures"]["parts"]
    assert [p["report_id"] for p in parts] == [report.pk]
    assert api_for("bithu.hungthinh").post(f"/api/v1/rounds/{q4.pk}/compile").status_code == 404


def test_headcount_and_member_writes_per_role() -> None:
    cell = org(HUNG_THINH)
    count = {"counted_on": "2026-06-30", "official": 30, "probationary": 2}
    assert api_for("ubkt.caominh").post(f"/api/v1/organizations/{cell.pk}/headcounts", count).status_code == 403
    assert api_for("bithu.namcap").post(f"/api/v1/organizations/{cell.pk}/headcounts", count).status_code == 404
    assert api_for("bithu.hungthinh").post(f"/api/v1/organizations/{cell.pk}/headcounts", count).status_code == 201
    bad = api_for("bithu.hungthinh").post(f"/api/v1/organizations/{cell.pk}/headcounts", {**count, "official": -1})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "official"
    member = {"full_name": "Lường Thị Hoà", "sex": "female", "status": "official", "admission_date": "2010-05-19"}
    created = api_for("bithu.hungthinh").post(f"/api/v1/organizations/{cell.pk}/members", member)
    assert created.status_code == 201, created.content
    assert created.json()["full_name"] == "Lường Thị Hoà"
    found = api_for("bithu.hungthinh").get(f"/api/v1/organizations/{cell.pk}/members?q=luong thi hoa").json()
    assert [m["full_name"] for m in found["items"]] == ["Lường Thị Hoà"]
