"""Stage counts on a date, median stays and stage outcomes against a hand-computed
history (one cell, 2026; February has 28 days):

    c1 introduced 01/01 → sympathizer 11/01 (10 d) → certified 31/01 (20 d) → admitted 02/03 (30 d)
    c2 introduced 01/01 → sympathizer 21/01 (20 d) → certified 02/03 (40 d) → admitted 01/04 (30 d)
    c3 introduced 01/01 → sympathizer 31/01 (30 d) → withdrawn 01/03 (29 d)
    c4 introduced 01/02, still there
"""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.monitoring.selectors.dashboard import dashboard
from ketnap.monitoring.selectors.funnel import funnel
from ketnap.monitoring.selectors.rollups import Grouping, Stays, median_of, outcomes, stages_and_stays, stages_on
from ketnap.pipeline.enums import Stage
from tests.monitoring import builders as b

pytestmark = pytest.mark.django_db

INTRO, S, C, A, W = Stage.INTRODUCED, Stage.SYMPATHIZER, Stage.CERTIFIED, Stage.ADMITTED, Stage.WITHDRAWN


@pytest.fixture
def cell():  # type: ignore[no-untyped-def]
    w = b.commune(1)
    cell = w.cells[0]
    d = date
    b.journey(cell, [(INTRO, d(2026, 1, 1)), (S, d(2026, 1, 11)), (C, d(2026, 1, 31)), (A, d(2026, 3, 2))])
    b.journey(cell, [(INTRO, d(2026, 1, 1)), (S, d(2026, 1, 21)), (C, d(2026, 3, 2)), (A, d(2026, 4, 1))])
    b.journey(cell, [(INTRO, d(2026, 1, 1)), (S, d(2026, 1, 31)), (W, d(2026, 3, 1))])
    b.journey(cell, [(INTRO, d(2026, 2, 1))])
    return w


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 12, 31), {}),
        (date(2026, 1, 15), {INTRO: 2, S: 1}),
        (date(2026, 3, 1), {S: 1, C: 1, W: 1, INTRO: 1}),
        (date(2026, 12, 31), {A: 2, W: 1, INTRO: 1}),
    ],
)
def test_where_candidates_stand_on_a_date(cell, on, expected) -> None:  # type: ignore[no-untyped-def]
    assert stages_on(Grouping.of(cell.commune), on).get(cell.commune.path, {}) == expected


@pytest.mark.parametrize("on", [date(2026, 1, 15), date(2026, 3, 1), date(2026, 12, 31)])
def test_groups_by_child_add_up_to_the_subtree(cell, on) -> None:  # type: ignore[no-untyped-def]
    by_child = stages_on(Grouping.children_of(cell.commune), on)
    whole = stages_on(Grouping.of(cell.commune), on)[cell.commune.path]
    assert by_child == {cell.cells[0].path: whole}
    assert stages_and_stays(Grouping.children_of(cell.commune), on)[0] == by_child


@pytest.mark.parametrize(
    ("on", "stage", "expected"),
    [
        (date(2026, 12, 31), INTRO, Stays(3, 20.0)),
        (date(2026, 12, 31), S, Stays(3, 29.0)),
        (date(2026, 12, 31), C, Stays(2, 30.0)),
        (date(2026, 1, 25), INTRO, Stays(2, 15.0)),
    ],
)
def test_median_days_in_stage(cell, on, stage, expected) -> None:  # type: ignore[no-untyped-def]
    assert stages_and_stays(Grouping.of(cell.commune), on)[1][stage] == expected


@pytest.mark.parametrize(
    ("stage", "reached", "admitted", "exited", "median"),
    [(INTRO, 4, 2, 1, 75.0), (S, 3, 2, 1, 60.0), (C, 2, 2, 0, 30.0)],
)
def test_what_became_of_those_who_reached_a_stage(cell, stage, reached, admitted, exited, median) -> None:  # type: ignore[no-untyped-def]
    found = outcomes(Grouping.of(cell.commune), date(2026, 12, 31))[cell.commune.path][stage]
    assert (found.reached, found.admitted, found.exited, found.median_days_to_admission) == (
        reached,
        admitted,
        exited,
        median,
    )
    assert found.conversion == admitted / (admitted + exited)


def test_funnel_rows(cell) -> None:  # type: ignore[no-untyped-def]
    rows = {r.stage: r for r in funnel(cell.commune, date(2026, 12, 31))}
    assert (rows[INTRO].now, rows[INTRO].reached_this_year, rows[INTRO].stays) == (1, 4, Stays(3, 20.0))
    assert (rows[A].now, rows[A].reached_this_year) == (2, 2)
    assert rows[W].stays is None and rows[W].is_exit


def test_dashboard_funnel_reuses_the_progress_counts(cell) -> None:  # type: ignore[no-untyped-def]
    on = date(2026, 12, 31)
    assert dashboard(cell.commune, on).stages == funnel(cell.commune, on)


@pytest.mark.parametrize(
    ("histogram", "median"),
    [({}, None), ({5: 1}, 5.0), ({1: 1, 9: 1}, 5.0), ({1: 2, 4: 1}, 1.0), ({1: 1, 2: 1, 10: 2}, 6.0)],
)
def test_median_of_a_histogram(histogram, median) -> None:  # type: ignore[no-untyped-def]
    assert median_of(histogram) == median


def test_medians_and_rates_read_the_last_three_years_only(cell) -> None:  # type: ignore[no-untyped-def]
    b.journey(cell.cells[0], [(INTRO, date(2021, 1, 1)), (S, date(2021, 12, 31)), (A, date(2022, 6, 1))])
    recent = stages_and_stays(Grouping.of(cell.commune), date(2026, 12, 31))[1]
    assert recent[INTRO] == Stays(3, 20.0)  # the 364-day stay of 2021 is outside the window
    then = stages_and_stays(Grouping.of(cell.commune), date(2022, 12, 31))[1]
    assert then[INTRO] == Stays(1, 364.0)
    assert outcomes(Grouping.of(cell.commune), date(2026, 12, 31))[cell.commune.path][INTRO].reached == 4
