"""Which relatives' political background must be verified (thẩm tra lý lịch).

Why: verification is the slowest step of a dossier (letters to other
provinces), so the board must know exactly whom to verify. 06-HD/TW §3.4a
lists: father and mother; parents-in-law or the person who directly raised
the applicant; spouse; biological children with full civil capacity. §3.4c
exempts a parent, sibling or child who is a party member and whose details
the applicant declared fully.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .verdicts import Reason

Relation = Literal[
    "father",
    "mother",
    "father_in_law",
    "mother_in_law",
    "raiser",
    "spouse",
    "child",
    "sibling",
    "other",
]

RELATIONS: tuple[str, ...] = (
    "father",
    "mother",
    "father_in_law",
    "mother_in_law",
    "raiser",
    "spouse",
    "child",
    "sibling",
    "other",
)

_NAMES = {
    "father": "cha đẻ",
    "mother": "mẹ đẻ",
    "father_in_law": "cha vợ/chồng",
    "mother_in_law": "mẹ vợ/chồng",
    "raiser": "người trực tiếp nuôi dưỡng",
    "spouse": "vợ/chồng",
    "child": "con đẻ",
    "sibling": "anh, chị, em ruột",
    "other": "người thân khác",
}

_VERIFIED = {"father", "mother", "father_in_law", "mother_in_law", "raiser", "spouse", "child"}
_MEMBER_EXEMPT = {"father", "mother", "sibling", "child"}
_CITE_LIST = "06-HD/TW (09/6/2025), mục 3.4a; 01-HD/TW (2021), mục 3.4a"
_CITE_EXEMPT = "06-HD/TW (09/6/2025), mục 3.4c; 01-HD/TW (2021), mục 3.4c"


@dataclass(frozen=True, slots=True)
class Relative:
    """A relative as declared in the applicant's biography (form 2-KNĐ).

    `adult` stands for "has full civil capacity" (đủ năng lực hành vi dân sự),
    which matters only for children.
    """

    relation: Relation
    is_member: bool = False
    declared: bool = False
    adult: bool = True
    name: str = ""


def verification_reason(relative: Relative) -> tuple[bool, Reason]:
    """Decide one relative: (must be verified?, the explanation)."""
    who = f"{_NAMES[relative.relation]} {relative.name}".strip()
    who = who[:1].upper() + who[1:]
    if relative.relation in _MEMBER_EXEMPT and relative.is_member and relative.declared:
        return False, Reason(
            "relatives.exempt",
            f"{who} là đảng viên và đã khai đầy đủ: không phải thẩm tra.",
            _CITE_EXEMPT,
        )
    if relative.relation not in _VERIFIED:
        return False, Reason(
            "relatives.not_listed",
            f"{who}: không thuộc diện phải thẩm tra lý lịch.",
            _CITE_LIST,
        )
    if relative.relation == "child" and not relative.adult:
        return False, Reason(
            "relatives.minor_child",
            f"{who} chưa có năng lực hành vi dân sự đầy đủ: không phải thẩm tra.",
            _CITE_LIST,
        )
    return True, Reason(
        "relatives.verify",
        f"{who}: phải thẩm tra lịch sử chính trị và chính trị hiện nay.",
        _CITE_LIST,
    )


def relatives_to_verify(relatives: Sequence[Relative]) -> tuple[Relative, ...]:
    """Return, in the given order, the relatives whose background must be verified."""
    return tuple(r for r in relatives if verification_reason(r)[0])


def verification_reasons(relatives: Sequence[Relative]) -> tuple[Reason, ...]:
    """One explanation per relative, in the given order, for the dossier page."""
    return tuple(verification_reason(r)[1] for r in relatives)
