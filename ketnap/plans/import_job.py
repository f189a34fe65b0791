"""The appendix upload (a plan's allocation table) as background jobs: the preview and
the apply run in the worker through `imports.background` (see there)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ketnap.imports import answers
from ketnap.imports.background import ImportJob, ImportRun, register
from ketnap.imports.models import StagedImport
from ketnap.imports.runner import ProgressFn

IMPORT_KIND = "plan_allocations"


def _preview_url(staged: StagedImport) -> str:
    return reverse("plans:import_preview", args=[staged.options["plan"], staged.pk])


def _run(staged: StagedImport, user: Any, apply: bool, progress: ProgressFn) -> ImportRun:
    """The file as the table of the plan it was uploaded for, re-read as `user`."""
    from ketnap.plans import importer
    from ketnap.plans.models import Plan

    plan = Plan.objects.visible_to(user).select_related("organization").filter(pk=staged.options.get("plan")).first()
    if plan is None:
        raise PermissionDenied("Kế hoạch không còn trong phạm vi của bạn (hoặc đã bị xóa).")
    result = importer.import_allocations(
        org=plan.organization,
        year=plan.year,
        data=staged.read(),
        filename=staged.filename,
        actor=user,
        create_missing=bool(staged.options.get("create_missing")),
        dry_run=not apply,
        near=answers.choices_of(staged),
        progress=progress,
    )
    payload = result.outcome.payload
    return ImportRun(
        applied=result.outcome.applied,
        issues=result.outcome.issues,
        questions=payload.questions if payload else [],
        data=result.as_json(),
        message=f"Đã nhập {len(payload.rows) if payload else 0} dòng từ {staged.filename}.",
        url=reverse("plans:grid", args=[plan.pk]),
    )


register(ImportJob(kind=IMPORT_KIND, run=_run, preview_url=_preview_url, title="Nhập bảng giao chỉ tiêu"))
