"""The statistics form on new members (M4) for a period and a subtree: this period,
the same period a year earlier and their ratio, Part III (grassroots organisations),
and the breakdowns of Biểu 2B (ethnicity, religion). Five queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ketnap.monitoring.periods import Period
from ketnap.monitoring.selectors.progress import percent
from ketnap.monitoring.selectors.structure import GrassrootsCount, by_attribute, form_counts, grassroots
from ketnap.monitoring.statistics_forms import FORM_2, FormRow, StatisticsForm
from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import Religion
from ketnap.pipeline.people import ETHNIC_GROUPS


@dataclass(frozen=True)
class Line:
    row: FormRow
    this: float | None
    last: float | None

    @property
    def ratio(self) -> Decimal | None:
        """Column (4) of the form: this × 100 / last."""
        if self.row.average_age or self.this is None or self.last is None:
            return None
        return percent(int(self.this), int(self.last), "0.1")


@dataclass(frozen=True)
class Breakdown:
    label: str
    total: int
    women: int
    share: Decimal | None


@dataclass
class Statistics:
    form: StatisticsForm
    organization: Organization
    period: Period
    previous: Period
    lines: list[Line]
    grassroots: list[GrassrootsCount]
    ethnicities: list[Breakdown]
    religions: list[Breakdown]

    @property
    def total(self) -> int:
        return int(self.lines[0].this or 0)


_ETHNIC = dict(ETHNIC_GROUPS)
_RELIGION = dict(Religion.choices)


def statistics(org: Organization, period: Period, form: StatisticsForm = FORM_2) -> Statistics:
    previous = period.same_period_last_year()
    counts = form_counts(form, org, {"this": period, "last": previous})
    lines = [
        Line(r, counts.get(r.key, {}).get("this", 0), counts.get(r.key, {}).get("last", 0))
        if r.counted
        else Line(r, None, None)
        for r in form.rows
    ]
    total = int(counts.get("total", {}).get("this", 0))

    def breakdown(field: str, names: dict[str, str]) -> list[Breakdown]:
        return [
            Breakdown(names.get(value, value), n, women, percent(n, total, "0.1"))
            for value, n, women in by_attribute(org, period, field)
        ]

    return Statistics(
        form,
        org,
        period,
        previous,
        lines,
        grassroots(org, period),
        breakdown("ethnicity", _ETHNIC),
        [b for b in breakdown("religion", _RELIGION) if b.label != Religion.NONE.label],
    )
