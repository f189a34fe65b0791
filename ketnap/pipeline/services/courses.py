"""Courses, enrolment and certificates (C3): the political centre's work.

Why enrolment takes candidates of several cells at once: a commune's awareness
course gathers the sympathizers of all its cells (001 §3.2: courses at the
political centre), so the centre enrols them in one act; each person's stage still
moves through `advance()`, one event each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ketnap.charter import check_act_date
from ketnap.core.text import normalize
from ketnap.orgs.models import Organization
from ketnap.pipeline import permissions
from ketnap.pipeline.enums import CourseKind, EnrolmentResult, Stage
from ketnap.pipeline.models import Candidate, Certificate, Course, Enrolment, TrainingCentre
from ketnap.pipeline.services.advance import MoveRefused, advance

#: Stages from which a person may join each kind of course.
ENROLLABLE: dict[str, tuple[str, ...]] = {
    CourseKind.AWARENESS: (Stage.SYMPATHIZER, Stage.CERTIFIED),
    CourseKind.NEW_MEMBER: (Stage.PROBATIONARY,),
}


def _require(actor: Any, org: Organization) -> None:
    if actor is not None and not permissions.can_run_courses(actor, org):
        raise PermissionDenied("Chỉ Trung tâm chính trị và Ban Xây dựng Đảng được quản lý lớp bồi dưỡng.")


@transaction.atomic
def save_course(
    course: Course | None,
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date,
    place: str = "",
    centre: TrainingCentre | None = None,
    note: str = "",
    is_demo: bool = False,
) -> Course:
    """Create or edit a course session."""
    _require(actor, organization)
    course = course or Course(is_demo=is_demo)
    course.organization, course.kind, course.title = organization, kind, normalize(title)
    course.starts_on, course.ends_on, course.place, course.centre, course.note = (
        starts_on,
        ends_on,
        normalize(place),
        centre,
        note,
    )
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def enrol(
    course: Course, candidates: Iterable[Candidate], *, actor: Any, on: date, today: date | None = None
) -> list[Enrolment]:
    """Enrol people (of any cells the actor sees) in a course; awareness enrolment moves
    them to "in course"."""
    _require(actor, course.organization)
    allowed = ENROLLABLE[course.kind]
    enrolments: list[Enrolment] = []
    visible = Candidate.objects.visible_to(actor) if actor is not None else Candidate.objects.all()
    for candidate in candidates:
        if not visible.filter(pk=candidate.pk, organization__path__startswith=course.organization.path).exists():
            raise PermissionDenied(f"{candidate} không thuộc đảng bộ mở lớp hoặc nằm ngoài phạm vi của bạn.")
        if candidate.stage not in allowed:
            raise ValidationError(
                f"{candidate} đang ở giai đoạn “{candidate.get_stage_display()}”, chưa thể ghi danh lớp này."
            )
        if Enrolment.objects.filter(course=course, candidate=candidate).exists():
            raise ValidationError(f"{candidate} đã có tên trong lớp này.")
        enrolment = Enrolment.objects.create(course=course, candidate=candidate, enrolled_on=on)
        if course.kind == CourseKind.AWARENESS:
            advance(candidate, Stage.IN_COURSE, on=on, actor=actor, evidence=course, today=today)
        enrolments.append(enrolment)
    return enrolments


@dataclass(frozen=True)
class Completion:
    """One line of the completion sheet."""

    enrolment: Enrolment
    result: str
    certificate_number: str = ""
    issued_on: date | None = None


@transaction.atomic
def complete(
    course: Course,
    lines: Iterable[Completion],
    *,
    actor: Any,
    issued_by: str = "",
    today: date | None = None,
) -> list[Certificate]:
    """Record how each enrolment ended; a completed one gets its certificate.

    For the awareness course the charter checks the certificate (date not in the
    future of its own effect) through the move to "certified".
    """
    _require(actor, course.organization)
    certificates: list[Certificate] = []
    issuer = issued_by or (course.centre.name if course.centre else course.organization.name)
    for line in lines:
        enrolment = line.enrolment
        if enrolment.course_id != course.pk:
            raise ValidationError("Học viên không thuộc lớp này.")
        if enrolment.result != EnrolmentResult.ENROLLED or line.result == EnrolmentResult.ENROLLED:
            continue
        candidate = enrolment.candidate
        enrolment.result = line.result
        if line.result == EnrolmentResult.COMPLETED:
            if not line.certificate_number or line.issued_on is None:
                raise ValidationError(f"{candidate}: cần số và ngày cấp giấy chứng nhận.")
            enrolment.completed_on = line.issued_on
            enrolment.save()
            certificate = Certificate.objects.create(
                candidate=candidate,
                kind=course.kind,
                number=normalize(line.certificate_number),
                issued_on=line.issued_on,
                issued_by=issuer,
                enrolment=enrolment,
            )
            certificates.append(certificate)
            if course.kind == CourseKind.AWARENESS and candidate.stage == Stage.IN_COURSE:
                advance(
                    candidate,
                    Stage.CERTIFIED,
                    on=line.issued_on,
                    actor=actor,
                    evidence=certificate,
                    certificate_date=line.issued_on,
                    today=today,
                )
        else:
            enrolment.save()
            if course.kind == CourseKind.AWARENESS and candidate.stage == Stage.IN_COURSE:
                advance(
                    candidate,
                    Stage.SYMPATHIZER,
                    on=course.ends_on,
                    actor=actor,
                    reason=f"{enrolment.get_result_display()} lớp {course.title}",
                    evidence=course,
                    today=today,
                )
    return certificates


@transaction.atomic
def record_certificate(
    candidate: Candidate,
    *,
    actor: Any,
    kind: str,
    number: str,
    issued_on: date,
    issued_by: str,
    today: date | None = None,
) -> Certificate:
    """A certificate from a course held outside the system (e.g. in an earlier year).

    A sympathizer holding a valid awareness certificate moves to "certified", from
    the later of the certificate's date and their listing (a certificate of 2021 for a
    person listed in 2026 makes them certified in 2026; the timeline stays ordered).
    The certificate's date is not after today; one dated before the first rulebook is
    a historical fact (marked, its 60-month validity still checked).
    """
    org = candidate.organization
    if actor is not None and not (permissions.can_manage(actor, org) or permissions.can_run_courses(actor, org)):
        raise PermissionDenied("Bạn không có quyền ghi giấy chứng nhận.")
    today = today or timezone.localdate()
    dated = check_act_date(issued_on, today=today, what="Ngày cấp giấy chứng nhận")
    if dated.status == "fail":
        raise MoveRefused("Ngày cấp giấy chứng nhận chưa hợp lệ.", (dated,))
    certificate = Certificate(
        candidate=candidate, kind=kind, number=normalize(number), issued_on=issued_on, issued_by=normalize(issued_by)
    )
    certificate.full_clean()
    certificate.save()
    if kind == CourseKind.AWARENESS and candidate.stage == Stage.SYMPATHIZER:
        on = max(issued_on, candidate.stage_since or issued_on)
        advance(
            candidate,
            Stage.CERTIFIED,
            on=on,
            actor=actor,
            evidence=certificate,
            certificate_date=issued_on,
            today=today,
        )
    return certificate
