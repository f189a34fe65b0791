"""Periodic reports as agenda items (M5/C11): a report not submitted by its due date is
overdue like a step of the procedure, in the agenda of whoever must act on it — the
secretary (or board) who submits it, and the board of the level that asked for it.

The agenda itself lives in the pipeline (`pipeline.selectors.agenda`); it calls
`report_items` through its list of providers, so the pipeline does not import
monitoring. One query for the reports, whatever their number; role checks read the
user's memberships once (cached by `allowed`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse

from ketnap.monitoring import permissions
from ketnap.monitoring.enums import ReportStatus
from ketnap.monitoring.models import PeriodicReport
from ketnap.orgs.models import Organization
from ketnap.pipeline.selectors.agenda import HORIZON_DAYS, SOON_DAYS, AgendaItem

KIND = "periodic_report"
COMPILE_KIND = "compiled_report"


def _status(due: date, on: date) -> str:
    if on > due:
        return "overdue"
    return "due" if (due - on).days <= SOON_DAYS else "upcoming"


def _acts_on(user: Any, report: PeriodicReport) -> bool:
    """The organisation's own reporter, or the board of the organisation that asked."""
    return permissions.can_submit(user, report.organization) or permissions.can_manage_rounds(
        user, report.round.organization
    )


def report_items(user: Any, on: date, within: Organization | None = None) -> list[AgendaItem]:
    """Unsubmitted reports of the user's scope due by `on` + HORIZON_DAYS (late ones
    included, however late), one item per report."""
    if not user.is_authenticated:
        return []
    horizon = on + timedelta(days=HORIZON_DAYS)
    reports = (
        PeriodicReport.objects.visible_to(user)
        .filter(status=ReportStatus.DRAFT, round__period_start__lte=on)
        .filter(Q(compiled=False, round__due_on__lte=horizon) | Q(compiled=True, round__compile_due_on__lte=horizon))
        .select_related("round__organization", "organization")
        .order_by("round__due_on", "organization__path")
    )
    if within is not None:
        reports = reports.filter(organization__path__startswith=within.path)
    items = []
    for report in reports:
        if not _acts_on(user, report):
            continue
        round_ = report.round
        due = round_.compile_due_on if report.compiled else round_.due_on
        if due is None:
            continue
        if report.compiled:
            kind, label = COMPILE_KIND, f"Tổng hợp và gửi báo cáo {round_.period_label} lên cấp trên"
        else:
            kind, label = KIND, f"Nộp báo cáo {round_.period_label} của {report.organization.name}"
        url = reverse("monitoring:report", args=[report.pk])
        citation = f"Hạn do {round_.organization.name} đặt ({round_.title})"
        items.append(AgendaItem(kind, label, due, _status(due, on), report.organization, url, None, citation))
    return items
