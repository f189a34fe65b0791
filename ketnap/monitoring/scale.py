"""Province-scale monitoring data for benchmarks and query-count tests: on top of
`orgs.scale.build_province` (N communes × M cells with headcounts), the year's plans
(the province's allocation to communes, with a supplementary allocation from 01/7, and
each commune's quarterly allocation to its cells) and candidates with their stage
histories, so every rollup of the dashboard has real rows to add up.

Rows are bulk-inserted with audit off (one transaction, a few seconds for 100 × 60);
a fixed seed makes two runs identical. `advance()` is not used: the histories are
synthetic and need no charter checks, only the shape the rollups read (`StageEvent`
with its date of effect and organisation path, the candidate's cached stage).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from ketnap.audit.context import audit_disabled
from ketnap.orgs import provinces
from ketnap.orgs.enums import Sex
from ketnap.orgs.models import Organization
from ketnap.orgs.scale import ScaleTree, build_province
from ketnap.pipeline.enums import FUNNEL, Occupation, Stage
from ketnap.pipeline.models import Candidate, StageEvent
from ketnap.plans.enums import PlanStatus, RevisionStatus, TargetMeasure, TargetScope
from ketnap.plans.models import Allocation, AllocationRevision, Plan, Target

YEAR = 2026
HISTORY_START = date(2024, 1, 1)


@dataclass
class ScaleData:
    tree: ScaleTree
    candidates: int
    events: int
    allocations: int


def _revision(plan: Plan, number: int, effective_on: date) -> AllocationRevision:
    return AllocationRevision.objects.create(
        plan=plan,
        number=number,
        status=RevisionStatus.ISSUED,
        effective_on=effective_on,
        reason="" if number == 0 else "Giao bổ sung chỉ tiêu 6 tháng cuối năm",
    )


def _quarterly(admit: list[int], introduce: list[int]) -> dict[str, int]:
    fields = {f"admit_q{q + 1}": admit[q] for q in range(4)} | {f"introduce_q{q + 1}": introduce[q] for q in range(4)}
    return fields | {"admit_total": sum(admit), "introduce_total": sum(introduce)}


def _plans(tree: ScaleTree, rng: random.Random) -> int:
    """The province's plan (communes' quotas, +1 for every fifth commune from 01/7) and
    each commune's quarterly plan for its cells."""
    province = Plan.objects.create(
        organization=tree.province, year=YEAR, status=PlanStatus.ISSUED, issued_on=date(YEAR, 1, 15)
    )
    cell_quota = {c.pk: [rng.choice((0, 0, 1)) for _ in range(4)] for cs in tree.cells.values() for c in cs}
    commune_quota = {m.pk: sum(sum(cell_quota[c.pk]) for c in tree.cells[m.pk]) for m in tree.communes}
    Target.objects.create(
        plan=province, scope=TargetScope.TOTAL, measure=TargetMeasure.COUNT, count=sum(commune_quota.values())
    )
    original, supplement = _revision(province, 0, date(YEAR, 1, 15)), _revision(province, 1, date(YEAR, 7, 1))
    rows = [
        Allocation(revision=original, organization=m, position=i, admit_total=commune_quota[m.pk])
        for i, m in enumerate(tree.communes)
    ]
    rows += [
        Allocation(
            revision=supplement, organization=m, position=i, admit_total=commune_quota[m.pk] + (1 if i % 5 == 0 else 0)
        )
        for i, m in enumerate(tree.communes)
    ]
    plans = [
        Plan(
            organization=m,
            year=YEAR,
            status=PlanStatus.ISSUED,
            issued_on=date(YEAR, 1, 20),
            by_quarter=True,
            with_introduce=True,
        )
        for m in tree.communes
    ]
    Plan.objects.bulk_create(plans)
    Target.objects.bulk_create(
        Target(
            plan=p, scope=TargetScope.TOTAL, measure=TargetMeasure.RATE, rate=3.2, headcount_on=date(YEAR - 1, 12, 31)
        )
        for p in plans
    )
    revisions = AllocationRevision.objects.bulk_create(
        AllocationRevision(plan=p, number=0, status=RevisionStatus.ISSUED, effective_on=date(YEAR, 1, 20))
        for p in plans
    )
    for commune, revision in zip(tree.communes, revisions, strict=True):
        rows += [
            Allocation(
                revision=revision,
                organization=c,
                position=j,
                **_quarterly(cell_quota[c.pk], [rng.choice((0, 1)) for _ in range(4)]),
            )
            for j, c in enumerate(tree.cells[commune.pk])
        ]
    Allocation.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _history(rng: random.Random, until: date) -> list[tuple[str, date]]:
    """A plausible path through the funnel: how far the person got, when each step took
    effect; one in ten leaves the list on the way."""
    day = HISTORY_START + timedelta(days=rng.randint(0, (until - HISTORY_START).days - 30))
    reach = rng.choices(range(len(FUNNEL)), weights=[6, 6, 3, 5, 3, 3, 2, 2, 2, 4, 3])[0]
    steps: list[tuple[str, date]] = [(Stage.INTRODUCED, day)]
    for stage in FUNNEL[1 : reach + 1]:
        day += timedelta(days=rng.randint(5, 35) if stage != Stage.OFFICIAL else 365)
        if day > until:
            break
        if stage == Stage.IN_COURSE and rng.random() < 0.3:
            continue
        steps.append((stage, day))
    if rng.random() < 0.1 and steps[-1][0] in FUNNEL[:8]:
        leave = steps[-1][1] + timedelta(days=rng.randint(10, 60))
        if leave <= until:
            steps.append((Stage.WITHDRAWN, leave))
    return steps


