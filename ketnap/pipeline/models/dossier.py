"""The admission and confirmation dossiers (C5), background verification and the
introducers (C6).

Why `Verification` holds the relative itself: the charter decides from the
relation, membership and declaration whom to verify (`relatives_to_verify`), so
each declared relative is one row that carries both those facts and the result.
Results are sensitive: only some roles see them and every read is logged.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ketnap.core.text import normalize
from ketnap.orgs.models import MassOrganization, Member, Organization
from ketnap.pipeline.catalogue import FORM_CHOICES, FORMS_BY_CODE
from ketnap.pipeline.enums import DossierPurpose, ItemStatus, VerificationResult
from ketnap.pipeline.models.candidates import Candidate
from ketnap.pipeline.querysets import CandidateRecordQuerySet, CommitteeQuerySet


class Dossier(models.Model):
    """Hồ sơ: one per candidate and purpose; knows when it was sent up for verification."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="dossiers")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    purpose = models.CharField("loại hồ sơ", max_length=20, choices=DossierPurpose.choices)
    sent_up_on = models.DateField("ngày gửi lên cấp ủy", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        constraints = [models.UniqueConstraint(fields=["candidate", "purpose"], name="dossier_unique_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.candidate}"

    def audit_organization(self) -> Organization:
        return self.candidate.organization


def _upload_to(instance: DossierItem, filename: str) -> str:
    # `filename` is made by the server (core.scans.stored_name: "<candidate>/<code>-<random>.<type>"),
    # never the user's; only its last part is kept, so it cannot climb out of this folder.
    return f"pipeline/dossier/{instance.dossier.candidate_id}/{filename.rsplit('/', 1)[-1]}"


class DossierItemQuerySet(CandidateRecordQuerySet):
    scope_field = "dossier__candidate__organization__path"
    candidate_prefix = "dossier__candidate__"


class DossierItem(models.Model):
    """One document of a dossier, with its status, date and optional scan."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="items")
    code = models.CharField("mẫu", max_length=10, choices=FORM_CHOICES)
    status = models.CharField("tình trạng", max_length=10, choices=ItemStatus.choices, default=ItemStatus.MISSING)
    received_on = models.DateField("ngày nhận", null=True, blank=True)
    valid_until = models.DateField("hiệu lực đến", null=True, blank=True)
    document_number = models.CharField("số văn bản", max_length=60, blank=True)
    file = models.FileField("bản quét", upload_to=_upload_to, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    objects = DossierItemQuerySet.as_manager()

    class Meta:
        verbose_name = "tài liệu hồ sơ"
        verbose_name_plural = "tài liệu hồ sơ"
        ordering = ["dossier", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "code"], name="dossier_item_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} — {self.dossier.candidate}"

    @property
    def title(self) -> str:
        return FORMS_BY_CODE[self.code].title

    @property
    def is_at_hand(self) -> bool:
        return self.status in (ItemStatus.RECEIVED, ItemStatus.ACCEPTED)

    def clean(self) -> None:
        if self.is_at_hand and not self.received_on:
            raise ValidationError({"received_on": "Ghi ngày nhận tài liệu."})

    def audit_organization(self) -> Organization:
        return self.dossier.candidate.organization


class DossierDeadline(models.Model):
    """A date the organising board sets for sending dossiers up (e.g. before 31/10 for
    political-history verification, 003 §III). Applies to candidates in its subtree
    whose dossier is being prepared."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="dossier_deadlines", verbose_name="đảng bộ"
    )
    title = models.CharField("nội dung", max_length=255)
    due_on = models.DateField("hạn cuối")
    note = models.TextField("ghi chú", blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = "hạn gửi hồ sơ"
        verbose_name_plural = "hạn gửi hồ sơ"
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.title} (trước {self.due_on:%d/%m/%Y})"

    def audit_organization(self) -> Organization:
        return self.organization


RELATION_CHOICES = [
    ("self", "Người xin vào Đảng"),
    ("father", "Cha đẻ"),
    ("mother", "Mẹ đẻ"),
    ("father_in_law", "Cha vợ/chồng"),
    ("mother_in_law", "Mẹ vợ/chồng"),
    ("raiser", "Người trực tiếp nuôi dưỡng"),
    ("spouse", "Vợ/chồng"),
    ("child", "Con đẻ"),
    ("sibling", "Anh, chị, em ruột"),
    ("other", "Người thân khác"),
]


class Verification(models.Model):
    """Thẩm tra lý lịch of the applicant or of one declared relative."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="verifications")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    relation = models.CharField("quan hệ", max_length=20, choices=RELATION_CHOICES)
    full_name = models.CharField("họ và tên", max_length=120)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    is_member = models.BooleanField("là đảng viên", default=False)
    declared = models.BooleanField("đã khai đầy đủ trong lý lịch", default=True)
    adult = models.BooleanField("đủ năng lực hành vi dân sự", default=True)
    requested_on = models.DateField("ngày gửi thẩm tra", null=True, blank=True)
    result = models.CharField(
        "kết quả", max_length=10, choices=VerificationResult.choices, default=VerificationResult.PENDING
    )
    result_on = models.DateField("ngày có kết quả", null=True, blank=True)
    result_note = models.TextField("nội dung kết quả", blank=True)
    document_number = models.CharField("số văn bản trả lời", max_length=60, blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "thẩm tra lý lịch"
        verbose_name_plural = "thẩm tra lý lịch"
        ordering = ["candidate", "id"]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.full_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = normalize(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        if self.result != VerificationResult.PENDING and not self.result_on:
            raise ValidationError({"result_on": "Ghi ngày có kết quả thẩm tra."})

    def audit_organization(self) -> Organization:
        return self.candidate.organization


class SponsorKind(models.TextChoices):
    MEMBER = "member", "Đảng viên chính thức"
    YOUTH_UNION_COMMITTEE = "youth_union_committee", "Ban Chấp hành Đoàn cơ sở"
    TRADE_UNION_COMMITTEE = "trade_union_committee", "Ban Chấp hành Công đoàn cơ sở"


class Sponsor(models.Model):
    """Người giới thiệu: an official member, or the Youth Union / trade-union committee."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="sponsors")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    kind = models.CharField("loại", max_length=30, choices=SponsorKind.choices)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="sponsorships", verbose_name="đảng viên"
    )
    mass_organization = models.ForeignKey(
        MassOrganization, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức"
    )
    together_since = models.DateField("cùng công tác, học tập, sinh sống từ", null=True, blank=True)
    replacement = models.BooleanField("người giới thiệu thay thế do chi bộ phân công", default=False)
    assigned_on = models.DateField("ngày nhận giới thiệu")
    ended_on = models.DateField("thôi giới thiệu từ", null=True, blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "người giới thiệu"
        verbose_name_plural = "người giới thiệu"
        ordering = ["candidate", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.kind == SponsorKind.MEMBER and self.member is not None:
            return self.member.full_name
        if self.mass_organization_id:
            return f"{self.get_kind_display()} ({self.mass_organization})"
        return self.get_kind_display()

    def clean(self) -> None:
        if self.kind == SponsorKind.MEMBER and not self.member_id:
            raise ValidationError({"member": "Chọn đảng viên giới thiệu."})

    def audit_organization(self) -> Organization:
        return self.candidate.organization
