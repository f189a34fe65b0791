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


#: The dimensions of the structure chart, by the row key's prefix: one chart each, so
#: no chart packs 29 categories of different kinds (shares, occupations, ages, schooling).
STRUCTURE_DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("group", "Nhóm đối tượng"),
    ("occupation", "Nghề nghiệp"),
    ("age", "Tuổi đời"),
    ("education", "Trình độ giáo dục phổ thông"),
)
#: A label longer than this is broken into lines (Chart.js draws a list as lines), so
#: none is clipped at the chart's edge.
LABEL_WIDTH = 24


def wrap_label(label: str, width: int = LABEL_WIDTH) -> str | list[str]:
    """The label as lines of at most about `width` characters, cut between words."""
    if len(label) <= width:
        return label
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _dimension(key: str) -> str:
    prefix = key.split(".", 1)[0]
    return prefix if prefix in {d for d, _ in STRUCTURE_DIMENSIONS} else "group"


def structure_charts(
    rows: Sequence[FormRow], counts: Mapping[str, Mapping[str, float]], period: str
) -> list[dict[str, Any]]:
    """One bar chart per dimension of the new members' structure: {id, title, spec}."""
    shown = [r for r in rows if not r.average_age and r.key != "total"]
    charts = []
    for dimension, title in STRUCTURE_DIMENSIONS:
        part = [r for r in shown if _dimension(r.key) == dimension]
        if not part:
            continue
        spec = {
            "type": "bar",
            "horizontal": True,
            "labels": [wrap_label(r.label.removeprefix("+ ")) for r in part],
            "datasets": [{"label": "Số đảng viên mới", "data": [counts.get(r.key, {}).get(period, 0) for r in part]}],
        }
        charts.append({"id": f"chart-structure-{dimension}", "title": title, "spec": spec})
    return charts
