"""Charts and tables that can be read (issue 16, point 5): the structure of the new
members one chart per dimension with no label too long for its axis, and the progress
table coloured by status — with the words and an icon, not colour alone — and sortable."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from ketnap.monitoring.charts import LABEL_WIDTH, STRUCTURE_DIMENSIONS, structure_charts, wrap_label
from ketnap.monitoring.selectors.dashboard import dashboard
from ketnap.monitoring.selectors.progress import progress
from ketnap.monitoring.templatetags.monitoring import row_status
from tests.conftest import client_for, org

ON = date(2026, 11, 20)
BOARD = "bxd.caominh"


def test_long_labels_are_cut_into_lines_between_words() -> None:
    assert wrap_label("Nữ") == "Nữ"
    lines = wrap_label("Lãnh đạo, quản lý và lao động trong doanh nghiệp, chia ra:")
    assert isinstance(lines, list) and len(lines) > 1
    assert " ".join(lines) == "Lãnh đạo, quản lý và lao động trong doanh nghiệp, chia ra:"
    assert all(len(line) <= LABEL_WIDTH for line in lines)


@pytest.mark.django_db
def test_structure_is_one_chart_per_dimension() -> None:
    data = dashboard(org("Đảng bộ xã Cao Minh"), ON)
    charts = structure_charts(data.structure_rows, data.structure, "ytd")
    assert [c["title"] for c in charts] == [title for _, title in STRUCTURE_DIMENSIONS]
    counted = [r for r in data.structure_rows if r.key != "total" and not r.average_age]
    assert sum(len(c["spec"]["labels"]) for c in charts) == len(counted)  # every category, once
    assert max(len(c["spec"]["labels"]) for c in charts) < len(counted) // 2
    for chart in charts:
        for label in chart["spec"]["labels"]:
            lines = label if isinstance(label, list) else [label]
            assert all(len(line) <= LABEL_WIDTH + 12 for line in lines), label  # one long word at most


@pytest.mark.django_db
def test_progress_rows_have_a_status_in_words() -> None:
    result = progress(org("Đảng bộ xã Cao Minh"), ON)
    statuses = {row_status(r, "admit", ON).code for r in result.rows}
    assert statuses <= {"zero", "behind", "on_track", "met", "none"}
    for r in result.rows:
        status = row_status(r, "admit", ON)
        done = int(r.achieved["admit"].ytd)
        if status.code == "zero":
            assert done == 0 and r.quota.total("admit") > 0
        if status.code == "met":
            assert done >= r.quota.total("admit") > 0


@pytest.mark.django_db
def test_dashboard_shows_the_charts_and_a_sortable_coloured_table() -> None:
    commune = org("Đảng bộ xã Cao Minh")
    html = client_for(BOARD).get(reverse("monitoring:dashboard", args=[commune.pk]), {"on": ON.isoformat()}).content
    page = html.decode()
    for dimension, _ in STRUCTURE_DIMENSIONS:
        assert f'data-chart="chart-structure-{dimension}"' in page
        spec = re.search(rf'<script id="chart-structure-{dimension}" type="application/json">(.*?)</script>', page)
        assert spec and json.loads(spec.group(1))["labels"]
    table = page[page.index('data-testid="progress-admit"') :]
    table = table[: table.index("</table>")]
    assert "data-sortable" in table
    assert len(re.findall(r"<th [^>]*data-sort\b", table)) == 8
    rows = re.findall(r'<tr data-testid="row-admit-\d+" class="status-(\w+)" data-status="\w+">', table)
    result = progress(commune, ON)
    assert len(rows) == len([r for r in result.rows if r.organization is not None])
    expected = {row_status(r, "admit", ON) for r in result.rows if r.organization is not None}
    for status in expected:
        assert f"bi-{status.icon}" in table and status.label in table  # words and icon, not colour alone
    assert 'data-testid="row-admit-total" data-sort-fixed' in table  # the total stays last when sorting
