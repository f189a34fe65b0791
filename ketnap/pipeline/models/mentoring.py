"""Mentors and their quarterly reports (C4), and the monthly review of a cell's
sympathizer list (C2).

Why the review is a record of its own: the plans (000 II.2) ask cells to review the
list every month — keep, add, remove with a reason — and the inspection committee
checks that it happened, so the act itself (date, who, each decision) is kept, not
only its effect on the stages.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from ketnap.orgs.models import Member, Organization
from ketnap.pipeline.enums import MentorPhase, ReviewDecision
from ketnap.pipeline.models.candidates import Candidate
from ketnap.pipeline.querysets import CandidateRecordQuerySet, ReviewQuerySet


class Mentor(models.Model):
    """Đảng viên được phân công giúp đỡ, with the mentoring plan the cell approves."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="mentors")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="mentorships", verbose_name="đảng viên")
    phase = models.CharField("giai đoạn", max_length=20, choices=MentorPhase.choices)
    assigned_on = models.DateField("ngày phân công")
    ended_on = models.DateField("kết thúc", null=True, blank=True)
    plan = models.TextField("kế hoạch giúp đỡ", blank=True)
    plan_approved_on = models.DateField("ngày chi bộ duyệt kế hoạch", null=True, blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "đảng viên giúp đỡ"
        verbose_name_plural = "đảng viên giúp đỡ"
        ordering = ["candidate", "assigned_on", "id"]

    def __str__(self) -> str:
        return f"{self.member} giúp đỡ {self.candidate}"

    def is_active_on(self, day: date) -> bool:
        return self.assigned_on <= day and (self.ended_on is None or day < self.ended_on)

    def audit_organization(self) -> Organization:
        return self.candidate.organization


class MentorReportQuerySet(CandidateRecordQuerySet):
    scope_field = "mentor__candidate__organization__path"
    candidate_prefix = "mentor__candidate__"


class MentorReport(models.Model):
    """A mentor's quarterly report to the cell."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý", choices=[(q, f"Quý {q}") for q in (1, 2, 3, 4)])
    submitted_on = models.DateField("ngày báo cáo")
    content = models.TextField("nội dung")

    objects = MentorReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo của đảng viên giúp đỡ"
        verbose_name_plural = "báo cáo của đảng viên giúp đỡ"
        ordering = ["mentor", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "year", "quarter"],
                name="mentor_report_unique_quarter",
                violation_error_message="Đã có báo cáo của quý này.",
            )
        ]

    def __str__(self) -> str:
        return f"Báo cáo quý {self.quarter}/{self.year} — {self.mentor}"

    def audit_organization(self) -> Organization:
        return self.mentor.candidate.organization


class SympathizerReview(models.Model):
    """A cell's monthly review of its sympathizer list (a recorded act)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="sympathizer_reviews", verbose_name="chi bộ"
    )
    month = models.DateField("tháng xét (ngày 1)")
    reviewed_on = models.DateField("ngày họp xét")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("ghi chú", blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "xét danh sách cảm tình đảng"
        verbose_name_plural = "xét danh sách cảm tình đảng"
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "month"],
                name="sympathizer_review_unique_month",
                violation_error_message="Chi bộ đã xét danh sách cảm tình đảng của tháng này.",
            )
        ]

    def __str__(self) -> str:
        return f"Xét danh sách cảm tình đảng tháng {self.month:%m/%Y} — {self.organization}"

    def audit_organization(self) -> Organization:
        return self.organization


class ReviewEntry(models.Model):
    """One person's outcome in a review: added, kept or removed (with the reason)."""

    review = models.ForeignKey(SympathizerReview, on_delete=models.CASCADE, related_name="entries")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="review_entries")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    decision = models.CharField("quyết định", max_length=10, choices=ReviewDecision.choices)
    reason = models.CharField("lý do", max_length=255, blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "kết quả xét từng người"
        verbose_name_plural = "kết quả xét từng người"
        ordering = ["review", "candidate__sort_name"]
        constraints = [models.UniqueConstraint(fields=["review", "candidate"], name="review_entry_unique")]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.get_decision_display()}"

    def audit_organization(self) -> Organization:
        return self.review.organization
