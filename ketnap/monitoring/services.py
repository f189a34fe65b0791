"""Writes of monitoring: open a reporting round, save and submit a report, return it,
compile the board's report. Each is one transaction with one permission check and the
audit trail (models are registered with the audit app; exports are recorded by the
views that send them).

Time is passed in: `at` is the moment of submission (the view reads the clock), so a
test can submit "on 05/4" and record an event "on 20/4" without travelling in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from ketnap.monitoring import permissions
from ketnap.monitoring.enums import ReportStatus, RoundKind
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.monitoring.periods import Period, quarter
from ketnap.monitoring.selectors.reports import (
    compilation,
    completeness_title,
    live_figures,
    own_compile,
    quota_sources,
)
from ketnap.orgs.models import Organization

TEXT_FIELDS = ("results", "difficulties", "proposals", "document_number", "signer")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _still_visible(actor: Any, report: PeriodicReport) -> None:
    if not PeriodicReport.objects.visible_to(actor).filter(pk=report.pk).exists():
        raise PermissionDenied("Báo cáo nằm ngoài phạm vi của bạn.")


@dataclass(frozen=True)
class RoundInput:
    kind: str
    year: int
    due_on: date
    quarter: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    compile_due_on: date | None = None
    title: str = ""
    note: str = ""

    def period(self) -> Period:
        if self.kind == RoundKind.QUARTERLY:
            if self.quarter is None:
                raise ValidationError("Chọn quý báo cáo.")
            return quarter(self.year, self.quarter)
        if self.period_start is None or self.period_end is None:
            raise ValidationError("Báo cáo đột xuất cần ghi rõ từ ngày, đến ngày.")
        if self.period_end < self.period_start:
            raise ValidationError("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")
        return Period(self.period_start, self.period_end)


def subordinates(org: Organization, period: Period) -> list[Organization]:
    """The children of `org` active at some time in the period: who must report."""
    return list(
        Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=period.start))
        .order_by("path")
    )


@transaction.atomic
def open_round(org: Organization, data: RoundInput, *, actor: Any, demo: bool = False) -> ReportingRound:
    """A round for `org`'s subordinates: one draft report each, and the board's own
    compiled report. The due date may not precede the end of the period's first day."""
    if not permissions.can_manage_rounds(actor, org):
        raise PermissionDenied("Bạn không có quyền mở đợt báo cáo cho tổ chức này.")
    period = data.period()
    if data.due_on < period.start:
        raise ValidationError("Hạn nộp báo cáo không thể trước ngày bắt đầu kỳ báo cáo.")
    if data.compile_due_on and data.compile_due_on < data.due_on:
        raise ValidationError("Hạn báo cáo cấp trên phải sau hạn cấp dưới nộp báo cáo.")
    children = subordinates(org, period)
    if not children:
        raise ValidationError(f"{org.name} không có tổ chức trực thuộc nào phải báo cáo trong kỳ này.")
    if data.kind == RoundKind.QUARTERLY:
        duplicate = ReportingRound.objects.filter(
            organization=org, kind=data.kind, year=data.year, quarter=data.quarter
        )
        if duplicate.exists():
            raise ValidationError(f"Đã mở đợt báo cáo {period.label} cho {org.name}.")
    label = period.label or f"từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"
    round_ = ReportingRound.objects.create(
        organization=org,
        kind=data.kind,
        year=period.year,
        quarter=data.quarter if data.kind == RoundKind.QUARTERLY else None,
        period_start=period.start,
        period_end=period.end,
        title=data.title.strip() or f"Báo cáo kết quả công tác phát triển đảng viên {label}",
        due_on=data.due_on,
        compile_due_on=data.compile_due_on,
        note=data.note.strip(),
        opened_by=_user(actor),
        is_demo=demo,
    )
    PeriodicReport.objects.create(round=round_, organization=org, compiled=True)
    for child in children:
        PeriodicReport.objects.create(round=round_, organization=child)
    if not ReportingRound.objects.visible_to(actor).filter(pk=round_.pk).exists():
        raise PermissionDenied("Tổ chức nằm ngoài phạm vi của bạn.")
    return round_


def _require_draft(report: PeriodicReport) -> None:
    if report.is_submitted:
        raise ValidationError("Báo cáo đã nộp: không sửa được nữa (Ban Xây dựng Đảng có thể trả lại để sửa).")


def _require_submitter(actor: Any, report: PeriodicReport) -> None:
    if not permissions.can_submit(actor, report.organization):
        raise PermissionDenied("Bạn không có quyền lập báo cáo của tổ chức này.")


