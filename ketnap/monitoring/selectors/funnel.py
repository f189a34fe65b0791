"""The funnel of the pipeline (M2): where candidates stand on a date, how many reached
each stage this year, and the median days spent in each stage (last three years).

Why three numbers per stage: "where they are now" shows the pool, "reached this year"
shows the flow, and the median stay shows where dossiers wait — the bottleneck the
board has to act on (ANCHORS §4: time in stage).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ketnap.monitoring.periods import year_to_date
from ketnap.monitoring.selectors.rollups import Grouping, Stays, stages_and_stays, tally
from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import EXITS, FUNNEL, Stage


@dataclass(frozen=True)
class FunnelStage:
    stage: str
    label: str
    now: int
    reached_this_year: int
    stays: Stays | None

    @property
    def is_exit(self) -> bool:
        return self.stage in EXITS


def funnel(
    org: Organization,
    as_of: date,
    *,
    standing: Mapping[str, int] | None = None,
    reached: Mapping[str, int] | None = None,
    durations: Mapping[str, Stays] | None = None,
) -> list[FunnelStage]:
    """Every stage of the funnel, then the exits, for `org`'s whole subtree. Two queries,
    none when the caller already counted where candidates stand (`standing`), the events
    of the year by stage (`reached`) and the stays (`durations`), as the dashboard's
    progress does."""
    grouping = Grouping.of(org)
    if standing is None or durations is None:
        by_group, durations = stages_and_stays(grouping, as_of)
        standing = by_group.get(org.path, {})
    if reached is None:
        events = tally(grouping, [*FUNNEL, *EXITS], {"ytd": year_to_date(as_of)}).get(org.path, {})
        reached = {stage: periods.get("ytd", 0) for stage, periods in events.items()}
    return [
        FunnelStage(
            stage,
            Stage(stage).label,
            standing.get(stage, 0),
            reached.get(stage, 0),
            durations.get(stage) if stage not in (Stage.OFFICIAL, *EXITS) else None,
        )
        for stage in (*FUNNEL, *EXITS)
    ]
