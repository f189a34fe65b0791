"""One entry point that answers a question about the rules from plain facts.

Why: the management command `manage.py charter explain …`, the API and the
tests all need the same answers as JSON. This core validates the facts itself
and never lets a traceback through: bad facts give a Vietnamese error and exit
status 2; a successful answer exits 0 (even when the verdict is "fail" — the
question was answered).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, cast

from .deadlines import EVENTS, deadline
from .eligibility import check_age, check_certificate, check_education
from .periods import age_in_months
from .quota import quota_from_rate
from .rulebooks import (
    EDUCATION_LEVELS,
    RULEBOOKS,
    NoRulebookError,
    Rulebook,
    RuleOverrideError,
    rulebook_for,
)
from .sponsors import MEMBER_STATUSES, SPONSOR_KINDS, Sponsor, check_sponsors
from .verdicts import Reason, combine
from .votes import check_cell_vote
from .workdays import WorkCalendar

Answer = tuple[dict[str, Any], int]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class FactError(ValueError):
    """A fact is missing or malformed; carries a rule id and a Vietnamese message."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


class _Facts:
    """Typed, validating access to the facts mapping."""

    def __init__(self, facts: Mapping[str, Any]) -> None:
        self.facts = facts

    def get(self, name: str, default: object, required: bool) -> object:
        if name not in self.facts or self.facts[name] is None:
            if required:
                raise FactError("facts.missing", f"Thiếu thông tin bắt buộc “{name}”.")
            return default
        value: object = self.facts[name]
        return value

    def optional_date(self, name: str, *, required: bool = True) -> date | None:
        raw = self.get(name, None, required)
        if raw is None or isinstance(raw, date):
            return raw
        return parse_date(raw, name)

    def required_date(self, name: str) -> date:
        value = self.optional_date(name)
        assert value is not None  # required=True never returns None
        return value

    def count(self, name: str, *, required: bool = True) -> int:
        raw = self.get(name, 0, required)
        if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise FactError("facts.invalid", f"“{name}” phải là số nguyên, nhận được {raw!r}.")
        if raw < 0:
            raise FactError("facts.negative", f"“{name}” không được là số âm ({raw}).")
        return raw

    def flag(self, name: str, default: bool = False) -> bool:
        raw = self.get(name, default, False)
        if not isinstance(raw, bool):
            raise FactError("facts.invalid", f"“{name}” phải là true hoặc false, nhận được {raw!r}.")
        return raw

    def choice(self, name: str, choices: tuple[str, ...], *, required: bool = True) -> str | None:
        raw = self.get(name, None, required)
        if raw is not None and raw not in choices:
            allowed = ", ".join(choices)
            raise FactError("facts.invalid", f"“{name}” phải là một trong: {allowed}; nhận được {raw!r}.")
        return None if raw is None else str(raw)


