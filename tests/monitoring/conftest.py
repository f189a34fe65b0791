"""Fixtures of the monitoring tests: the hand-computed commune of test_progress
(see its docstring) and the users who act on it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ketnap.orgs.enums import Role
from ketnap.pipeline.enums import Stage
from tests.monitoring import builders as b
from tests.orgs.helpers import make_user


@pytest.fixture
def world() -> b.Commune:
    w = b.commune(2, members=(40, 60))
    a, bb = w.cells
    p = b.plan(
        w.commune,
        2026,
        {
            a: b.quarters(admit=(1, None, 1, None), introduce=(2, None, None, None)),
            bb: b.quarters(admit=(None, 1, None, None), introduce=(None, 1, None, None)),
        },
        issued_on=date(2026, 1, 10),
        rate=Decimal("3.2"),
        headcount_on=date(2025, 12, 31),
    )
    b.revise(
        p,
        {
            a: b.quarters(admit=(1, None, 1, 1), introduce=(2, None, None, None)),
            bb: b.quarters(admit=(None, 1, None, None), introduce=(None, 1, None, None)),
        },
        effective_on=date(2026, 7, 1),
    )
    b.admitted(a, date(2026, 2, 15), introduced=date(2025, 10, 18))
    b.admitted(a, date(2026, 8, 20), introduced=date(2026, 1, 5))
    b.admitted(bb, date(2026, 5, 10), introduced=date(2026, 1, 10))
    b.at_stage(bb, Stage.INTRODUCED, date(2026, 3, 3))
    return w


@pytest.fixture
def people(world: b.Commune) -> dict[str, Any]:
    """board: organising board of the commune; secretary_a / secretary_b: the cells'
    secretaries; inspector: the commune's inspection committee."""
    n = world.commune.pk
    return {
        "board": make_user(f"bxd{n}", world.commune, Role.ORGANIZING_BOARD),
        "inspector": make_user(f"ubkt{n}", world.commune, Role.INSPECTOR),
        "secretary_a": make_user(f"bta{n}", world.cells[0], Role.CELL_SECRETARY),
        "secretary_b": make_user(f"btb{n}", world.cells[1], Role.CELL_SECRETARY),
    }
