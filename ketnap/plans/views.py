"""Plan pages: list, create, detail, edit, sub-targets, issue, revisions, cascade.
The grid, import and export pages live in views_table.py.

Every plan is fetched through Plan.objects.visible_to(): another subtree's plan is
a 404; a role that may see but not act gets a 403 from the permission predicates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ketnap.core import versions
from ketnap.orgs.enums import CELL_KINDS, Role
from ketnap.orgs.models import Membership, Organization
from ketnap.orgs.querysets import path_q
from ketnap.plans import permissions, selectors, services
from ketnap.plans.enums import TargetMeasure, TargetScope
from ketnap.plans.forms import CreatePlanForm, PlanForm, RevisionForm, SubTargetForm
from ketnap.plans.models import Allocation, AllocationRevision, Plan, Target


def get_plan(request: HttpRequest, pk: int) -> Plan:
    return get_object_or_404(Plan.objects.visible_to(request.user).select_related("organization"), pk=pk)


def require_edit(request: HttpRequest, plan: Plan) -> None:
    if not permissions.can_edit_plan(request.user, plan):
        raise PermissionDenied("Bạn chỉ được xem kế hoạch này, không được sửa.")


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, str(message))


def _creatable_orgs(user: Any) -> QuerySet[Organization]:
    """Organisations the user may open a plan for, found in the database: committees
    (organisations with children) under a board role, and a secretary's own cell —
    the same rule as permissions.can_create_plan, without loading a province's cells."""
    plannable = Q(numchild__gt=0) | Q(kind__in=CELL_KINDS)
    orgs = Organization.objects.visible_to(user).select_related("block").filter(plannable)
    if not getattr(user, "is_superuser", False):
        roles = Membership.objects.filter(user_id=user.pk)
        board = tuple(roles.filter(role=Role.ORGANIZING_BOARD).values_list("organization__path", flat=True))
        cells = roles.filter(role=Role.CELL_SECRETARY, organization__kind__in=CELL_KINDS).values("organization_id")
        orgs = orgs.filter(path_q("path", board) | Q(pk__in=cells))
    return orgs


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_visible(request.user).order_by("-year", "organization__path")
    page = Paginator(plans, 30).get_page(request.GET.get("page"))
    own_orgs = Membership.objects.filter(user_id=request.user.pk or 0).values("organization_id")
    given: dict[tuple[int, str], Allocation] = {}
    for row in selectors.allocations_given_to_user(request.user).filter(organization_id__in=own_orgs)[:200]:
        given.setdefault((row.revision.plan_id, row.key), row)  # newest revision first
    return render(
        request,
        "plans/list.html",
        {"page": page, "given": list(given.values()), "can_create": _creatable_orgs(request.user).exists()},
    )


def _initial_form_data(org: Organization | None, year: int) -> dict[str, object]:
    return {
        "year": year,
        "organization": org.pk if org else None,
        "target_measure": TargetMeasure.COUNT,
        "signing_capacity": "T/M CHI BỘ\nBÍ THƯ" if org and org.is_cell else "T/M BAN THƯỜNG VỤ\nBÍ THƯ",
    }


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    orgs = list(_creatable_orgs(request.user)[:500])
    if not orgs:
        raise PermissionDenied("Chỉ Ban Xây dựng Đảng (hoặc bí thư chi bộ với chi bộ của mình) được lập kế hoạch.")
    queryset = Organization.objects.filter(pk__in=[o.pk for o in orgs])
    year = timezone.localdate().year
    form = CreatePlanForm(request.POST or None, organizations=queryset, initial=_initial_form_data(orgs[0], year))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                form.cleaned_data["organization"],
                actor=request.user,
                year=form.cleaned_data["year"],
                target=form.target(),
                **form.plan_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lập dự thảo kế hoạch. Hãy nhập hoặc điền bảng giao chỉ tiêu.")
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/form.html", {"form": form, "title": "Lập kế hoạch phát triển đảng viên"})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    targets = selectors.targets_of(plan)
    total = selectors.total_target(targets)
    editable = selectors.editable_revision(plan)
    shown = editable or selectors.latest_revision(plan)
    rows = selectors.rows_of(shown)
    can_edit = permissions.can_edit_plan(request.user, plan)
    context = {
        "plan": plan,
        "total": selectors.target_value(total, plan.organization),
        "total_target": total,
        "sub_targets": [t for t in targets if t.scope != TargetScope.TOTAL],
        "revisions": list(plan.revisions.select_related("created_by").order_by("number")),
        "editable": editable,
        "shown": shown,
        "totals": selectors.totals(rows),
        "findings": selectors.findings(plan, rows, targets) if shown else [],
        "given": selectors.given_to(plan),
        "alerts": selectors.alerts_for(plan),
        "advisories": selectors.advisories(plan, rows, targets),
        "structure_lines": selectors.structure_lines(targets, rows),
        "can_edit": can_edit,
        "sub_form": SubTargetForm(plan=plan) if can_edit and plan.is_draft else None,
        "child_plans": list(
            Plan.objects.visible_to(request.user)
            .filter(source_allocation__revision__plan=plan)
            .select_related("organization")
        ),
    }
    return render(request, "plans/detail.html", context)


