"""The candidate (quần chúng ưu tú), how they were introduced, and the append-only
history of their stages.

Why the person details live on the candidate: the statistics forms of issue 6
(Biểu 2-BTCTW: sex, age, ethnicity, religion, education, occupation, Youth Union,
private-enterprise owner, population-policy breach, foreign marriage, re-admission)
count new members by exactly these fields, so they are collected once, at
introduction, and never re-asked.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ketnap.charter import EXIT_REASONS
from ketnap.core.naming import PersonNameMixin
from ketnap.orgs.enums import Sex
from ketnap.orgs.models import MassOrganization, Member, Organization
from ketnap.pipeline.enums import (
    AcademicTitle,
    GeneralEducation,
    IntroducerKind,
    Occupation,
    PoliticalTheory,
    PriorityGroup,
    ProfessionalLevel,
    Religion,
    Stage,
)
from ketnap.pipeline.people import ETHNIC_GROUPS, KINH, PartialDate, national_id_problems
from ketnap.pipeline.querysets import CandidateQuerySet, CandidateRecordQuerySet

EXIT_REASON_CHOICES = [
    ("quit_activity", "Tự ý bỏ sinh hoạt đảng"),
    ("asked_to_leave", "Xin ra khỏi Đảng"),
    ("serious_disunity", "Gây mất đoàn kết nghiêm trọng"),
    ("corruption_conviction", "Bị kết án về tội tham nhũng"),
    ("serious_crime_conviction", "Bị kết án về tội nghiêm trọng trở lên"),
    ("population_policy", "Vi phạm chính sách dân số"),
    ("other", "Lý do khác"),
]
assert [c for c, _ in EXIT_REASON_CHOICES] == list(EXIT_REASONS), "keep in step with the charter"


class Candidate(PersonNameMixin, models.Model):
    """An outstanding person followed by a cell, from introduction to official membership.

    `stage` and `stage_since` are a cache of the latest `StageEvent`; only
    `services.advance.advance()` writes them.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="candidates", verbose_name="chi bộ"
    )
    full_name = models.CharField("họ và tên", max_length=120)
    birth_date = models.DateField("ngày sinh")
    birth_month_only = models.BooleanField("chỉ biết tháng, năm sinh", default=False)
    sex = models.CharField("giới tính", max_length=10, choices=Sex.choices)
    ethnicity = models.CharField("dân tộc", max_length=2, choices=ETHNIC_GROUPS, default=KINH)
    religion = models.CharField("tôn giáo", max_length=20, choices=Religion.choices, default=Religion.NONE)
    national_id = models.CharField("số định danh cá nhân (CCCD)", max_length=12, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    hometown = models.CharField("quê quán", max_length=255, blank=True)
    residence = models.CharField("nơi cư trú", max_length=255, blank=True)
    education = models.CharField(
        "giáo dục phổ thông", max_length=20, choices=GeneralEducation.choices, default=GeneralEducation.UPPER_SECONDARY
    )
    professional_level = models.CharField(
        "chuyên môn nghiệp vụ", max_length=20, choices=ProfessionalLevel.choices, default=ProfessionalLevel.NONE
    )
    academic_title = models.CharField(
        "học hàm", max_length=30, choices=AcademicTitle.choices, default=AcademicTitle.NONE
    )
    political_theory = models.CharField(
        "lý luận chính trị", max_length=20, choices=PoliticalTheory.choices, default=PoliticalTheory.NONE
    )
    profession = models.CharField("nghề nghiệp, chức vụ", max_length=255, blank=True)
    workplace = models.CharField("nơi làm việc, học tập", max_length=255, blank=True)
    occupation = models.CharField("thành phần (thống kê)", max_length=30, choices=Occupation.choices)
    youth_union_member = models.BooleanField("đoàn viên Đoàn TNCS Hồ Chí Minh", default=False)
    trade_union_member = models.BooleanField("đoàn viên công đoàn", default=False)
    remote_area = models.BooleanField(
        "sống ở vùng đặc biệt khó khăn (miền núi, biên giới, hải đảo…)",
        default=False,
        help_text="Trình độ học vấn tối thiểu khi đó là tiểu học.",
    )
    foreign_marriage = models.BooleanField("có quan hệ hôn nhân với người nước ngoài", default=False)
    population_child_order = models.PositiveSmallIntegerField(
        "sinh con thứ (nếu vi phạm chính sách dân số)", null=True, blank=True
    )
    population_child_birth = models.DateField("ngày sinh của con đó", null=True, blank=True)
    is_readmission = models.BooleanField("kết nạp lại", default=False)
    previous_exit_date = models.DateField("ngày ra khỏi Đảng (kết nạp lại)", null=True, blank=True)
    previous_exit_reason = models.CharField(
        "lý do ra khỏi Đảng", max_length=30, choices=EXIT_REASON_CHOICES, blank=True
    )
    note = models.TextField("ghi chú", blank=True)
    member = models.OneToOneField(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate",
        verbose_name="hồ sơ đảng viên",
        help_text="Tạo khi tổ chức lễ kết nạp.",
    )
    stage = models.CharField("giai đoạn", max_length=20, choices=Stage.choices, blank=True, db_index=True)
    stage_since = models.DateField("từ ngày", null=True, blank=True)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    search_text = models.CharField(max_length=255, editable=False, db_index=True)
    #: The root (province) of the organisation: the distribution key on Citus (orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = "quần chúng ưu tú"
        verbose_name_plural = "quần chúng ưu tú"
        ordering = ["sort_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~Q(national_id=""),
                name="candidate_unique_national_id",
                violation_error_message="Số CCCD này đã có trong hệ thống.",
            )
        ]
        indexes = [models.Index(fields=["organization", "stage"], name="candidate_org_stage")]

    def __str__(self) -> str:
        return self.full_name

    def fill_derived(self) -> None:
        """Normalised name and its sort/search columns, trimmed national ID (bulk loaders call it too)."""
        super().fill_derived()
        self.national_id = self.national_id.strip()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.national_id:
            problems = national_id_problems(self.national_id, self.birth_date, self.sex)
            if problems:
                errors["national_id"] = " ".join(problems)
        if self.is_readmission and not self.previous_exit_date:
            errors["previous_exit_date"] = "Kết nạp lại: cần ngày ra khỏi Đảng."
        if self.population_child_order and self.population_child_order >= 3 and not self.population_child_birth:
            errors["population_child_birth"] = "Cần ngày sinh của con để tính thời gian chờ."
        if errors:
            raise ValidationError(errors)

    @property
    def birth(self) -> PartialDate:
        return PartialDate(self.birth_date, self.birth_month_only)

    def days_in_stage(self, on: date) -> int | None:
        return (on - self.stage_since).days if self.stage_since else None

    def audit_organization(self) -> Organization:
        return self.organization


