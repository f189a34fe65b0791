"""The allocation grid (htmx), the appendix upload with its preview, and the exports.

The grid posts one changed cell at a time (`cell`); the server saves it through
services.update_cell, recomputes the table and answers with out-of-band swaps of the
row's totals, the column and grand totals, every row's check messages and the list
of findings. Nothing else on the page moves, so the clerk keeps her place (and her
focus) while typing on a phone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ketnap.imports import answers, background
from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.imports.runner import check_upload, stage_upload
from ketnap.jobs.exports import produce
from ketnap.jobs.models import Job, JobKind
from ketnap.jobs.services import start
from ketnap.plans import permissions, selectors, services
from ketnap.plans.checks import TOTAL_ROW, Finding
from ketnap.plans.downloads import large_table
from ketnap.plans.enums import QUARTER_LABELS, QUARTERS
from ketnap.plans.forms import UploadForm
from ketnap.plans.import_job import IMPORT_KIND
from ketnap.plans.models import Allocation, AllocationRevision, Plan
from ketnap.plans.views import get_plan, require_edit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _revision_shown(request: HttpRequest, plan: Plan) -> AllocationRevision | None:
    number = request.GET.get("revision")
    if number and number.isdigit():
        return get_object_or_404(AllocationRevision, plan=plan, number=int(number))
    return selectors.editable_revision(plan) or selectors.latest_revision(plan)


def _columns(plan: Plan) -> list[dict[str, object]]:
    """The grid's editable columns, in table order."""
    kinds = [("introduce", "GT"), ("admit", "KN")] if plan.with_introduce else [("admit", "KN")]
    columns: list[dict[str, object]] = []
    if plan.by_quarter:
        for q in QUARTERS:
            columns += [{"field": f"{k}_q{q}", "group": QUARTER_LABELS[q], "label": short} for k, short in kinds]
    else:
        columns += [{"field": f"{k}_total", "group": "Cả năm", "label": short} for k, short in kinds]
    return columns


def _grid_context(plan: Plan, revision: AllocationRevision | None, user: object) -> dict[str, object]:
    rows = selectors.rows_of(revision)
    targets = selectors.targets_of(plan)
    found = selectors.findings(plan, rows, targets) if revision else []
    by_row: dict[str, list[Finding]] = {}
    for f in found:
        by_row.setdefault(f.row or "", []).append(f)
    editable = bool(revision and revision.is_draft and permissions.can_edit_plan(user, plan))
    columns = _columns(plan)
    grid_rows = []
    for row in rows:
        messages_for_row = by_row.get(row.key, [])
        bad = {f.column for f in messages_for_row}
        cells = [
            {"field": c["field"], "value": getattr(row, str(c["field"])), "bad": c["field"] in bad} for c in columns
        ]
        grid_rows.append({"row": row, "cells": cells, "findings": messages_for_row, "bad_total": "admit_total" in bad})
    totals = selectors.totals(rows)
    kinds = ["introduce", "admit"] if plan.with_introduce else ["admit"]
    return {
        "plan": plan,
        "revision": revision,
        "columns": columns,
        "groups": _groups(columns),
        "kinds": kinds,
        "grid_rows": grid_rows,
        "org_rows": [g for g, r in zip(grid_rows, rows, strict=True) if not r.is_coordination],
        "mass_rows": [g for g, r in zip(grid_rows, rows, strict=True) if r.is_coordination],
        "totals": totals,
        "org_totals": [(c["field"], totals.organizations[str(c["field"])]) for c in columns],
        "mass_totals": [(c["field"], totals.coordination[str(c["field"])]) for c in columns],
        "findings": found,
        "table_findings": by_row.get(TOTAL_ROW, []) + by_row.get("", []),
        "editable": editable,
        "revisions": list(plan.revisions.order_by("number")),
    }


def _groups(columns: list[dict[str, object]]) -> list[tuple[str, int]]:
    groups: list[tuple[str, int]] = []
    for c in columns:
        if groups and groups[-1][0] == c["group"]:
            groups[-1] = (groups[-1][0], groups[-1][1] + 1)
        else:
            groups.append((str(c["group"]), 1))
    return groups


