"""A cell's sympathizer list and its monthly review, people certified in earlier
years, the courses (political centre) and the board's send-up deadlines."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ketnap.orgs.enums import OrganizationKind
from ketnap.orgs.models import Organization
from ketnap.pipeline import permissions
from ketnap.pipeline.enums import EnrolmentResult
from ketnap.pipeline.forms import CompletionForm, CourseForm, DeadlineForm, EnrolForm, ReviewForm
from ketnap.pipeline.models import Course, DossierDeadline
from ketnap.pipeline.querysets import ancestor_paths
from ketnap.pipeline.selectors import lists
from ketnap.pipeline.services import courses, dossier, reviews
from ketnap.pipeline.services.advance import MoveRefused
from ketnap.pipeline.views.common import as_of, attach_error, org_or_404, require

_COMMITTEE_KINDS = (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.UPPER, OrganizationKind.PROVINCIAL)


@login_required
def sympathizers(request: HttpRequest, pk: int) -> HttpResponse:
    """The cell's list, and the form of this month's review for those who manage the cell."""
    cell = org_or_404(request, pk)
    require(cell.is_cell, "Danh sách cảm tình đảng là của chi bộ.")
    require(permissions.can_read(request.user, cell), "Bạn không có quyền xem danh sách cảm tình đảng.")
    people = lists.sympathizer_list(request.user, cell)
    can_review = permissions.can_manage(request.user, cell)
    today = timezone.localdate()
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        people=people,
        initial={"month": today, "reviewed_on": today},
    )
    context: dict[str, object] = {
        "cell": cell,
        "people": people,
        "form": form if can_review else None,
        # One card per person: with the review's choices and reason for those who review.
        "rows": form.rows() if can_review else [(c, None, None) for c in people],
        "reviews": lists.reviews_of(cell),
        "on": as_of(request),
    }
    if request.method == "POST":
        require(can_review, "Bạn không có quyền xét danh sách cảm tình đảng của chi bộ này.")
        if form.is_valid():
            decided = [
                reviews.Decision(c, form.cleaned_data[f"d{c.pk}"], form.cleaned_data[f"why{c.pk}"])
                for c in people
                if form.cleaned_data[f"d{c.pk}"]
            ]
            try:
                reviews.record_review(
                    cell,
                    actor=request.user,
                    month=form.cleaned_data["month"],
                    reviewed_on=form.cleaned_data["reviewed_on"],
                    decisions=decided,
                    note=form.cleaned_data["note"],
                )
            except (ValidationError, MoveRefused) as exc:
                context.update(attach_error(form, exc))
            else:
                messages.success(request, "Đã ghi kết quả xét danh sách cảm tình đảng.")
                return redirect("pipeline:sympathizers", pk=cell.pk)
    return render(request, "pipeline/sympathizers.html", context)


@login_required
def certified(request: HttpRequest) -> HttpResponse:
    """People certified in earlier years and still not admitted (000: "từ năm 2021")."""
    require(permissions.runs_any_courses(request.user), "Bạn không có quyền xem danh sách này.")
    on = as_of(request)
    try:
        since = date(int(request.GET.get("since", "2021")), 1, 1)
    except ValueError:
        since = date(2021, 1, 1)
    rows = lists.certified_pool(request.user, on, since)
    # The political centre runs the courses but may not open a candidate's page: a name
    # links only where the user may follow it (issue 16, point 4: no dead ends).
    organizations = {r.candidate.organization for r in rows}
    openable = {o.pk for o in organizations if permissions.can_see_page(request.user, o)}
    context = {
        "rows": rows,
        "since": since,
        "on": on,
        "expired": sum(1 for r in rows if r.expired),
        "openable": openable,
    }
    return render(request, "pipeline/certified.html", context)


def _course_orgs(request: HttpRequest) -> object:
    visible = Organization.objects.visible_to(request.user).filter(kind__in=_COMMITTEE_KINDS)
    return visible.filter(pk__in=[o.pk for o in visible if permissions.can_run_courses(request.user, o)])


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    require(permissions.runs_any_courses(request.user), "Bạn không có quyền xem lớp bồi dưỡng.")
    context = {
        "courses": lists.courses(request.user)[:100],
        "can_create": permissions.can_run_courses_anywhere(request.user),
    }
    return render(request, "pipeline/courses.html", context)


@login_required
def course_new(request: HttpRequest) -> HttpResponse:
    require(permissions.can_run_courses_anywhere(request.user), "Chỉ Trung tâm chính trị và Ban Xây dựng Đảng mở lớp.")
    form = CourseForm(request.POST or None, organizations=_course_orgs(request))
    context: dict[str, object] = {"form": form, "title": "Mở lớp bồi dưỡng"}
    if request.method == "POST" and form.is_valid():
        try:
            course = courses.save_course(None, actor=request.user, **form.course_fields())
        except ValidationError as exc:
            context.update(attach_error(form, exc))
        else:
            messages.success(request, "Đã mở lớp.")
            return redirect("pipeline:course", pk=course.pk)
    return render(request, "pipeline/form.html", context)


def _course(request: HttpRequest, pk: int) -> Course:
    return get_object_or_404(Course.objects.visible_to(request.user).select_related("organization", "centre"), pk=pk)


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    require(permissions.runs_any_courses(request.user), "Bạn không có quyền xem lớp bồi dưỡng.")
    enrolments = course.enrolments.visible_to(request.user).select_related(  # type: ignore[attr-defined]
        "candidate__organization", "certificate"
    )
    context = {
        "course": course,
        "enrolments": enrolments,
        "can_run": permissions.can_run_courses(request.user, course.organization),
    }
    return render(request, "pipeline/course.html", context)


@login_required
def course_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    require(permissions.can_run_courses(request.user, course.organization), "Bạn không có quyền ghi danh lớp này.")
    form = EnrolForm(
        request.POST or None,
        choices=lists.enrollable(request.user, course),
        initial={"on": timezone.localdate()},  # enrolment is recorded when it happens, before the course starts
    )
    context: dict[str, object] = {"form": form, "title": f"Ghi danh — {course.title}", "course": course}
    if request.method == "POST" and form.is_valid():
        try:
            done = courses.enrol(
                course, form.cleaned_data["candidates"], actor=request.user, on=form.cleaned_data["on"]
            )
        except (ValidationError, MoveRefused) as exc:
            context.update(attach_error(form, exc))
        else:
            messages.success(request, f"Đã ghi danh {len(done)} người.")
            return redirect("pipeline:course", pk=course.pk)
    return render(request, "pipeline/enrol.html", context)


@login_required
def course_complete(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(request, pk)
    require(permissions.can_run_courses(request.user, course.organization), "Bạn không có quyền ghi kết quả lớp này.")
    open_enrolments = list(
        course.enrolments.filter(result=EnrolmentResult.ENROLLED).select_related("candidate__organization")
    )
    form = CompletionForm(request.POST or None, enrolments=open_enrolments, default_day=course.ends_on)
    context: dict[str, object] = {"form": form, "course": course}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        lines = [
            courses.Completion(e, d[f"r{e.pk}"], d[f"n{e.pk}"], d[f"d{e.pk}"]) for e in open_enrolments if d[f"r{e.pk}"]
        ]
        try:
            certificates = courses.complete(course, lines, actor=request.user)
        except (ValidationError, MoveRefused) as exc:
            context.update(attach_error(form, exc))
        else:
            messages.success(request, f"Đã ghi kết quả; cấp {len(certificates)} giấy chứng nhận.")
            return redirect("pipeline:course", pk=course.pk)
    return render(request, "pipeline/complete.html", context)


@login_required
def deadlines(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's dates for sending dossiers up (003: trước 31/10)."""
    org = org_or_404(request, pk)
    require(permissions.can_read(request.user, org), "Bạn không có quyền xem hạn gửi hồ sơ.")
    can_set = permissions.can_decide(request.user, org)
    form = DeadlineForm(request.POST or None)
    if request.method == "POST":
        require(can_set, "Chỉ Ban Xây dựng Đảng / Ban Tổ chức đặt hạn gửi hồ sơ.")
        if form.is_valid():
            d = form.cleaned_data
            dossier.set_deadline(org, actor=request.user, title=d["title"], due_on=d["due_on"], note=d["note"])
            messages.success(request, "Đã đặt hạn gửi hồ sơ.")
            return redirect("pipeline:deadlines", pk=org.pk)
    rows = (
        DossierDeadline.objects.visible_to(request.user)
        .filter(organization__path__in=ancestor_paths(org.path))
        .select_related("organization")
        .order_by("-due_on")
    )
    return render(request, "pipeline/deadlines.html", {"org": org, "rows": rows, "form": form if can_set else None})
