"""Everything the dashboard of one organisation shows on one day, gathered once for the
page and for its spreadsheet (a constant number of queries: see each part)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ketnap.monitoring.periods import year_to_date
from ketnap.monitoring.selectors.coordination import CoordinationRow, coordination
from ketnap.monitoring.selectors.funnel import FunnelStage, funnel
from ketnap.monitoring.selectors.progress import Progress, ProgressRow, progress
from ketnap.monitoring.selectors.quotas import risk_key
from ketnap.monitoring.selectors.reports import Drift, drifts, submitted_reports
from ketnap.monitoring.selectors.rollups import Grouping
from ketnap.monitoring.selectors.structure import count_rows
from ketnap.monitoring.selectors.structure_goals import GoalProgress, goals_progress
from ketnap.monitoring.statistics_forms import FORM_2, STRUCTURE_KEYS, FormRow
from ketnap.orgs.models import Organization


@dataclass
class Dashboard:
    progress: Progress
    stages: list[FunnelStage]
    structure_rows: list[FormRow]
    structure: dict[str, dict[str, float]]
    drifts: list[Drift]
    coordination: list[CoordinationRow]
    goals: list[GoalProgress] = field(default_factory=list)

    @property
    def admitted(self) -> int:
        return int(self.structure.get("total", {}).get("ytd", 0))

    @property
    def shows_introduce(self) -> bool:
        return any(r.quota.introduce or r.achieved["introduce"].ytd for r in self.progress.rows)


def by_risk(rows: list[ProgressRow], on: date) -> list[ProgressRow]:
    """Children worst first (furthest behind the pace of their quota); what was inherited
    from merged predecessors (no quota of its own, nothing to chase) and the row of the
    committee's own direct candidates stay last."""
    children = [r for r in rows if r.organization is not None and not r.inherited]
    rest = [r for r in rows if r.inherited] + [r for r in rows if r.organization is None]
    key = {id(r): risk_key(r.quota, int(r.achieved["admit"].ytd), on, r.organization.path) for r in children}  # type: ignore[union-attr]
    return sorted(children, key=lambda r: key[id(r)]) + rest


def dashboard(org: Organization, on: date) -> Dashboard:
    result = progress(org, on, with_stays=True)
    result.rows = by_risk(result.rows, on)
    rows = [FORM_2.row(k) for k in STRUCTURE_KEYS]
    structure = count_rows(Grouping.of(org), rows, {"ytd": year_to_date(on)}).get(org.path, {})
    reporting = [r.organization for r in result.rows if r.organization is not None]
    late = drifts(submitted_reports([org, *reporting], on.year, on))
    stages = funnel(org, on, standing=result.standing, reached=result.reached, durations=result.stays)
    goals = goals_progress(result.own.plan, result.quota, structure)
    return Dashboard(result, stages, rows, structure, late, coordination(org, result.revision, on), goals)
