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


#: Biểu 2B, Part I after the 54 ethnic groups.
FOREIGN_ORIGIN = "Người nước ngoài (quốc tịch gốc nước ngoài)"
#: Biểu 2B, Part II: the 7 religions in the form's order, then those with none.
_RELIGIONS = [(r.value, r.label) for r in Religion if r != Religion.NONE] + [
    (Religion.NONE.value, "Không theo tôn giáo")
]


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

    def breakdown(field: str, rows: list[tuple[str, str]], other: str | None) -> list[Breakdown]:
        """Biểu 2B's fixed rows in the form's order, zero rows included; values not in
        the list go to `other` ("người nước ngoài")."""
        found = {value: (n, women) for value, n, women in by_attribute(org, period, field)}
        known = {value for value, _ in rows}
        lines = [(label, *found.get(value, (0, 0))) for value, label in rows]
        if other is not None:
            rest = [v for k, v in found.items() if k not in known]
            lines.append((other, sum(n for n, _ in rest), sum(w for _, w in rest)))
        return [Breakdown(label, n, w, percent(n, total, "0.1")) for label, n, w in lines]

    return Statistics(
        form,
        org,
        period,
        previous,
        lines,
        grassroots(org, period),
        breakdown("ethnicity", list(ETHNIC_GROUPS), FOREIGN_ORIGIN),
        breakdown("religion", _RELIGIONS, None),
    )
