"""Eligibility of the applicant: age, education, awareness-course certificate.

Why: these are the conditions the cell committee re-checks before the cell
meets (Charter Art. 4.3); each is evaluated on the date the cell meets to
consider the admission, never on "today".
"""

from __future__ import annotations

from datetime import date

from .listing import level_name
from .periods import add_months, age_in_months
from .rulebooks import EDUCATION_LEVELS, Rulebook
from .verdicts import Verdict, verdict


def _years_months(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years} tuổi {rest} tháng" if rest else f"{years} tuổi"


def check_age(
    birth_date: date,
    meeting_date: date,
    rulebook: Rulebook,
    *,
    month_only: bool = False,
) -> Verdict:
    """Age at the cell meeting, in whole months: full 18 to full 60 years.

    216 ≤ age ≤ 720 months passes; under 216 fails; over 720 needs the
    provincial-level committee (with its standing committee's written consent).
    `month_only=True` when only the month and year of birth are known: age is
    then counted by calendar month (born 03/2008 → 216 months in all of
    03/2026). The rulebook flag `age.by_calendar_month` (uncertain, off by
    default) applies the same counting to full birth dates.
    """
    by_month = month_only or rulebook.flag("age.by_calendar_month")
    months = age_in_months(birth_date, meeting_date, month_only=by_month)
    low, high = rulebook.number("age.min_months"), rulebook.number("age.max_months")
    born = f"{birth_date:%m/%Y}" if month_only else f"{birth_date:%d/%m/%Y}"
    at = f"sinh {born}, đến ngày chi bộ xét {meeting_date:%d/%m/%Y} được {months} tháng"
    if months < low:
        return verdict(
            "fail",
            "age.min",
            f"Chưa đủ {_years_months(low)} ({at}, {_years_months(max(months, 0))}); tuổi đời tính theo tháng.",
            rulebook.cite("age.min_months"),
        )
    if months > high:
        return verdict(
            "needs_approval",
            "age.max",
            f"Quá {_years_months(high)} ({at}): chỉ kết nạp khi "
            f"{rulebook.text('approval.provincial')} xem xét, quyết định "
            "và có ý kiến đồng ý bằng văn bản.",
            f"{rulebook.cite('age.max_months')}; {rulebook.cite('approval.provincial')}",
        )
    return verdict(
        "pass",
        "age.range",
        f"Tuổi đời đạt ({at}, trong khoảng {low}–{high} tháng).",
        rulebook.cite("age.min_months"),
    )


def _rank(level: str) -> int:
    if level not in EDUCATION_LEVELS:
        raise ValueError(f"Trình độ học vấn không hợp lệ: {level!r}")
    return EDUCATION_LEVELS.index(level)


def check_education(
    level: str,
    rulebook: Rulebook,
    *,
    remote_area: bool = False,
    village_elder: bool = False,
    literate: bool = True,
) -> Verdict:
    """Education: lower secondary completed, with the two exceptions of the guidance.

    `remote_area`: mountain, border, island, ethnic-minority or extremely
    disadvantaged area, or a fisherman at sea → primary school is enough.
    `village_elder`: già làng, trưởng bản or a prestigious person in such an
    area → being literate in Vietnamese is enough, but the provincial standing
    committee must consent in writing (hence needs_approval). The flag itself
    implies the area.
    """
    rank = _rank(level)
    base_key = "education.remote_min_level" if remote_area or village_elder else "education.min_level"
    required = rulebook.text(base_key)
    if rank >= _rank(required):
        where = " (vùng đặc biệt khó khăn)" if base_key != "education.min_level" else ""
        return verdict(
            "pass",
            "education.level",
            f"Trình độ học vấn {level_name(level)} đạt yêu cầu tối thiểu {level_name(required)}{where}.",
            rulebook.cite(base_key),
        )
    if village_elder and literate:
        return verdict(
            "needs_approval",
            "education.elder",
            "Già làng, trưởng bản, người có uy tín: chỉ cần đọc, viết được tiếng Việt, "
            f"nhưng phải được {rulebook.text('approval.provincial')} đồng ý bằng văn bản.",
            f"{rulebook.cite('education.remote_min_level')}; {rulebook.cite('approval.provincial')}",
        )
    remote = rulebook.text("education.remote_min_level")
    if village_elder:
        message = "Già làng, trưởng bản, người có uy tín phải đọc, viết được tiếng Việt."
    else:
        message = (
            f"Trình độ học vấn {level_name(level)} chưa đạt: cần tối thiểu {level_name(required)}"
            + ("" if remote_area else f" (vùng đặc biệt khó khăn: {level_name(remote)})")
            + "."
        )
    return verdict("fail", "education.level", message, rulebook.cite(base_key))


def certificate_expiry(certificate_date: date, rulebook: Rulebook) -> date:
    """Last day the awareness-course certificate is valid (issue date + N months)."""
    return add_months(certificate_date, rulebook.number("certificate.validity_months"))


def check_certificate(
    certificate_date: date | None,
    meeting_date: date,
    rulebook: Rulebook,
) -> Verdict:
    """The awareness-course certificate must exist and be valid on the meeting date.

    Valid up to and including the day N months after issue (60 months by
    default): issued 10/03/2021 → valid on 10/03/2026, expired on 11/03/2026,
    when the applicant must retake the course before the cell considers them.
    """
    citation = rulebook.cite("certificate.validity_months")
    if certificate_date is None:
        return verdict(
            "fail",
            "certificate.missing",
            "Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng (bắt buộc).",
            citation,
        )
    if certificate_date > meeting_date:
        return verdict(
            "fail",
            "certificate.future",
            f"Giấy chứng nhận cấp ngày {certificate_date:%d/%m/%Y}, sau ngày chi bộ xét {meeting_date:%d/%m/%Y}.",
            citation,
        )
    expiry = certificate_expiry(certificate_date, rulebook)
    months = rulebook.number("certificate.validity_months")
    if meeting_date > expiry:
        return verdict(
            "fail",
            "certificate.expired",
            f"Giấy chứng nhận cấp ngày {certificate_date:%d/%m/%Y} đã hết hạn {months} tháng "
            f"(hết hiệu lực sau ngày {expiry:%d/%m/%Y}); phải học lại trước khi chi bộ xét.",
            citation,
        )
    return verdict(
        "pass",
        "certificate.valid",
        f"Giấy chứng nhận cấp ngày {certificate_date:%d/%m/%Y} còn hiệu lực đến hết ngày {expiry:%d/%m/%Y}.",
        citation,
    )
