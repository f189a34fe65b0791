"""A plan's table as .xlsx/.docx for a user from plain values (plan and revision ids),
so that the same code answers the download in the request and, for a table of more
than LARGE_TABLE rows (a province's plan), in the worker (jobs.exports)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from ketnap.jobs.exports import LARGE_TABLE, Download, export
from ketnap.plans import exports
from ketnap.plans.models import AllocationRevision, Plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def large_table(revision: AllocationRevision | None) -> bool:
    return revision is not None and revision.allocations.count() > LARGE_TABLE


@export("plans.table")
def plan_table(user: Any, params: dict[str, Any]) -> Download:
    plan = Plan.objects.visible_to(user).select_related("organization").filter(pk=params["plan"]).first()
    if plan is None:
        raise Http404("Kế hoạch không còn trong phạm vi của bạn.")
    revision = AllocationRevision.objects.filter(pk=params.get("revision") or 0, plan=plan).first()
    fmt = params["format"]
    data = exports.plan_xlsx(plan, revision) if fmt == "xlsx" else exports.plan_docx(plan, revision)
    details = {"format": [None, fmt], "revision": [None, revision.number if revision else None]}
    name = f"ke-hoach-{plan.year}-{plan.organization.code}.{fmt}"
    return Download(data, name, XLSX if fmt == "xlsx" else DOCX, plan, details)
