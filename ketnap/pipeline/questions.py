"""The charter questions a step asks before it moves a candidate (the `check` of a
row of `ketnap.pipeline.steps.STEPS`), and the date of effect of the moves whose
legal date differs from the day of the act (official membership starts when
probation ends).

Why a module of its own: the step table stays declarative (a reader sees the whole
procedure on one screen), while these functions translate the candidate's records
into the charter's facts (through `checks.py`); every rule, threshold and ordering
is decided by `ketnap.charter` and each Reason carries the charter's citation.

Facts a check may use (passed to `advance(**facts)`):
    eligible, excused, in_favour   the cell's vote (admission, confirmation, removal)
    committee_members, committee_in_favour   the committee's vote, when it votes
    certificate_date               a certificate being recorded
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ketnap.charter import Verdict, check_committee_vote
from ketnap.charter.timeline import check_document_date, check_order
from ketnap.pipeline import checks
from ketnap.pipeline.checks import Context
from ketnap.pipeline.enums import ResolutionPurpose, Stage
from ketnap.pipeline.models import Candidate

Check = Callable[[Candidate, date, Context, dict[str, Any]], list[Verdict]]
Effective = Callable[[Candidate, date, Context], date]


def certified(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    return [checks.certificate_verdict(c, on, ctx, facts.get("certificate_date"))]


def dossier_opened(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    """The application follows a valid certificate (06-HD/TW §3: certificate → đơn)."""
    return [checks.certificate_verdict(c, on, ctx)]


def sent_for_verification(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    return [checks.documents_verdict(c, Stage.VERIFICATION, on, ctx.parent_kind(c.organization))]


def cell_resolution(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    """Everything the cell committee re-checks before the vote, and the vote itself."""
    return [
        *checks.eligibility(c, on, ctx),
        *checks.verification_parts(c),
        checks.documents_verdict(c, Stage.CELL_RESOLUTION, on, ctx.parent_kind(c.organization)),
        checks.vote_verdict(facts, on, ctx, ResolutionPurpose.ADMISSION),
    ]


def admitted(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    resolution = checks.latest_resolution(c, ResolutionPurpose.ADMISSION)
    if resolution is None:
        return [
            checks.verdict(
                "fail",
                "decision.no_resolution",
                "Chưa có nghị quyết của chi bộ đề nghị kết nạp.",
                checks.FORMS_CITATION,
            )
        ]
    deadline = ctx.rules.deadline("admission_decision", resolution.adopted_on)
    verdicts = [checks.within(deadline, on, "Quyết định kết nạp")]
    order = check_order(
        on,
        resolution.adopted_on,
        rule="decision.before_resolution",
        message=f"Ngày quyết định {on:%d/%m/%Y} trước ngày chi bộ họp xét {resolution.adopted_on:%d/%m/%Y}.",
        citation=deadline.reasons[0].citation,
    )
    verdicts += [order] if order else []
    verdicts += [
        check_document_date(
            a.appraised_on, on, document=f"{a}", act="ngày quyết định kết nạp", citation=checks.ORDER_CITATION
        )
        for a in c.appraisals.all()
        if a.appraised_on > on
    ]
    if "committee_in_favour" in facts:
        outcome = check_committee_vote(
            int(facts["committee_members"]), int(facts["committee_in_favour"]), ctx.rules.book(on)
        )
        verdicts.append(outcome.verdict)
    return verdicts


def ceremony(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    decision = getattr(c, "admission_decision", None)
    if decision is None:
        return [checks.verdict("fail", "ceremony.no_decision", "Chưa có quyết định kết nạp.", checks.FORMS_CITATION)]
    deadline = ctx.rules.deadline("ceremony", decision.received_on)
    verdicts = [checks.within(deadline, on, "Lễ kết nạp tổ chức")]
    order = check_order(
        on,
        decision.received_on,
        rule="ceremony.before_decision",
        message=f"Lễ kết nạp ngày {on:%d/%m/%Y} trước khi chi bộ nhận quyết định ({decision.received_on:%d/%m/%Y}).",
        citation=deadline.reasons[0].citation,
    )
    verdicts += [order] if order else []
    return verdicts


def probation_end(c: Candidate, ctx: Context) -> date | None:
    ceremony = getattr(c, "ceremony", None)
    return ctx.rules.deadline("probation_end", ceremony.held_on).date if ceremony else None


def probation_over(c: Candidate, vote_on: date, ctx: Context) -> Verdict | None:
    """The one check that the cell considers recognition only after the 12 months of
    probation (a failure, or None when the probation is over or has not started)."""
    ceremony = getattr(c, "ceremony", None)
    if ceremony is None:
        return None
    end = ctx.rules.deadline("probation_end", ceremony.held_on)
    return check_order(
        vote_on,
        end.date,
        rule="confirmation.too_early",
        message=f"Chi bộ xét ngày {vote_on:%d/%m/%Y}, trước khi hết thời gian dự bị (hết ngày {end.date:%d/%m/%Y}).",
        citation=end.reasons[0].citation,
    )


def official_from(c: Candidate, on: date, ctx: Context) -> date:
    return probation_end(c, ctx) or on


def confirmed(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    """Recognition: not before probation ends, cell review and decision within their limits."""
    ceremony = getattr(c, "ceremony", None)
    if ceremony is None:
        return [checks.verdict("fail", "confirmation.no_ceremony", "Chưa ghi lễ kết nạp.", checks.FORMS_CITATION)]
    end = ctx.rules.deadline("probation_end", ceremony.held_on)
    resolution = checks.latest_resolution(c, ResolutionPurpose.CONFIRMATION)
    cite = end.reasons[0].citation
    if resolution is None:
        return [
            checks.verdict(
                "fail", "confirmation.no_resolution", "Chi bộ chưa có nghị quyết đề nghị công nhận chính thức.", cite
            )
        ]
    verdicts: list[Verdict] = []
    early = probation_over(c, resolution.adopted_on, ctx)
    if early is not None:
        verdicts.append(early)
    else:
        review = ctx.rules.deadline("confirmation_review", end.date)
        verdicts.append(checks.within(review, resolution.adopted_on, "Chi bộ xét công nhận chính thức"))
        decision = ctx.rules.deadline("confirmation_decision", resolution.adopted_on)
        verdicts.append(checks.within(decision, on, "Quyết định công nhận chính thức"))
    verdicts.append(checks.documents_verdict(c, Stage.OFFICIAL, on, ctx.parent_kind(c.organization)))
    if checks.new_member_certificate(c) is None:
        verdicts.append(
            checks.verdict(
                "fail",
                "confirmation.new_member_course",
                "Chưa có giấy chứng nhận lớp bồi dưỡng lý luận chính trị cho đảng viên mới.",
                checks.FORMS_CITATION,
            )
        )
    return verdicts


def removed(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    """Xóa tên: on the cell's 2/3 resolution, or by the higher committee after three failed votes."""
    if checks.latest_resolution(c, ResolutionPurpose.REMOVAL) is not None:
        return [
            checks.verdict(
                "pass", "removal.resolution", "Chi bộ đã có nghị quyết đề nghị xóa tên.", checks.FORMS_CITATION
            )
        ]
    failed = checks.failed_rounds(c, ResolutionPurpose.CONFIRMATION) + checks.failed_rounds(
        c, ResolutionPurpose.REMOVAL
    )
    book = ctx.rules.book(on)
    if failed >= book.number("vote.max_failed_rounds"):
        return [
            checks.verdict(
                "needs_approval",
                "vote.escalate",
                f"Chi bộ đã biểu quyết {failed} lần không đạt: cấp ủy cấp trên trực tiếp và cấp ủy có thẩm quyền "
                "xem xét, quyết định.",
                book.cite("vote.max_failed_rounds"),
            )
        ]
    return [
        checks.verdict(
            "fail", "removal.no_resolution", "Chưa có nghị quyết của chi bộ đề nghị xóa tên.", checks.FORMS_CITATION
        )
    ]
