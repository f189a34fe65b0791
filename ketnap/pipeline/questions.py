"""Stages as data (C9): the table of allowed moves and what the charter checks for each.

Why a table: a reader (or the inspection committee) sees every allowed move, who
may make it and which rules apply, in one place; the service `advance()` is the
only code that performs a move and it does nothing a row here does not say.
Each row names its roles, whether a reason is required, the check (charter calls
in `checks.py`) and, when the legal date of effect differs from the day of the
act, how to compute it (official membership starts when probation ends).

Facts a check may use (passed to `advance(**facts)`):
    eligible, excused, in_favour   the cell's vote (admission, confirmation, removal)
    committee_members, committee_in_favour   the committee's vote, when it votes
    certificate_date               a certificate being recorded
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ketnap.charter import Verdict, check_committee_vote
from ketnap.pipeline import checks
from ketnap.pipeline.checks import Context
from ketnap.pipeline.enums import POOL, ResolutionPurpose, Stage
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.permissions import COURSES, DECIDE, INTRODUCE, MANAGE

Check = Callable[[Candidate, date, Context, dict[str, Any]], list[Verdict]]
Effective = Callable[[Candidate, date, Context], date]


@dataclass(frozen=True)
class Move:
    """One allowed move."""

    source: str
    target: str
    label: str
    roles: frozenset[str]
    needs_reason: bool = False
    check: Check | None = None
    effective: Effective | None = None
    #: Shown as a generic button on the candidate page (others have their own form).
    generic: bool = False


def _certified(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    return [checks.certificate_verdict(c, on, ctx, facts.get("certificate_date"))]


def _dossier_opened(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    """The application follows a valid certificate (06-HD/TW §3: certificate → đơn)."""
    return [checks.certificate_verdict(c, on, ctx)]


def _sent_for_verification(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    return [checks.documents_verdict(c, Stage.VERIFICATION, on, ctx.parent_kind(c.organization))]


def _cell_resolution(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    """Everything the cell committee re-checks before the vote, and the vote itself."""
    return [
        *checks.eligibility(c, on, ctx),
        *checks.verification_parts(c),
        checks.documents_verdict(c, Stage.CELL_RESOLUTION, on, ctx.parent_kind(c.organization)),
        checks.vote_verdict(facts, on, ctx, ResolutionPurpose.ADMISSION),
    ]


def _admitted(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
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
    if on < resolution.adopted_on:
        verdicts.append(
            checks.verdict(
                "fail",
                "decision.before_resolution",
                f"Ngày quyết định {on:%d/%m/%Y} trước ngày chi bộ họp xét {resolution.adopted_on:%d/%m/%Y}.",
                deadline.reasons[0].citation,
            )
        )
    if "committee_in_favour" in facts:
        outcome = check_committee_vote(
            int(facts["committee_members"]), int(facts["committee_in_favour"]), ctx.rules.book(on)
        )
        verdicts.append(outcome.verdict)
    return verdicts


def _ceremony(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
    decision = getattr(c, "admission_decision", None)
    if decision is None:
        return [checks.verdict("fail", "ceremony.no_decision", "Chưa có quyết định kết nạp.", checks.FORMS_CITATION)]
    deadline = ctx.rules.deadline("ceremony", decision.received_on)
    verdicts = [checks.within(deadline, on, "Lễ kết nạp tổ chức")]
    if on < decision.received_on:
        verdicts.append(
            checks.verdict(
                "fail",
                "ceremony.before_decision",
                f"Lễ kết nạp ngày {on:%d/%m/%Y} trước khi chi bộ nhận quyết định ({decision.received_on:%d/%m/%Y}).",
                deadline.reasons[0].citation,
            )
        )
    return verdicts


def probation_end(c: Candidate, ctx: Context) -> date | None:
    ceremony = getattr(c, "ceremony", None)
    return ctx.rules.deadline("probation_end", ceremony.held_on).date if ceremony else None


def _official_from(c: Candidate, on: date, ctx: Context) -> date:
    return probation_end(c, ctx) or on


def _confirmed(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
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
    if resolution.adopted_on < end.date:
        verdicts.append(
            checks.verdict(
                "fail",
                "confirmation.too_early",
                f"Chi bộ xét ngày {resolution.adopted_on:%d/%m/%Y}, trước khi hết thời gian dự bị "
                f"(hết ngày {end.date:%d/%m/%Y}).",
                cite,
            )
        )
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


def _removed(c: Candidate, on: date, ctx: Context, facts: dict[str, Any]) -> list[Verdict]:
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


_ALL_MANAGE_OR_COURSES = MANAGE | COURSES

_MOVES: list[Move] = [
    Move("", Stage.INTRODUCED, "Giới thiệu quần chúng ưu tú", INTRODUCE),
    Move(Stage.INTRODUCED, Stage.SYMPATHIZER, "Đưa vào danh sách cảm tình đảng", MANAGE, generic=True),
    Move(Stage.SYMPATHIZER, Stage.IN_COURSE, "Ghi danh lớp bồi dưỡng nhận thức về Đảng", COURSES),
    Move(Stage.SYMPATHIZER, Stage.CERTIFIED, "Ghi giấy chứng nhận đã có", _ALL_MANAGE_OR_COURSES, check=_certified),
    Move(Stage.IN_COURSE, Stage.CERTIFIED, "Hoàn thành lớp, cấp giấy chứng nhận", COURSES, check=_certified),
    Move(Stage.IN_COURSE, Stage.SYMPATHIZER, "Không hoàn thành lớp", COURSES, needs_reason=True),
    Move(Stage.CERTIFIED, Stage.IN_COURSE, "Học lại lớp bồi dưỡng nhận thức", COURSES),
    Move(
        Stage.CERTIFIED, Stage.DOSSIER, "Nhận đơn xin vào Đảng, lập hồ sơ", MANAGE, check=_dossier_opened, generic=True
    ),
    Move(
        Stage.DOSSIER,
        Stage.VERIFICATION,
        "Gửi hồ sơ thẩm tra lý lịch",
        MANAGE,
        check=_sent_for_verification,
        generic=True,
    ),
    Move(
        Stage.VERIFICATION, Stage.CELL_RESOLUTION, "Chi bộ biểu quyết đề nghị kết nạp", MANAGE, check=_cell_resolution
    ),
    Move(Stage.CELL_RESOLUTION, Stage.COMMITTEE_REVIEW, "Gửi hồ sơ lên cấp ủy cơ sở", MANAGE, generic=True),
    Move(Stage.COMMITTEE_REVIEW, Stage.ADMITTED, "Quyết định kết nạp", DECIDE, check=_admitted),
    Move(Stage.ADMITTED, Stage.PROBATIONARY, "Tổ chức lễ kết nạp", MANAGE, check=_ceremony),
    Move(
        Stage.PROBATIONARY,
        Stage.OFFICIAL,
        "Công nhận đảng viên chính thức",
        DECIDE,
        check=_confirmed,
        effective=_official_from,
    ),
    Move(Stage.PROBATIONARY, Stage.REMOVED, "Xóa tên trong danh sách đảng viên dự bị", DECIDE, True, _removed),
    Move(Stage.WITHDRAWN, Stage.SYMPATHIZER, "Đưa trở lại danh sách cảm tình đảng", MANAGE, True, generic=True),
    Move(Stage.WITHDRAWN, Stage.INTRODUCED, "Giới thiệu lại", INTRODUCE, True),
    Move(Stage.REJECTED, Stage.INTRODUCED, "Giới thiệu lại", INTRODUCE, True),
]
for _stage in POOL:
    _MOVES.append(Move(_stage, Stage.WITHDRAWN, "Đưa ra khỏi danh sách", MANAGE, True, generic=True))
for _stage in (*POOL, Stage.ADMITTED, Stage.PROBATIONARY):
    _MOVES.append(Move(_stage, Stage.MOVED, "Chuyển sinh hoạt đi nơi khác", MANAGE, True, generic=True))
for _stage, _roles in (
    (Stage.VERIFICATION, MANAGE),
    (Stage.CELL_RESOLUTION, DECIDE),
    (Stage.COMMITTEE_REVIEW, DECIDE),
):
    _MOVES.append(Move(_stage, Stage.REJECTED, "Không kết nạp", _roles, True, generic=True))

#: (from, to) → Move. The only moves there are.
TRANSITIONS: dict[tuple[str, str], Move] = {(m.source, m.target): m for m in _MOVES}


def moves_from(stage: str) -> list[Move]:
    """The moves allowed from `stage`, in table order."""
    return [m for m in _MOVES if m.source == stage]


def move_for(source: str, target: str) -> Move | None:
    return TRANSITIONS.get((source, target))
