"""The use cases around the moves: introduction and duplicates, the monthly review,
courses for several cells at once, mentors and their reports, introducers."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from ketnap.orgs.models import Member
from ketnap.pipeline.enums import IntroducerKind, MentorPhase, Stage
from ketnap.pipeline.journey import Timetable
from ketnap.pipeline.models import Candidate, Enrolment, ReviewEntry
from ketnap.pipeline.services import courses, dossier, mentoring, reviews
from ketnap.pipeline.services.candidates import introduce, update_person
from tests.conftest import org
from tests.pipeline.helpers import candidate_at, make_candidate, person

pytestmark = pytest.mark.django_db


def user(username: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=username)


def test_same_national_id_is_refused_everywhere(hung_thinh, nam_cap) -> None:  # type: ignore[no-untyped-def]
    make_candidate(hung_thinh, national_id="019095001111", birth_date=date(1995, 6, 1))
    with pytest.raises(ValidationError) as refused:
        make_candidate(nam_cap, national_id="019095001111", birth_date=date(1995, 6, 1), full_name="Người Khác")
    assert "Số CCCD này đã có trong hệ thống" in str(refused.value)


def test_same_name_and_birth_needs_confirmation(hung_thinh, nam_cap) -> None:  # type: ignore[no-untyped-def]
    make_candidate(hung_thinh, full_name="Lò Văn Trùng", birth_date=date(1996, 2, 2))
    with pytest.raises(ValidationError) as refused:
        make_candidate(nam_cap, full_name="lò văn trùng", birth_date=date(1996, 2, 2))
    assert "Đây là người khác" in str(refused.value)
    twin = introduce(
        actor=None,
        organization=nam_cap,
        person=person(full_name="Lò Văn Trùng", birth_date=date(1996, 2, 2)),
        introduced_on=date(2025, 1, 1),
        kind=IntroducerKind.CELL,
        confirm_distinct=True,
    )
    assert twin.pk


def test_duplicate_in_another_subtree_is_not_named(hung_thinh, dong_tien) -> None:  # type: ignore[no-untyped-def]
    cell = org("Chi bộ Mỏ Ấm")
    make_candidate(cell, national_id="020095002222", birth_date=date(1995, 1, 1))
    with pytest.raises(ValidationError) as refused:
        introduce(
            actor=user("bithu.hungthinh"),
            organization=hung_thinh,
            person=person(national_id="020095002222", birth_date=date(1995, 1, 1)),
            introduced_on=date(2025, 1, 1),
            kind=IntroducerKind.CELL,
        )
    assert "một tổ chức khác" in str(refused.value) and "Mỏ Ấm" not in str(refused.value)


def test_national_id_must_match_birth_year(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        make_candidate(hung_thinh, national_id="019099001111", birth_date=date(1995, 6, 1))
    assert "không khớp năm sinh 1995" in str(refused.value)


def test_introduction_only_into_a_cell_in_scope(hung_thinh, cao_minh, nam_cap) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        make_candidate(cao_minh)
    with pytest.raises(PermissionDenied):
        make_candidate(nam_cap, actor=user("bithu.hungthinh"))
    with pytest.raises(PermissionDenied):
        make_candidate(hung_thinh, actor=user("ubkt.caominh"))


def test_mass_org_officer_always_introduces_for_their_organisation(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = introduce(
        actor=user("doan.caominh"),
        organization=hung_thinh,
        person=person(),
        introduced_on=date(2026, 3, 1),
        kind=IntroducerKind.CELL,
    )
    assert c.introduction.kind == IntroducerKind.MASS_ORGANIZATION
    assert c.introduction.mass_organization.name == "Đoàn TNCS Hồ Chí Minh"
    with pytest.raises(PermissionDenied):
        update_person(c, actor=user("doan.caominh"), person={"phone": "0912345678"})


def test_corrections_are_audited(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    from ketnap.audit.models import AuditEvent

    c = make_candidate(hung_thinh)
    update_person(c, actor=user("bithu.hungthinh"), person={"residence": "Thôn Hưng Thịnh"}, groups=["militia"])
    event = AuditEvent.objects.filter(model_label="pipeline.Candidate", object_id=str(c.pk)).order_by("id").last()
    assert event.changes["residence"] == ["", "Thôn Hưng Thịnh"]
    assert [p.group for p in c.priorities.all()] == ["militia"]


def test_monthly_review_is_one_recorded_act(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    new = make_candidate(hung_thinh, on=date(2026, 1, 5))
    kept = candidate_at(hung_thinh, Stage.SYMPATHIZER, Timetable(listed=date(2025, 11, 3)))
    leaving = candidate_at(hung_thinh, Stage.SYMPATHIZER, Timetable(listed=date(2025, 11, 3)))
    secretary = user("bithu.hungthinh")
    review = reviews.record_review(
        hung_thinh,
        actor=secretary,
        month=date(2027, 1, 20),
        reviewed_on=date(2027, 1, 28),
        today=date(2027, 1, 28),
        decisions=[
            reviews.Decision(new, "add"),
            reviews.Decision(kept, "keep"),
            reviews.Decision(leaving, "remove", "Chuyển đi làm ăn xa"),
        ],
    )
    assert review.month == date(2027, 1, 1) and review.recorded_by == secretary
    assert {e.candidate_id: e.decision for e in ReviewEntry.objects.filter(review=review)} == {
        new.pk: "add",
        kept.pk: "keep",
        leaving.pk: "remove",
    }
    assert Candidate.objects.get(pk=new.pk).stage == Stage.SYMPATHIZER
    left = Candidate.objects.get(pk=leaving.pk)
    assert left.stage == Stage.WITHDRAWN and left.events.last().reason == "Chuyển đi làm ăn xa"
    with pytest.raises(ValidationError, match="đã xét"):
        reviews.record_review(
            hung_thinh,
            actor=secretary,
            month=date(2027, 1, 1),
            reviewed_on=date(2027, 1, 30),
            decisions=[],
            today=date(2027, 1, 30),
        )


def test_removal_in_review_needs_a_reason(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.SYMPATHIZER)
    with pytest.raises(ValidationError, match="lý do"):
        reviews.record_review(
            hung_thinh,
            actor=None,
            month=date(2027, 2, 1),
            reviewed_on=date(2027, 2, 3),
            decisions=[reviews.Decision(c, "remove")],
            today=date(2027, 2, 3),
        )


def test_course_enrols_several_cells_and_certifies(cao_minh, hung_thinh, nam_cap) -> None:  # type: ignore[no-untyped-def]
    centre = user("ttct.caominh")
    a = candidate_at(hung_thinh, Stage.SYMPATHIZER)
    b = candidate_at(nam_cap, Stage.SYMPATHIZER)
    course = courses.save_course(
        None, actor=centre, organization=cao_minh, kind="awareness", title="Lớp thử", starts_on=date(2025, 9, 8),
        ends_on=date(2025, 9, 12),
    )  # fmt: skip
    courses.enrol(course, [a, b], actor=centre, on=date(2025, 9, 8))
    assert {Candidate.objects.get(pk=x.pk).stage for x in (a, b)} == {Stage.IN_COURSE}
    lines = [
        courses.Completion(Enrolment.objects.get(course=course, candidate=a), "completed", "15/CN", date(2025, 9, 12)),
        courses.Completion(Enrolment.objects.get(course=course, candidate=b), "absent"),
    ]
    certificates = courses.complete(course, lines, actor=centre)
    assert [c.number for c in certificates] == ["15/CN"]
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.stage == Stage.CERTIFIED and a.stage_since == date(2025, 9, 12)
    assert b.stage == Stage.SYMPATHIZER and "Bỏ học" in b.events.last().reason


def test_only_the_centre_and_the_board_run_courses(cao_minh, hung_thinh) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        courses.save_course(
            None, actor=user("bithu.hungthinh"), organization=cao_minh, kind="awareness", title="X",
            starts_on=date(2025, 9, 8), ends_on=date(2025, 9, 12),
        )  # fmt: skip
    course = courses.save_course(
        None, actor=user("bxd.caominh"), organization=cao_minh, kind="awareness", title="Y",
        starts_on=date(2025, 9, 8), ends_on=date(2025, 9, 12),
    )  # fmt: skip
    c = candidate_at(hung_thinh, Stage.DOSSIER)
    with pytest.raises(ValidationError, match="chưa thể ghi danh"):
        courses.enrol(course, [c], actor=user("ttct.caominh"), on=date(2025, 9, 8))


def test_mentor_is_an_official_member_of_the_same_cell(hung_thinh, nam_cap) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.SYMPATHIZER)
    other_cell = Member.objects.filter(organization=nam_cap, status="official").first()
    with pytest.raises(ValidationError, match="cùng chi bộ"):
        mentoring.assign_mentor(c, other_cell, actor=None, phase=MentorPhase.CANDIDATE, assigned_on=date(2025, 3, 1))
    probationary = Member.objects.filter(organization=hung_thinh, status="probationary").first()
    if probationary is not None:
        with pytest.raises(ValidationError, match="chính thức"):
            mentoring.assign_mentor(
                c, probationary, actor=None, phase=MentorPhase.CANDIDATE, assigned_on=date(2025, 3, 1)
            )
    member = Member.objects.filter(
        organization=hung_thinh, status="official", official_date__lt=date(2020, 1, 1)
    ).first()
    mentor = mentoring.assign_mentor(c, member, actor=None, phase=MentorPhase.CANDIDATE, assigned_on=date(2025, 3, 1))
    mentoring.approve_plan(mentor, actor=None, plan="Gặp gỡ hằng tháng", approved_on=date(2025, 3, 20))
    mentoring.submit_report(mentor, actor=None, year=2025, quarter=2, submitted_on=date(2025, 6, 30), content="Tốt")
    with pytest.raises(ValidationError, match="Đã có báo cáo quý 2/2025"):
        mentoring.submit_report(mentor, actor=None, year=2025, quarter=2, submitted_on=date(2025, 7, 1), content="Lại")


def test_introducer_from_another_commune_is_refused(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.DOSSIER)
    stranger = Member.objects.filter(organization__name="Chi bộ Mỏ Ấm").first()
    with pytest.raises(ValidationError, match="cùng đảng bộ"):
        dossier.add_sponsor(c, actor=None, kind="member", assigned_on=date(2025, 8, 1), member=stranger)


def test_new_member_course_for_probationary_members(cao_minh, hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.PROBATIONARY, Timetable(listed=date(2024, 6, 3), ceremony=date(2025, 9, 10)))
    course = courses.save_course(
        None, actor=user("ttct.caominh"), organization=cao_minh, kind="new_member",
        title="Lớp đảng viên mới 2025", starts_on=date(2025, 11, 3), ends_on=date(2025, 11, 14),
    )  # fmt: skip
    courses.enrol(course, [c], actor=user("ttct.caominh"), on=date(2025, 11, 3))
    assert c.stage == Stage.PROBATIONARY  # the new-member course moves no stage
    line = courses.Completion(
        Enrolment.objects.get(course=course, candidate=c), "completed", "4/ĐVM", date(2025, 11, 14)
    )
    (certificate,) = courses.complete(course, [line], actor=user("ttct.caominh"))
    assert certificate.kind == "new_member" and c.stage == Stage.PROBATIONARY


def test_appraisal_by_the_board_files_form_7(cao_minh, hung_thinh) -> None:  # type: ignore[no-untyped-def]
    from ketnap.pipeline.services import decisions

    c = candidate_at(hung_thinh, Stage.COMMITTEE_REVIEW)
    with pytest.raises(PermissionDenied):
        decisions.record_appraisal(
            c, actor=user("bithu.hungthinh"), by=cao_minh, on=date(2025, 10, 20), conclusion="Đủ điều kiện"
        )
    decisions.record_appraisal(
        c, actor=user("bxd.caominh"), by=cao_minh, on=date(2025, 10, 20), conclusion="Đủ điều kiện", document_number="3"
    )
    assert c.appraisals.get().conclusion == "Đủ điều kiện"
    assert c.dossiers.get(purpose="admission").items.get(code="7-KNĐ").received_on == date(2025, 10, 20)
