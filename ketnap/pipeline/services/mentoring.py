"""Mentors and their quarterly reports (C4; 001 §3.2: "đảng viên được phân công theo
dõi, giúp đỡ … xây dựng kế hoạch … được chi bộ phê duyệt, định kỳ hàng quý báo cáo").

Why the secretary records the report: mentors are ordinary members without an
account; the cell receives their report at its quarterly meeting and the secretary
enters it, so the overdue list (agenda) reflects what the cell actually has.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ketnap.core.text import normalize
from ketnap.orgs.models import Member
from ketnap.pipeline import permissions
from ketnap.pipeline.checks import member_status_on
from ketnap.pipeline.enums import MentorPhase, Stage
from ketnap.pipeline.models import Candidate, Mentor, MentorReport

_PHASE_STAGES: dict[str, tuple[str, ...]] = {
    MentorPhase.CANDIDATE: ("sympathizer", "in_course", "certified", "dossier", "verification", "cell_resolution",
                            "committee_review", "admitted"),
    MentorPhase.PROBATION: (Stage.PROBATIONARY,),
}  # fmt: skip


def _require(actor: Any, candidate: Candidate) -> None:
    if actor is not None and not permissions.can_manage(actor, candidate.organization):
        raise PermissionDenied("Bạn không có quyền phân công đảng viên giúp đỡ ở chi bộ này.")


@transaction.atomic
def assign_mentor(
    candidate: Candidate,
    member: Member,
    *,
    actor: Any,
    phase: str,
    assigned_on: date,
    plan: str = "",
    plan_approved_on: date | None = None,
) -> Mentor:
    """Assign an official member of the same cell to help the candidate or the new member."""
    _require(actor, candidate)
    if candidate.stage not in _PHASE_STAGES[phase]:
        raise ValidationError(f"Giai đoạn “{candidate.get_stage_display()}” không phân công giúp đỡ loại này.")
    if member.organization_id != candidate.organization_id:
        raise ValidationError({"member": "Đảng viên giúp đỡ phải sinh hoạt cùng chi bộ."})
    if member_status_on(member, assigned_on) != "official":
        raise ValidationError({"member": "Đảng viên được phân công giúp đỡ phải là đảng viên chính thức."})
    if plan_approved_on is not None and plan_approved_on < assigned_on:
        raise ValidationError({"plan_approved_on": "Chi bộ duyệt kế hoạch sau ngày phân công."})
    return Mentor.objects.create(
        candidate=candidate,
        member=member,
        phase=phase,
        assigned_on=assigned_on,
        plan=normalize(plan),
        plan_approved_on=plan_approved_on,
    )


@transaction.atomic
def approve_plan(mentor: Mentor, *, actor: Any, plan: str, approved_on: date) -> Mentor:
    _require(actor, mentor.candidate)
    if approved_on < mentor.assigned_on:
        raise ValidationError({"plan_approved_on": "Chi bộ duyệt kế hoạch sau ngày phân công."})
    mentor.plan, mentor.plan_approved_on = normalize(plan), approved_on
    mentor.save()
    return mentor


@transaction.atomic
def end_mentor(mentor: Mentor, *, actor: Any, ended_on: date) -> Mentor:
    _require(actor, mentor.candidate)
    mentor.ended_on = ended_on
    mentor.save()
    return mentor


@transaction.atomic
def submit_report(
    mentor: Mentor, *, actor: Any, year: int, quarter: int, submitted_on: date, content: str
) -> MentorReport:
    """The mentor's report for one quarter, as received by the cell."""
    _require(actor, mentor.candidate)
    if not 1 <= quarter <= 4:
        raise ValidationError({"quarter": "Quý phải từ 1 đến 4."})
    if MentorReport.objects.filter(mentor=mentor, year=year, quarter=quarter).exists():
        raise ValidationError({"quarter": f"Đã có báo cáo quý {quarter}/{year} của đảng viên này."})
    return MentorReport.objects.create(
        mentor=mentor, year=year, quarter=quarter, submitted_on=submitted_on, content=normalize(content)
    )
