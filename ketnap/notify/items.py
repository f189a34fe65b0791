"""What a digest (and the notification list) contains for one user and one day.

Why the agenda's selector: the e-mail must say what the agenda page says, in the same
scope (`agenda` goes through `visible_to(user)`), with the same dates from the
charter. The digest keeps what is overdue or due within SOON_DAYS — the steps, reports
to submit, mentor reports, certificates expiring — plus the later deadlines whose
remaining time crosses Tết, because those lose a working week without anyone noticing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ketnap.charter import WorkCalendar
from ketnap.pipeline.rules import Rules
from ketnap.pipeline.selectors.agenda import AgendaItem, agenda

STATUS_LABELS = {"overdue": "Quá hạn", "due": "Đến hạn", "upcoming": "Sắp tới"}


@dataclass(frozen=True)
class DigestLine:
    """One line of a digest, with everything the message and the list show."""

    key: str
    kind: str
    kind_label: str
    label: str
    detail: str
    due: date
    status: str
    url: str
    crosses_tet: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def crosses_tet(calendar: WorkCalendar, on: date, due: date) -> bool:
    """True when a day off of Tết Nguyên Đán falls between `on` and `due`."""
    return any("Nguyên Đán" in reason or reason.endswith(" Tết") for _, reason in calendar.days_off(on, due))


def _line(item: AgendaItem, calendar: WorkCalendar, on: date) -> DigestLine:
    who = f"{item.candidate.full_name} — " if item.candidate is not None else ""
    url = item.step_url or item.url
    return DigestLine(
        key=f"{item.kind}|{item.url}|{item.due.isoformat()}|{item.label}"[:300],
        kind=item.kind,
        kind_label=item.kind_label,
        label=item.label,
        detail=f"{who}{item.organization.name}",
        due=item.due,
        status=item.status,
        url=url,
        crosses_tet=item.due > on and crosses_tet(calendar, on, item.due),
    )


def digest_lines(user: Any, on: date, *, rules: Rules | None = None) -> list[DigestLine]:
    """Overdue and due-soon items of the user's agenda on `on`, and later ones crossing Tết."""
    rules = rules or Rules()
    lines = [_line(item, rules.calendar, on) for item in agenda(user, on, rules=rules)]
    return [line for line in lines if line.status != "upcoming" or line.crosses_tet]
