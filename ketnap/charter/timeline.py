"""Time sanity: a fact is dated where time allows it.

Why: a date typed into a form is a fact the inspection committee will read years
later; "a ceremony in 2027 recorded in December 2026" or "a withdrawal of 2020
after events of 2031" must be refused when recorded, not found afterwards. Where a
regulation orders two acts (the decision follows the cell's resolution, 06-HD/TW
§3.7), the reason cites it; where the order is plain logic (nothing is dated after
today unless it is a planned date, a month is not reviewed before it starts), the
reason cites `DATA_CHECK`.

A back-dated act (dated before today, but not before the candidate's previous
event) keeps the timeline ordered and is allowed; it is marked with the rule
`time.backdated` so the page and the inspector see it was recorded late.

Legacy facts: a certificate or act dated before the first rulebook in the system
is a historical fact, not an error. `historical_rulebook()` gives the rulebook
whose still-checkable values (60-month certificate validity) apply, with a reason
marking the fact "trước thời điểm có quy định trong hệ thống".
"""

from __future__ import annotations

from datetime import date

from .periods import age_in_months
from .rulebooks import RULEBOOKS, Rulebook, rulebook_for
from .verdicts import Verdict, verdict

#: Citation of the checks that are plain logic, not a regulation.
DATA_CHECK = "Kết Nạp — kiểm tra dữ liệu"
#: How the page marks a fact dated before the first rulebook.
HISTORICAL = "trước thời điểm có quy định trong hệ thống"
#: Nobody recorded is older than this (a mistyped year, not a person).
MAX_AGE_MONTHS = 120 * 12


def check_act_date(
    on: date,
    *,
    today: date,
    previous: date | None = None,
    planned: bool = False,
    what: str = "Ngày thực hiện",
) -> Verdict:
    """An act's date: not after `today` unless planned, not before the previous event.

    `previous` is the date of the candidate's latest event: an act dated before it
    would put the timeline out of order. An act dated before `today` (but not before
    `previous`) is back-dated: it passes with the rule `time.backdated`.
    """
    if on > today and not planned:
        return verdict(
            "fail",
            "time.future",
            f"{what} {on:%d/%m/%Y} sau ngày hôm nay ({today:%d/%m/%Y}): chỉ ghi việc đã diễn ra.",
            DATA_CHECK,
        )
    if previous is not None and on < previous:
        return verdict(
            "fail",
            "time.before_previous",
            f"{what} {on:%d/%m/%Y} trước sự kiện gần nhất của hồ sơ ({previous:%d/%m/%Y}): "
            "diễn biến sẽ không còn theo thứ tự thời gian.",
            DATA_CHECK,
        )
    if on < today:
        return verdict(
            "pass",
            "time.backdated",
            f"{what} {on:%d/%m/%Y}, ghi lùi ngày (ghi nhận ngày {today:%d/%m/%Y}).",
            DATA_CHECK,
        )
    return verdict("pass", "time.order", f"{what} {on:%d/%m/%Y} theo đúng thứ tự thời gian.", DATA_CHECK)


def allowed_range(
    today: date, previous: date | None = None, *, planned: bool = False
) -> tuple[date | None, date | None]:
    """The dates `check_act_date` accepts: (earliest, latest); None = no bound."""
    return previous, None if planned else today


def check_document_date(document_on: date, act_on: date, *, document: str, act: str, citation: str = "") -> Verdict:
    """A paper used by an act is dated on or before it (a certificate, a decision…)."""
    if document_on > act_on:
        return verdict(
            "fail",
            "time.document_after_act",
            f"{document} ngày {document_on:%d/%m/%Y} sau {act} ({act_on:%d/%m/%Y}).",
            citation or DATA_CHECK,
        )
    return verdict(
        "pass",
        "time.document_before_act",
        f"{document} ngày {document_on:%d/%m/%Y}, không sau {act} ({act_on:%d/%m/%Y}).",
        citation or DATA_CHECK,
    )


def check_month(month: date, today: date, *, what: str = "Tháng xét") -> Verdict:
    """A monthly review is of a month that has started (not a future month)."""
    first = month.replace(day=1)
    if first > today:
        return verdict(
            "fail",
            "time.future_month",
            f"{what} {first:%m/%Y} chưa bắt đầu (hôm nay {today:%d/%m/%Y}).",
            DATA_CHECK,
        )
    return verdict("pass", "time.month", f"{what} {first:%m/%Y}.", DATA_CHECK)


def check_birth_date(birth: date, today: date, *, month_only: bool = False) -> Verdict:
    """A birth date is a past day of a living person's lifetime (not in the future, not 120+ years)."""
    shown = f"{birth:%m/%Y}" if month_only else f"{birth:%d/%m/%Y}"
    if birth > today:
        return verdict("fail", "time.birth_future", f"Ngày sinh {shown} sau ngày hôm nay.", DATA_CHECK)
    if age_in_months(birth, today, month_only=month_only) > MAX_AGE_MONTHS:
        return verdict(
            "fail", "time.birth_too_old", f"Ngày sinh {shown}: hơn 120 tuổi, kiểm tra lại năm sinh.", DATA_CHECK
        )
    return verdict("pass", "time.birth", f"Ngày sinh {shown}.", DATA_CHECK)


def is_historical(on: date) -> bool:
    """True for a date before the first rulebook the system holds."""
    return on < RULEBOOKS[0].effective


def historical_rulebook(on: date, overrides: dict[str, object] | None = None) -> tuple[Rulebook, Verdict | None]:
    """The rulebook for `on`; before the first one, the first one with a "historical" mark.

    Only values that did not change (the 60-month certificate validity) should be
    checked with the returned book for a historical date; the mark says so.
    """
    if not is_historical(on):
        return rulebook_for(on, overrides), None
    first = RULEBOOKS[0]
    mark = verdict(
        "pass",
        "time.historical",
        f"Ngày {on:%d/%m/%Y}: {HISTORICAL} (sớm nhất từ {first.effective:%d/%m/%Y}); "
        "chỉ kiểm tra những điều kiện còn áp dụng được (thời hạn giấy chứng nhận).",
        DATA_CHECK,
    )
    return rulebook_for(first.effective, overrides), mark


def check_order(on: date, after: date, *, rule: str, message: str, citation: str = DATA_CHECK) -> Verdict | None:
    """An act that the regulation places after another: a failure when dated before it.

    Returns None when in order (the caller's deadline verdict already says so).
    """
    if on < after:
        return verdict("fail", rule, message, citation)
    return None
