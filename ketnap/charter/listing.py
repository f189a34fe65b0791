"""The "Tra cứu quy định" listing: every rulebook value in words a secretary reads.

Why: a rule that cannot be looked up cannot be trusted. The page lists every
value of the rulebook in force with its label, a display text ("216 tháng"),
the citation, how certain it is, and whether the administrator may (or did)
change it. Kept apart from `rulebooks` so that module holds only the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .rulebooks import LABELS, Certainty, Rulebook, RuleScalar


@dataclass(frozen=True, slots=True)
class RuleEntry:
    """One row of the "Tra cứu quy định" page."""

    key: str
    label: str
    value: RuleScalar
    display: str
    citation: str
    certainty: Certainty
    configurable: bool
    overridden: bool

    def to_dict(self) -> dict[str, object]:
        """JSON shape; fractions become "2/3"."""
        value = str(self.value) if isinstance(self.value, Fraction) else self.value
        return {
            "key": self.key,
            "label": self.label,
            "value": value,
            "display": self.display,
            "citation": self.citation,
            "certainty": self.certainty,
            "configurable": self.configurable,
            "overridden": self.overridden,
        }


_LEVEL_NAMES = {
    "none": "chưa biết chữ / chưa học",
    "primary": "tiểu học",
    "lower_secondary": "trung học cơ sở",
    "upper_secondary": "trung học phổ thông",
    "higher": "trung cấp, cao đẳng, đại học trở lên",
}


def level_name(level: str) -> str:
    """Vietnamese name of an education level code."""
    return _LEVEL_NAMES[level]


def _display(key: str, value: RuleScalar) -> str:
    unit = LABELS[key][1]
    if isinstance(value, bool):
        return "có" if value else "không"
    if key.startswith("education."):
        return level_name(str(value))
    return f"{value} {unit}".strip()


def list_rules(book: Rulebook) -> tuple[RuleEntry, ...]:
    """Every value of `book` with its label, display text, citation and flags, in table order."""
    return tuple(
        RuleEntry(
            key=key,
            label=label,
            value=book[key].value,
            display=_display(key, book[key].value),
            citation=book.cite(key),
            certainty=book[key].certainty,
            configurable=book[key].configurable,
            overridden=book[key].overridden,
        )
        for key, (label, _unit) in LABELS.items()
    )
