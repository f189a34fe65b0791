"""What is due for one candidate, computed from their records and the charter.

Why one function for the agenda, the board and the candidate page: "the ceremony is
due by 14/05" must read the same everywhere, and every date comes from
`ketnap.charter` (working days with Tết, probation in months, certificate
validity) through `Rules`, never from arithmetic written here. The functions only
read prefetched relations, so callers control the query count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ketnap.charter import certificate_expiry
from ketnap.pipeline.checks import awareness_certificate, items_at_hand, latest_resolution
from ketnap.pipeline.enums import BEFORE_CELL_VOTE, MentorPhase, ResolutionPurpose, Stage
from ketnap.pipeline.models import Candidate, Mentor
from ketnap.pipeline.rules import Rules

#: How far ahead a certificate expiry or a quarter-end report is announced.
CERTIFICATE_WARNING_DAYS = 90
PROBATION_WARNING_DAYS = 30
MENTOR_FIRST_REPORT_AFTER_DAYS = 30
#: Missing reports older than this are history for the inspection, not today's work.
MENTOR_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class Due:
    """One thing that must happen by `due` (the last allowed day)."""

    kind: str
    label: str
    due: date
    citation: str = ""
    #: Before this day the item is not worth showing (e.g. a certificate years from expiry).
    shown_from: date | None = None

    def status(self, on: date, soon_days: int) -> str:
        """ "overdue", "due" (within `soon_days`) or "upcoming"."""
        if self.due < on:
            return "overdue"
        if self.due <= on + timedelta(days=soon_days):
            return "due"
        return "upcoming"


KIND_LABELS = {
    "ceremony": "Tổ chức lễ kết nạp",
    "admission_decision": "Cấp ủy quyết định kết nạp",
    "confirmation_review": "Chi bộ xét công nhận chính thức",
    "confirmation_decision": "Cấp ủy quyết định công nhận chính thức",
    "member_biography": "Khai lý lịch đảng viên",
    "certificate_expiry": "Giấy chứng nhận lớp nhận thức hết hạn",
    "mentor_report": "Báo cáo quý của đảng viên giúp đỡ",
    "sympathizer_review": "Xét danh sách cảm tình đảng hằng tháng",
    "dossier_deadline": "Gửi hồ sơ lên cấp ủy",
    "periodic_report": "Nộp báo cáo định kỳ",
    "compiled_report": "Tổng hợp báo cáo gửi cấp trên",
}


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def quarters_between(start: date, end: date) -> list[tuple[int, int]]:
    """(year, quarter) of every quarter whose last day falls in [start, end]."""
    out: list[tuple[int, int]] = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while quarter_end(year, quarter) <= end:
        if quarter_end(year, quarter) >= start:
            out.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out


def mentor_dues(mentor: Mentor, on: date, horizon: date) -> list[Due]:
    """Quarterly reports not yet received: from the first quarter ending a month after the
    assignment (001 §3.2: "định kỳ hàng quý báo cáo chi bộ") — at most a year back —
    up to `horizon`."""
    if mentor.ended_on is not None and mentor.ended_on <= on:
        return []
    reported = {(r.year, r.quarter) for r in mentor.reports.all()}
    first = max(
        mentor.assigned_on + timedelta(days=MENTOR_FIRST_REPORT_AFTER_DAYS), on - timedelta(days=MENTOR_LOOKBACK_DAYS)
    )
    last = min(horizon, mentor.ended_on) if mentor.ended_on else horizon
    return [
        Due(
            "mentor_report",
            f"Báo cáo quý {q}/{y} của đảng viên giúp đỡ {mentor.member.full_name}",
            quarter_end(y, q),
            "Kế hoạch phát triển đảng viên (001, mục 3.2): định kỳ hằng quý báo cáo chi bộ",
        )
        for y, q in quarters_between(first, last)
        if (y, q) not in reported
    ]


def _from_deadline(kind: str, label: str, deadline_date: date, citation: str, shown_from: date | None = None) -> Due:
    return Due(kind, label, deadline_date, citation, shown_from)


def candidate_dues(c: Candidate, rules: Rules, on: date) -> list[Due]:
    """Every deadline that applies to the candidate now (pending acts only)."""
    dues: list[Due] = []
    stage = c.stage
    if stage in BEFORE_CELL_VOTE:
        cert = awareness_certificate(c)
        if cert is not None:
            # The validity in force today is the one a cell meeting today would apply.
            expiry = certificate_expiry(cert.issued_on, rules.book(on))
            dues.append(
                Due(
                    "certificate_expiry",
                    f"Giấy chứng nhận số {cert.number} hết hiệu lực sau ngày {expiry:%d/%m/%Y}",
                    expiry,
                    rules.book(on).cite("certificate.validity_months"),
                    expiry - timedelta(days=CERTIFICATE_WARNING_DAYS),
                )
            )
    if stage in (Stage.CELL_RESOLUTION, Stage.COMMITTEE_REVIEW):
        resolution = latest_resolution(c, ResolutionPurpose.ADMISSION)
        if resolution is not None:
            d = rules.deadline("admission_decision", resolution.adopted_on)
            dues.append(
                _from_deadline("admission_decision", KIND_LABELS["admission_decision"], d.date, d.reasons[0].citation)
            )
    decision = getattr(c, "admission_decision", None)
    if stage == Stage.ADMITTED and decision is not None:
        d = rules.deadline("ceremony", decision.received_on)
        dues.append(_from_deadline("ceremony", KIND_LABELS["ceremony"], d.date, d.reasons[0].citation))
    ceremony = getattr(c, "ceremony", None)
    if stage == Stage.PROBATIONARY and ceremony is not None:
        if "LLĐV" not in items_at_hand(c):
            d = rules.deadline("member_biography", ceremony.held_on)
            dues.append(
                _from_deadline("member_biography", KIND_LABELS["member_biography"], d.date, d.reasons[0].citation)
            )
        end = rules.deadline("probation_end", ceremony.held_on).date
        passed = latest_resolution(c, ResolutionPurpose.CONFIRMATION)
        if passed is None:
            d = rules.deadline("confirmation_review", end)
            label = f"{KIND_LABELS['confirmation_review']} (hết dự bị ngày {end:%d/%m/%Y})"
            dues.append(
                _from_deadline(
                    "confirmation_review",
                    label,
                    d.date,
                    d.reasons[0].citation,
                    end - timedelta(days=PROBATION_WARNING_DAYS),
                )
            )
        else:
            d = rules.deadline("confirmation_decision", passed.adopted_on)
            dues.append(
                _from_deadline(
                    "confirmation_decision", KIND_LABELS["confirmation_decision"], d.date, d.reasons[0].citation
                )
            )
    phases = {MentorPhase.CANDIDATE} if stage in BEFORE_CELL_VOTE else set()
    if stage == Stage.PROBATIONARY:
        phases = {MentorPhase.PROBATION}
    horizon = on + timedelta(days=60)
    for mentor in c.mentors.all():
        if mentor.phase in phases:
            dues.extend(mentor_dues(mentor, on, horizon))
    return dues