def parse_date(raw: object, name: str = "ngày") -> date:
    """Parse an ISO date `YYYY-MM-DD`, refusing impossible dates such as 2026-02-30."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not _ISO_DATE.fullmatch(text):
        raise FactError("facts.invalid_date", f"“{name}” phải là ngày dạng YYYY-MM-DD, nhận được {raw!r}.")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise FactError("facts.invalid_date", f"“{name}” = {raw!r} không phải là ngày có thật.") from exc


def _eligibility(f: _Facts, book: Callable[[date], Rulebook], cal: WorkCalendar) -> dict[str, Any]:
    birth, meeting = f.required_date("birth_date"), f.required_date("meeting_date")
    rules = book(meeting)
    month_only = f.flag("birth_month_only")
    checks = [check_age(birth, meeting, rules, month_only=month_only)]
    level = f.choice("education", EDUCATION_LEVELS, required=False)
    if level is not None:
        checks.append(
            check_education(
                level,
                rules,
                remote_area=f.flag("remote_area"),
                village_elder=f.flag("village_elder"),
                literate=f.flag("literate", default=True),
            )
        )
    if "certificate_date" in f.facts:
        checks.append(check_certificate(f.optional_date("certificate_date", required=False), meeting, rules))
    result = combine(checks)
    by_month = month_only or rules.flag("age.by_calendar_month")
    return {
        **result.to_dict(),
        "age_months": age_in_months(birth, meeting, month_only=by_month),
        "rulebook": rules.id,
    }


def _sponsor(raw: object, index: int, f: _Facts) -> Sponsor:
    if not isinstance(raw, Mapping):
        raise FactError("facts.invalid", f"Người giới thiệu thứ {index} phải là một đối tượng JSON.")
    one = _Facts(raw)
    kind = one.choice("kind", SPONSOR_KINDS)
    status = one.choice("status", MEMBER_STATUSES, required=False) or "official"
    return Sponsor(
        kind=kind,  # type: ignore[arg-type]  # validated against SPONSOR_KINDS
        status=status,  # type: ignore[arg-type]  # validated against MEMBER_STATUSES
        together_since=one.optional_date("together_since", required=False),
        replacement=one.flag("replacement"),
        name=str(raw.get("name", "")),
    )


def _sponsors(f: _Facts, book: Callable[[date], Rulebook], cal: WorkCalendar) -> dict[str, Any]:
    birth, meeting = f.required_date("applicant_birth_date"), f.required_date("meeting_date")
    raw = f.get("sponsors", None, True)
    if not isinstance(raw, list):
        raise FactError("facts.invalid", "“sponsors” phải là một danh sách người giới thiệu.")
    sponsors = [_sponsor(item, i, f) for i, item in enumerate(raw, start=1)]
    rules = book(meeting)
    result = check_sponsors(
        sponsors,
        birth,
        meeting,
        rules,
        youth_union_exists=f.flag("youth_union_exists"),
        trade_union_exists=f.flag("trade_union_exists"),
    )
    return {**result.to_dict(), "rulebook": rules.id}


def _vote(f: _Facts, book: Callable[[date], Rulebook], cal: WorkCalendar) -> dict[str, Any]:
    total, in_favour = f.count("official_members"), f.count("in_favour")
    excused = f.count("excused", required=False)
    on = f.optional_date("meeting_date", required=False)
    purpose = f.choice("purpose", ("admission", "confirmation"), required=False) or "admission"
    rules = book(on or RULEBOOKS[-1].effective)
    try:
        outcome = check_cell_vote(
            total,
            in_favour,
            rules,
            excused=excused,
            purpose=purpose,  # type: ignore[arg-type]  # validated above
            previous_failed_rounds=f.count("previous_failed_rounds", required=False),
        )
    except ValueError as exc:
        raise FactError("facts.invalid", str(exc)) from exc
    return {**outcome.to_dict(), "rulebook": rules.id}


def _deadline(f: _Facts, book: Callable[[date], Rulebook], cal: WorkCalendar) -> dict[str, Any]:
    event = f.choice("event", EVENTS)
    start = f.required_date("from")
    assert event is not None
    return deadline(event, start, cal, book(start)).to_dict()


def _quota(f: _Facts, book: Callable[[date], Rulebook], cal: WorkCalendar) -> dict[str, Any]:
    rate = f.get("rate_percent", None, True)
    members = f.count("members")
    if isinstance(rate, bool) or not isinstance(rate, (int, float, str)):
        raise FactError("facts.invalid", f"“rate_percent” phải là số, nhận được {rate!r}.")
    try:
        quota = quota_from_rate(rate, members)
    except ValueError as exc:
        rule = "facts.negative" if str(rate).strip().startswith("-") else "facts.invalid"
        raise FactError(rule, str(exc)) from exc
    return {"quota": quota, "reasons": []}


_QUESTIONS: dict[str, Callable[[_Facts, Callable[[date], Rulebook], WorkCalendar], dict[str, Any]]] = {
    "eligibility": _eligibility,
    "sponsors": _sponsors,
    "vote": _vote,
    "deadline": _deadline,
    "quota": _quota,
}

QUESTIONS: tuple[str, ...] = tuple(_QUESTIONS)


def _error(rule: str, message: str) -> Answer:
    reason = Reason(rule, message, "Kết Nạp — kiểm tra dữ liệu đầu vào")
    return {"verdict": "error", "reasons": [reason.to_dict()]}, 2


def explain(
    question: str,
    facts: Mapping[str, Any],
    *,
    calendar_overrides: Mapping[date, bool] | None = None,
    rule_overrides: Mapping[str, object] | None = None,
) -> Answer:
    """Answer `question` from `facts`; return (JSON-able dict, exit status 0 or 2).

    Questions: eligibility, sponsors, vote, deadline, quota (see the module
    docs of each rule for the facts). Dates in facts are ISO `YYYY-MM-DD`
    strings (or `date` objects). The rulebook in force on the relevant date
    applies, with `rule_overrides`; `calendar_overrides` maps a date to
    "is a working day".
    """
    if question not in _QUESTIONS:
        known = ", ".join(QUESTIONS)
        return _error("question.unknown", f"Câu hỏi “{question}” không được hỗ trợ (có: {known}).")
    if not isinstance(cast(object, facts), Mapping):
        return _error("facts.invalid", "Dữ kiện phải là một đối tượng JSON.")

    def book(on: date) -> Rulebook:
        return rulebook_for(on, rule_overrides)

    try:
        calendar = WorkCalendar(overrides=calendar_overrides or {})
        return _QUESTIONS[question](_Facts(facts), book, calendar), 0
    except FactError as exc:
        return _error(exc.rule, exc.message)
    except NoRulebookError as exc:
        return _error("rulebook.none", str(exc))
    except RuleOverrideError as exc:
        return _error("rulebook.override", str(exc))


__all__ = ["QUESTIONS", "FactError", "explain", "parse_date"]
