"""A candidate's records and the documents through the API are audited exactly as the
pages audit them; courses are written through the course pages' forms and services;
long work (a PDF, a large audit export, a province's compile) answers 202 with a job
its requester — and only they — can poll."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ketnap.audit.models import AuditEvent
from ketnap.jobs.models import Job, JobKind, JobStatus
from ketnap.pipeline.enums import CourseKind, EnrolmentResult, Stage
from ketnap.pipeline.models import Candidate, Course
from ketnap.plans.models import Plan
from tests.api.conftest import api_for
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at

pytestmark = pytest.mark.django_db
CAO_MINH, HUNG_THINH, YOUTH = "Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh", "Đoàn TNCS Hồ Chí Minh"


def _reads(model: str) -> int:
    return AuditEvent.objects.filter(action="read", model_label=model).count()


def _verified() -> Candidate:
    c = candidate_at(org(HUNG_THINH), Stage.VERIFICATION, by=YOUTH)
    v = c.verifications.get(relation="father")
    v.result, v.result_on, v.result_note = "clear", v.requested_on, "Không có vấn đề"
    v.save()
    return c


def test_verification_results_are_read_and_logged_as_on_the_page() -> None:
    c = _verified()
    before = _reads("pipeline.Verification")
    client_for("ubkt.caominh").get(reverse("pipeline:detail", args=[c.pk]))
    by_page = _reads("pipeline.Verification") - before
    rows = api_for("ubkt.caominh").get(f"/api/v1/candidates/{c.pk}/verifications").json()
    assert by_page == 1 and _reads("pipeline.Verification") - before == 2
    father = next(r for r in rows if r["relation"] == "father")
    assert father["result"] == "clear" and father["result_note"] == "Không có vấn đề"


def test_a_role_without_sensitive_rights_reads_no_result_and_logs_none() -> None:
    c = _verified()
    before = _reads("pipeline.Verification")
    rows = api_for("bithu.hungthinh").get(f"/api/v1/candidates/{c.pk}/verifications").json()
    page = client_for("bithu.hungthinh").get(reverse("pipeline:detail", args=[c.pk])).content.decode()
    shown_on_page = "Không có vấn đề" in page
    assert all((r["result"] is not None) is shown_on_page for r in rows)
    if not shown_on_page:
        assert _reads("pipeline.Verification") == before
    assert api_for("doan.caominh").get(f"/api/v1/candidates/{c.pk}/verifications").status_code == 403


def test_dossier_read_is_logged_like_the_page() -> None:
    c = _verified()
    before = _reads("pipeline.Candidate")
    body = api_for("bxd.caominh").get(f"/api/v1/candidates/{c.pk}/dossier").json()
    assert _reads("pipeline.Candidate") == before + 1
    assert body["candidate_id"] == c.pk and {p["code"] for p in body["papers"]} >= {"1-KNĐ"}
    mentors = api_for("bxd.caominh").get(f"/api/v1/candidates/{c.pk}/mentors").json()
    assert {"sponsors", "mentors"} <= set(mentors)


def test_scan_download_is_logged_and_for_readers_only() -> None:
    c = candidate_at(org(HUNG_THINH), Stage.CERTIFIED, by=YOUTH)
    item = c.dossiers.get_or_create(purpose="admission")[0].items.get_or_create(code="1-KNĐ")[0]
    item.status, item.received_on = "received", date(2025, 5, 6)
    item.file = SimpleUploadedFile("don.pdf", b"%PDF-1.4 don", content_type="application/pdf")
    item.save()
    url = f"/api/v1/candidates/{c.pk}/dossier/{item.pk}/scan"
    response = api_for("ubkt.caominh").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="read", model_label="pipeline.DossierItem", object_id=str(item.pk)).exists()
    assert api_for("doan.caominh").get(url).status_code == 403
    assert api_for("bithu.namcap").get(url).status_code == 404
    item.file.delete(save=False)


def test_form_and_list_downloads_are_exports_in_the_log() -> None:
    cell = org(HUNG_THINH)
    before = AuditEvent.objects.filter(action="export").count()
    docx = api_for("bithu.hungthinh").get(f"/api/v1/organizations/{cell.pk}/sympathizers/docx?on=2026-03-31")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    evaluation = api_for("bxd.caominh").get(f"/api/v1/organizations/{org(CAO_MINH).pk}/evaluation/xlsx?year=2025")
    assert evaluation.status_code == 200 and evaluation.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export").count() == before + 2


def _course() -> Course:
    course = Course.objects.filter(organization=org(CAO_MINH), kind=CourseKind.AWARENESS).order_by("pk").first()
    assert course is not None
    return course


def test_the_board_opens_a_course_enrols_and_records_results() -> None:
    board = api_for("bxd.caominh")
    body = {
        "kind": "awareness",
        "organization": org(CAO_MINH).pk,
        "title": "Lớp nhận thức về Đảng đợt 3",
        "starts_on": "2026-09-07",
        "ends_on": "2026-09-11",
        "place": "Hội trường xã",
    }
    opened = board.post("/api/v1/courses", body)
    assert opened.status_code == 201, opened.content
    course = Course.objects.get(pk=opened.json()["id"])
    person = Candidate.objects.filter(organization__path__startswith=org(CAO_MINH).path, stage=Stage.SYMPATHIZER)
    person = person.exclude(enrolments__course=course).order_by("pk").first()
    assert person is not None
    enrolled = board.post(f"/api/v1/courses/{course.pk}/enrolments", {"on": "2026-09-01", "candidates": [person.pk]})
    assert enrolled.status_code == 200, enrolled.content
    line = next(e for e in enrolled.json()["enrolments"] if e["candidate_id"] == person.pk)
    done = board.post(
        f"/api/v1/courses/{course.pk}/completion",
        {
            "lines": [
                {
                    "enrolment": line["id"],
                    "result": "completed",
                    "certificate_number": "77/GCN",
                    "issued_on": "2026-09-11",
                }
            ]
        },
    )
    assert done.status_code == 200, done.content
    assert done.json()["certificates"] == 1
    assert course.enrolments.get(candidate=person).result == EnrolmentResult.COMPLETED


def test_course_writes_refused_like_the_pages() -> None:
    course = _course()
    bad = api_for("bxd.caominh").post(
        "/api/v1/courses",
        {
            "kind": "awareness",
            "organization": org(CAO_MINH).pk,
            "title": "X",
            "starts_on": "2026-09-11",
            "ends_on": "2026-09-01",
        },
    )
    assert bad.status_code == 422 and any(d["loc"][-1] == "ends_on" for d in bad.json()["detail"])
    body = {"on": "2026-09-01", "candidates": []}
    assert api_for("ubkt.caominh").post(f"/api/v1/courses/{course.pk}/enrolments", body).status_code == 403
    assert api_for("bxd.dongtien").post(f"/api/v1/courses/{course.pk}/enrolments", body).status_code == 404
    assert api_for("doan.caominh").post("/api/v1/courses", {}).status_code in (403, 422)
    unknown = api_for("bxd.caominh").post(
        f"/api/v1/courses/{course.pk}/completion", {"lines": [{"enrolment": 0, "result": "completed"}]}
    )
    assert unknown.status_code == 422


def test_plan_pdf_is_a_job_polled_by_its_requester_only(queued: None) -> None:
    plan = Plan.objects.filter(organization=org(CAO_MINH)).order_by("-year").first()
    assert plan is not None
    started = api_for("ubkt.caominh").get(f"/api/v1/plans/{plan.pk}/export/pdf")
    assert started.status_code == 202, started.content
    job = started.json()
    assert job["status"] == JobStatus.QUEUED and job["url"] == f"/api/v1/jobs/{job['id']}"
    assert api_for("ubkt.caominh").get(job["url"]).json()["id"] == job["id"]
    assert api_for("bxd.caominh").get(job["url"]).status_code == 404
    assert api_for("ubkt.caominh").get(job["url"] + "/result").status_code == 404


def test_large_audit_export_is_a_job(queued: None, monkeypatch: Any) -> None:
    monkeypatch.setattr("ketnap.audit.views.EXPORT_INLINE_ROWS", 0)
    started = api_for("bxd.caominh").get("/api/v1/audit/xlsx?action=update")
    assert started.status_code == 202
    job = Job.objects.get(pk=started.json()["id"])
    assert job.params == {"query": {"action": ["update"]}}


def test_small_audit_export_is_a_logged_file() -> None:
    before = AuditEvent.objects.filter(action="export").count()
    response = api_for("ubkt.caominh").get("/api/v1/audit/xlsx?date_from=2026-01-01")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export").count() == before + 1


def test_compile_of_a_large_round_is_a_job(queued: None, monkeypatch: Any) -> None:
    from ketnap.monitoring.models import ReportingRound

    monkeypatch.setattr("ketnap.monitoring.views.reports.COMPILE_INLINE_PARTS", 0)
    round_ = ReportingRound.objects.get(organization=org(CAO_MINH), quarter=1, is_demo=True)
    assert api_for("ubkt.caominh").post(f"/api/v1/rounds/{round_.pk}/compile").status_code == 403
    started = api_for("bxd.caominh").post(f"/api/v1/rounds/{round_.pk}/compile", {"fill": []})
    assert started.status_code == 202
    assert Job.objects.get(pk=started.json()["id"]).params["round"] == round_.pk


def test_audit_list_filters_and_stays_in_the_subtree() -> None:
    cao_minh, cell = org(CAO_MINH), org(HUNG_THINH)
    own = api_for("bxd.caominh").get(f"/api/v1/audit?organization={cell.pk}&page_size=200").json()
    assert own["count"] > 0
    ids = {e["organization_id"] for e in own["items"]} - {None}
    assert ids <= {cell.pk, *cell.get_descendants().values_list("pk", flat=True)}
    other = api_for("bxd.dongtien").get("/api/v1/audit?page_size=200").json()
    assert cao_minh.pk not in {e["organization_id"] for e in other["items"]}
    refused = api_for("bxd.dongtien").get(f"/api/v1/audit?organization={cao_minh.pk}")
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "organization"
    assert api_for("bxd.caominh").get("/api/v1/audit?action=nonsense").status_code == 422
    assert api_for("bithu.hungthinh").get("/api/v1/audit").status_code == 403


@pytest.mark.parametrize("name", ["plans.table", "monitoring.report"])
def test_a_large_table_export_is_the_pages_job(name: str, queued: None, monkeypatch: Any) -> None:
    """Above LARGE_TABLE rows the page redirects to an export job; the API answers 202 with
    the same job (jobs.exports.produce), and a small table stays a file at once."""
    from ketnap.monitoring.models import PeriodicReport, ReportingRound

    round_ = ReportingRound.objects.get(organization=org(CAO_MINH), quarter=1, is_demo=True)
    report = PeriodicReport.objects.get(round=round_, organization=org(CAO_MINH))
    plan = Plan.objects.get(organization=org(CAO_MINH), year=2026)
    url = (
        f"/api/v1/plans/{plan.pk}/export/docx" if name == "plans.table" else f"/api/v1/reports/{report.pk}/export/xlsx"
    )
    small = api_for("bxd.caominh").get(url)
    assert small.status_code == 200 and small.content[:2] == b"PK"
    monkeypatch.setattr("ketnap.monitoring.downloads.LARGE_TABLE", 0)
    monkeypatch.setattr("ketnap.plans.downloads.LARGE_TABLE", 0)
    started = api_for("bxd.caominh").get(url)
    assert started.status_code == 202, started.content
    job = Job.objects.get(pk=started.json()["id"])
    assert job.kind == JobKind.EXPORT and job.params["export"] == name and job.status == JobStatus.QUEUED
