"""The one service that moves a candidate from a stage to another.

    advance(candidate, to_stage, *, on, actor, reason="", evidence=None, approval="", **facts)

In one transaction it: finds the move in `steps.TRANSITIONS` (else refuses),
checks the actor's role for that move, asks the charter whether the date keeps the
timeline ordered (`charter.timeline.check_act_date`: not after `today`, not before
the candidate's previous event; a back-dated act is marked) and the step's own
question,
writes an append-only `StageEvent` (date of effect, who recorded it and when, the
reason, the evidence, the organisation path at that time, the rulebook and every
reason the charter gave), updates the cached `Candidate.stage`/`stage_since`,
records the audit, and re-checks that the actor still sees the candidate.

A refusal raises `MoveRefused` carrying the charter's reasons and changes nothing.
A verdict of "needs_approval" (a late ceremony, a decision past its limit, an
applicant over 60…) goes through only with `approval`: the number and date of the
document by which the competent body agreed; that text is kept on the event.

`actor=None` is the system itself (demo loader, management commands): no role is
checked, the event has no recorder. Views always pass the request's user.
No other code sets `Candidate.stage`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from ketnap.audit.registry import record
from ketnap.charter import NoRulebookError, Reason, Verdict, combine
from ketnap.charter.timeline import check_act_date
from ketnap.orgs.history import path_on
from ketnap.pipeline import permissions
from ketnap.pipeline.checks import Context
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Candidate, StageEvent

if TYPE_CHECKING:
    from ketnap.pipeline.steps import Step


@dataclass(frozen=True)
class Assessment:
    """The charter's answer about one move: each rule's verdict, in checklist order."""

    move: Step | None
    parts: tuple[Verdict, ...] = ()

    @property
    def verdict(self) -> Verdict:
        return combine(self.parts)


class MoveRefused(Exception):
    """The move is not allowed or the charter refused it; nothing was written.

    `parts` are the charter's verdicts, one per rule, each with its reasons (rule,
    message, citation), to show next to the form; `needs_approval` tells the page to
    ask for the approving document.
    """

    def __init__(self, message: str, parts: tuple[Verdict, ...] = (), *, needs_approval: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.parts = parts
        self.needs_approval = needs_approval

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(reason for part in self.parts for reason in part.reasons)

    @property
    def failures(self) -> tuple[Reason, ...]:
        """The reasons of the rules that stopped the move."""
        return tuple(reason for part in self.parts if part.status != "pass" for reason in part.reasons)


def previous_event_on(candidate: Candidate) -> date | None:
    """The date of the candidate's latest event (their timeline's last line)."""
    if candidate.pk is None:
        return None
    latest = StageEvent.objects.filter(candidate_id=candidate.pk).order_by("-effective_on").first()
    return latest.effective_on if latest else None


def assess(
    candidate: Candidate,
    to_stage: str,
    *,
    on: date,
    ctx: Context | None = None,
    today: date | None = None,
    **facts: Any,
) -> Assessment:
    """What the charter says about a move on `on`, without writing or checking roles.

    Used by `advance`, by the candidate page ("Kiểm tra điều kiện") and the board.
    A move that is not in the table is refused with its own reason. With `today`,
    the date itself is checked too (the page's preview leaves it out).
    """
    from ketnap.pipeline.steps import transition

    move = transition(candidate.stage, to_stage)
    if move is None:
        label = Stage(to_stage).label if to_stage in Stage.values else to_stage
        current = Stage(candidate.stage).label if candidate.stage else "chưa có"
        reason = Reason(
            "stage.not_allowed",
            f"Không thể chuyển từ giai đoạn “{current}” sang “{label}”.",
            "Bảng các bước của quy trình (ketnap.pipeline.steps.STEPS)",
        )
        return Assessment(None, (Verdict("fail", (reason,)),))
    parts: list[Verdict] = []
    if today is not None:
        parts.append(check_act_date(on, today=today, previous=previous_event_on(candidate), what=move.label))
    if move.check is not None:
        parts += move.check(candidate, on, ctx or Context(), facts)
    return Assessment(move, tuple(parts))


def _evidence_fields(evidence: models.Model | str | None) -> dict[str, Any]:
    if evidence is None:
        return {}
    if isinstance(evidence, str):
        return {"evidence": evidence[:255]}
    return {"evidence": str(evidence)[:255], "evidence_model": evidence._meta.label, "evidence_id": evidence.pk}


def _checked(parts: tuple[Verdict, ...]) -> list[dict[str, str]]:
    """Every reason the charter gave, each with the status of its rule, so that the
    inspection page can show which conditions an approving document waived."""
    return [{**r.to_dict(), "status": part.status} for part in parts for r in part.reasons]


def _rulebook_id(ctx: Context, on: date) -> str:
    """The rulebook the check applied ("" for a historical fact before every rulebook)."""
    try:
        return ctx.rules.book(on).id
    except NoRulebookError:
        return ""


@transaction.atomic
def advance(
    candidate: Candidate,
    to_stage: str,
    *,
    on: date,
    actor: Any,
    reason: str = "",
    evidence: models.Model | str | None = None,
    approval: str = "",
    ctx: Context | None = None,
    today: date | None = None,
    **facts: Any,
) -> StageEvent:
    """Move `candidate` to `to_stage` with effect on `on` (see the module docstring)."""
    locked = Candidate.objects.select_for_update().select_related("organization").get(pk=candidate.pk)
    candidate.stage, candidate.stage_since = locked.stage, locked.stage_since
    ctx = ctx or Context()
    today = today or timezone.localdate()
    try:
        assessment = assess(candidate, to_stage, on=on, ctx=ctx, today=today, **facts)
    except NoRulebookError as exc:
        none = Reason("rulebook.none", str(exc), "ketnap.charter.RULEBOOKS")
        raise MoveRefused(str(exc), (Verdict("fail", (none,)),)) from exc
    move, verdict = assessment.move, assessment.verdict
    if move is None:
        raise MoveRefused(verdict.reasons[0].message, assessment.parts)
    if actor is not None and not permissions.allowed(actor, candidate.organization, move.roles):
        raise PermissionDenied(f"Bạn không có quyền thực hiện: {move.label.lower()}.")
    source = candidate.stage
    if move.needs_reason and not reason.strip():
        reason_rule = Reason("stage.reason", f"{move.label}: cần ghi rõ lý do.", "Quy trình của hệ thống (C9)")
        raise MoveRefused("Cần ghi lý do.", (Verdict("fail", (reason_rule,)),))
    if verdict.status == "fail":
        raise MoveRefused(f"Không thể {move.label.lower()}: chưa đủ điều kiện.", assessment.parts)
    if verdict.status == "needs_approval" and not approval.strip():
        raise MoveRefused(
            f"{move.label}: cần ý kiến đồng ý của cấp có thẩm quyền.", assessment.parts, needs_approval=True
        )
    effective_on = move.effective(candidate, on, ctx) if move.effective else on
    org = candidate.organization
    event = StageEvent.objects.create(
        candidate=candidate,
        from_stage=source,
        to_stage=to_stage,
        effective_on=effective_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        reason=reason.strip(),
        approval=approval.strip(),
        organization=org,
        org_path=path_on(org, effective_on),
        rulebook_id=_rulebook_id(ctx, on) if move.check else "",
        reasons=_checked(assessment.parts),
        **_evidence_fields(evidence),
    )
    candidate.stage, candidate.stage_since = to_stage, effective_on
    Candidate.objects.filter(pk=candidate.pk).update(stage=to_stage, stage_since=effective_on)
    record(
        "update",
        candidate,
        {"stage": [source or None, to_stage], "stage_since": [None, effective_on.isoformat()]},
        user=actor,
    )
    if actor is not None and not Candidate.objects.visible_to(actor).filter(pk=candidate.pk).exists():
        raise PermissionDenied("Quần chúng nằm ngoài phạm vi của bạn.")
    return event
