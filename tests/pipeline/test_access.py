"""Every pipeline URL × every role: allowed (200), a role that sees but may not act
(403), another subtree or a person the mass organisation did not introduce (404),
anonymous (redirect to login). Personas are the demo logins, plus the political
centre added by the pipeline's demo step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ketnap.audit.models import AuditEvent
from ketnap.pipeline.enums import CourseKind, Stage
from ketnap.pipeline.models import Candidate, Course
from ketnap.pipeline.registry import official_members_on
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at

pytestmark = pytest.mark.django_db

BOARD, INSPECTOR, SECRETARY, OTHER_SECRETARY = "bxd.caominh", "ubkt.caominh", "bithu.hungthinh", "bithu.namcap"
MASS_ORG, CENTRE, OTHER_SUBTREE, PROVINCE = "doan.caominh", "ttct.caominh", "bxd.dongtien", "tinh.thainguyen"
PERSONAS = [BOARD, INSPECTOR, SECRETARY, OTHER_SECRETARY, MASS_ORG, CENTRE, OTHER_SUBTREE, PROVINCE]
YOUTH = "Đoàn TNCS Hồ Chí Minh"


def expect(
    board: int, inspector: int, secretary: int, other_secretary: int, mass: int, centre: int, other: int, province: int
) -> dict[str, int]:
    return dict(
        zip(PERSONAS, (board, inspector, secretary, other_secretary, mass, centre, other, province), strict=True)
    )


def _person(stage: str, by: str = YOUTH) -> Callable[[], Candidate]:
    return lambda: candidate_at(org("Chi bộ Hưng Thịnh"), stage, by=by)


def _course() -> Course:
    return Course.objects.filter(organization=org("Đảng bộ xã Cao Minh"), kind=CourseKind.AWARENESS).first()  # type: ignore[return-value]


READ_PAGE = expect(200, 200, 200, 404, 200, 403, 404, 200)
MANAGE_PAGE = expect(200, 403, 200, 404, 403, 403, 404, 200)
DECIDE_PAGE = expect(200, 403, 403, 404, 403, 403, 404, 200)
FULL_READ = expect(200, 200, 200, 404, 403, 403, 404, 200)

# (case id, url builder, expected status per persona)
CASES: list[tuple[str, Callable[[], str], dict[str, int]]] = [
    ("home", lambda: reverse("pipeline:home"), dict.fromkeys(PERSONAS, 302)),
    ("agenda", lambda: reverse("pipeline:agenda"), dict.fromkeys(PERSONAS, 200)),
    ("people", lambda: reverse("pipeline:people"), expect(200, 200, 200, 200, 200, 403, 200, 200)),
    ("introduce", lambda: reverse("pipeline:introduce"), expect(200, 403, 200, 200, 200, 403, 200, 200)),
    ("certified", lambda: reverse("pipeline:certified"), expect(200, 200, 200, 200, 403, 200, 200, 200)),
    ("courses", lambda: reverse("pipeline:courses"), expect(200, 200, 200, 200, 403, 200, 200, 200)),
    ("course_new", lambda: reverse("pipeline:course_new"), expect(200, 403, 403, 403, 403, 200, 200, 200)),
    ("import", lambda: reverse("pipeline:import"), expect(200, 403, 200, 200, 403, 403, 200, 200)),
    ("import_sample", lambda: reverse("pipeline:import_sample"), expect(200, 403, 200, 200, 403, 403, 200, 200)),
    (
        "board_commune",
        lambda: reverse("pipeline:board", args=[org("Đảng bộ xã Cao Minh").pk]),
        expect(200, 200, 404, 404, 200, 403, 404, 200),
    ),
    ("board_cell", lambda: reverse("pipeline:board", args=[org("Chi bộ Hưng Thịnh").pk]), READ_PAGE),
    ("sympathizers", lambda: reverse("pipeline:sympathizers", args=[org("Chi bộ Hưng Thịnh").pk]), FULL_READ),
    ("sympathizers_docx", lambda: reverse("pipeline:sympathizers_docx", args=[org("Chi bộ Hưng Thịnh").pk]), FULL_READ),
    (
        "deadlines",
        lambda: reverse("pipeline:deadlines", args=[org("Đảng bộ xã Cao Minh").pk]),
        expect(200, 200, 404, 404, 403, 403, 404, 200),
    ),
    ("course", lambda: reverse("pipeline:course", args=[_course().pk]), expect(200, 200, 200, 200, 403, 200, 404, 200)),
    (
        "course_enrol",
        lambda: reverse("pipeline:course_enrol", args=[_course().pk]),
        expect(200, 403, 403, 403, 403, 200, 404, 200),
    ),
    (
        "course_complete",
        lambda: reverse("pipeline:course_complete", args=[_course().pk]),
        expect(200, 403, 403, 403, 403, 200, 404, 200),
    ),
    ("detail", lambda: reverse("pipeline:detail", args=[_person(Stage.SYMPATHIZER)().pk]), READ_PAGE),
    (
        "detail_not_introduced_by_youth_union",
        lambda: reverse("pipeline:detail", args=[_person(Stage.SYMPATHIZER, by="Hội Nông dân")().pk]),
        expect(200, 200, 200, 404, 404, 403, 404, 200),
    ),
    ("edit", lambda: reverse("pipeline:edit", args=[_person(Stage.SYMPATHIZER)().pk]), MANAGE_PAGE),
    (
        "move_withdraw",
        lambda: reverse("pipeline:step", args=[_person(Stage.SYMPATHIZER)().pk, "withdraw"]),
        MANAGE_PAGE,
    ),
    (
        "act_dossier",
        lambda: reverse("pipeline:step", args=[_person(Stage.CERTIFIED)().pk, "update_dossier"]),
        MANAGE_PAGE,
    ),
    (
        "act_certificate",
        lambda: reverse("pipeline:step", args=[_person(Stage.SYMPATHIZER)().pk, "record_certificate"]),
        expect(200, 403, 200, 404, 403, 200, 404, 200),
    ),
    (
        "act_vote",
        lambda: reverse("pipeline:step", args=[_person(Stage.VERIFICATION)().pk, "cell_resolution"]),
        MANAGE_PAGE,
    ),
    (
        "act_decision",
        lambda: reverse("pipeline:step", args=[_person(Stage.COMMITTEE_REVIEW)().pk, "admission_decision"]),
        DECIDE_PAGE,
    ),
    (
        "form_6_knd",
        lambda: reverse("pipeline:form", args=[_person(Stage.CELL_RESOLUTION)().pk, "6-knd"]),
        FULL_READ,
    ),
]


def _cases() -> list[Any]:
    return [
        pytest.param(url, persona, status, id=f"{case}-{persona}")
        for case, url, expected in CASES
        for persona, status in expected.items()
    ]


@pytest.mark.parametrize(("url", "persona", "status"), _cases())
def test_get_status_per_role(url: Callable[[], str], persona: str, status: int) -> None:
    response = client_for(persona).get(url())
    assert response.status_code == status, response.content[:300]


@pytest.mark.parametrize(("case", "url"), [(c, u) for c, u, _ in CASES])
def test_anonymous_is_sent_to_login(case: str, url: Callable[[], str]) -> None:
    response = Client().get(url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_home_lands_where_the_role_works() -> None:
    assert client_for(BOARD).get(reverse("pipeline:home"))["Location"] == reverse(
        "pipeline:board", args=[org("Đảng bộ xã Cao Minh").pk]
    )
    assert client_for(CENTRE).get(reverse("pipeline:home"))["Location"] == reverse("pipeline:courses")


def test_mass_org_board_shows_only_whom_it_introduced() -> None:
    mine = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER, by=YOUTH)
    theirs = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER, by="Hội Phụ nữ")
    html = client_for(MASS_ORG).get(reverse("pipeline:board", args=[org("Đảng bộ xã Cao Minh").pk])).content.decode()
    assert mine.full_name in html and theirs.full_name not in html
    people = client_for(MASS_ORG).get(reverse("pipeline:people")).content.decode()
    assert mine.full_name in people and theirs.full_name not in people


@pytest.mark.parametrize(("persona", "shown"), [(BOARD, True), (INSPECTOR, True), (SECRETARY, True), (MASS_ORG, False)])
def test_national_id_and_religion_only_for_roles_that_need_them(persona: str, shown: bool) -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER, by=YOUTH, national_id="019095004321")
    html = client_for(persona).get(reverse("pipeline:detail", args=[c.pk])).content.decode()
    assert ("019095004321" in html) is shown
    assert ("Tôn giáo" in html) is shown


def test_every_read_of_a_verification_result_is_logged() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.VERIFICATION, by=YOUTH)
    v = c.verifications.get(relation="father")
    v.result, v.result_on, v.result_note = "clear", v.requested_on, "Không có vấn đề"
    v.save()
    before = AuditEvent.objects.filter(action="read", model_label="pipeline.Verification").count()
    html = client_for(INSPECTOR).get(reverse("pipeline:detail", args=[c.pk])).content.decode()
    assert "Không có vấn đề" in html
    reads = AuditEvent.objects.filter(action="read", model_label="pipeline.Verification").order_by("id")
    assert reads.count() == before + 1 and reads.last().object_id == str(v.pk)  # type: ignore[union-attr]
    mass = client_for(MASS_ORG).get(reverse("pipeline:detail", args=[c.pk])).content.decode()
    assert "Không có vấn đề" not in mass
    assert AuditEvent.objects.filter(action="read", model_label="pipeline.Verification").count() == before + 1


def test_mass_org_officer_introduces_in_the_name_of_the_youth_union() -> None:
    data = {
        "organization": org("Chi bộ Nặm Cáp").pk,
        "introduced_on": "2026-03-02",
        "mass_organization": "",
        "document_number": "12-GT/ĐTN",
        "full_name": "Hoàng Thị Mai",
        "birth": "03/2001",
        "sex": "female",
        "ethnicity": "02",
        "religion": "none",
        "education": "upper_secondary",
        "professional_level": "none",
        "academic_title": "none",
        "political_theory": "none",
        "occupation": "farmer",
        "national_id": "",
    }
    response = client_for(MASS_ORG).post(reverse("pipeline:introduce"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    c = Candidate.objects.get(full_name="Hoàng Thị Mai")
    assert c.stage == Stage.INTRODUCED and c.birth_month_only and c.introduction.mass_organization.name == YOUTH
    assert client_for(MASS_ORG).get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [(SECRETARY, 302), (BOARD, 302), (INSPECTOR, 403), (MASS_ORG, 403), (OTHER_SUBTREE, 404)]
)
def test_post_withdraw_per_role(persona: str, status: int) -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER, by=YOUTH)
    url = reverse("pipeline:step", args=[c.pk, "withdraw"])
    response = client_for(persona).post(url, {"on": "2025-06-02", "reason": "Xin thôi", "approval": ""})
    assert response.status_code == status
    c.refresh_from_db()
    assert c.stage == (Stage.WITHDRAWN if status == 302 else Stage.SYMPATHIZER)


def test_refused_vote_shows_the_charters_reasons_next_to_the_form() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.VERIFICATION, by=YOUTH)
    url = reverse("pipeline:step", args=[c.pk, "cell_resolution"])
    n = str(official_members_on(c.organization, date(2025, 10, 1)))
    data = {"held_on": "2025-10-01", "eligible": n, "present": n, "in_favour": n, "against": "0", "excused": "0"}
    response = client_for(SECRETARY).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="refusal"' in html
    assert 'data-rule="sponsor.composition"' in html and "Điều lệ Đảng" in html
    c.refresh_from_db()
    assert c.stage == Stage.VERIFICATION and not c.resolutions.exists()


def test_scanned_paper_is_served_to_readers_only_and_logged() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.CERTIFIED, by=YOUTH)
    url = reverse("pipeline:step", args=[c.pk, "update_dossier"])
    form = client_for(SECRETARY).get(url).context["form"]
    data = {name: (form[name].value() or "") for name in form.fields if not name.endswith("__file")}
    data.update({"1-KNĐ__status": "received", "1-KNĐ__received_on": "2025-05-06", "1-KNĐ__number": ""})
    data["1-KNĐ__file"] = SimpleUploadedFile("don.pdf", b"%PDF-1.4 don xin vao Dang", content_type="application/pdf")
    assert client_for(SECRETARY).post(url, data).status_code == 302
    item = c.dossiers.get(purpose="admission").items.get(code="1-KNĐ")
    assert item.file and item.received_on.isoformat() == "2025-05-06"
    download = reverse("pipeline:dossier_file", args=[c.pk, item.pk])
    response = client_for(INSPECTOR).get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="read", model_label="pipeline.DossierItem", object_id=str(item.pk)).exists()
    assert client_for(MASS_ORG).get(download).status_code == 403
    assert client_for(OTHER_SECRETARY).get(download).status_code == 404
    item.file.delete(save=False)


def test_cell_approves_the_mentoring_plan() -> None:
    from ketnap.orgs.models import Member
    from ketnap.pipeline.services import mentoring

    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER, by=YOUTH)
    member = Member.objects.filter(organization=c.organization, status="official").order_by("admission_date").first()
    mentor = mentoring.assign_mentor(c, member, actor=None, phase="candidate", assigned_on=c.stage_since)
    url = reverse("pipeline:step", args=[c.pk, "approve_mentor_plan"])
    read_version = client_for(SECRETARY).get(url).context["form"]["read_version"].value()  # as the page carries it
    data = {"mentor": mentor.pk, "plan": "Gặp gỡ hằng tháng, giao việc ở chi đoàn", "approved_on": "2025-03-10"}
    data["read_version"] = read_version
    assert client_for(SECRETARY).post(url, data).status_code == 302
    mentor.refresh_from_db()
    assert mentor.plan_approved_on.isoformat() == "2025-03-10" and mentor.plan.startswith("Gặp gỡ")
