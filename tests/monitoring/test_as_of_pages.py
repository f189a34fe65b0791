"""Early warning and the year-end evaluation for a past day use the tree of that day
(issue 10, points 2 and 7): moving a cell to another commune afterwards changes none of
the commune's figures for the day before — its forecasts, its cells with and without
candidates, its grading inputs."""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.monitoring.scale import build_monitoring_province
from ketnap.monitoring.selectors.evaluation import grading_inputs
from ketnap.monitoring.selectors.warnings import forecasts, places
from ketnap.orgs import restructure
from ketnap.orgs.models import Organization

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)  # the generated histories end here; the move takes effect the day after


def _warnings(commune: Organization) -> tuple[object, ...]:
    found = forecasts(commune, DAY)
    spots = places(commune, DAY)
    return (
        [(f.organization.pk, f.admitted, round(f.estimate, 6), [(s.stage, s.count) for s in f.stages]) for f in found],
        sorted((p.organization.pk, p.pool, p.admitted) for p in spots.idle),
        sorted((p.organization.pk, p.pool) for p in spots.empty),
        spots.total,
    )


def _evaluation(commune: Organization) -> tuple[object, ...]:
    e = grading_inputs(commune, 2026, DAY)
    return tuple(
        (i.row.label, i.row.achieved["admit"].ytd, i.case, [s.achieved for s in i.sub_targets]) for i in e.inputs
    )


def test_a_later_move_leaves_the_days_warnings_and_evaluation_unchanged() -> None:
    data = build_monitoring_province("Hồi", communes=2, cells=3)
    one, two = data.tree.communes
    moved = data.tree.cells[one.pk][0]
    one.refresh_from_db()
    before = (_warnings(one), _evaluation(one))
    assert any(f[1] or f[3] for f in before[0][0])  # something to lose
    restructure.move(moved, two, on=date(2026, 11, 21))
    one.refresh_from_db()
    after = (_warnings(Organization.objects.get(pk=one.pk)), _evaluation(Organization.objects.get(pk=one.pk)))
    assert after == before
    # and the commune it moved to does not count the cell for that day
    assert moved.pk not in {p.organization.pk for p in places(Organization.objects.get(pk=two.pk), DAY).empty}
