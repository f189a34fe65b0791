"""Courses (bồi dưỡng nhận thức về Đảng, lý luận chính trị cho đảng viên mới): the list,
a course with its learners, opening one, enrolling people, recording results — the
course pages' rights (`runs_any_courses`, `can_run_courses`), their forms (so the
validation and the messages are the page's) and their services (`services.courses`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from ketnap.api.common import READ_ERRORS, WRITE_ERRORS, PageParams, page, require, visible_or_404
from ketnap.api.routers.steps import Facts, as_form_data
from ketnap.pipeline import permissions
from ketnap.pipeline.enums import EnrolmentResult
from ketnap.pipeline.forms import CompletionForm, CourseForm, EnrolForm
from ketnap.pipeline.models import Course, Enrolment
from ketnap.pipeline.selectors import lists
from ketnap.pipeline.services import courses as services
from ketnap.pipeline.views.lists import _course_orgs

router = Router(tags=["Lớp bồi dưỡng — courses"])


class CourseOut(Schema):
    id: int
    kind: str = Field(description="awareness (nhận thức về Đảng) / new_member (đảng viên mới)")
    kind_label: str
    organization_id: int = Field(description="Cấp ủy mở lớp")
    organization_name: str
    centre: str | None = Field(description="Trung tâm chính trị")
    title: str = Field(description="Tên lớp")
    starts_on: date = Field(description="Khai giảng")
    ends_on: date = Field(description="Bế giảng")
    place: str
    note: str


class CoursePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CourseOut]


class EnrolmentOut(Schema):
    id: int
    candidate_id: int
    full_name: str
    organization_id: int = Field(description="Chi bộ của người học")
    enrolled_on: date
    result: str = Field(description="enrolled (đang học), completed, failed, absent")
    completed_on: date | None
    certificate_number: str | None = Field(description="Số giấy chứng nhận (nếu đã cấp)")


class CourseDetail(CourseOut):
    can_run: bool = Field(description="Người xem được ghi danh, ghi kết quả lớp này")
    enrolments: list[EnrolmentOut]


class CourseIn(Schema):
    kind: str = Field(description="awareness / new_member")
    organization: int = Field(description="Cấp ủy mở lớp (id tổ chức)")
    centre: int | None = Field(None, description="Trung tâm chính trị (id)")
    title: str = Field(max_length=255)
    starts_on: date
    ends_on: date
    place: str = ""
    note: str = ""


class EnrolIn(Schema):
    on: date = Field(description="Ngày ghi danh")
    candidates: list[int] = Field(description="Những người ghi danh (id quần chúng / đảng viên dự bị)")


class CompletionLine(Schema):
    enrolment: int = Field(description="id học viên (enrolments[].id)")
    result: str = Field(description="completed / failed / absent")
    certificate_number: str = ""
    issued_on: date | None = Field(None, description="Ngày cấp giấy chứng nhận")


class CompletionIn(Schema):
    lines: list[CompletionLine]


class CompletionOut(Schema):
    certificates: int = Field(description="Số giấy chứng nhận đã cấp")
    course: CourseDetail


def _out(c: Course) -> dict[str, Any]:
    return {
        "id": c.pk,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "organization_id": c.organization_id,
        "organization_name": c.organization.name,
        "centre": c.centre.name if c.centre else None,
        "title": c.title,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "place": c.place,
        "note": c.note,
    }


def _enrolment(e: Enrolment) -> dict[str, Any]:
    certificate = getattr(e, "certificate", None)
    return {
        "id": e.pk,
        "candidate_id": e.candidate_id,
        "full_name": e.candidate.full_name,
        "organization_id": e.candidate.organization_id,
        "enrolled_on": e.enrolled_on,
        "result": e.result,
        "completed_on": e.completed_on,
        "certificate_number": certificate.number if certificate else None,
    }


def _course(request: HttpRequest, pk: int) -> Course:
    course = visible_or_404(Course.objects.select_related("organization", "centre"), request, pk)
    require(permissions.runs_any_courses(request.user), "Bạn không có quyền xem lớp bồi dưỡng.")
    return course


def _detail(request: HttpRequest, course: Course) -> dict[str, Any]:
    enrolments = course.enrolments.visible_to(request.user).select_related(  # type: ignore[attr-defined]
        "candidate__organization", "certificate"
    )
    return {
        **_out(course),
        "can_run": permissions.can_run_courses(request.user, course.organization),
        "enrolments": [_enrolment(e) for e in enrolments],
    }


def _valid(form: BaseForm) -> dict[str, Any]:
    """The page's form on the JSON body: its errors → 422 naming the field."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


