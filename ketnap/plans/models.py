"""Annual plans, their targets and their allocation tables (P1–P5).

A `Plan` is one organisation's annual plan document. Its goals are `Target` rows
(the overall target, block targets, per-organisation minimums, structure goals).
Its appendix is kept as numbered `AllocationRevision`s: revision 0 is the table
issued with the plan; each supplementary allocation ("giao bổ sung") is a new
revision with a reason and an effective date, so a report dated in March reads the
table that was in force in March (see selectors.allocation_in_force). Rows are
`Allocation`s, one per subordinate organisation or mass organisation.

Models stay slim: writes go through services.py, reads through selectors.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ketnap.orgs.enums import BlockKind
from ketnap.orgs.models import Block, MassOrganization, Organization
from ketnap.orgs.querysets import ScopedQuerySet, path_q, scope_paths
from ketnap.plans.enums import (
    QUARTERS,
    PlanStatus,
    RevisionStatus,
    StructureGroup,
    TargetMeasure,
    TargetScope,
)

if TYPE_CHECKING:
    from ketnap.orgs.querysets import AnyUser

DEFAULT_CAPACITY = "T/M BAN THƯỜNG VỤ\nBÍ THƯ"


class PlanQuerySet(ScopedQuerySet):
    scope_field = "organization__path"


class Plan(models.Model):
    """Kế hoạch phát triển đảng viên: one organisation, one year."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="plans", verbose_name="tổ chức ban hành"
    )
    year = models.PositiveSmallIntegerField("năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField("trạng thái", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    document_number = models.CharField("số, ký hiệu", max_length=40, blank=True, help_text="Ví dụ: 35-KH/ĐU")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True, help_text="Ví dụ: Cao Minh")
    signer = models.CharField("người ký", max_length=120, blank=True)
    signing_capacity = models.CharField(
        "thẩm quyền ký", max_length=120, default=DEFAULT_CAPACITY, help_text="Mỗi dòng một ý, ví dụ T/M BAN THƯỜNG VỤ"
    )
    legal_bases = models.TextField("căn cứ", blank=True, help_text="Mỗi căn cứ một dòng.")
    purpose = models.TextField("mục đích", blank=True)
    requirements = models.TextField("yêu cầu", blank=True)
    tasks = models.TextField("nhiệm vụ, giải pháp và tổ chức thực hiện", blank=True)
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi nơi nhận một dòng.")
    by_quarter = models.BooleanField("giao theo quý", default=False)
    with_introduce = models.BooleanField("có chỉ tiêu giới thiệu quần chúng ưu tú", default=False)
    source_allocation = models.ForeignKey(
        "Allocation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="child_plans",
        verbose_name="chỉ tiêu cấp trên giao",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="plan_unique_org_year",
                violation_error_message="Tổ chức này đã có kế hoạch phát triển đảng viên của năm này.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.organization.name}"

    @property
    def title(self) -> str:
        return f"Kế hoạch phát triển đảng viên năm {self.year}"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    def audit_organization(self) -> Organization:
        return self.organization


class TargetQuerySet(ScopedQuerySet):
    scope_field = "plan__organization__path"


class Target(models.Model):
    """A goal of the plan. `scope` says which: the overall target (one per plan), a
    block target, a minimum for each organisation of a kind of block (every school
    cell ≥ 1), or a structure goal (youth, women…). `measure` says count or rate; a
    rate is a percentage of total members at `headcount_on` (overall target) or a
    share of the admissions (structure goal)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name="kế hoạch")
    scope = models.CharField("loại chỉ tiêu", max_length=20, choices=TargetScope.choices)
    measure = models.CharField("đo bằng", max_length=10, choices=TargetMeasure.choices, default=TargetMeasure.COUNT)
    count = models.PositiveIntegerField("số lượng", null=True, blank=True)
    rate = models.DecimalField(
        "tỷ lệ (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    headcount_on = models.DateField("tính trên số đảng viên tại ngày", null=True, blank=True)
    #: Upper bounds of a range target ("3–4 %", "từ 5 đến 7 đảng viên"); None: a single figure.
    count_max = models.PositiveIntegerField("số lượng tối đa (chỉ tiêu theo khoảng)", null=True, blank=True)
    rate_max = models.DecimalField(
        "tỷ lệ tối đa (%) (chỉ tiêu theo khoảng)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    block = models.ForeignKey(Block, null=True, blank=True, on_delete=models.PROTECT, verbose_name="khối")
    block_kind = models.CharField("loại khối", max_length=30, choices=BlockKind.choices, blank=True)
    group = models.CharField("nhóm cơ cấu", max_length=30, choices=StructureGroup.choices, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(scope="total"),
                name="target_one_total_per_plan",
                violation_error_message="Kế hoạch chỉ có một chỉ tiêu chung.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} — {self.plan}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.count_max is not None and self.count is not None and self.count_max < self.count:
            raise ValidationError({"count_max": "Cận trên của khoảng phải không nhỏ hơn cận dưới."})
        if self.rate_max is not None and self.rate is not None and self.rate_max < self.rate:
            raise ValidationError({"rate_max": "Cận trên của khoảng phải không nhỏ hơn cận dưới."})

    def audit_organization(self) -> Organization:
        return self.plan.organization


class RevisionQuerySet(ScopedQuerySet):
    scope_field = "plan__organization__path"


class AllocationRevision(models.Model):
    """One version of the allocation table. Revision 0 is issued with the plan; later
    ones are supplementary allocations, each with its reason and effective date."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions", verbose_name="kế hoạch")
    number = models.PositiveSmallIntegerField("lần")
    status = models.CharField("trạng thái", max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT)
    effective_on = models.DateField("hiệu lực từ ngày", null=True, blank=True)
    reason = models.TextField("lý do", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = "lần giao chỉ tiêu"
        verbose_name_plural = "các lần giao chỉ tiêu"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="revision_unique_number",
                violation_error_message="Kế hoạch đã có lần giao chỉ tiêu mang số này.",
            )
        ]

    def __str__(self) -> str:
        return "Giao chỉ tiêu ban đầu" if self.number == 0 else f"Giao bổ sung lần {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == RevisionStatus.DRAFT

    def audit_organization(self) -> Organization:
        return self.plan.organization


