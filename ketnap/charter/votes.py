"""Vote thresholds of cells and committees.

Why: a resolution is valid only with at least 2/3 of the cell's official
members (Charter Art. 4.3), after the legal deductions from the denominator
(24/294-QĐ/TW §9.3.2: members temporarily attached elsewhere, members exempted
from activity who are absent, members suspended, prosecuted or detained, and
members with approved absence from the whole meeting). Thresholds are computed
with integers so that exactly 2/3 passes (9 members need 6, 10 need 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from .rulebooks import Rulebook
from .timeline import DATA_CHECK
from .verdicts import Reason, Verdict, verdict

VotePurpose = Literal["admission", "confirmation"]


def required_votes(denominator: int, ratio: Fraction) -> int:
    """Smallest whole number of votes reaching `ratio` of `denominator` (ceiling, exact)."""
    if denominator < 0:
        raise ValueError("denominator must not be negative")
    return -(-denominator * ratio.numerator // ratio.denominator)


@dataclass(frozen=True, slots=True)
class VoteOutcome:
    """A vote's verdict with the arithmetic shown (denominator and votes required)."""

    verdict: Verdict
    denominator: int
    required: int

    def to_dict(self) -> dict[str, object]:
        """JSON shape used by `explain`."""
        return {
            **self.verdict.to_dict(),
            "denominator": self.denominator,
            "required": self.required,
        }


def _validate(total: int, deducted: int, in_favour: int) -> int:
    if min(total, deducted, in_favour) < 0:
        raise ValueError("Số đảng viên, số được trừ và số phiếu tán thành không được âm.")
    denominator = total - deducted
    if denominator <= 0:
        raise ValueError("Sau khi trừ theo quy định, chi bộ không còn đảng viên chính thức nào để biểu quyết.")
    if in_favour > denominator:
        raise ValueError(f"Số tán thành ({in_favour}) lớn hơn số đảng viên chính thức được tính ({denominator}).")
    return denominator


def check_cell_vote(
    official_members: int,
    in_favour: int,
    rulebook: Rulebook,
    *,
    excused: int = 0,
    purpose: VotePurpose = "admission",
    previous_failed_rounds: int = 0,
) -> VoteOutcome:
    """The cell's vote to admit or to confirm a member.

    `excused` is the number of official members deducted from the denominator
    under §9.3.2. For a confirmation vote, `previous_failed_rounds` counts
    earlier votes that reached 2/3 neither to confirm nor to remove: the third
    failed vote must be reported to the higher committee, which decides
    (needs_approval, rule "vote.escalate"). Raises ValueError (Vietnamese
    message) for impossible counts.
    """
    denominator = _validate(official_members, excused, in_favour)
    ratio = rulebook.ratio("vote.cell_ratio")
    required = required_votes(denominator, ratio)
    cite = rulebook.cite("vote.cell_ratio")
    arithmetic = (
        f"{official_members} đảng viên chính thức, trừ {excused} theo quy định, còn {denominator}; "
        f"cần ít nhất {required} phiếu ({ratio}), có {in_favour} phiếu tán thành"
    )
    if in_favour >= required:
        return VoteOutcome(
            verdict("pass", "vote.cell", f"Nghị quyết hợp lệ: {arithmetic}.", cite),
            denominator,
            required,
        )
    failed = verdict("fail", "vote.cell", f"Chưa đủ tỷ lệ tán thành: {arithmetic}.", cite)
    limit = rulebook.number("vote.max_failed_rounds")
    if purpose == "confirmation" and previous_failed_rounds + 1 >= limit:
        escalate = Reason(
            "vote.escalate",
            f"Đã biểu quyết {previous_failed_rounds + 1} lần không đạt: báo cáo cấp ủy cấp trên "
            "trực tiếp và cấp ủy có thẩm quyền xem xét, quyết định.",
            rulebook.cite("vote.max_failed_rounds"),
        )
        escalated = Verdict("needs_approval", (*failed.reasons, escalate))
        return VoteOutcome(escalated, denominator, required)
    return VoteOutcome(failed, denominator, required)


def check_committee_vote(committee_members: int, in_favour: int, rulebook: Rulebook) -> VoteOutcome:
    """Vote of a grassroots committee authorised to decide: 2/3 of ALL committee members."""
    denominator = _validate(committee_members, 0, in_favour)
    ratio = rulebook.ratio("vote.committee_ratio")
    required = required_votes(denominator, ratio)
    text = f"{in_favour}/{committee_members} cấp ủy viên tán thành, cần ít nhất {required} ({ratio} tổng số)"
    cite = rulebook.cite("vote.committee_ratio")
    if in_favour >= required:
        result = verdict("pass", "vote.committee", f"Nghị quyết cấp ủy hợp lệ: {text}.", cite)
    else:
        result = verdict("fail", "vote.committee", f"Chưa đủ tỷ lệ: {text}.", cite)
    return VoteOutcome(result, denominator, required)


def check_attendance(eligible: int, present: int, in_favour: int, against: int) -> Verdict:
    """The meeting's arithmetic: those present are members, the ballots are of those present.

    `present ≤ eligible` and `in_favour + against ≤ present` are plain logic (a vote
    of 6 for and 0 against with 3 present is a typing error); the threshold itself
    is `check_cell_vote`'s.
    """
    if min(eligible, present, in_favour, against) < 0:
        return verdict("fail", "vote.negative", "Các con số của cuộc họp không được âm.", DATA_CHECK)
    if present > eligible:
        return verdict(
            "fail",
            "vote.present_over_eligible",
            f"Số có mặt ({present}) lớn hơn tổng số đảng viên chính thức ({eligible}).",
            DATA_CHECK,
        )
    if in_favour + against > present:
        return verdict(
            "fail",
            "vote.ballots_over_present",
            f"Số tán thành ({in_favour}) cộng số không tán thành ({against}) lớn hơn số có mặt ({present}).",
            DATA_CHECK,
        )
    return verdict(
        "pass",
        "vote.attendance",
        f"Có mặt {present}/{eligible}; {in_favour} tán thành, {against} không tán thành.",
        DATA_CHECK,
    )


def check_registry_count(
    typed: int, registry: int, reason: str, *, day: str, rulebook: Rulebook, committee: bool = False
) -> Verdict:
    """The number of official members is the registry's on the meeting day; a different
    number is accepted only with the reason (an incomplete registry), and is marked
    (rule `vote.registry_corrected`) so the inspection committee sees it. With
    `committee=True` the number is of a committee's members, against its seats."""
    cite = rulebook.cite("vote.committee_ratio" if committee else "vote.cell_ratio")
    who, where = (
        ("cấp ủy viên", "danh sách cấp ủy viên") if committee else ("đảng viên chính thức", "danh sách đảng viên")
    )
    if typed == registry:
        return verdict("pass", "vote.registry", f"Tổng số {who} {typed}, đúng {where} ngày {day}.", cite)
    if not reason.strip():
        return verdict(
            "fail",
            "vote.registry_mismatch",
            f"{where[0].upper()}{where[1:]} ngày {day} có {registry} {who}, không phải {typed}; "
            "ghi lý do nếu danh sách chưa đầy đủ.",
            cite,
        )
    return verdict(
        "pass",
        "vote.registry_corrected",
        f"Tổng số sửa thành {typed} ({where} ngày {day} có {registry}); lý do: {reason.strip()}.",
        cite,
    )