@transaction.atomic
def save_report(report: PeriodicReport, *, actor: Any, **texts: str) -> PeriodicReport:
    """Keep the free-text sections of a draft (results, difficulties, proposals…)."""
    _require_submitter(actor, report)
    _require_draft(report)
    for name, value in texts.items():
        if name not in TEXT_FIELDS:
            raise TypeError(f"unknown report field: {name}")
        setattr(report, name, value.strip())
    report.save()
    _still_visible(actor, report)
    return report


@transaction.atomic
def submit_report(report: PeriodicReport, *, actor: Any, at: datetime, **texts: str) -> PeriodicReport:
    """Freeze the report: its figures for the round's period as the events say now.
    A compiled report is recompiled first, then frozen."""
    if texts:
        save_report(report, actor=actor, **texts)
    _require_submitter(actor, report)
    _require_draft(report)
    period = report.round.period
    if report.compiled:
        _compile(report, at)
    else:
        report.figures = _own_figures(report, period)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = at
    report.submitted_by = _user(actor)
    report.returned_note = ""
    report.save()
    _still_visible(actor, report)
    return report


@transaction.atomic
def return_report(report: PeriodicReport, *, actor: Any, note: str) -> PeriodicReport:
    """The board sends a submitted report back for correction; its snapshot is dropped
    (the audit trail keeps it) and it is a draft again."""
    if not permissions.can_manage_rounds(actor, report.round.organization):
        raise PermissionDenied("Chỉ Ban Xây dựng Đảng của cấp yêu cầu báo cáo được trả lại báo cáo.")
    if report.compiled or not report.is_submitted:
        raise ValidationError("Chỉ trả lại được báo cáo đã nộp của tổ chức trực thuộc.")
    if not note.strip():
        raise ValidationError("Hãy ghi rõ cần sửa gì.")
    report.status = ReportStatus.DRAFT
    report.returned_note = note.strip()
    report.figures = {}
    report.submitted_at = None
    report.save()
    return report


def _own_figures(report: PeriodicReport, period: Period) -> dict[str, Any]:
    """A subordinate's snapshot. A committee that submitted its own compiled report of
    this period reports that compile's figures (one version of one report; drift after
    it shows on the dashboard), else the events of the period."""
    org = report.organization
    compiled = None if org.is_leaf() else own_compile(org, period)
    if compiled is not None:
        return {
            "as_of": period.end.isoformat(),
            "figures": compiled.figures.get("figures", {}),
            "quota_source": quota_sources([org], period.end)[org.pk],
            "from_compile": compiled.pk,
        }
    return {
        "as_of": period.end.isoformat(),
        "figures": live_figures([org], period)[org.pk],
        "quota_source": quota_sources([org], period.end)[org.pk],
    }


def _part(p: PeriodicReport, figures: dict[str, int], filled: bool) -> dict[str, Any]:
    return {
        "report_id": p.pk,
        "organization_id": p.organization_id,
        "name": p.organization.name,
        "submitted_at": p.submitted_at.isoformat() if p.submitted_at and not filled else None,
        "figures": figures,
        "filled": filled,
    }


def _compile(report: PeriodicReport, at: datetime, fill: list[int] | None = None) -> None:
    """Fill choices (`fill`, report ids of missing parts) are kept, so compiling again
    or submitting repeats the board's choice."""
    chosen = list((report.figures or {}).get("fill", [])) if fill is None else list(fill)
    result = compilation(report.round, chosen)
    filled = [m for m in result.missing if m.pk in result.filled]
    report.figures = {
        "as_of": report.round.period_end.isoformat(),
        "compiled_at": at.isoformat(),
        "figures": result.figures,
        "parts_sum": result.parts_sum,
        "record": result.record,
        "expected": result.expected,
        "submitted": len(result.parts),
        "title": completeness_title(len(result.parts), result.expected, len(filled)),
        "fill": [m.pk for m in filled],
        "parts": [_part(p, p.figures.get("figures", {}), False) for p in result.parts]
        + [_part(m, result.filled[m.pk], True) for m in filled],
        "missing": [
            {
                "report_id": m.pk,
                "organization_id": m.organization_id,
                "name": m.organization.name,
                "filled": m in filled,
            }
            for m in result.missing
        ],
    }


@transaction.atomic
def compile_round(round_: ReportingRound, *, actor: Any, at: datetime, fill: list[int] | None = None) -> PeriodicReport:
    """The board's report for the level above: the sum of the submitted reports; those
    not yet in are listed as missing, and each is left out or — the board's choice,
    `fill` — counted from the system's own data for the period, marked as such. May be
    repeated until the report is submitted."""
    if not permissions.can_manage_rounds(actor, round_.organization):
        raise PermissionDenied("Bạn không có quyền tổng hợp báo cáo của đợt này.")
    report = PeriodicReport.objects.select_for_update().get(round=round_, compiled=True)
    _require_draft(report)
    _compile(report, at, fill)
    report.save()
    _still_visible(actor, report)
    return report