class AllocationQuerySet(models.QuerySet):
    """Scoped by the organisation the quota is given to (or the mass organisation's
    committee), so a cell secretary sees the quota of her own cell in the plan above."""

    def visible_to(self, user: AnyUser) -> Self:
        paths = scope_paths(user)
        if paths is None:
            return self
        return self.filter(path_q("organization__path", paths) | path_q("mass_organization__committee__path", paths))


def _quantity(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


class Allocation(models.Model):
    """A quota given to one subordinate organisation (or a coordination quota given to a
    mass organisation) in one revision. Quarters are null when the table is yearly;
    the totals always hold the yearly figures (the sum of the quarters when quarterly)."""

    revision = models.ForeignKey(
        AllocationRevision, on_delete=models.CASCADE, related_name="allocations", verbose_name="lần giao"
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name="tổ chức",
    )
    mass_organization = models.ForeignKey(
        MassOrganization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name="Mặt trận / đoàn thể",
    )
    position = models.PositiveIntegerField("thứ tự", default=0)
    introduce_q1 = _quantity("giới thiệu quý I")
    introduce_q2 = _quantity("giới thiệu quý II")
    introduce_q3 = _quantity("giới thiệu quý III")
    introduce_q4 = _quantity("giới thiệu quý IV")
    admit_q1 = _quantity("kết nạp quý I")
    admit_q2 = _quantity("kết nạp quý II")
    admit_q3 = _quantity("kết nạp quý III")
    admit_q4 = _quantity("kết nạp quý IV")
    introduce_total = models.PositiveIntegerField("giới thiệu cả năm", default=0)
    admit_total = models.PositiveIntegerField("kết nạp cả năm", default=0)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    exempt = models.BooleanField("không giao chỉ tiêu", default=False)
    exempt_reason = models.CharField("lý do không giao", max_length=255, blank=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu được giao"
        verbose_name_plural = "chỉ tiêu được giao"
        ordering = ["revision", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False) & Q(mass_organization__isnull=True))
                | (Q(organization__isnull=True) & Q(mass_organization__isnull=False)),
                name="allocation_one_recipient",
                violation_error_message="Mỗi dòng giao cho đúng một tổ chức hoặc một đoàn thể.",
            ),
            models.UniqueConstraint(
                fields=["revision", "organization"],
                name="allocation_unique_org",
                violation_error_message="Tổ chức này đã có dòng trong bảng giao chỉ tiêu.",
            ),
            models.UniqueConstraint(
                fields=["revision", "mass_organization"],
                name="allocation_unique_mass_org",
                violation_error_message="Đoàn thể này đã có dòng trong bảng giao chỉ tiêu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name}: kết nạp {self.admit_total}"

    @property
    def recipient_name(self) -> str:
        recipient = self.organization or self.mass_organization
        return recipient.name if recipient else ""

    @property
    def is_coordination(self) -> bool:
        return self.mass_organization_id is not None

    @property
    def key(self) -> str:
        """Stable key of the recipient across revisions: "o12" or "m3"."""
        return f"o{self.organization_id}" if self.organization_id else f"m{self.mass_organization_id}"

    def quarters(self, kind: str) -> list[int | None]:
        return [getattr(self, f"{kind}_q{q}") for q in QUARTERS]

    def recompute_totals(self, by_quarter: bool) -> None:
        """Quarterly tables: the totals are the sums of the quarters."""
        if by_quarter:
            self.introduce_total = sum(v or 0 for v in self.quarters("introduce"))
            self.admit_total = sum(v or 0 for v in self.quarters("admit"))

    def audit_organization(self) -> Organization:
        return self.revision.plan.organization
