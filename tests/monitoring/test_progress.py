"""Progress against quota (M1) against a hand-computed fixture: a commune of two cells,
an original allocation and a supplementary one effective 01/7/2026.

    cell A (40 members)  original: admit Q1 1, Q3 1 (= 2), introduce Q1 2
                         from 01/7: admit Q1 1, Q3 1, Q4 1 (= 3)
    cell B (60 members)  admit Q2 1 (= 1), introduce Q2 1
    A: X admitted 15/02; Y introduced 05/01, admitted 20/08
    B: W introduced 10/01, admitted 10/05; Z introduced 03/03 (still a candidate)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ketnap.monitoring.selectors.progress import progress
from ketnap.monitoring.selectors.quotas import quotas_in_force
from ketnap.plans.selectors import allocation_in_force
from tests.monitoring import builders as b

pytestmark = pytest.mark.django_db


# (as_of, row, kind) → (year quota, [(quota, achieved) per quarter], ytd, pool)
EXPECTED = [
    (date(2026, 6, 30), 0, "admit", 2, [(1, 1), (None, 0), (1, None), (None, None)], 1, 1),
    (date(2026, 6, 30), 1, "admit", 1, [(None, 0), (1, 1), (None, None), (None, None)], 1, 1),
    (date(2026, 6, 30), 0, "introduce", 2, [(2, 1), (None, 0), (None, None), (None, None)], 1, 1),
    (date(2026, 6, 30), 1, "introduce", 1, [(None, 2), (1, 0), (None, None), (None, None)], 2, 1),
    (date(2026, 9, 30), 0, "admit", 3, [(1, 1), (None, 0), (1, 1), (1, None)], 2, 0),
    (date(2026, 9, 30), 1, "admit", 1, [(None, 0), (1, 1), (None, 0), (None, None)], 1, 1),
]


@pytest.mark.parametrize(("as_of", "index", "kind", "year", "cells", "ytd", "pool"), EXPECTED)
def test_rows_against_hand_computed_values(world, as_of, index, kind, year, cells, ytd, pool) -> None:  # type: ignore[no-untyped-def]
    row = progress(world.commune, as_of).rows[index]
    assert (row.quota.total(kind), row.cells(kind), row.achieved[kind].ytd, row.pool) == (year, cells, ytd, pool)


@pytest.mark.parametrize(
    ("as_of", "quota", "admitted", "rate", "completion", "revision"),
    [
        (date(2026, 6, 30), 3, 2, Decimal("2.00"), Decimal("66.7"), 0),
        (date(2026, 9, 30), 4, 3, Decimal("3.00"), Decimal("75.0"), 1),
        (date(2026, 1, 9), 0, 0, Decimal("0.00"), None, None),
    ],
)
def test_total_is_a_sum_and_the_rate_a_ratio_of_sums(world, as_of, quota, admitted, rate, completion, revision) -> None:  # type: ignore[no-untyped-def]
    result = progress(world.commune, as_of)
    assert result.total.quota.admit == quota
    assert result.total.quota.given == (revision is not None)
    assert result.total.achieved["admit"].ytd == admitted
    assert result.total.headcount_year_start == 100
    # 3 of 100 is 3.00 %, not the mean of the cells' rates (5 % and 1.67 %).
    assert result.rate == rate
    assert result.total.completion() == completion
    assert (result.revision.number if result.revision else None) == revision


def test_own_target_is_the_rate_of_the_plan_rounded_up(world) -> None:  # type: ignore[no-untyped-def]
    result = progress(world.commune, date(2026, 6, 30))
    assert (result.own.count, result.own.rate, result.quota) == (4, Decimal("3.20"), 4)


def test_a_cell_dashboard_is_its_own_row(world) -> None:  # type: ignore[no-untyped-def]
    a = world.cells[0]
    result = progress(a, date(2026, 9, 30))
    assert [r.organization for r in result.rows] == [a]
    assert (result.total.quota.admit, result.total.achieved["admit"].ytd, result.total.headcount.total) == (3, 2, 40)


@pytest.mark.parametrize("as_of", [date(2026, 1, 9), date(2026, 3, 1), date(2026, 7, 1), date(2026, 12, 31)])
def test_batch_quotas_agree_with_the_plans_selector(world, as_of) -> None:  # type: ignore[no-untyped-def]
    batch = quotas_in_force(world.cells, as_of)
    for cell in world.cells:
        single = allocation_in_force(cell, as_of)
        assert (batch[cell.pk].allocation if cell.pk in batch else None) == single


def test_events_of_the_committee_itself_get_their_own_row(world) -> None:  # type: ignore[no-untyped-def]
    b.admitted(world.commune, date(2026, 4, 1))
    result = progress(world.commune, date(2026, 6, 30))
    assert result.rows[-1].label.startswith("Trực tiếp")
    assert result.total.achieved["admit"].ytd == sum(r.achieved["admit"].ytd for r in result.rows) == 3
