"""Small, hand-checkable data for monitoring tests: a commune with a few cells,
candidates with their stage events, plans with revisions.

Events are created directly (they are append-only rows; `advance()` and its charter
checks are the pipeline's business and tested there). Plans are created issued, as
`plans.services.issue_plan` would leave them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ketnap.orgs.enums import OrganizationKind, Sex
from ketnap.orgs.models import MemberCount, Organization
from ketnap.pipeline.enums import FUNNEL, Occupation, Stage
from ketnap.pipeline.models import Candidate, StageEvent
from ketnap.plans.enums import PlanStatus, RevisionStatus, TargetMeasure, TargetScope
from ketnap.plans.models import Allocation, AllocationRevision, Plan, Target
from tests.orgs.helpers import make_child, make_root

_names = iter(range(1, 10**6))


@dataclass
class Commune:
    province: Organization
    commune: Organization
    cells: list[Organization]


def commune(cells: int = 2, *, members: Sequence[int] = (), on: date = date(2025, 12, 31)) -> Commune:
    """Province → commune → `cells` cells, each with a headcount at `on` (default 30)."""
    province = make_root(f"Đảng bộ tỉnh Thử {next(_names)}")
    commune_org = make_child(province, f"Đảng bộ xã Thử {next(_names)}", OrganizationKind.GRASSROOTS_COMMITTEE)
    made = []
    for i in range(cells):
        cell = make_child(commune_org, f"Chi bộ Thử {next(_names)}")
        MemberCount.objects.create(organization=cell, counted_on=on, official=members[i] if members else 30)
        made.append(cell)
    commune_org.refresh_from_db()
    return Commune(province, commune_org, made)


def person(org: Organization, **kw: Any) -> Candidate:
    data: dict[str, Any] = {
        "organization": org,
        "full_name": f"Nguyễn Văn Thử {next(_names)}",
        "birth_date": date(1998, 5, 1),
        "sex": Sex.MALE,
        "occupation": Occupation.FARMER,
        **kw,
    }
    return Candidate.objects.create(**data)


def move(candidate: Candidate, stage: str, on: date, org: Organization | None = None) -> StageEvent:
    """Record one event (and keep the candidate's cached stage, as advance() does)."""
    org = org or candidate.organization
    event = StageEvent.objects.create(
        candidate=candidate,
        from_stage=candidate.stage,
        to_stage=stage,
        effective_on=on,
        organization=org,
        org_path=org.path,
    )
    Candidate.objects.filter(pk=candidate.pk).update(stage=stage, stage_since=on)
    candidate.stage, candidate.stage_since = stage, on
    return event


def journey(org: Organization, steps: Sequence[tuple[str, date]], **kw: Any) -> Candidate:
    """A candidate who went through `steps` (stage, date of effect) in order."""
    c = person(org, **kw)
    for stage, on in steps:
        move(c, stage, on)
    return c


def admitted(org: Organization, on: date, *, introduced: date | None = None, **kw: Any) -> Candidate:
    """A candidate introduced (default: 120 days before) and admitted on `on`."""
    start = introduced or date.fromordinal(on.toordinal() - 120)
    return journey(org, [(Stage.INTRODUCED, start), (Stage.ADMITTED, on)], **kw)


def at_stage(org: Organization, stage: str, on: date, **kw: Any) -> Candidate:
    """A candidate introduced on `on` and, if `stage` is later, moved there the same day."""
    steps = [(Stage.INTRODUCED, on)]
    if stage != Stage.INTRODUCED:
        steps.append((stage, on))
    return journey(org, steps, **kw)


def quarters(
    admit: Sequence[int | None] = (None,) * 4, introduce: Sequence[int | None] = (None,) * 4
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for q in range(4):
        fields[f"admit_q{q + 1}"] = admit[q]
        fields[f"introduce_q{q + 1}"] = introduce[q]
    fields["admit_total"] = sum(v or 0 for v in admit)
    fields["introduce_total"] = sum(v or 0 for v in introduce)
    return fields


def plan(
    org: Organization,
    year: int,
    rows: dict[Organization, dict[str, Any]],
    *,
    issued_on: date,
    count: int | None = None,
    rate: Decimal | None = None,
    headcount_on: date | None = None,
) -> Plan:
    """An issued plan whose original table gives `rows` (organisation → Allocation fields)."""
    p = Plan.objects.create(organization=org, year=year, status=PlanStatus.ISSUED, issued_on=issued_on)
    if rate is not None:
        Target.objects.create(
            plan=p, scope=TargetScope.TOTAL, measure=TargetMeasure.RATE, rate=rate, headcount_on=headcount_on
        )
    elif count is not None:
        Target.objects.create(plan=p, scope=TargetScope.TOTAL, measure=TargetMeasure.COUNT, count=count)
    revise(p, rows, effective_on=issued_on, number=0)
    return p


def revise(
    p: Plan,
    rows: dict[Organization, dict[str, Any]],
    *,
    effective_on: date,
    number: int | None = None,
    reason: str = "Giao bổ sung",
) -> AllocationRevision:
    n = number if number is not None else p.revisions.count()
    revision = AllocationRevision.objects.create(
        plan=p, number=n, status=RevisionStatus.ISSUED, effective_on=effective_on, reason="" if n == 0 else reason
    )
    for position, (org, fields) in enumerate(rows.items()):
        Allocation.objects.create(revision=revision, organization=org, position=position, **fields)
    return revision


STAGES_BEFORE_ADMISSION = FUNNEL[:8]
