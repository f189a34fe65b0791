"""The demo's calendar, relative to an anchor day (issue 16, point 1).

Why: a demo with fixed dates dies at New Year (the dashboard shows 0 / 0 from
01/01/2027). The demo data is written once, as the picture of one day, `BASE_DAY`
(20/11/2026); loading it on another day moves every date so that day becomes the
anchor. Two kinds of move keep the picture valid:

- `on(d)`: by whole days (anchor − BASE_DAY), for a person's history. Every interval
  between two events (probation, course to application, working-day limits) is kept,
  so the charter judges the moved history exactly as the original one.
- `yearly(d)` / `year(y)`: by whole years, for what belongs to a calendar year
  (a plan's year and issue day, headcounts at 31/12, the member registry).
- `quarter_back(n)` / `month_back(n)`: quarters and months counted back from the
  anchor's, for reporting rounds and the cell's monthly reviews, so the latest round
  is always the one due this quarter.

Loaded at `BASE_DAY`, every function is the identity: the tests load the demo there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: The day the demo data was written for; loading at this anchor changes no date.
BASE_DAY = date(2026, 11, 20)


@dataclass(frozen=True)
class DemoClock:
    """Moves the demo's written dates to the anchor day `today`."""

    today: date = BASE_DAY

    @property
    def years(self) -> int:
        return self.today.year - BASE_DAY.year

    @property
    def days(self) -> timedelta:
        return self.today - BASE_DAY

    def on(self, written: date) -> date:
        """A dated event of someone's history, moved by whole days."""
        return written + self.days

    def year(self, written: int) -> int:
        """A calendar year (a plan's, a headcount's) moved by whole years."""
        return written + self.years

    def yearly(self, written: date) -> date:
        """A day tied to its calendar year (31/12, a plan's issue day), moved by whole
        years; 29/02 becomes 28/02 in a common year."""
        year = self.year(written.year)
        try:
            return written.replace(year=year)
        except ValueError:
            return written.replace(year=year, day=28)

    def quarter_back(self, back: int) -> tuple[int, int]:
        """(year, quarter) `back` quarters before the anchor's quarter."""
        index = self.today.year * 4 + (self.today.month - 1) // 3 - back
        return index // 4, index % 4 + 1

    def month_back(self, back: int) -> date:
        """The first day of the month `back` months before the anchor's month."""
        index = self.today.year * 12 + self.today.month - 1 - back
        return date(index // 12, index % 12 + 1, 1)