def _candidates(tree: ScaleTree, rng: random.Random, per_cell: int, until: date) -> tuple[int, int]:
    cells = [c for cs in tree.cells.values() for c in cs]
    people: list[Candidate] = []
    histories: list[list[tuple[str, date]]] = []
    occupations = list(Occupation)
    for cell in cells:
        for i in range(rng.randint(per_cell // 2, per_cell + per_cell // 2)):
            steps = _history(rng, until)
            person = Candidate(
                organization=cell,
                full_name=f"Người thử {cell.code} {i}",
                birth_date=date(rng.randint(1966, 2006), rng.randint(1, 12), rng.randint(1, 28)),
                sex=rng.choice((Sex.MALE, Sex.FEMALE)),
                ethnicity=rng.choice(("01", "01", "01", "02", "07")),
                occupation=rng.choice(occupations),
                youth_union_member=rng.random() < 0.4,
                stage=steps[-1][0],
                stage_since=steps[-1][1],
            )
            person.fill_derived()
            people.append(person)
            histories.append(steps)
    Candidate.objects.bulk_create(people, batch_size=2000)
    events = [
        StageEvent(
            candidate=p,
            from_stage=(h[i - 1][0] if i else ""),
            to_stage=stage,
            effective_on=day,
            organization_id=p.organization_id,
            org_path=p.organization.path,
        )
        for p, h in zip(people, histories, strict=True)
        for i, (stage, day) in enumerate(h)
    ]
    StageEvent.objects.bulk_create(events, batch_size=5000)
    return len(people), len(events)


@transaction.atomic
def build_monitoring_province(
    label: str, *, communes: int, cells: int, per_cell: int = 4, until: date = date(YEAR, 11, 20), seed: int = 6
) -> ScaleData:
    """A province of `communes` × `cells` with plans for YEAR and about `per_cell`
    candidates per cell whose histories end by `until`."""
    rng = random.Random(seed)
    tree = build_province(label, communes=communes, cells=cells, headcount_on=date(YEAR - 1, 12, 31), seed=seed)
    with audit_disabled():
        allocations = _plans(tree, rng)
        people, events = _candidates(tree, rng, per_cell, until)
        provinces.fill()
    tree.province = Organization.objects.get(pk=tree.province.pk)
    return ScaleData(tree, people, events, allocations)
