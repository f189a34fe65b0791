"""Building candidates in tests: through the real services, as a secretary would."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from typing import Any

from ketnap.orgs.models import MassOrganization, Organization
from ketnap.pipeline.enums import IntroducerKind, Occupation
from ketnap.pipeline.journey import Timetable, walk
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.querysets import ancestor_paths
from ketnap.pipeline.services.candidates import introduce

_serial = count(1)


def person(**overrides: Any) -> dict[str, Any]:
    n = next(_serial)
    data: dict[str, Any] = {
        "full_name": f"Nguyễn Văn Thử {n}",
        "birth_date": date(1995, 1, 1 + n % 27),
        "sex": "male",
        "education": "upper_secondary",
        "occupation": Occupation.FARMER,
    }
    data.update(overrides)
    return data


def make_candidate(
    cell: Organization, *, on: date = date(2025, 1, 10), actor: Any = None, by: str = "", **overrides: Any
) -> Candidate:
    """A person introduced to `cell` (by the named mass organisation of its commune, or the cell)."""
    mass = MassOrganization.objects.filter(committee__path__in=ancestor_paths(cell.path), name=by).first()
    return introduce(
        actor=actor,
        organization=cell,
        person=person(**overrides),
        introduced_on=on,
        kind=IntroducerKind.MASS_ORGANIZATION if mass else IntroducerKind.CELL,
        mass_organization=mass,
    )


def candidate_at(
    cell: Organization, stage: str, tt: Timetable | None = None, *, by: str = "", **overrides: Any
) -> Candidate:
    """A candidate walked to `stage` with a plausible timetable starting in 2025
    (introduced before they are listed, so the timeline stays in order)."""
    tt = tt or Timetable(listed=date(2025, 2, 5))
    overrides.setdefault("on", min(date(2025, 1, 10), tt.listed - timedelta(days=7)))
    candidate = make_candidate(cell, by=by, **overrides)
    return walk(candidate, stage, tt)


def ready_for_vote(
    cell: Organization, vote_day: date, *, tt: Timetable | None = None, youth: bool | None = None, **overrides: Any
) -> Candidate:
    """A candidate in "verification" with introducers, results and papers in hand."""
    from ketnap.pipeline.checks import Context
    from ketnap.pipeline.journey import needs_youth_union, prepare_for_vote

    c = candidate_at(cell, "verification", tt, **overrides)
    needed = needs_youth_union(c, vote_day, Context()) if youth is None else youth
    prepare_for_vote(c, vote_day - timedelta(days=5), actor=None, youth_union_sponsor=needed)
    return c


def cell_vote(c: Candidate, day: date, *, eligible: int = 10, in_favour: int = 9, **kw: Any) -> Any:
    """A cell vote on `day`; a count other than the registry's carries a reason, and the
    clock is the day after the meeting unless the test sets `today`."""
    from ketnap.pipeline.enums import ResolutionPurpose
    from ketnap.pipeline.registry import official_members_on
    from ketnap.pipeline.services.decisions import record_cell_vote

    purpose = kw.pop("purpose", ResolutionPurpose.ADMISSION)
    if eligible != official_members_on(c.organization, day):
        kw.setdefault("eligible_reason", "Danh sách đảng viên chưa đầy đủ (kiểm thử)")
    kw.setdefault("today", max(day + timedelta(days=1), date.today()))
    return record_cell_vote(
        c, actor=kw.pop("actor", None), purpose=purpose, adopted_on=day, eligible=eligible, in_favour=in_favour, **kw
    )


def failing_rules(exc: Any) -> set[str]:
    """Rule ids of the charter's reasons that stopped a move."""
    return {r.rule for r in exc.failures}
