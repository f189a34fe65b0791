"""Votes, decisions, the ceremony and the confirmation (C7, C8).

Why the vote is stored even when it fails: a failed cell vote is a fact of the
procedure — after three failed confirmation votes the higher committee decides
(24-QĐ/TW §4.2.3) — so the resolution is kept with the charter's arithmetic
(`denominator`, `required`) whatever the result. A passing admission vote moves the
candidate through `advance()`, which re-checks every condition of admission and
refuses (rolling the resolution back) if one fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ketnap.charter import (
    Verdict,
    VoteOutcome,
    check_act_date,
    check_attendance,
    check_cell_vote,
    check_committee_vote,
    check_registry_count,
)
from ketnap.core.text import normalize
from ketnap.orgs.enums import MemberStatus
from ketnap.orgs.models import Member, Organization
from ketnap.orgs.services import save_member
from ketnap.pipeline import permissions
from ketnap.pipeline.checks import Context, failed_rounds
from ketnap.pipeline.enums import MentorPhase, ResolutionLevel, ResolutionPurpose, Stage
from ketnap.pipeline.models import (
    AdmissionDecision,
    Appraisal,
    Candidate,
    Ceremony,
    Confirmation,
    ConfirmationOutcome,
    Resolution,
)
from ketnap.pipeline.questions import probation_end, probation_over
from ketnap.pipeline.registry import committee_members_on, official_members_on
from ketnap.pipeline.services.advance import MoveRefused, advance
from ketnap.pipeline.services.dossier import file_produced

#: Which stage a cell vote of each purpose belongs to, and the form it files when passed.
_VOTE_STAGE: dict[str, tuple[str, str | None]] = {
    ResolutionPurpose.ADMISSION: (Stage.VERIFICATION, "6-KNĐ"),
    ResolutionPurpose.CONFIRMATION: (Stage.PROBATIONARY, "13-KNĐ"),
    ResolutionPurpose.REMOVAL: (Stage.PROBATIONARY, None),
}


def committee_of(cell: Organization) -> Organization:
    """The grassroots committee above a cell (its ancestor at depth 2 in a commune tree)."""
    for org in reversed([*Organization.objects.get_ancestors(cell)]):
        if org.kind in ("grassroots_committee", "upper", "provincial"):
            return org
    return cell


def grassroots_of(org: Organization) -> Organization:
    """The grassroots party organisation `org` belongs to: the nearest of itself and its
    ancestors that is a grassroots committee or a grassroots cell (Charter Art. 4.1: the
    introducers are members of the same grassroots organisation). Unlike `committee_of`
    (who decides), an upper committee is never the boundary: a ward under a district
    committee does not share its introducers with the next ward."""
    for node in [org, *reversed([*Organization.objects.get_ancestors(org)])]:
        if node.kind in ("grassroots_committee", "grassroots_cell"):
            return node
    return committee_of(org)


def in_same_grassroots(member_org: Organization, candidate_org: Organization) -> bool:
    """Whether a member of `member_org` may introduce a candidate of `candidate_org`: the one
    "same committee" test of the pipeline (the sponsor form, `add_sponsor`)."""
    return member_org.path.startswith(grassroots_of(candidate_org).path)


#: The minutes a resolution keeps besides the vote (see `Resolution`).
MINUTES = ("probationary", "probationary_present", "absences", "chair", "secretary", "assessment")


def clean_minutes(minutes: Mapping[str, Any] | None) -> dict[str, Any]:
    """The known minutes with names normalised; absences as [{"name", "reason"}]."""
    out: dict[str, Any] = {}
    for key, value in (minutes or {}).items():
        if key not in MINUTES or value is None:
            continue
        if key == "absences":
            value = [{"name": normalize(a["name"]), "reason": normalize(a.get("reason", ""))} for a in value]
        elif isinstance(value, str):
            value = normalize(value)
        out[key] = value
    return out


def _save_resolution(
    candidate: Candidate,
    level: str,
    purpose: str,
    adopted_on: date,
    outcome: VoteOutcome,
    actor: Any,
    *,
    document_number: str,
    eligible: int,
    in_favour: int,
    excused: int = 0,
    present: int | None = None,
    against: int | None = None,
    registry_count: int | None = None,
    eligible_reason: str = "",
    checked: tuple[Verdict, ...] = (),
    minutes: Mapping[str, Any] | None = None,
) -> Resolution:
    """Keep a vote with the charter's arithmetic and its verdict, passed or not (with
    the registry's count and the checks of the meeting's facts, for the inspector),
    and the meeting's minutes the official forms print (`MINUTES`)."""
    return Resolution.objects.create(
        **clean_minutes(minutes),
        candidate=candidate,
        level=level,
        purpose=purpose,
        document_number=normalize(document_number),
        adopted_on=adopted_on,
        eligible=eligible,
        excused=excused,
        present=present,
        in_favour=in_favour,
        against=against,
        registry_count=registry_count,
        eligible_reason=normalize(eligible_reason),
        denominator=outcome.denominator,
        required=outcome.required,
        passed=outcome.verdict.status == "pass",
        reasons=[r.to_dict() for v in (*checked, outcome.verdict) for r in v.reasons],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def record_cell_vote(
    candidate: Candidate,
    *,
    actor: Any,
    purpose: str,
    adopted_on: date,
    eligible: int,
    in_favour: int,
    excused: int = 0,
    present: int | None = None,
    against: int | None = None,
    eligible_reason: str = "",
    document_number: str = "",
    approval: str = "",
    minutes: Mapping[str, Any] | None = None,
    ctx: Context | None = None,
    today: date | None = None,
) -> Resolution:
    """The cell's resolution on admission, confirmation or removal, with its arithmetic.

    `approval` is the competent body's written consent where the charter asks for it
    (an applicant over 60, a verification with findings, a re-admission)."""
    if actor is not None and not permissions.can_manage(actor, candidate.organization):
        raise PermissionDenied("Bạn không có quyền ghi nghị quyết của chi bộ này.")
    stage, form = _VOTE_STAGE[purpose]
    if candidate.stage != stage:
        raise ValidationError(f"Giai đoạn hiện tại ({candidate.get_stage_display()}) không có nội dung biểu quyết này.")
    ctx = ctx or Context()
    today = today or timezone.localdate()
    counted = _meeting_checks(
        candidate, adopted_on, today, ctx, eligible=eligible, eligible_reason=eligible_reason,
        present=present, in_favour=in_favour, against=against,
    )  # fmt: skip
    if purpose == ResolutionPurpose.CONFIRMATION:
        early = probation_over(candidate, adopted_on, ctx)
        if early is not None:
            raise MoveRefused("Chưa hết thời gian dự bị; chi bộ chưa thể xét công nhận.", (early,))
    try:
        outcome = check_cell_vote(
            eligible,
            in_favour,
            ctx.rules.book(adopted_on),
            excused=excused,
            purpose="admission" if purpose == ResolutionPurpose.ADMISSION else "confirmation",
            previous_failed_rounds=failed_rounds(candidate, purpose),
        )
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    resolution = _save_resolution(
        candidate,
        ResolutionLevel.CELL,
        purpose,
        adopted_on,
        outcome,
        actor,
        document_number=document_number,
        eligible=eligible,
        excused=excused,
        present=present,
        in_favour=in_favour,
        against=against,
        registry_count=official_members_on(candidate.organization, adopted_on),
        eligible_reason=eligible_reason,
        checked=counted,
        minutes=minutes,
    )
    if resolution.passed and form:
        file_produced(candidate, form, adopted_on, resolution.document_number)
    if resolution.passed and purpose == ResolutionPurpose.ADMISSION:
        advance(
            candidate,
            Stage.CELL_RESOLUTION,
            on=adopted_on,
            actor=actor,
            evidence=resolution,
            approval=approval,
            ctx=ctx,
            eligible=eligible,
            excused=excused,
            in_favour=in_favour,
            today=today,
        )
    return resolution


def _meeting_checks(
    candidate: Candidate,
    held_on: date,
    today: date,
    ctx: Context,
    *,
    eligible: int,
    eligible_reason: str,
    present: int | None,
    in_favour: int,
    against: int | None,
) -> tuple[Verdict, ...]:
    """The meeting's date and arithmetic, and the registry's count, by the charter;
    refuses (nothing written) when one fails."""
    from ketnap.pipeline.services.advance import previous_event_on

    registry = official_members_on(candidate.organization, held_on)
    parts = [
        check_act_date(held_on, today=today, previous=previous_event_on(candidate), what="Ngày chi bộ họp"),
        check_registry_count(
            eligible, registry, eligible_reason, day=f"{held_on:%d/%m/%Y}", rulebook=ctx.rules.book(held_on)
        ),
    ]
    if present is not None:
        parts.append(check_attendance(eligible, present, in_favour, against or 0))
    failed = [p for p in parts if p.status == "fail"]
    if failed:
        raise MoveRefused("Thông tin cuộc họp chi bộ chưa hợp lệ.", tuple(parts))
    return tuple(p for p in parts if p.reasons and p.reasons[0].rule != "time.order")


@transaction.atomic
def send_to_committee(candidate: Candidate, *, actor: Any, on: date, today: date | None = None) -> None:
    advance(
        candidate,
        Stage.COMMITTEE_REVIEW,
        on=on,
        actor=actor,
        evidence="Chi bộ gửi hồ sơ lên cấp ủy cơ sở",
        today=today,
    )


def _require_decide(actor: Any, candidate: Candidate) -> None:
    if actor is not None and not permissions.can_decide(actor, candidate.organization):
        raise PermissionDenied("Chỉ cấp ủy (Ban Xây dựng Đảng / Ban Tổ chức) ghi thẩm định và quyết định.")


@transaction.atomic
def record_appraisal(
    candidate: Candidate, *, actor: Any, by: Organization, on: date, conclusion: str, document_number: str = ""
) -> Appraisal:
    _require_decide(actor, candidate)
    if candidate.stage != Stage.COMMITTEE_REVIEW:
        raise ValidationError("Chỉ thẩm định hồ sơ đã gửi lên cấp ủy.")
    appraisal = Appraisal.objects.create(
        candidate=candidate,
        by_organization=by,
        appraised_on=on,
        document_number=normalize(document_number),
        conclusion=normalize(conclusion),
    )
    file_produced(candidate, "7-KNĐ", on, appraisal.document_number)
    return appraisal


def _committee_resolution(
    candidate: Candidate,
    purpose: str,
    on: date,
    members: int,
    in_favour: int,
    number: str,
    actor: Any,
    ctx: Context,
    reason: str = "",
    minutes: Mapping[str, Any] | None = None,
) -> Resolution:
    """The committee's vote, its number of members checked against the committee's seats
    on the day when they are recorded (a different number only with `reason`)."""
    registry = committee_members_on(committee_of(candidate.organization), on)
    checked: tuple[Verdict, ...] = ()
    if registry is not None:
        counted = check_registry_count(
            members, registry, reason, day=f"{on:%d/%m/%Y}", rulebook=ctx.rules.book(on), committee=True
        )
        if counted.status == "fail":
            raise MoveRefused("Tổng số cấp ủy viên khác danh sách cấp ủy viên.", (counted,))
        checked = (counted,)
    try:
        outcome = check_committee_vote(members, in_favour, ctx.rules.book(on))
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    return _save_resolution(
        candidate,
        ResolutionLevel.COMMITTEE,
        purpose,
        on,
        outcome,
        actor,
        document_number=number,
        eligible=members,
        in_favour=in_favour,
        registry_count=registry,
        eligible_reason=reason if registry is not None and registry != members else "",
        checked=checked,
        present=(minutes or {}).get("present"),
        minutes=minutes,
    )


@transaction.atomic
def decide_admission(
    candidate: Candidate,
    *,
    actor: Any,
    document_number: str,
    signed_on: date,
    received_on: date | None = None,
    signer: str = "",
    committee_members: int | None = None,
    committee_in_favour: int | None = None,
    committee_resolution_number: str = "",
    committee_members_reason: str = "",
    committee_minutes: Mapping[str, Any] | None = None,
    approval: str = "",
    ctx: Context | None = None,
    today: date | None = None,
) -> AdmissionDecision:
    """Quyết định kết nạp (9-KNĐ), with the committee's resolution (8-KNĐ) when it voted."""
    _require_decide(actor, candidate)
    ctx = ctx or Context()
    received_on = received_on or signed_on
    if received_on < signed_on:
        raise ValidationError({"received_on": "Ngày chi bộ nhận quyết định không thể trước ngày ký."})
    facts: dict[str, Any] = {}
    if committee_members is not None and committee_in_favour is not None:
        resolution = _committee_resolution(
            candidate,
            ResolutionPurpose.ADMISSION,
            signed_on,
            committee_members,
            committee_in_favour,
            committee_resolution_number,
            actor,
            ctx,
            committee_members_reason,
            committee_minutes,
        )
        file_produced(candidate, "8-KNĐ", signed_on, resolution.document_number)
        facts = {"committee_members": committee_members, "committee_in_favour": committee_in_favour}
    decision = AdmissionDecision.objects.create(
        candidate=candidate,
        document_number=normalize(document_number),
        signed_on=signed_on,
        received_on=received_on,
        issued_by=committee_of(candidate.organization),
        signer=normalize(signer),
    )
    advance(
        candidate,
        Stage.ADMITTED,
        on=signed_on,
        actor=actor,
        evidence=decision,
        approval=approval,
        ctx=ctx,
        today=today,
        **facts,
    )
    file_produced(candidate, "9-KNĐ", signed_on, decision.document_number)
    return decision


def _save_member(member: Member, actor: Any) -> None:
    """The registry is the orgs app's; go through its service when a person acts."""
    if actor is None:
        member.fill_derived()
        member.save()
    else:
        save_member(member, actor=actor)


@transaction.atomic
def hold_ceremony(
    candidate: Candidate,
    *,
    actor: Any,
    held_on: date,
    place: str = "",
    approval: str = "",
    ctx: Context | None = None,
    register_member: bool = True,
    today: date | None = None,
) -> Ceremony:
    """Lễ kết nạp: probation starts; the person joins the member registry as probationary
    (`register_member=False` when the registry is kept elsewhere, e.g. imported)."""
    if actor is not None and not permissions.can_manage(actor, candidate.organization):
        raise PermissionDenied("Bạn không có quyền ghi lễ kết nạp của chi bộ này.")
    ceremony = Ceremony.objects.create(
        candidate=candidate, held_on=held_on, place=normalize(place), late_approval=normalize(approval)
    )
    advance(
        candidate,
        Stage.PROBATIONARY,
        on=held_on,
        actor=actor,
        evidence=ceremony,
        approval=approval,
        ctx=ctx,
        today=today,
    )
    _end_mentoring(candidate, MentorPhase.CANDIDATE, held_on)
    if register_member and candidate.member_id is None:
        member = Member(
            organization=candidate.organization,
            full_name=candidate.full_name,
            sex=candidate.sex,
            birth_date=candidate.birth_date,
            status=MemberStatus.PROBATIONARY,
            admission_date=candidate.admission_decision.signed_on,
            is_demo=candidate.is_demo,
        )
        _save_member(member, actor)
        candidate.member = member
        candidate.save(update_fields=["member"])
    return ceremony


@transaction.atomic
def confirm(
    candidate: Candidate,
    *,
    actor: Any,
    outcome: str,
    document_number: str,
    decided_on: date,
    signer: str = "",
    reason: str = "",
    committee_members: int | None = None,
    committee_in_favour: int | None = None,
    committee_resolution_number: str = "",
    committee_members_reason: str = "",
    committee_minutes: Mapping[str, Any] | None = None,
    approval: str = "",
    ctx: Context | None = None,
    today: date | None = None,
) -> Confirmation:
    """The competent committee recognises the member (official from the end of the 12
    months, whatever the delays) or strikes them off the probationary list."""
    _require_decide(actor, candidate)
    ctx = ctx or Context()
    purpose = ResolutionPurpose.CONFIRMATION if outcome == ConfirmationOutcome.CONFIRMED else ResolutionPurpose.REMOVAL
    if committee_members is not None and committee_in_favour is not None:
        resolution = _committee_resolution(
            candidate,
            purpose,
            decided_on,
            committee_members,
            committee_in_favour,
            committee_resolution_number,
            actor,
            ctx,
            committee_members_reason,
            committee_minutes,
        )
        if outcome == ConfirmationOutcome.CONFIRMED:
            file_produced(candidate, "15-KNĐ", decided_on, resolution.document_number)
    confirmation = Confirmation.objects.create(
        candidate=candidate,
        outcome=outcome,
        document_number=normalize(document_number),
        decided_on=decided_on,
        official_from=probation_end(candidate, ctx) if outcome == ConfirmationOutcome.CONFIRMED else None,
        issued_by=committee_of(candidate.organization),
        signer=normalize(signer),
    )
    target = Stage.OFFICIAL if outcome == ConfirmationOutcome.CONFIRMED else Stage.REMOVED
    advance(
        candidate,
        target,
        on=decided_on,
        actor=actor,
        evidence=confirmation,
        approval=approval,
        reason=reason,
        ctx=ctx,
        today=today,
    )
    _end_mentoring(candidate, MentorPhase.PROBATION, decided_on)
    member = candidate.member
    if member is not None and outcome == ConfirmationOutcome.CONFIRMED:
        file_produced(candidate, "QĐ-CN", decided_on, confirmation.document_number)
        member.status, member.official_date = MemberStatus.OFFICIAL, confirmation.official_from
        _save_member(member, actor)
    elif member is not None:  # struck off the probationary list: off the registry's headcount
        member.left_on = decided_on
        _save_member(member, actor)
    return confirmation


def _end_mentoring(candidate: Candidate, phase: str, on: date) -> None:
    """Close the open mentor assignments of a phase one by one, so the audit sees each."""
    for mentor in candidate.mentors.filter(phase=phase, ended_on__isnull=True):
        mentor.ended_on = on
        mentor.save(update_fields=["ended_on"])