TARGET_FIELDS = ("measure", "count", "rate", "headcount_on", "count_max", "rate_max")


def _plan_read(form: PlanForm, plan: Plan) -> versions.Read:
    """What the plan form edits: the plan's text and its overall target's figures."""
    total = plan.targets.filter(scope=TargetScope.TOTAL).first()
    return versions.read_form(form, plan) | versions.read_of(total, TARGET_FIELDS, prefix="target_")


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    require_edit(request, plan)
    if not plan.is_draft:
        raise PermissionDenied("Kế hoạch đã ban hành: chỉ thay đổi được bằng một lần giao bổ sung.")
    total = selectors.total_target(selectors.targets_of(plan))
    initial = {
        "target_measure": total.measure if total else TargetMeasure.COUNT,
        "target_count": total.count if total else None,
        "target_rate": total.rate if total else None,
        "target_headcount_on": total.headcount_on if total else None,
        "target_count_max": total.count_max if total else None,
        "target_rate_max": total.rate_max if total else None,
    }
    form = PlanForm(request.POST or None, instance=Plan.objects.get(pk=plan.pk), initial=initial)
    versions.carry(form, _plan_read(form, plan))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                current = Plan.objects.select_for_update().get(pk=plan.pk)
                if versions.refuse_if_changed(form, _plan_read(form, current)):
                    raise versions.Refused
                services.update_plan(current, actor=request.user, target=form.target(), **form.plan_fields())
        except versions.Refused:
            pass
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/form.html", {"form": form, "plan": plan, "title": "Sửa kế hoạch"})


@login_required
@require_POST
def sub_target_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    require_edit(request, plan)
    form = SubTargetForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.add_sub_target(plan, actor=request.user, target=form.instance)
            messages.success(request, "Đã thêm chỉ tiêu.")
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def sub_target_delete(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    require_edit(request, plan)
    target = get_object_or_404(Target, pk=target_pk, plan=plan)
    try:
        services.delete_sub_target(target, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    require_edit(request, plan)
    editable = selectors.editable_revision(plan)
    try:
        if plan.is_draft:
            services.issue_plan(plan, actor=request.user, on=timezone.localdate())
            messages.success(request, "Đã ban hành kế hoạch.")
        elif editable is not None:
            services.issue_revision(editable, actor=request.user)
            messages.success(request, f"Đã ban hành {editable}.")
    except ValidationError as exc:
        messages.error(request, "Chưa ban hành được: còn lỗi trong bảng giao chỉ tiêu.")
        _errors(request, exc)
    return redirect("plans:detail", pk=plan.pk)


@login_required
def revision_open(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    require_edit(request, plan)
    form = RevisionForm(request.POST or None, initial={"effective_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.open_revision(
                plan,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                effective_on=form.cleaned_data["effective_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã mở lần giao bổ sung: sửa bảng rồi bấm Ban hành.")
            return redirect("plans:grid", pk=plan.pk)
    return render(request, "plans/form.html", {"form": form, "plan": plan, "title": "Giao bổ sung chỉ tiêu"})


@login_required
@require_POST
def revision_discard(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = get_plan(request, pk)
    require_edit(request, plan)
    revision = get_object_or_404(AllocationRevision, plan=plan, number=number)
    try:
        services.discard_revision(revision, actor=request.user)
        messages.success(request, "Đã hủy lần giao bổ sung đang soạn.")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("plans:detail", pk=plan.pk)


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    revisions = list(plan.revisions.select_related("created_by").order_by("-number"))
    entries = [(r, selectors.revision_changes(r)) for r in revisions]
    on = _as_of(request)
    in_force = selectors.revision_in_force(plan, on)
    return render(request, "plans/history.html", {"plan": plan, "entries": entries, "on": on, "in_force": in_force})


def _as_of(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@login_required
@require_POST
def plan_cascade(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    require_edit(request, plan)
    try:
        created = services.cascade(plan, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Đã tạo {len(created)} dự thảo kế hoạch cho tổ chức cấp dưới.")
    return redirect("plans:detail", pk=plan.pk)
