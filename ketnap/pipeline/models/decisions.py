"""Votes, appraisals, decisions, the ceremony and the confirmation (C7, C8).

Why each act is a record with its document number and date: the inspection
committee checks procedure from these papers (M7), the forms of C12 are filled
from them, and the charter's time limits run from their dates. A failed vote is
kept too — after three failed confirmation votes the higher committee decides.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import ResolutionLevel, ResolutionPurpose
from ketnap.pipeline.models.candidates import Candidate
from ketnap.pipeline.querysets import CandidateRecordQuerySet


class Resolution(models.Model):
    """Nghị quyết of the cell (level=cell) or of the grassroots committee, with the vote
    arithmetic as the charter computed it (`denominator`, `required`)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="resolutions")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    level = models.CharField("cấp", max_length=10, choices=ResolutionLevel.choices)
    purpose = models.CharField("nội dung", max_length=20, choices=ResolutionPurpose.choices)
    document_number = models.CharField("số nghị quyết", max_length=60, blank=True)
    adopted_on = models.DateField("ngày họp")
    eligible = models.PositiveIntegerField("tổng số đảng viên chính thức / cấp ủy viên")
    excused = models.PositiveIntegerField("số được trừ theo quy định", default=0)
    present = models.PositiveIntegerField("số có mặt", null=True, blank=True)
    in_favour = models.PositiveIntegerField("số tán thành")
    against = models.PositiveIntegerField("số không tán thành", null=True, blank=True)
    #: Official members in the registry on the meeting day; `eligible` differs only with `eligible_reason`.
    registry_count = models.PositiveIntegerField("số theo danh sách đảng viên", null=True, blank=True)
    eligible_reason = models.CharField("lý do sửa tổng số", max_length=255, blank=True)
    denominator = models.PositiveIntegerField("số được tính")
    required = models.PositiveIntegerField("số phiếu cần đạt")
    passed = models.BooleanField("đạt")
    reasons = models.JSONField(default=list, blank=True)
    # The meeting's minutes the official forms print (6-, 8-, 13-, 15-KNĐ): who chaired and
    # took the minutes, the probationary members (present, they speak but do not vote,
    # Charter Art. 3.4), who was absent and why ([{"name", "reason"}]), the assessment.
    probationary = models.PositiveIntegerField("số đảng viên dự bị", null=True, blank=True)
    probationary_present = models.PositiveIntegerField("số đảng viên dự bị có mặt", null=True, blank=True)
    absences = models.JSONField("vắng mặt và lý do", default=list, blank=True)
    chair = models.CharField("chủ trì", max_length=120, blank=True)
    secretary = models.CharField("thư ký", max_length=120, blank=True)
    assessment = models.TextField("nhận xét ưu điểm, khuyết điểm", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "nghị quyết"
        verbose_name_plural = "nghị quyết"
        ordering = ["adopted_on", "id"]

    def __str__(self) -> str:
        result = "đạt" if self.passed else "không đạt"
        return f"Nghị quyết {self.get_level_display().lower()} {self.document_number} ({result})".replace("  ", " ")

    def audit_organization(self) -> Organization:
        return self.candidate.organization


class Appraisal(models.Model):
    """Thẩm định (7-KNĐ or the board's appraisal) of an admission dossier."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="appraisals")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    by_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="cấp thẩm định"
    )
    appraised_on = models.DateField("ngày thẩm định")
    document_number = models.CharField("số văn bản", max_length=60, blank=True)
    conclusion = models.TextField("kết luận")

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "thẩm định"
        verbose_name_plural = "thẩm định"
        ordering = ["appraised_on", "id"]

    def __str__(self) -> str:
        return f"Thẩm định {self.document_number} ngày {self.appraised_on:%d/%m/%Y}"

    def audit_organization(self) -> Organization:
        return self.candidate.organization


class AdmissionDecision(models.Model):
    """Quyết định kết nạp (9-KNĐ). Party age counts from `signed_on` (Charter Art. 5.4);
    the ceremony deadline runs from `received_on` (when the cell received it)."""

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="admission_decision")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    document_number = models.CharField("số quyết định", max_length=60)
    signed_on = models.DateField("ngày quyết định")
    received_on = models.DateField("ngày chi bộ nhận quyết định")
    issued_by = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="cấp ủy")
    signer = models.CharField("người ký", max_length=120, blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "quyết định kết nạp"
        verbose_name_plural = "quyết định kết nạp"

    def __str__(self) -> str:
        return f"Quyết định kết nạp số {self.document_number} ngày {self.signed_on:%d/%m/%Y}"

    def audit_organization(self) -> Organization:
        return self.candidate.organization


class Ceremony(models.Model):
    """Lễ kết nạp. Probation (12 months) starts here, not at the decision."""

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="ceremony")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    held_on = models.DateField("ngày tổ chức lễ")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    late_approval = models.CharField("văn bản đồng ý của cấp trên (nếu quá hạn)", max_length=255, blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "lễ kết nạp"
        verbose_name_plural = "lễ kết nạp"

    def __str__(self) -> str:
        return f"Lễ kết nạp ngày {self.held_on:%d/%m/%Y}"

    def audit_organization(self) -> Organization:
        return self.candidate.organization


class ConfirmationOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "Công nhận đảng viên chính thức"
    REMOVED = "removed", "Xóa tên trong danh sách đảng viên dự bị"


class Confirmation(models.Model):
    """The competent committee's decision at the end of probation: recognised as an
    official member from `official_from` (the day the 12 months end), or struck off."""

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="confirmation")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    outcome = models.CharField("kết quả", max_length=20, choices=ConfirmationOutcome.choices)
    document_number = models.CharField("số quyết định", max_length=60)
    decided_on = models.DateField("ngày quyết định")
    official_from = models.DateField("là đảng viên chính thức từ", null=True, blank=True)
    issued_by = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="cấp ủy")
    signer = models.CharField("người ký", max_length=120, blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "công nhận chính thức"
        verbose_name_plural = "công nhận chính thức"

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} — quyết định số {self.document_number}"

    def audit_organization(self) -> Organization:
        return self.candidate.organization
