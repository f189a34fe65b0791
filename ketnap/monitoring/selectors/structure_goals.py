"""Structure goals of an organisation's issued plan (women 30 %, youth 5…) against this
year's admissions (P5/M1): how many of the admitted belong to the group, against what
the goal asks of the quota and of the admissions made so far.

The counts come from the dashboard's structure rows (statistics form 2), so this adds
no query: the plan's targets are prefetched by `quotas.own_target`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ketnap.charter import quota_from_rate
from ketnap.pipeline.enums import Occupation
from ketnap.plans.enums import StructureGroup, TargetMeasure, TargetScope
from ketnap.plans.models import Plan, Target

#: Rows of statistics form 2 that count each structure group.
GROUP_KEYS: dict[str, tuple[str, ...]] = {
    StructureGroup.WOMEN: ("female",),
    StructureGroup.YOUTH: ("youth_union",),
    StructureGroup.RELIGIOUS: ("religious",),
    StructureGroup.ETHNIC_MINORITY: ("ethnic_minority",),
    StructureGroup.STUDENTS: ("occupation.university_student", "occupation.pupil"),
    StructureGroup.PRIVATE_SECTOR: tuple(
        f"occupation.{o.value}" for o in Occupation if o.value.startswith("enterprise")
    ),
}


@dataclass(frozen=True)
class GoalProgress:
    target: Target
    goal: str  # "30%", "5", "3–4%"
    of_quota: int  # people of the group the goal asks for, given the quota
    admitted_in_group: int
    admitted: int

    @property
    def label(self) -> str:
        return self.target.get_group_display()

    @property
    def share(self) -> Decimal | None:
        if not self.admitted:
            return None
        return (Decimal(self.admitted_in_group) * 100 / self.admitted).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool:
        return self.admitted_in_group >= self.of_quota


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def goals_progress(plan: Plan | None, quota: int, structure: Mapping[str, Mapping[str, float]]) -> list[GoalProgress]:
    """Each structure goal of `plan`: what it asks of `quota` and where the year's
    admissions (`structure`: form-2 row → {"ytd": n}) stand."""
    if plan is None:
        return []
    admitted = int(structure.get("total", {}).get("ytd", 0))
    result = []
    for t in plan.targets.all():
        if t.scope != TargetScope.STRUCTURE or t.group not in GROUP_KEYS:
            continue
        in_group = int(sum(structure.get(k, {}).get("ytd", 0) for k in GROUP_KEYS[t.group]))
        if t.measure == TargetMeasure.RATE and t.rate is not None:
            goal = _pct(t.rate) + (f"–{_pct(t.rate_max)}" if t.rate_max is not None else "") + "%"
            asked = quota_from_rate(t.rate, quota)
        else:
            goal = str(t.count or 0) + (f"–{t.count_max}" if t.count_max is not None else "")
            asked = t.count or 0
        result.append(GoalProgress(t, goal, asked, in_group, admitted))
    return result
