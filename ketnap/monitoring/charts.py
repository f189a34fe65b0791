"""Chart data for the dashboard, built on the server and handed to the page with
`json_script` (CSP forbids inline scripts). `static/monitoring/charts.js` draws every
`<canvas data-chart="…">` from the JSON of that id; the same numbers are printed in
the tables next to each chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ketnap.monitoring.selectors.funnel import FunnelStage
from ketnap.monitoring.selectors.progress import Progress
from ketnap.monitoring.statistics_forms import FormRow


def progress_chart(result: Progress, kind: str = "admit") -> dict[str, Any]:
    """Quota against achievement, one bar pair per organisation."""
    rows = [r for r in result.rows if r.organization is not None]
    return {
        "type": "bar",
        "horizontal": len(rows) > 12,
        "labels": [r.label for r in rows],
        "datasets": [
            {"label": "Chỉ tiêu cả năm", "data": [r.quota.total(kind) for r in rows]},
            {"label": "Đã thực hiện", "data": [r.achieved[kind].ytd for r in rows]},
        ],
    }


def funnel_chart(stages: Sequence[FunnelStage]) -> dict[str, Any]:
    shown = [s for s in stages if not s.is_exit]
    return {
        "type": "bar",
        "horizontal": True,
        "labels": [s.label for s in shown],
        "datasets": [
            {"label": "Đang ở giai đoạn", "data": [s.now for s in shown]},
            {"label": "Vào giai đoạn trong năm", "data": [s.reached_this_year for s in shown]},
        ],
    }


def structure_chart(rows: Sequence[FormRow], counts: Mapping[str, Mapping[str, float]], period: str) -> dict[str, Any]:
    shown = [r for r in rows if not r.average_age and r.key != "total"]
    return {
        "type": "bar",
        "horizontal": True,
        "labels": [r.label for r in shown],
        "datasets": [{"label": "Số đảng viên mới", "data": [counts.get(r.key, {}).get(period, 0) for r in shown]}],
    }
