"""Reporting rounds and the periodic reports of M5.

A `ReportingRound` is what the organising board opens ("báo cáo quý I năm 2026, hạn
05/4"): one period, a due date for the subordinate organisations and, optionally, the
board's own date to report upwards (003: grassroots report before 05/3, the board
compiles before 15/3). Opening it creates one `PeriodicReport` per subordinate
organisation, and the board's own compiled report (`compiled=True`).

Why reports keep a snapshot: a report is a document that was sent. Its numbers are
computed from the events while it is a draft, and frozen into `figures` when it is
submitted; events recorded later and back-dated into its period change the live
figures, never the report (the dashboard shows the difference and its cause).

Models stay slim: writes go through services.py, reads through selectors/.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ketnap.monitoring.enums import ReportStatus, RoundKind
from ketnap.monitoring.periods import Period
from ketnap.orgs.models import Organization
from ketnap.orgs.querysets import ScopedQuerySet
from ketnap.plans.enums import QUARTER_LABELS


class ReportingRound(models.Model):
    """Đợt báo cáo: the board of `organization` asks its subordinate organisations."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="reporting_rounds", verbose_name="tổ chức yêu cầu"
    )
    kind = models.CharField("loại báo cáo", max_length=20, choices=RoundKind.choices, default=RoundKind.QUARTERLY)
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý", null=True, blank=True, choices=list(QUARTER_LABELS.items()))
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    title = models.CharField("tên đợt báo cáo", max_length=255)
    due_on = models.DateField("hạn cấp dưới nộp báo cáo")
    compile_due_on = models.DateField("hạn báo cáo cấp trên", null=True, blank=True)
    note = models.TextField("yêu cầu, ghi chú", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField("mở lúc", auto_now_add=True)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "đợt báo cáo"
        verbose_name_plural = "đợt báo cáo"
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="round_period_order",
                violation_error_message="Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.",
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "quarter"],
                condition=Q(kind="quarterly"),
                name="round_unique_quarter",
                violation_error_message="Tổ chức này đã mở đợt báo cáo của quý này.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end, self.period_label)

    @property
    def period_label(self) -> str:
        if self.kind == RoundKind.QUARTERLY and self.quarter:
            return f"{QUARTER_LABELS[self.quarter]} năm {self.year}"
        return f"từ {self.period_start:%d/%m/%Y} đến {self.period_end:%d/%m/%Y}"

    def audit_organization(self) -> Organization:
        return self.organization


class PeriodicReport(models.Model):
    """Báo cáo định kỳ of one organisation in one round, or the board's compiled report.

    `figures` is empty while the report is a draft (the page computes the numbers
    live); at submission it holds the snapshot: `{"as_of", "figures": {key: int},
    "quota_source"}` and, for a compiled report, `"parts"` and `"missing"`.
    """

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reports", verbose_name="đợt")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="periodic_reports", verbose_name="tổ chức báo cáo"
    )
    compiled = models.BooleanField("báo cáo tổng hợp", default=False)
    status = models.CharField("tình trạng", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    results = models.TextField("kết quả nổi bật", blank=True)
    difficulties = models.TextField("hạn chế, khó khăn, nguyên nhân", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    document_number = models.CharField("số, ký hiệu", max_length=40, blank=True, help_text="Ví dụ: 05-BC/CB")
    signer = models.CharField("người ký", max_length=120, blank=True)
    figures = models.JSONField("số liệu khi nộp", default=dict, blank=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_note = models.TextField("ý kiến khi trả lại", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo định kỳ"
        verbose_name_plural = "báo cáo định kỳ"
        ordering = ["round", "-compiled", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"],
                name="report_unique_org",
                violation_error_message="Tổ chức này đã có báo cáo trong đợt này.",
            )
        ]
        indexes = [models.Index(fields=["organization", "status"], name="report_org_status")]

    def __str__(self) -> str:
        kind = "Báo cáo tổng hợp" if self.compiled else "Báo cáo"
        return f"{kind} {self.round.period_label} — {self.organization.name}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    def is_overdue(self, on: date) -> bool:
        due = self.round.compile_due_on if self.compiled else self.round.due_on
        return not self.is_submitted and due is not None and on > due

    def audit_organization(self) -> Organization:
        return self.organization
