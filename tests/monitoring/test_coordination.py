"""Coordination quotas of the mass organisations on the dashboard (002 table 2): the
original table of test_progress's commune also asks the Youth Union to introduce two
people and see one admitted; the supplementary allocation of 01/7 drops that row."""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.monitoring.selectors.dashboard import dashboard
from ketnap.orgs.enums import MassOrganizationKind
from ketnap.orgs.models import MassOrganization
from ketnap.pipeline.enums import IntroducerKind
from ketnap.pipeline.models import Introduction
from ketnap.plans.models import Allocation, AllocationRevision
from tests.monitoring import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def union(world):  # type: ignore[no-untyped-def]
    youth = MassOrganization.objects.create(
        committee=world.commune, kind=MassOrganizationKind.YOUTH_UNION, name="Đoàn TNCS Hồ Chí Minh"
    )
    original = AllocationRevision.objects.get(plan__organization=world.commune, number=0)
    Allocation.objects.create(revision=original, mass_organization=youth, position=9, introduce_total=2, admit_total=1)
    for introduced, admitted in ((date(2026, 2, 1), date(2026, 4, 1)), (date(2026, 5, 1), None)):
        c = (
            b.admitted(world.cells[0], admitted, introduced=introduced)
            if admitted
            else b.at_stage(world.cells[1], "introduced", introduced)
        )
        Introduction.objects.create(
            candidate=c, introduced_on=introduced, kind=IntroducerKind.MASS_ORGANIZATION, mass_organization=youth
        )
    return youth


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 3, 31), [(2, 1, 1, 0)]),
        (date(2026, 6, 30), [(2, 2, 1, 1)]),
        (date(2026, 9, 30), []),  # the table in force from 01/7 has no coordination row
    ],
)
def test_coordination_rows(world, union, on, expected) -> None:  # type: ignore[no-untyped-def]
    rows = dashboard(world.commune, on).coordination
    assert [(r.quota.introduce, r.introduced, r.quota.admit, r.admitted) for r in rows] == expected
    assert all(r.mass_organization == union for r in rows)
