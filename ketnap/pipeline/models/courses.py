"""Courses run by the political centre and the certificates they give (C3).

Why one `Course` table with two proxies: the awareness course (before admission)
and the new-member course (during probation) have the same shape — sessions,
enrolment, completion, certificate — and the glossary names both
(`AwarenessCourse`, `NewMemberCourse`). A certificate may also come from a course
held before the system existed ("certified in earlier years"), so `Certificate`
stands on its own and points to an enrolment only when there is one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from ketnap.core.text import normalize
from ketnap.orgs.models import Organization
from ketnap.orgs.querysets import ScopedQuerySet
from ketnap.pipeline.enums import CourseKind, EnrolmentResult
from ketnap.pipeline.models.candidates import Candidate
from ketnap.pipeline.querysets import CandidateRecordQuerySet, CommitteeQuerySet


class TrainingCentre(models.Model):
    """Trung tâm chính trị: runs courses for the committee it serves."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="training_centres", verbose_name="phục vụ đảng bộ"
    )
    name = models.CharField("tên trung tâm", max_length=255)
    is_demo = models.BooleanField(default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "trung tâm chính trị"
        verbose_name_plural = "trung tâm chính trị"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = normalize(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def audit_organization(self) -> Organization:
        return self.organization


class Course(models.Model):
    """A course session (khóa, lớp) with its dates and place."""

    kind = models.CharField("loại lớp", max_length=20, choices=CourseKind.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="courses", verbose_name="đảng bộ mở lớp"
    )
    centre = models.ForeignKey(
        TrainingCentre,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name="trung tâm",
    )
    title = models.CharField("tên lớp", max_length=255)
    starts_on = models.DateField("khai giảng")
    ends_on = models.DateField("bế giảng")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)
    is_demo = models.BooleanField(default=False)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = "lớp bồi dưỡng"
        verbose_name_plural = "lớp bồi dưỡng"
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = normalize(self.title)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Ngày bế giảng phải sau ngày khai giảng."})

    def audit_organization(self) -> Organization:
        return self.organization


class _KindManager(models.Manager["Course"]):
    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def get_queryset(self) -> CommitteeQuerySet:
        return CommitteeQuerySet(self.model, using=self._db).filter(kind=self.kind)


class AwarenessCourse(Course):
    """Lớp bồi dưỡng nhận thức về Đảng (before admission; its certificate is valid 60 months)."""

    objects = _KindManager(CourseKind.AWARENESS)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = "lớp nhận thức về Đảng"


class NewMemberCourse(Course):
    """Lớp bồi dưỡng lý luận chính trị cho đảng viên mới (during probation)."""

    objects = _KindManager(CourseKind.NEW_MEMBER)  # type: ignore[assignment,misc]

    class Meta:
        proxy = True
        verbose_name = "lớp đảng viên mới"


class Enrolment(models.Model):
    """A candidate (or probationary member) on a course, and how it ended."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name="lớp")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="enrolments")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    enrolled_on = models.DateField("ngày ghi danh")
    result = models.CharField(
        "kết quả", max_length=20, choices=EnrolmentResult.choices, default=EnrolmentResult.ENROLLED
    )
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "học viên"
        verbose_name_plural = "học viên"
        ordering = ["course", "candidate__sort_name"]
        constraints = [models.UniqueConstraint(fields=["course", "candidate"], name="enrolment_unique")]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.course}"

    def audit_organization(self) -> Organization:
        return self.candidate.organization


class Certificate(models.Model):
    """Giấy chứng nhận: the proof of a course. Validity is the charter's business."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="certificates")
    #: The candidate's province (root) id, the Citus distribution key (ketnap.orgs.provinces).
    province_id = models.BigIntegerField("tỉnh", null=True, blank=True, editable=False)
    kind = models.CharField("loại", max_length=20, choices=CourseKind.choices)
    number = models.CharField("số giấy chứng nhận", max_length=60)
    issued_on = models.DateField("ngày cấp")
    issued_by = models.CharField("nơi cấp", max_length=255, blank=True)
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.PROTECT, related_name="certificate"
    )

    objects = CandidateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "giấy chứng nhận"
        verbose_name_plural = "giấy chứng nhận"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"Giấy chứng nhận số {self.number} ngày {self.issued_on:%d/%m/%Y}"

    def audit_organization(self) -> Organization:
        return self.candidate.organization
