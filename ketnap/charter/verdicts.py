"""Verdicts: the structured answer every charter rule gives.

Why: the architecture says "the charter decides; the UI explains". A rule never
raises or returns a bare bool; it returns a `Verdict` whose reasons carry the
rule id (to place the message next to the right field), a Vietnamese message a
cell secretary understands, and the citation of the regulation it applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Status = Literal["pass", "fail", "needs_approval"]

#: Severity order used by `combine`: a failure outweighs a pending approval,
#: which outweighs a pass.
_SEVERITY: dict[str, int] = {"pass": 0, "needs_approval": 1, "fail": 2}


@dataclass(frozen=True, slots=True)
class Reason:
    """One explained step of a decision: which rule, what it means, where it is written."""

    rule: str
    message: str
    citation: str

    def to_dict(self) -> dict[str, str]:
        """Return the JSON shape `{"rule", "message", "citation"}` used by the API and CLI."""
        return {"rule": self.rule, "message": self.message, "citation": self.citation}


@dataclass(frozen=True, slots=True)
class Verdict:
    """Outcome of one or more rules.

    `reasons` lists every rule that was evaluated, passed ones included, so the
    page can show the whole reasoning and not only the failure.
    """

    status: Status
    reasons: tuple[Reason, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in _SEVERITY:
            raise ValueError(f"unknown verdict status: {self.status!r}")

    @property
    def passed(self) -> bool:
        """True only for a plain pass (no approval pending)."""
        return self.status == "pass"

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-able dict: `{"verdict": status, "reasons": [...]}`."""
        return {"verdict": self.status, "reasons": [r.to_dict() for r in self.reasons]}


def verdict(status: Status, rule: str, message: str, citation: str) -> Verdict:
    """Build a one-reason verdict; the common case inside rule functions."""
    return Verdict(status, (Reason(rule, message, citation),))


def combine(*verdicts: Verdict | Iterable[Verdict]) -> Verdict:
    """Merge verdicts: the worst status wins (fail > needs_approval > pass).

    Reasons are kept in order, so the explanation reads like the checklist.
    Accepts verdicts or iterables of verdicts; combining nothing is a pass.
    """
    flat: list[Verdict] = []
    for item in verdicts:
        if isinstance(item, Verdict):
            flat.append(item)
        else:
            flat.extend(item)
    status: Status = "pass"
    reasons: list[Reason] = []
    for v in flat:
        if _SEVERITY[v.status] > _SEVERITY[status]:
            status = v.status
        reasons.extend(v.reasons)
    return Verdict(status, tuple(reasons))
