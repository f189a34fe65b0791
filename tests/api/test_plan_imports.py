"""A plan's appendix imported through the API as background jobs, as on its pages: the
upload answers 202 with the reading job, the preview is 202 while that job waits and
200 once it is done, applying is a second job (202) that writes nothing until it runs —
then all of it. Rights and refusals as the import page's; jobs are the requester's."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ketnap.jobs import services
from ketnap.jobs.models import Job, JobKind, JobStatus
from ketnap.orgs.models import Organization
from ketnap.plans.enums import QUANTITY_FIELDS
from ketnap.plans.models import Allocation, Plan
from ketnap.plans.services import create_plan
from tests.api.conftest import ApiClient, api_for
from tests.api.test_access import PERSONAS
from tests.conftest import client_for
from tests.fixtures.plans import make_fixtures as fx
from tests.orgs.helpers import make_child

pytestmark = pytest.mark.django_db
BOARD = "bxd.dongtien"


@pytest.fixture
def plan(dong_tien: Organization) -> Plan:
    board = get_user_model().objects.get(username=BOARD)
    return Plan.objects.filter(organization=dong_tien, year=2025).first() or create_plan(
        dong_tien, actor=board, year=2025, by_quarter=True, with_introduce=True
    )


def _upload(client: ApiClient, plan: Plan, data: bytes | None = None, name: str = "phu-luc.xlsx") -> Any:
    upload = SimpleUploadedFile(name, data if data is not None else fx.dong_tien_xlsx())
    return client.client.post(f"/api/v1/plans/{plan.pk}/imports", {"file": upload}, headers=client.headers)


def _mo_am(plan: Plan) -> bool:
    """The file's figures are in the table (a new plan's rows are all empty)."""
    nonzero = Q()
    for name in QUANTITY_FIELDS:
        nonzero |= Q(**{f"{name}__gt": 0})
    return Allocation.objects.filter(nonzero, revision__plan=plan, organization__name="Chi bộ Mỏ Ấm").exists()


def test_upload_preview_and_apply_are_jobs_seen_through_the_endpoints(queued: None, plan: Plan) -> None:
    board = api_for(BOARD)
    started = _upload(board, plan)
    assert started.status_code == 202, started.content
    body = started.json()
    job = Job.objects.get(pk=body["id"])
    assert (job.kind, body["status"], body["percent"]) == (JobKind.IMPORT_PREVIEW, "queued", 0)
    assert body["url"] == f"/api/v1/jobs/{job.pk}" and body["staged"] == job.params["staged"]
    assert DBTaskResult.objects.get(id=job.task_id).args_kwargs["args"] == [job.pk]  # ids cross the queue
    preview_url = body["preview_url"]
    assert preview_url == f"/api/v1/plans/{plan.pk}/imports/{body['staged']}"

    waiting = board.get(preview_url)
    assert waiting.status_code == 202 and waiting.json()["id"] == job.pk
    assert board.post(f"{preview_url}/apply").status_code == 422  # not read yet, as on the page
    services.Progress(job)(40, "Đang đọc và kiểm tra tệp…")
    polled = board.get(body["url"]).json()
    assert (polled["percent"], polled["message"]) == (40, "Đang đọc và kiểm tra tệp…")

    services.execute(job.pk)  # what the worker does
    assert board.get(body["url"]).json()["status"] == "done"
    preview = board.get(preview_url)
    assert preview.status_code == 200, preview.content
    shown = preview.json()
    assert shown["ok"] and shown["issues"] == [] and shown["applying"] is None
    assert "Mỏ Ấm" in str(shown["allocations"])
    assert not _mo_am(plan)  # a preview writes nothing

    applying = board.post(shown["apply_url"])
    assert applying.status_code == 202, applying.content
    apply = Job.objects.get(pk=applying.json()["id"])
    assert apply.kind == JobKind.IMPORT_APPLY and applying.json()["status"] == "queued"
    assert board.post(shown["apply_url"]).json()["id"] == apply.pk  # a second request queues nothing more
    assert board.get(preview_url).json()["applying"]["id"] == apply.pk
    assert not _mo_am(plan)  # nothing until the worker runs
    services.execute(apply.pk)
    done = board.get(f"/api/v1/jobs/{apply.pk}").json()
    assert done["status"] == "done" and done["percent"] == 100 and "phu-luc.xlsx" in done["message"]
    assert done["result_url"] == reverse("plans:grid", args=[plan.pk])
    assert _mo_am(plan)
    assert board.get(preview_url).status_code == 404  # applied: no longer waiting
    # A job is its requester's: another board's token does not find it.
    assert api_for("bxd.caominh").get(f"/api/v1/jobs/{apply.pk}").status_code == 404


def test_with_tasks_run_at_once_the_upload_is_already_read(plan: Plan) -> None:
    """The test settings run tasks in the request (ImmediateBackend): still 202, the job
    done, its preview at once; the apply job done when the answer comes back."""
    board = api_for(BOARD)
    started = _upload(board, plan)
    assert started.status_code == 202 and started.json()["status"] == "done", started.content
    preview = board.get(started.json()["preview_url"]).json()
    assert preview["ok"] and preview["job"]["id"] == started.json()["id"]
    applied = board.post(preview["apply_url"])
    assert applied.status_code == 202 and applied.json()["status"] == "done"
    assert _mo_am(plan)


def test_a_file_with_errors_previews_its_issues_and_cannot_be_applied(plan: Plan) -> None:
    board = api_for(BOARD)
    wrong_total = (["9", "-", "5", "2", "4", "4", "-", "1"], ("99", "7"))
    started = _upload(board, plan, fx.dong_tien_xlsx(cells_total=wrong_total))
    preview = board.get(started.json()["preview_url"]).json()
    assert not preview["ok"] and preview["issues"] and all(i["message"] for i in preview["issues"])
    refused = board.post(preview["apply_url"])
    assert refused.status_code == 422 and "chưa thể áp dụng" in refused.json()["detail"][0]["msg"]
    assert not Job.objects.filter(kind=JobKind.IMPORT_APPLY).exists() and not _mo_am(plan)
    not_excel = _upload(board, plan, b"hello", name="phu-luc.exe")
    assert not_excel.status_code == 422 and not_excel.json()["detail"][0]["loc"] == ["body", "file"]


def test_a_failed_reading_is_422_with_its_reason(queued: None, plan: Plan) -> None:
    board = api_for(BOARD)
    started = _upload(board, plan).json()
    Job.objects.filter(pk=started["id"]).update(status=JobStatus.FAILED, error="Tệp nhập không còn.")
    failed = board.get(started["preview_url"])
    assert failed.status_code == 422 and failed.json()["detail"][0]["msg"] == "Tệp nhập không còn."


def test_every_role_as_the_import_page(queued: None, plan: Plan) -> None:
    """202 where the import page opens, else its 403/404; an upload is its uploader's
    (another user of the same board does not reach it); 401 without a token."""
    seen: dict[str, tuple[int, int]] = {}
    for persona in PERSONAS:
        page = client_for(persona).get(reverse("plans:import", args=[plan.pk])).status_code
        seen[persona] = (_upload(api_for(persona), plan).status_code, page)
    assert all(a == (202 if p == 200 else p) for a, p in seen.values()), seen
    assert {202, 404} <= {a for a, _ in seen.values()}, seen
    staged = _upload(api_for(BOARD), plan).json()["preview_url"]
    for persona in PERSONAS:
        if persona != BOARD:
            assert api_for(persona).get(staged).status_code in (403, 404), persona
            assert api_for(persona).post(f"{staged}/apply").status_code in (403, 404), persona
    assert _upload(ApiClient(None), plan).status_code == 401
    assert ApiClient(None).get(staged).status_code == 401
    assert api_for(BOARD).get(f"/api/v1/plans/{plan.pk}/imports/not-a-uuid").status_code == 404


def test_near_matches_are_answered_through_the_api_and_the_file_read_again(plan: Plan, dong_tien: Organization) -> None:
    """ "Bản Cám" in the file, "Chi bộ Bản Cầm" in the tree: the preview asks, the answer
    (accept) is stored with the upload, a new reading job uses it, and the file applies
    to the existing cell — never merged silently, never created twice."""
    make_child(dong_tien, "Chi bộ Bản Cầm")
    cells = [("Bản Cám", row[1], row[2]) if row[0] == "Làng Cà" else row for row in fx.DONG_TIEN_CELLS]
    board = api_for(BOARD)
    started = _upload(board, plan, fx.dong_tien_xlsx(cells=cells)).json()
    asked = board.get(started["preview_url"]).json()
    assert not asked["ok"] and [q["name_in_file"] for q in asked["questions"]] == ["Bản Cám"]
    key = asked["questions"][0]["key"]
    wrong = board.post(f"{started['preview_url']}/answers", {"answers": {"khong-co": "accept"}})
    assert wrong.status_code == 422 and "khong-co" in wrong.content.decode()
    reread = board.post(f"{started['preview_url']}/answers", {"answers": {key: "accept"}})
    assert reread.status_code == 202, reread.content
    again = board.get(started["preview_url"]).json()
    assert again["ok"] and again["questions"] == []
    assert board.post(f"{started['preview_url']}/apply").status_code == 202
    assert Allocation.objects.filter(revision__plan=plan, organization__name="Chi bộ Bản Cầm").exists()
    assert not Organization.objects.filter(name="Chi bộ Bản Cám").exists()
    other = api_for("bxd.caominh").post(f"{started['preview_url']}/answers", {"answers": {key: "accept"}})
    assert other.status_code == 404