@router.get("/courses", response={200: CoursePage, **READ_ERRORS}, summary="Các lớp bồi dưỡng")
def list_courses(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    require(permissions.runs_any_courses(request.user), "Bạn không có quyền xem lớp bồi dưỡng.")
    return page(lists.courses(request.user), params, _out)


@router.post("/courses", response={201: CourseDetail, **WRITE_ERRORS}, summary="Mở lớp bồi dưỡng")
def open_course(request: HttpRequest, data: CourseIn) -> Status:
    require(permissions.can_run_courses_anywhere(request.user), "Chỉ Trung tâm chính trị và Ban Xây dựng Đảng mở lớp.")
    form = CourseForm(as_form_data(data.model_dump()), organizations=_course_orgs(request))
    _valid(form)
    course = services.save_course(None, actor=request.user, **form.course_fields())
    return Status(201, _detail(request, _course(request, course.pk)))


@router.get("/courses/{course_id}", response={200: CourseDetail, **READ_ERRORS}, summary="Một lớp và người học")
def get_course(request: HttpRequest, course_id: int) -> dict[str, Any]:
    return _detail(request, _course(request, course_id))


@router.post(
    "/courses/{course_id}/enrolments", response={200: CourseDetail, **WRITE_ERRORS}, summary="Ghi danh người học"
)
def enrol(request: HttpRequest, course_id: int, data: EnrolIn) -> dict[str, Any]:
    course = _course(request, course_id)
    require(permissions.can_run_courses(request.user, course.organization), "Bạn không có quyền ghi danh lớp này.")
    facts: Facts = {"on": data.on.isoformat(), "candidates": list(data.candidates)}
    d = _valid(EnrolForm(as_form_data(facts), choices=lists.enrollable(request.user, course)))
    services.enrol(course, d["candidates"], actor=request.user, on=d["on"], today=timezone.localdate())
    return _detail(request, course)


@router.post(
    "/courses/{course_id}/completion",
    response={200: CompletionOut, **WRITE_ERRORS},
    summary="Ghi kết quả học và cấp giấy chứng nhận",
)
def complete(request: HttpRequest, course_id: int, data: CompletionIn) -> dict[str, Any]:
    course = _course(request, course_id)
    require(permissions.can_run_courses(request.user, course.organization), "Bạn không có quyền ghi kết quả lớp này.")
    open_enrolments = list(
        course.enrolments.filter(result=EnrolmentResult.ENROLLED).select_related("candidate__organization")
    )
    known = {e.pk for e in open_enrolments}
    unknown = [line.enrolment for line in data.lines if line.enrolment not in known]
    if unknown:
        raise ValidationError({"lines": f"Không có học viên đang học với id {unknown[0]} trong lớp này."})
    facts: Facts = {}
    for line in data.lines:
        facts[f"r{line.enrolment}"] = line.result
        facts[f"n{line.enrolment}"] = line.certificate_number
        facts[f"d{line.enrolment}"] = line.issued_on.isoformat() if line.issued_on else None
    form = CompletionForm(as_form_data(facts), enrolments=open_enrolments, default_day=course.ends_on)
    d = _valid(form)
    lines = [
        services.Completion(e, d[f"r{e.pk}"], d[f"n{e.pk}"], d[f"d{e.pk}"]) for e in open_enrolments if d[f"r{e.pk}"]
    ]
    certificates = services.complete(course, lines, actor=request.user, today=timezone.localdate())
    return {"certificates": len(certificates), "course": _detail(request, course)}
