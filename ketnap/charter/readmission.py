"""Re-admission (kết nạp lại) and population-policy waiting periods.

Why: a former member may be admitted again only under strict conditions
(294-QĐ/TW §3.5) — a waiting time, never for some exit reasons, only once,
and with the provincial standing committee's written consent. A person who
violated the population policy waits 24 or 36 months (05-QĐi/TW). Both are
counted in months up to the cell meeting date.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from .periods import add_months
from .rulebooks import Rulebook
from .verdicts import Verdict, combine, verdict

ExitReason = Literal[
    "quit_activity",
    "asked_to_leave",
    "serious_disunity",
    "corruption_conviction",
    "serious_crime_conviction",
    "population_policy",
    "other",
]

#: Exit reasons that bar re-admission for ever, with the Vietnamese wording.
NEVER_READMIT: dict[str, str] = {
    "quit_activity": "tự ý bỏ sinh hoạt đảng",
    "asked_to_leave": "xin ra khỏi Đảng (trừ trường hợp có hoàn cảnh gia đình đặc biệt khó khăn)",
    "serious_disunity": "gây mất đoàn kết nội bộ nghiêm trọng",
    "corruption_conviction": "bị kết án về tội tham nhũng",
    "serious_crime_conviction": "bị kết án về tội nghiêm trọng trở lên",
}
EXIT_REASONS: tuple[str, ...] = (*NEVER_READMIT, "population_policy", "other")


def _waited(key: str, since: date, meeting_date: date, rulebook: Rulebook, rule: str, what: str) -> Verdict:
    months = rulebook.number(key)
    reached = add_months(since, months)
    if meeting_date < reached:
        return verdict(
            "fail",
            rule,
            f"Chưa đủ {months} tháng {what} (từ {since:%d/%m/%Y}, đủ vào ngày {reached:%d/%m/%Y}).",
            rulebook.cite(key),
        )
    return verdict("pass", rule, f"Đã đủ {months} tháng {what} (từ {since:%d/%m/%Y}).", rulebook.cite(key))


def check_population_policy(
    child_order: int,
    child_birth_date: date,
    meeting_date: date,
    rulebook: Rulebook,
    *,
    since: date | None = None,
) -> Verdict:
    """Waiting period after a birth beyond the population policy.

    A third child → 24 months, a fourth or later → 36 months, counted from the
    birth (or from `since`, e.g. the expulsion date of a former member) to the
    cell meeting. Earlier children raise no condition.
    """
    if child_order < 3:
        return Verdict("pass")
    key = "population.third_child_wait_months" if child_order == 3 else "population.fourth_child_wait_months"
    start = since or child_birth_date
    what = "kể từ khi sinh con thứ ba" if child_order == 3 else "kể từ khi sinh con thứ tư trở lên"
    if since is not None:
        what = "kể từ khi bị khai trừ vì vi phạm chính sách dân số"
    return _waited(key, start, meeting_date, rulebook, "population.wait", what)


def check_readmission(
    exit_date: date,
    meeting_date: date,
    rulebook: Rulebook,
    *,
    exit_reason: ExitReason = "other",
    previously_readmitted: bool = False,
    convicted_less_serious: bool = False,
    expunged_date: date | None = None,
    child_order: int | None = None,
    child_birth_date: date | None = None,
) -> Verdict:
    """Conditions to admit a former member again (294-QĐ/TW §3.5).

    Never for the exit reasons in `NEVER_READMIT`; only once; at least 36
    months since leaving; after a conviction for a less-serious crime, 60
    months after the record is expunged; a population-policy exit follows
    05-QĐi/TW from the exit date. When every condition is met the verdict is
    needs_approval: the provincial standing committee must consent in writing.
    """
    cite = rulebook.cite("readmission.min_months_since_exit")
    if exit_reason in NEVER_READMIT:
        return verdict(
            "fail",
            "readmission.never",
            f"Không kết nạp lại người ra khỏi Đảng vì {NEVER_READMIT[exit_reason]}.",
            cite,
        )
    if previously_readmitted:
        return verdict("fail", "readmission.once", "Chỉ được kết nạp lại một lần.", cite)
    results = [
        _waited(
            "readmission.min_months_since_exit",
            exit_date,
            meeting_date,
            rulebook,
            "readmission.wait",
            "kể từ khi ra khỏi Đảng",
        )
    ]
    if convicted_less_serious:
        if expunged_date is None:
            results.append(
                verdict(
                    "fail",
                    "readmission.expunged",
                    "Bị kết án về tội ít nghiêm trọng: phải được xóa án tích mới xét kết nạp lại.",
                    rulebook.cite("readmission.expunged_wait_months"),
                )
            )
        else:
            results.append(
                _waited(
                    "readmission.expunged_wait_months",
                    expunged_date,
                    meeting_date,
                    rulebook,
                    "readmission.expunged",
                    "kể từ khi được xóa án tích",
                )
            )
    if exit_reason == "population_policy" and child_order is not None:
        results.append(
            check_population_policy(child_order, child_birth_date or exit_date, meeting_date, rulebook, since=exit_date)
        )
    results.append(
        verdict(
            "needs_approval",
            "readmission.consent",
            f"Kết nạp lại phải được {rulebook.text('approval.provincial')} đồng ý bằng văn bản; "
            "người được kết nạp lại phải qua thời gian dự bị.",
            f"{cite}; {rulebook.cite('approval.provincial')}",
        )
    )
    return combine(results)
