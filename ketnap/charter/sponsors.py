"""Introducers (người giới thiệu) of an applicant.

Why: the Charter (Art. 4.1–4.2) fixes who may vouch for an applicant: two
official members who worked, studied or lived with them for 12 months, or —
for a youth-age applicant where the Youth Union exists — the Youth Union
committee plus one official member (the trade-union committee where an
agency or enterprise has no Youth Union). Probationary members cannot
introduce; a replacement introducer appointed by the cell is exempt from the
12 months (24-QĐ/TW §3.2.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .periods import add_months, age_in_months
from .rulebooks import Rulebook
from .verdicts import Verdict, combine, verdict

SponsorKind = Literal["member", "youth_union_committee", "trade_union_committee"]
SPONSOR_KINDS: tuple[str, ...] = ("member", "youth_union_committee", "trade_union_committee")
MEMBER_STATUSES: tuple[str, ...] = ("official", "probationary")

_KIND_NAMES = {
    "member": "đảng viên",
    "youth_union_committee": "Ban Chấp hành Đoàn cơ sở",
    "trade_union_committee": "Ban Chấp hành Công đoàn cơ sở",
}


@dataclass(frozen=True, slots=True)
class Sponsor:
    """One introducer. `status` and `together_since` matter only for members."""

    kind: SponsorKind
    status: Literal["official", "probationary"] = "official"
    together_since: date | None = None
    replacement: bool = False
    name: str = ""

    def label(self, index: int) -> str:
        """How the sponsor is named in messages ("Người giới thiệu 1 (đảng viên Lê Văn A)")."""
        who = f"{_KIND_NAMES[self.kind]} {self.name}".strip()
        return f"Người giới thiệu {index} ({who})"


def is_youth_age(birth_date: date, on: date, rulebook: Rulebook) -> bool:
    """True while the applicant's age in whole years is at most the youth limit (30).

    "Đến 30 tuổi" is read as "until the 31st birthday"; the limit is uncertain
    (RULES §3.3) and configurable.
    """
    years = age_in_months(birth_date, on) // 12
    return years <= rulebook.number("sponsor.youth_max_age_years")


def _check_member(sponsor: Sponsor, index: int, meeting_date: date, rulebook: Rulebook) -> Verdict:
    label = sponsor.label(index)
    together_cite = rulebook.cite("sponsor.together_months")
    if sponsor.status != "official":
        return verdict(
            "fail",
            "sponsor.official",
            f"{label} là đảng viên dự bị, không được giới thiệu người vào Đảng.",
            rulebook.cite("sponsor.count"),
        )
    months = rulebook.number("sponsor.together_months")
    if sponsor.replacement and rulebook.flag("sponsor.replacement_exempt"):
        return verdict(
            "pass",
            "sponsor.replacement",
            f"{label} là người được chi bộ phân công giới thiệu thay thế, không cần đủ {months} tháng cùng công tác.",
            rulebook.cite("sponsor.replacement_exempt"),
        )
    if sponsor.together_since is None:
        return verdict(
            "fail",
            "sponsor.together",
            f"{label}: chưa ghi thời điểm bắt đầu cùng công tác, học tập hoặc sinh sống.",
            together_cite,
        )
    reached = add_months(sponsor.together_since, months)
    if reached > meeting_date:
        return verdict(
            "fail",
            "sponsor.together",
            f"{label} cùng công tác từ {sponsor.together_since:%d/%m/%Y}, đến ngày chi bộ xét "
            f"{meeting_date:%d/%m/%Y} chưa đủ {months} tháng (đủ vào ngày {reached:%d/%m/%Y}).",
            together_cite,
        )
    return verdict(
        "pass",
        "sponsor.together",
        f"{label} là đảng viên chính thức, cùng công tác từ {sponsor.together_since:%d/%m/%Y} "
        f"(đủ {months} tháng từ ngày {reached:%d/%m/%Y}).",
        together_cite,
    )


def check_sponsors(
    sponsors: Sequence[Sponsor],
    applicant_birth_date: date,
    meeting_date: date,
    rulebook: Rulebook,
    *,
    youth_union_exists: bool,
    trade_union_exists: bool = False,
) -> Verdict:
    """Check the introducers as of the cell meeting date.

    Required composition: a youth-age applicant where the Youth Union exists →
    Youth Union committee + 1 official member; a youth-age applicant in an
    agency or enterprise without a Youth Union but with a trade union
    (`trade_union_exists`) → trade-union committee + 1 official member;
    otherwise 2 official members.
    """
    count = rulebook.number("sponsor.count")
    count_cite = rulebook.cite("sponsor.count")
    youth = is_youth_age(applicant_birth_date, meeting_date, rulebook)
    body: str | None = None
    if youth and youth_union_exists:
        body = "youth_union_committee"
    elif youth and trade_union_exists:
        body = "trade_union_committee"
    expected = [body] if body else []
    expected += ["member"] * (count - len(expected))
    found = sorted(s.kind for s in sponsors)
    results: list[Verdict] = []
    if found != sorted(expected):
        wanted = " và ".join(
            f"{expected.count(k)} {_KIND_NAMES[k]}{' chính thức' if k == 'member' else ''}"
            for k in dict.fromkeys(expected)
        )
        why = ""
        if body == "youth_union_committee":
            why = " (người vào Đảng trong độ tuổi thanh niên, nơi có tổ chức Đoàn)"
        elif body == "trade_union_committee":
            why = " (độ tuổi thanh niên, cơ quan, doanh nghiệp không có tổ chức Đoàn)"
        results.append(
            verdict(
                "fail",
                "sponsor.composition",
                f"Người giới thiệu phải gồm {wanted}{why}; hiện có {len(sponsors)} người giới thiệu.",
                count_cite,
            )
        )
    else:
        results.append(
            verdict(
                "pass",
                "sponsor.composition",
                "Thành phần người giới thiệu đúng quy định.",
                count_cite,
            )
        )
    for index, sponsor in enumerate(sponsors, start=1):
        if sponsor.kind == "member":
            results.append(_check_member(sponsor, index, meeting_date, rulebook))
    return combine(results)
