"""What each step of `ketnap.pipeline.steps.STEPS` does with its validated facts.

Why a module apart from the table: each function is the few lines that hand a
form's cleaned data to a service (`services/*`), so the table stays one screen a
newcomer reads. No rule of the procedure lives here: the services write, the
charter decides (through `advance()` and `questions.py`).

Every function has the signature `(candidate, facts, actor, obj, today) -> message`:
`facts` is the step form's `cleaned_data`, `obj` the object the step edits (a
verification), `today` the clock the caller passes in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ketnap.pipeline.enums import ResolutionPurpose, Stage
from ketnap.pipeline.forms_minutes import cell_minutes, committee_minutes
from ketnap.pipeline.models import Candidate, ConfirmationOutcome, Mentor, Verification
from ketnap.pipeline.services import courses, decisions, dossier, mentoring
from ketnap.pipeline.services.advance import advance
from ketnap.pipeline.services.dossier import ItemUpdate

Facts = dict[str, Any]


def move(target: str) -> Any:
    """A plain move (withdraw, send up, back to the list…): date, reason, approval."""

    def run(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
        advance(
            c,
            target,
            on=d["on"],
            actor=actor,
            reason=d.get("reason", ""),
            approval=d.get("approval", ""),
            today=today,
        )
        return f"{Stage(target).label}: đã ghi."

    return run


def open_dossier(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    advance(c, Stage.DOSSIER, on=d["on"], actor=actor, evidence="Đơn xin vào Đảng", today=today)
    return "Đã nhận đơn, lập hồ sơ."


def send_for_verification(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    dossier.send_for_verification(c, actor=actor, on=d["on"], today=today)
    return "Đã gửi hồ sơ thẩm tra lý lịch."


def send_to_committee(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    decisions.send_to_committee(c, actor=actor, on=d["on"], today=today)
    return "Đã gửi hồ sơ lên cấp ủy cơ sở."


def update_dossier(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    codes = sorted({key.split("__")[0] for key in d})
    updates = [
        ItemUpdate(
            code, d[f"{code}__status"], d[f"{code}__received_on"], d[f"{code}__number"], file=d.get(f"{code}__file")
        )
        for code in codes
    ]
    dossier.update_items(c, updates, actor=actor)
    return "Đã cập nhật hồ sơ."


def add_sponsor(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    dossier.add_sponsor(
        c,
        actor=actor,
        kind=d["kind"],
        assigned_on=d["assigned_on"],
        member=d["member"],
        mass_organization=d["mass_organization"],
        together_since=d["together_since"],
        replacement=d["replacement"],
    )
    return "Đã ghi người giới thiệu."


def record_verification(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    verification = obj if isinstance(obj, Verification) else Verification(candidate=c)
    for field, value in d.items():
        setattr(verification, field, value)
    verification.candidate = c
    dossier.save_verification(verification, actor=actor)
    return "Đã lưu thông tin thẩm tra lý lịch."


def assign_mentor(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    mentoring.assign_mentor(
        c,
        d["member"],
        actor=actor,
        phase=d["phase"],
        assigned_on=d["assigned_on"],
        plan=d["plan"],
        plan_approved_on=d["plan_approved_on"],
    )
    return "Đã phân công đảng viên giúp đỡ."


def approve_mentor_plan(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    mentoring.approve_plan(d["mentor"], actor=actor, plan=d["plan"], approved_on=d["approved_on"])
    return "Đã ghi kế hoạch giúp đỡ được chi bộ duyệt."


def record_mentor_report(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    mentor: Mentor = d["mentor"]
    mentoring.submit_report(
        mentor,
        actor=actor,
        year=d["year"],
        quarter=d["quarter"],
        submitted_on=d["submitted_on"],
        content=d["content"],
    )
    return "Đã ghi báo cáo của đảng viên giúp đỡ."


def record_certificate(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    courses.record_certificate(
        c,
        actor=actor,
        kind=d["kind"],
        number=d["number"],
        issued_on=d["issued_on"],
        issued_by=d["issued_by"],
        today=today,
    )
    return "Đã ghi giấy chứng nhận."


def _vote(purpose: str | None) -> Any:
    def run(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
        resolution = decisions.record_cell_vote(
            c,
            actor=actor,
            purpose=purpose or d["purpose"],
            adopted_on=d["held_on"],
            eligible=d["eligible"],
            eligible_reason=d.get("eligible_reason", ""),
            excused=d.get("excused") or 0,
            present=d["present"],
            in_favour=d["in_favour"],
            against=d.get("against"),
            document_number=d.get("document_number", ""),
            approval=d.get("approval", ""),
            minutes=cell_minutes(d),
            today=today,
        )
        detail = "; ".join(r["message"] for r in resolution.reasons)
        return f"Đã ghi nghị quyết. {detail}"

    return run


cell_resolution = _vote(ResolutionPurpose.ADMISSION)
probation_resolution = _vote(None)


def appraisal(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    decisions.record_appraisal(
        c,
        actor=actor,
        by=decisions.committee_of(c.organization),
        on=d["appraised_on"],
        conclusion=d["conclusion"],
        document_number=d["document_number"],
    )
    return "Đã ghi thẩm định."


def admission_decision(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    decisions.decide_admission(
        c,
        actor=actor,
        document_number=d["document_number"],
        signed_on=d["signed_on"],
        received_on=d["received_on"],
        signer=d["signer"],
        committee_members=d["committee_members"],
        committee_in_favour=d["committee_in_favour"],
        committee_resolution_number=d["committee_resolution_number"],
        committee_members_reason=d.get("committee_members_reason", ""),
        committee_minutes=committee_minutes(d),
        approval=d["approval"],
        today=today,
    )
    return "Đã ghi quyết định kết nạp."


def ceremony(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
    decisions.hold_ceremony(
        c, actor=actor, held_on=d["held_on"], place=d.get("place", ""), approval=d.get("approval", ""), today=today
    )
    return "Đã ghi lễ kết nạp. Thời gian dự bị 12 tháng tính từ ngày này."


def _decide(outcome: str) -> Any:
    def run(c: Candidate, d: Facts, actor: Any, obj: Any, today: date) -> str:
        confirmation = decisions.confirm(
            c,
            actor=actor,
            outcome=outcome,
            document_number=d["document_number"],
            decided_on=d["decided_on"],
            signer=d.get("signer", ""),
            reason=d.get("reason", ""),
            committee_members=d.get("committee_members"),
            committee_in_favour=d.get("committee_in_favour"),
            committee_resolution_number=d.get("committee_resolution_number", ""),
            committee_members_reason=d.get("committee_members_reason", ""),
            committee_minutes=committee_minutes(d),
            approval=d.get("approval", ""),
            today=today,
        )
        if confirmation.official_from:
            return f"Đã công nhận đảng viên chính thức từ ngày {confirmation.official_from:%d/%m/%Y}."
        return "Đã ghi quyết định xóa tên."

    return run


confirm = _decide(ConfirmationOutcome.CONFIRMED)
remove = _decide(ConfirmationOutcome.REMOVED)
