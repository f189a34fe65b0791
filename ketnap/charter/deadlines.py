"""Legal time limits of the admission procedure.

Why: the cell secretary and the organising board must know, for every step,
the last allowed day — counted in working days with Tết, substitute days and
swapped Saturdays (see `workdays`), or in months for probation. The rulebook
in force on the day of the event applies (a resolution passed on 30/6/2025
follows 232-QĐ/TW even if the deadline falls after 01/7/2025).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .periods import add_months
from .rulebooks import Rulebook, rulebook_for
from .verdicts import Reason
from .workdays import WorkCalendar

Event = Literal[
    "admission_decision",
    "ceremony",
    "probation_end",
    "confirmation_review",
    "confirmation_decision",
    "member_biography",
]

#: event → (rulebook key of the period, extension key or None, Vietnamese description of the
#: event and of what is due).
_EVENTS: dict[str, tuple[str, str | None, str]] = {
    "admission_decision": (
        "deadline.admission_decision_wd",
        "deadline.decision_extension_wd",
        "Cấp ủy có thẩm quyền ra quyết định kết nạp kể từ ngày chi bộ có nghị quyết đề nghị",
    ),
    "ceremony": (
        "deadline.ceremony_wd",
        None,
        "Chi bộ tổ chức lễ kết nạp kể từ ngày nhận quyết định kết nạp "
        "(quá hạn phải báo cáo và được cấp ủy cấp trên trực tiếp đồng ý)",
    ),
    "probation_end": (
        "probation.months",
        None,
        "Kết thúc thời gian dự bị kể từ ngày chi bộ tổ chức lễ kết nạp; "
        "đảng viên được công nhận chính thức từ ngày này",
    ),
    "confirmation_review": (
        "deadline.confirmation_review_wd",
        None,
        "Chi bộ xét, đề nghị công nhận đảng viên chính thức sau khi hết thời gian dự bị",
    ),
    "confirmation_decision": (
        "deadline.confirmation_decision_wd",
        "deadline.decision_extension_wd",
        "Cấp ủy có thẩm quyền quyết định công nhận đảng viên chính thức kể từ ngày chi bộ có nghị quyết đề nghị",
    ),
    "member_biography": (
        "deadline.member_biography_wd",
        None,
        "Đảng viên mới khai lý lịch đảng viên kể từ ngày lễ kết nạp",
    ),
}

EVENTS: tuple[str, ...] = tuple(_EVENTS)


@dataclass(frozen=True, slots=True)
class Deadline:
    """The last allowed day of a step, and why.

    `working_days` is None for periods counted in months (probation).
    `extendable_by` (working days) and `extended_date` are set where the rule
    allows an extension "in special cases".
    """

    date: dt.date
    working_days: int | None
    rulebook_id: str
    reasons: tuple[Reason, ...]
    extendable_by: int | None = None
    extended_date: dt.date | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON shape used by `explain` and the API."""
        return {
            "deadline": self.date.isoformat(),
            "working_days": self.working_days,
            "rulebook": self.rulebook_id,
            "extendable_by": self.extendable_by,
            "extended_deadline": self.extended_date.isoformat() if self.extended_date else None,
            "reasons": [r.to_dict() for r in self.reasons],
        }


def deadline(
    event: str,
    from_date: date,
    calendar: WorkCalendar,
    rulebook: Rulebook | None = None,
) -> Deadline:
    """Return the deadline of `event` counted from `from_date`.

    `rulebook` defaults to the one in force on `from_date` (pass one built by
    `rulebook_for(from_date, overrides)` to apply administrator overrides).
    Working-day periods end on the Nth working day after `from_date`; the
    probation ends on the same day 12 months later, or the month's last day.
    """
    if event not in _EVENTS:
        raise ValueError(f"Không có thời hạn cho sự kiện “{event}”.")
    book = rulebook if rulebook is not None else rulebook_for(from_date)
    key, extension_key, description = _EVENTS[event]
    period = book.number(key)
    citation = book.cite(key)
    if key.endswith("_wd"):
        end = calendar.add_working_days(from_date, period)
        working_days: int | None = period
        message = (
            f"{description}: {period} ngày làm việc, tính từ ngày {from_date:%d/%m/%Y} "
            f"(không tính ngày đó) → hạn cuối {end:%d/%m/%Y}."
        )
    else:
        end = add_months(from_date, period)
        working_days = None
        message = (
            f"{description}: {period} tháng từ ngày {from_date:%d/%m/%Y} → {end:%d/%m/%Y} "
            "(tháng cuối không có ngày tương ứng thì lấy ngày cuối tháng)."
        )
    counting = "cách tính: Bộ luật Dân sự 2015, Điều 147–148"
    reasons = [Reason(f"deadline.{event}", message, f"{citation}; {counting}")]
    if working_days is not None:
        skipped = calendar.days_off(from_date, end)
        if skipped:
            listed = "; ".join(f"{d:%d/%m/%Y} {label}" for d, label in skipped)
            reasons.append(
                Reason(
                    "deadline.calendar",
                    f"Ngày nghỉ lễ, nghỉ bù, làm bù trong khoảng này: {listed}.",
                    "Bộ luật Lao động 2019, Điều 112; lịch nghỉ lễ hằng năm và điều chỉnh của quản trị viên",
                )
            )
    extendable_by: int | None = None
    extended: date | None = None
    if extension_key is not None:
        extendable_by = book.number(extension_key)
        extended = calendar.add_working_days(end, extendable_by)
        reasons.append(
            Reason(
                "deadline.extension",
                f"Trường hợp đặc biệt được gia hạn không quá {extendable_by} ngày làm việc "
                f"(đến {extended:%d/%m/%Y}); chậm không có lý do phải xem xét trách nhiệm.",
                book.cite(extension_key),
            )
        )
    return Deadline(end, working_days, book.id, tuple(reasons), extendable_by, extended)
