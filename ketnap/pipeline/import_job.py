"""The candidate-list upload as background jobs: the preview and the apply run in the
worker through `imports.background` (see there)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from ketnap.audit.registry import record
from ketnap.imports import answers
from ketnap.imports.background import ImportJob, ImportRun, register
from ketnap.imports.models import StagedImport
from ketnap.imports.runner import ProgressFn
from ketnap.pipeline.importer import IMPORT_KIND, Row, import_candidates


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _row(r: Row) -> dict[str, Any]:
    """What the preview table shows of one row (JSON: it is kept in the job)."""
    return {
        "row": r.row,
        "full_name": r.person.get("full_name", ""),
        "birth_date": _day(r.person.get("birth_date")),
        "cell": r.cell.name,
        "introducer": r.introducer.name if r.introducer else "",
        "introduced_on": _day(r.introduced_on),
        "listed_on": _day(r.listed_on),
        "certificate": r.certificate[0] if r.certificate else "",
    }


def _run(staged: StagedImport, user: Any, apply: bool, progress: ProgressFn) -> ImportRun:
    org = staged.organization
    outcome = import_candidates(
        org=org,
        data=staged.read(),
        filename=staged.filename,
        actor=user,
        default_day=date.fromisoformat(staged.options["default_day"]),
        apply=apply,
        near=answers.choices_of(staged),
        progress=progress,
    )
    if outcome.applied:
        record("import", org, {"file": staged.filename, "candidates": outcome.result}, user=user)
    rows = outcome.payload.rows if outcome.payload else []
    return ImportRun(
        applied=outcome.applied,
        issues=outcome.issues,
        questions=outcome.payload.questions if outcome.payload else [],
        data={"rows": [_row(r) for r in rows]},
        message=f"Đã nhập {outcome.result or 0} quần chúng từ {staged.filename}.",
        url=reverse("pipeline:board", args=[org.pk]),
    )


register(
    ImportJob(
        kind=IMPORT_KIND,
        run=_run,
        preview_url=lambda staged: reverse("pipeline:import_preview", args=[staged.pk]),
        title="Nhập danh sách quần chúng",
    )
)
