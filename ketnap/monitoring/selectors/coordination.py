"""Coordination quotas (P3, 002 table 2): what the plan asks of the Fatherland Front and
the mass organisations — people to introduce, and of those, people admitted — against
what the people they introduced did this year, by date of effect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from ketnap.monitoring.periods import year_to_date
from ketnap.monitoring.selectors.quotas import Quota, quota_of
from ketnap.orgs.models import MassOrganization, Organization
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import StageEvent
from ketnap.plans.models import Allocation, AllocationRevision


@dataclass(frozen=True)
class CoordinationRow:
    mass_organization: MassOrganization
    quota: Quota
    introduced: int
    admitted: int


def coordination(org: Organization, revision: AllocationRevision | None, on: date) -> list[CoordinationRow]:
    """The coordination rows of the revision in force (`Progress.revision`) and the year's
    introductions and admissions of the people each mass organisation introduced. Two
    queries; none without a revision."""
    if revision is None:
        return []
    rows = list(
        Allocation.objects.filter(revision=revision, mass_organization__isnull=False)
        .select_related("mass_organization")
        .order_by("position", "id")
    )
    if not rows:
        return []
    year = year_to_date(on)
    counts = (
        StageEvent.objects.filter(
            org_path__startswith=org.path,
            to_stage__in=[Stage.INTRODUCED, Stage.ADMITTED],
            effective_on__range=(year.start, year.end),
            candidate__introduction__mass_organization__in=[r.mass_organization_id for r in rows],
        )
        .values("candidate__introduction__mass_organization", "to_stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[tuple[int | None, str], int] = {
        (c["candidate__introduction__mass_organization"], c["to_stage"]): int(c["n"]) for c in counts
    }
    return [
        CoordinationRow(
            r.mass_organization,  # type: ignore[arg-type]
            quota_of(r),
            found.get((r.mass_organization_id, Stage.INTRODUCED.value), 0),
            found.get((r.mass_organization_id, Stage.ADMITTED.value), 0),
        )
        for r in rows
    ]