class CandidatePriority(models.Model):
    """One priority group a candidate belongs to (a row per group, filterable on both databases)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="priorities")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    group = models.CharField("nhóm ưu tiên", max_length=30, choices=PriorityGroup.choices)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "nhóm ưu tiên"
        verbose_name_plural = "nhóm ưu tiên"
        constraints = [models.UniqueConstraint(fields=["candidate", "group"], name="candidate_priority_unique")]

    def __str__(self) -> str:
        return self.get_group_display()

    def audit_organization(self) -> Organization:
        return self.candidate.organization


class Introduction(models.Model):
    """Giới thiệu quần chúng ưu tú: who proposed the person to the cell, and when."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="introduction")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    introduced_on = models.DateField("ngày giới thiệu")
    kind = models.CharField("người/tổ chức giới thiệu", max_length=20, choices=IntroducerKind.choices)
    mass_organization = models.ForeignKey(
        MassOrganization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="introductions",
        verbose_name="đoàn thể giới thiệu",
    )
    member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="introductions",
        verbose_name="đảng viên giới thiệu",
    )
    document_number = models.CharField("số văn bản giới thiệu", max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("ghi chú", blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "giới thiệu quần chúng"
        verbose_name_plural = "giới thiệu quần chúng"

    def __str__(self) -> str:
        return f"{self.by_label} giới thiệu {self.candidate}"

    @property
    def by_label(self) -> str:
        if self.kind == IntroducerKind.MASS_ORGANIZATION and self.mass_organization_id:
            return str(self.mass_organization)
        if self.kind == IntroducerKind.MEMBER and self.member_id:
            return f"đảng viên {self.member}"
        return "Chi bộ"

    def clean(self) -> None:
        if self.kind == IntroducerKind.MASS_ORGANIZATION and not self.mass_organization_id:
            raise ValidationError({"mass_organization": "Chọn đoàn thể giới thiệu."})
        if self.kind == IntroducerKind.MEMBER and not self.member_id:
            raise ValidationError({"member": "Chọn đảng viên giới thiệu."})

    def audit_organization(self) -> Organization:
        return self.candidate.organization


class AppendOnlyError(RuntimeError):
    """A stage event was about to be changed or deleted."""


class StageEventQuerySet(CandidateRecordQuerySet):
    """Events are never updated or deleted in bulk either. `in_subtree(path)` uses the
    organisation the candidate belonged to at the time of the event."""

    scope_field = "org_path"

    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("Lịch sử giai đoạn không được sửa.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Lịch sử giai đoạn không được xóa.")


class StageEvent(models.Model):
    """One move of a candidate from a stage to another; append-only.

    For monitoring (issue 6): `effective_on` is the legal date of effect (the
    meeting, decision, ceremony or the official-from date), `to_stage` the stage
    entered, `organization`/`org_path` the candidate's organisation *at that time*.
    Count admissions of a subtree in a quarter with
    `StageEvent.objects.in_subtree(path).filter(to_stage="admitted", effective_on__range=…)`;
    days per stage are the gaps between a candidate's consecutive events.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="events")
    from_stage = models.CharField("từ giai đoạn", max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField("sang giai đoạn", max_length=20, choices=Stage.choices)
    effective_on = models.DateField("ngày hiệu lực")
    recorded_at = models.DateTimeField("ghi lúc", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người ghi",
    )
    reason = models.TextField("lý do", blank=True)
    evidence = models.CharField("căn cứ (văn bản)", max_length=255, blank=True)
    evidence_model = models.CharField(max_length=60, blank=True)
    evidence_id = models.PositiveBigIntegerField(null=True, blank=True)
    approval = models.CharField("ý kiến đồng ý của cấp có thẩm quyền", max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="stage_events", verbose_name="chi bộ lúc đó"
    )
    org_path = models.CharField(max_length=255, db_index=True)
    rulebook_id = models.CharField("bộ quy định áp dụng", max_length=20, blank=True)
    reasons = models.JSONField("các điều kiện đã kiểm tra", default=list, blank=True)
    #: The root (province) of `org_path`, where the event happened: the distribution key on Citus.
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)

    objects = StageEventQuerySet.as_manager()

    class Meta:
        verbose_name = "sự kiện giai đoạn"
        verbose_name_plural = "lịch sử giai đoạn"
        ordering = ["effective_on", "id"]
        indexes = [
            # org_path included: the year's admissions by province are read from the index alone
            models.Index(fields=["to_stage", "effective_on", "org_path"], name="stageevent_stage_day_path"),
            models.Index(fields=["org_path", "effective_on"], name="stageevent_path_day"),
            models.Index(fields=["candidate", "effective_on"], name="stageevent_candidate_day"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.get_to_stage_display()} ({self.effective_on:%d/%m/%Y})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Lịch sử giai đoạn không được sửa.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Lịch sử giai đoạn không được xóa.")

    def audit_organization(self) -> Organization:
        return self.organization