@login_required
def grid(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    revision = _revision_shown(request, plan)
    context = _grid_context(plan, revision, request.user)
    context["alerts"] = selectors.alerts_for(plan)
    context["advisories"] = selectors.advisories(plan, selectors.rows_of(revision), selectors.targets_of(plan))
    return render(request, "plans/grid.html", context)


@login_required
@require_POST
def cell(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    """One changed cell → out-of-band swaps of totals and check messages."""
    plan = get_plan(request, pk)
    require_edit(request, plan)
    allocation = get_object_or_404(
        Allocation.objects.select_related("revision__plan__organization"), pk=row_pk, revision__plan=plan
    )
    field = request.POST.get("field", "")
    read = request.POST.get("read", services.UNREAD)
    try:
        result = services.update_cell(
            allocation, actor=request.user, field=field, raw=request.POST.get("value"), read=read
        )
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=409)
    context = _grid_context(plan, allocation.revision, request.user)
    current = getattr(result.allocation, field, None)
    context.update(
        {"changed": allocation, "field": field, "error": result.error, "conflict": result.conflict, "current": current}
    )
    return render(request, "plans/_grid_update.html", context)


@login_required
@require_POST
def add_rows(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    require_edit(request, plan)
    try:
        added = services.add_missing_rows(plan, actor=request.user, mass_organizations=bool(request.POST.get("mass")))
        messages.success(request, f"Đã thêm {added} dòng.")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("plans:grid", pk=plan.pk)


@login_required
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    require_edit(request, plan)
    if selectors.editable_revision(plan) is None:
        raise PermissionDenied("Kế hoạch đã ban hành: hãy tạo một lần giao bổ sung rồi mới nhập bảng mới.")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        reason = check_upload(upload.name, upload.size)
        if reason:
            form.add_error("file", reason)
        else:
            staged = stage_upload(
                kind=IMPORT_KIND,
                organization=plan.organization,
                user=request.user,
                filename=upload.name,
                data=upload.read(),
                options={"plan": plan.pk, "create_missing": form.cleaned_data["create_missing"]},
            )
            background.start_preview(staged, request.user)  # the worker reads it; the page waits
            return redirect("plans:import_preview", pk=plan.pk, staged=staged.pk)
    return render(request, "plans/import.html", {"plan": plan, "form": form})


@login_required
def import_preview(request: HttpRequest, pk: int, staged: str) -> HttpResponse:
    """GET: the preview once the job has read the file (until then its progress).
    POST: near-match answers (read again), or "Áp dụng" (a job: re-checked, all or nothing)."""
    plan = get_plan(request, pk)
    require_edit(request, plan)
    upload = get_object_or_404(
        StagedImport.objects.visible_to(request.user),
        pk=staged,
        kind=IMPORT_KIND,
        uploaded_by=request.user,
        status=StagedImportStatus.PREVIEWED,
    )
    shown = background.state(upload, user=request.user)
    if request.method == "POST" and answers.is_answer(request.POST):
        answers.save_answers(upload, request.POST, background.questions_of(shown.preview))
        background.start_preview(upload, request.user)
        return redirect("plans:import_preview", pk=plan.pk, staged=upload.pk)
    if request.method == "POST":
        if shown.preview is None or not shown.preview["ok"]:
            messages.error(request, "Tệp chưa được đọc xong hoặc có lỗi; chưa thể áp dụng.")
            return redirect("plans:import_preview", pk=plan.pk, staged=upload.pk)
        job = background.start_apply(upload, request.user)
        return redirect(background.follow_url(job))
    preview = shown.preview or {}
    return render(
        request,
        "plans/import_preview.html",
        {
            "plan": plan,
            "upload": upload,
            "shown": shown,
            "data": preview.get("data", {}),
            "issues": preview.get("issues", []),
            "near_questions": preview.get("questions", []),
        },
    )


def export_revision(plan: Plan, number: int | None) -> AllocationRevision | None:
    """The table to print: a chosen revision, else the one in force today, else the latest."""
    if number is not None:
        return get_object_or_404(AllocationRevision, plan=plan, number=number)
    return selectors.revision_in_force(plan, timezone.localdate()) or selectors.latest_revision(plan)


def plan_file(user: Any, plan: Plan, fmt: str, number: int | None) -> HttpResponse | Job:
    """The plan's file for the page and the API: the .xlsx/.docx now (recorded in the
    audit) or, for a table of more than LARGE_TABLE rows, a job; the PDF always a job
    (LibreOffice takes seconds), so the worker makes it and the caller polls."""
    revision = export_revision(plan, number)
    if fmt in ("xlsx", "docx"):
        params = {"plan": plan.pk, "revision": revision.pk if revision else None, "format": fmt}
        title = f"Kế hoạch {plan.year} — {plan.organization.name} (.{fmt})"
        return produce(
            user, "plans.table", params, large=large_table(revision), title=title, organization=plan.organization
        )
    return start(
        JobKind.DOCUMENT_PDF,
        user=user,
        title=f"PDF kế hoạch {plan.year} — {plan.organization.name}",
        params={"document": "plan", "plan": plan.pk, "revision": revision.pk if revision else None},
        organization=plan.organization,
    )


def _export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    number = request.GET.get("revision", "")
    made = plan_file(request.user, get_plan(request, pk), fmt, int(number) if number.isdigit() else None)
    return redirect("jobs:detail", pk=made.pk) if isinstance(made, Job) else made


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "xlsx")


@login_required
def export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "docx")


@login_required
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "pdf")
