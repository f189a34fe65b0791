"""Headcounts follow the record (issue 9 point 5): where the board marked the registry
complete, the headcount on a day is counted from it — admission adds a probationary
member, the official date makes them official, leaving takes them off."""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.orgs import rollup_cache
from ketnap.orgs.enums import MemberStatus
from ketnap.orgs.models import Member, MemberCount, Organization
from ketnap.orgs.selectors import headcount
from tests.monitoring.builders import commune

pytestmark = pytest.mark.django_db


def test_registry_complete_counts_the_registry_on_each_day() -> None:
    a = commune(2, members=[7, 9], on=date(2025, 12, 31))
    cell = a.cells[0]
    Member.objects.create(
        organization=cell, full_name="A", status=MemberStatus.OFFICIAL, admission_date=date(2000, 1, 1)
    )
    Member.objects.create(
        organization=cell,
        full_name="B",
        status=MemberStatus.OFFICIAL,
        admission_date=date(2025, 3, 1),
        official_date=date(2026, 3, 1),
    )
    Member.objects.create(
        organization=cell,
        full_name="C",
        status=MemberStatus.OFFICIAL,
        admission_date=date(1990, 1, 1),
        left_on=date(2026, 2, 1),
    )
    # Not complete yet: the snapshot counts (7 + 9).
    assert headcount(a.commune, date(2026, 1, 15)).total == 16
    Organization.objects.filter(pk=cell.pk).update(registry_complete=True)
    rollup_cache.touch([cell.path])  # an update() sends no signal: say what changed
    a.commune.refresh_from_db()
    on = date(2026, 1, 15)
    assert (
        headcount(cell.__class__.objects.get(pk=cell.pk), on).official,
        headcount(cell.__class__.objects.get(pk=cell.pk), on).probationary,
    ) == (2, 1)
    assert headcount(a.commune, on).total == 3 + 9
    assert headcount(a.commune, date(2026, 2, 1)).total == 2 + 9  # C left
    after = headcount(a.commune, date(2026, 3, 1))
    assert (after.official, after.probationary) == (2 + 9, 0)  # B official
    assert headcount(a.commune, date(2024, 1, 1)).total == 2 + 0  # before any snapshot of the other cell
    assert MemberCount.objects.filter(organization=cell).exists()
