"""The party tree and what hangs on it: blocks, headcounts, mass organisations,
members and the roles users hold on organisations."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from treebeard.mp_tree import MP_Node, MP_NodeManager

from ketnap.core.naming import PersonNameMixin
from ketnap.core.text import fold, normalize
from ketnap.orgs.enums import (
    BlockKind,
    MassOrganizationKind,
    MemberStatus,
    OrganizationKind,
    Role,
    Sex,
)
from ketnap.orgs.querysets import OrganizationQuerySet, ScopedQuerySet


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):  # type: ignore[misc]
    """Tree manager whose querysets also know `visible_to(user)`."""

    def get_queryset(self) -> OrganizationQuerySet:
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(MP_Node):
    """A node of the party tree (province → … → cell).

    Children keep their insertion order (the order of the appendix tables), so the
    tree reads as the documents do. Organisations are never deleted when they end:
    `valid_until` closes them and `successor` says where their work went.
    """

    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=30, choices=OrganizationKind.choices)
    block = models.ForeignKey(
        "Block",
        verbose_name="khối",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_until = models.DateField("hiệu lực đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="tổ chức kế tục",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    note = models.TextField("ghi chú", blank=True)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)
    #: The member registry of this organisation is complete: its headcount is counted
    #: from the registry instead of the entered snapshots (issue 9 point 5).
    registry_complete = models.BooleanField("danh sách đảng viên đầy đủ", default=False)
    #: Rows in OrganizationVersion exist (the organisation was moved or renamed): reads as
    #: of a date must look there. False for the vast majority, which never changed.
    has_history = models.BooleanField(default=False, editable=False)
    search_text = models.CharField(max_length=255, editable=False, db_index=True)
    #: The root (province) of this organisation (a root: itself): the distribution key on Citus.
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)

    objects = OrganizationManager()

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = normalize(self.name)
        self.search_text = fold(self.name)
        path: str = getattr(self, "path", "")
        if self._state.adding and path:
            from ketnap.orgs.history import fresh_path_if_used

            self.path = fresh_path_if_used(path)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})

    def is_active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def end_label(self) -> str:
        """ "đã sáp nhập ngày …" / "đã giải thể ngày …" (the first day it no longer
        existed), empty for an open organisation: how a closed one is shown everywhere."""
        if self.valid_until is None:
            return ""
        what = "sáp nhập" if self.successor_id else "giải thể"
        return f"đã {what} ngày {self.valid_until + timedelta(days=1):%d/%m/%Y}"

    def is_closed_on(self, day: date) -> bool:
        return self.valid_until is not None and self.valid_until < day

    @property
    def is_cell(self) -> bool:
        return self.kind in (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL)

    @property
    def committee_name(self) -> str:
        """The body that speaks and signs for the organisation: "Đảng ủy xã Cao Minh" for
        "Đảng bộ xã Cao Minh" (party documents are issued by the committee, not the
        organisation); a cell speaks under its own name."""
        if not self.is_cell and fold(self.name).startswith("dang bo "):
            return "Đảng ủy " + self.name[len("Đảng bộ ") :]
        return self.name

    def audit_organization(self) -> Organization:
        return self


class OrganizationMove(models.Model):
    """A change of parent. treebeard moves with QuerySet.update, which no signal sees,
    so the move service writes this row itself."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="moves", verbose_name="tổ chức"
    )
    old_parent = models.ForeignKey(Organization, null=True, on_delete=models.SET_NULL, related_name="+")
    new_parent = models.ForeignKey(Organization, null=True, on_delete=models.SET_NULL, related_name="+")
    old_parent_name = models.CharField(max_length=255, blank=True)
    new_parent_name = models.CharField(max_length=255, blank=True)
    effective_on = models.DateField("ngày hiệu lực")
    reason = models.TextField("lý do", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "lịch sử chuyển tổ chức"
        ordering = ["-effective_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.organization}: {self.old_parent_name} → {self.new_parent_name}"


class Block(models.Model):
    """A grouping of a committee's subordinate organisations used by block targets."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="blocks", verbose_name="đảng bộ"
    )
    name = models.CharField("tên khối", max_length=255)
    kind = models.CharField("loại khối", max_length=30, choices=BlockKind.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "khối"
        verbose_name_plural = "khối"
        ordering = ["organization", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="block_unique_name",
                violation_error_message="Đảng bộ đã có khối cùng tên.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def audit_organization(self) -> Organization:
        return self.organization


class MemberCount(models.Model):
    """Headcount of the members attached directly to an organisation on a date.

    A committee's total on a date is the sum over its subtree of each organisation's
    latest snapshot on or before that date (see selectors.headcounts)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="member_counts", verbose_name="tổ chức"
    )
    counted_on = models.DateField("ngày")
    official = models.PositiveIntegerField("chính thức")
    probationary = models.PositiveIntegerField("dự bị", default=0)
    #: The root (province) of the organisation: the distribution key on Citus (orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "số lượng đảng viên"
        verbose_name_plural = "số lượng đảng viên"
        ordering = ["organization", "-counted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "counted_on"],
                name="membercount_unique_day",
                violation_error_message="Tổ chức đã có số liệu đảng viên cho ngày này.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.counted_on:%d/%m/%Y}: {self.total}"

    @property
    def total(self) -> int:
        return self.official + self.probationary

    def audit_organization(self) -> Organization:
        return self.organization


class MassOrganizationQuerySet(ScopedQuerySet):
    scope_field = "committee__path"


class MassOrganization(models.Model):
    """A mass organisation attached to a grassroots committee (O3): it introduces
    candidates and may hold a coordination quota."""

    committee = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="mass_organizations",
        verbose_name="đảng bộ",
    )
    kind = models.CharField("loại", max_length=30, choices=MassOrganizationKind.choices)
    name = models.CharField("tên", max_length=255)
    search_text = models.CharField(max_length=255, editable=False, db_index=True)
    is_demo = models.BooleanField(default=False)

    objects = MassOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "Mặt trận / đoàn thể"
        verbose_name_plural = "Mặt trận và đoàn thể"
        ordering = ["committee", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = normalize(self.name)
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def audit_organization(self) -> Organization:
        return self.committee


class Member(PersonNameMixin, models.Model):
    """A party member, light (O4): enough to pick mentors, sponsors and voters."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name="chi bộ"
    )
    full_name = models.CharField("họ và tên", max_length=120)
    sex = models.CharField("giới tính", max_length=10, choices=Sex.choices, blank=True)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    status = models.CharField(
        "loại đảng viên", max_length=20, choices=MemberStatus.choices, default=MemberStatus.OFFICIAL
    )
    admission_date = models.DateField("ngày vào Đảng", null=True, blank=True)
    official_date = models.DateField("ngày chính thức", null=True, blank=True)
    #: Số thẻ đảng viên: what a re-import matches on first (issue 9, point 4).
    card_number = models.CharField("số thẻ đảng viên", max_length=20, blank=True, db_index=True)
    ethnicity = models.CharField("dân tộc", max_length=50, blank=True)
    #: Off the registry from this day (transferred out, struck off, deceased): no longer
    #: counted in the headcount computed from the registry.
    left_on = models.DateField("ngày ra khỏi danh sách", null=True, blank=True)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)
    sort_name = models.CharField(max_length=255, editable=False, db_index=True)
    search_text = models.CharField(max_length=255, editable=False, db_index=True)
    #: The root (province) of the organisation: the distribution key on Citus (orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["sort_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        dates_known = self.admission_date and self.official_date
        if dates_known and self.official_date < self.admission_date:  # type: ignore[operator]
            raise ValidationError({"official_date": "Ngày chính thức không thể trước ngày vào Đảng."})

    def audit_organization(self) -> Organization:
        return self.organization


class MemberTransfer(models.Model):
    """A member on another organisation's roll from `effective_on` (a restructuring that
    carries members, a re-import that finds them in another cell). `Member.organization`
    is where the member is now; these rows say where they were before, so a past day's
    headcount computed from the registry counts them where they stood that day (orgs.spans)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    to_organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    effective_on = models.DateField("từ ngày")

    class Meta:
        verbose_name = "chuyển sinh hoạt đảng viên"
        ordering = ["member", "effective_on", "id"]
        indexes = [
            models.Index(fields=["from_organization"], name="membertransfer_from"),
            models.Index(fields=["to_organization"], name="membertransfer_to"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.from_organization_id} → {self.to_organization_id} từ {self.effective_on}"


class MembershipQuerySet(ScopedQuerySet):
    def current(self, on: date) -> MembershipQuerySet:
        """Roles held on `on`: from `valid_from` (included) until `valid_until` (excluded,
        the day the role was ended; ending a role today takes the right away today)."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=on),
        )

    def ended(self, on: date) -> MembershipQuerySet:
        """Roles no longer held on `on` (kept, not deleted: who held what, and until when)."""
        return self.filter(valid_until__lte=on)


class CurrentMembershipManager(models.Manager.from_queryset(MembershipQuerySet)):  # type: ignore[misc]
    """`Membership.objects`: only the roles held today, so that every right and every
    scope in the code (one query each, dozens of call sites) ignores an ended or a
    not-yet-started role without each having to remember. A caller that knows the day
    asks `Membership.with_ended.current(on)`; the accounts page lists both."""

    def get_queryset(self) -> MembershipQuerySet:
        from django.utils import timezone

        return super().get_queryset().current(timezone.localdate())  # type: ignore[no-any-return]


class Membership(models.Model):
    """A role a user holds on an organisation; it reaches the whole subtree, from
    `valid_from` until `valid_until` (ended roles stay, for the record)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="người dùng",
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name="tổ chức"
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    mass_organization = models.ForeignKey(
        MassOrganization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="officers",
        verbose_name="đoàn thể",
    )
    valid_from = models.DateField("giữ từ ngày", null=True, blank=True)
    valid_until = models.DateField("thôi giữ từ ngày", null=True, blank=True)

    objects = CurrentMembershipManager()
    with_ended = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        base_manager_name = "with_ended"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=models.Q(valid_until__isnull=True),
                name="membership_unique_open_role",
                violation_error_message="Người dùng đã có vai trò này ở tổ chức này.",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="membership_until_after_from",
                violation_error_message="Ngày thôi giữ vai trò không được trước ngày bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"

    def held_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or self.valid_until > on
        )

    def audit_organization(self) -> Organization:
        return self.organization


class OrganizationVersion(models.Model):
    """How an organisation stood between two dates: its path (hence its parent and
    ancestors), name and kind. Written by the restructuring services the first time an
    organisation changes (the state before, then each state after); an organisation
    without versions has stood as it is now since `valid_from`.

    Why paths and not only parent links: a StageEvent keeps the path its organisation
    had on the day of effect, and a path is never given to two organisations (see
    history.fresh_path_if_used), so `org_path LIKE 'P%'` is exactly "happened under the
    organisation that held P" — one index range per organisation path, whatever moved later.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="versions", verbose_name="tổ chức"
    )
    path = models.CharField(max_length=255)
    depth = models.PositiveIntegerField()
    parent = models.ForeignKey(Organization, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=30, choices=OrganizationKind.choices)
    valid_from = models.DateField("từ ngày", null=True, blank=True)
    valid_until = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "lịch sử tổ chức"
        ordering = ["organization", "valid_from"]
        indexes = [
            models.Index(fields=["path"], name="orgversion_path", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["organization", "valid_from"], name="orgversion_org_from"),
            models.Index(fields=["parent", "valid_from"], name="orgversion_parent_from"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from} – {self.valid_until})"

    def covers(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class SuccessionKind(models.TextChoices):
    MERGE = "merge", "Hợp nhất / sáp nhập"
    SPLIT = "split", "Chia tách"
    CLOSE = "close", "Giải thể, chuyển giao"


class OrganizationSuccession(models.Model):
    """A predecessor's work passed to a successor on a date (merge, split, close). The
    rollups follow these links: a merged organisation's year includes its predecessors'
    admissions before the merge ("kế thừa")."""

    predecessor = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="successions", verbose_name="tổ chức tiền thân"
    )
    successor = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="inheritances", verbose_name="tổ chức kế tục"
    )
    effective_on = models.DateField("ngày hiệu lực")
    kind = models.CharField("hình thức", max_length=10, choices=SuccessionKind.choices)
    restructuring = models.ForeignKey("Restructuring", null=True, on_delete=models.SET_NULL, related_name="successions")

    class Meta:
        verbose_name = "kế tục"
        ordering = ["effective_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on:%d/%m/%Y})"


class Restructuring(models.Model):
    """One restructuring act (merge, split, move, rename, close) as recorded: who, when,
    the effective date, the carry-over choices and what was moved (for the audit and the
    organisation page)."""

    operation = models.CharField("thao tác", max_length=10)
    effective_on = models.DateField("ngày hiệu lực")
    reason = models.TextField("lý do, căn cứ", blank=True)
    details = models.JSONField(default=dict)
    organizations = models.ManyToManyField(Organization, related_name="restructurings")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sắp xếp tổ chức"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.operation} {self.effective_on:%d/%m/%Y}"


class CommitteeSeatQuerySet(ScopedQuerySet):
    scope_field = "committee__path"


class CommitteeSeat(models.Model):
    """A member's seat on a party committee (cấp ủy viên) for a term, from `since` until
    `until` (left the committee; open while sitting).

    Why: a committee's decision is valid on 2/3 of ALL its members (Charter Art. 10.4);
    the number typed on the admission or confirmation form is checked against these
    seats on the day of the decision, as the cell's vote is checked against the member
    registry. A committee with no seat recorded has no such registry: the typed number
    is then taken as typed.
    """

    committee = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="committee_seats", verbose_name="cấp ủy"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="committee_seats", verbose_name="đảng viên"
    )
    since = models.DateField("là cấp ủy viên từ")
    until = models.DateField("thôi là cấp ủy viên từ", null=True, blank=True)

    objects = CommitteeSeatQuerySet.as_manager()

    class Meta:
        verbose_name = "cấp ủy viên"
        verbose_name_plural = "cấp ủy viên"
        ordering = ["committee", "since", "id"]

    def __str__(self) -> str:
        return f"{self.member} — cấp ủy viên {self.committee}"

    def clean(self) -> None:
        if self.until is not None and self.until <= self.since:
            raise ValidationError({"until": "Ngày thôi phải sau ngày bắt đầu là cấp ủy viên."})

    def audit_organization(self) -> Organization:
        return self.committee


class HeadcountSpan(models.Model):
    """An organisation's own headcount over a period in which neither its place in the
    tree nor its count changed: the summary the headcount rollups read (issue 10).

    Why a table maintained on write and not a query over snapshots and placements: the
    headcount of a subtree on a day is then one index range on `path` and a sum — no
    "latest snapshot on or before the day" per organisation, no join to the tree's
    versions — so the country's headcount costs a scan of its spans, a commune's a few
    dozen rows. Rebuilt per organisation from what it is made of (orgs.spans) whenever
    a snapshot, a member, the organisation, its versions or a restructuring changes it.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    #: The path the organisation held during the span (its place in the tree then).
    path = models.CharField(max_length=255)
    valid_from = models.DateField(null=True, blank=True)
    #: Last day of the span (included); None: open.
    valid_until = models.DateField(null=True, blank=True)
    official = models.PositiveIntegerField(default=0)
    probationary = models.PositiveIntegerField(default=0)
    #: The root (province) of the organisation today: the distribution key on Citus.
    province_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["path"], name="headcountspan_path", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["organization"], name="headcountspan_org"),
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.valid_from} – {self.valid_until}: {self.official}+{self.probationary}"
