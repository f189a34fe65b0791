"""Year-end evaluation (M6): how far each organisation met its quota and sub-targets,
with a suggested input for the annual grading of organisations (`Grading`, 004 §4,
000 III.1, 001 §3.1: results are tied to the grading of organisations and of the
committee members in charge).

Why only a suggestion: the grading itself is the standing committee's decision under
the party's grading rules, which weigh many criteria. What this page gives is the
admission criterion, stated with its numbers: completion of the quota, the
sub-targets met or missed, and whether an organisation with candidates admitted no
one (001 §3.3 asks to "correct organisations that do not admit although they have
candidates"). The wording of the suggestions is in SUGGESTIONS below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ketnap.monitoring.periods import whole_year
from ketnap.monitoring.selectors.progress import ProgressRow, percent, progress
from ketnap.monitoring.selectors.rollups import Grouping
from ketnap.monitoring.selectors.structure import count_rows
from ketnap.monitoring.statistics_forms import FORM_2, STUDENTS, FormRow
from ketnap.orgs.history import paths_of
from ketnap.orgs.models import Organization
from ketnap.plans.enums import StructureGroup, TargetMeasure, TargetScope
from ketnap.plans.models import Target

#: Suggested grading input by case (the committee decides).
SUGGESTIONS = {
    "met": "Hoàn thành chỉ tiêu kết nạp đảng viên",
    "met_but": "Hoàn thành chỉ tiêu số lượng, chưa đạt chỉ tiêu cơ cấu",
    "partly": "Chưa hoàn thành chỉ tiêu kết nạp đảng viên",
    "none_with_pool": "Không kết nạp được đảng viên dù có nguồn — cần xem xét trách nhiệm",
    "none": "Không kết nạp được đảng viên, không có nguồn — cần tạo nguồn",
    "no_quota": "Không được giao chỉ tiêu",
}
#: Structure goals of a plan → the statistics-form row that measures them.
GROUP_ROWS: dict[str, FormRow] = {
    StructureGroup.YOUTH: FORM_2.row("youth_union"),
    StructureGroup.WOMEN: FORM_2.row("female"),
    StructureGroup.RELIGIOUS: FORM_2.row("religious"),
    StructureGroup.ETHNIC_MINORITY: FORM_2.row("ethnic_minority"),
    StructureGroup.PRIVATE_SECTOR: FORM_2.row("occupation.enterprise"),
    StructureGroup.STUDENTS: FormRow("students", "", "Học sinh, sinh viên", STUDENTS),
}


@dataclass(frozen=True)
class SubTarget:
    """One sub-target and whether it was met: "each school cell ≥ 1 student", "rural
    block ≥ 3", "women ≥ 30 %"."""

    label: str
    required: str
    achieved: str
    met: bool


@dataclass
class GradingInput:
    row: ProgressRow
    sub_targets: list[SubTarget] = field(default_factory=list)

    @property
    def organization(self) -> Organization | None:
        return self.row.organization

    @property
    def completion(self) -> Decimal | None:
        return self.row.completion()

    @property
    def case(self) -> str:
        quota, done = self.row.quota, self.row.achieved["admit"].ytd
        if not quota.given or quota.exempt or not quota.admit:
            return "no_quota"
        if done >= quota.admit:
            return "met" if all(s.met for s in self.sub_targets) else "met_but"
        if done:
            return "partly"
        return "none_with_pool" if self.row.pool else "none"

    @property
    def suggestion(self) -> str:
        return SUGGESTIONS[self.case]


@dataclass
class Evaluation:
    organization: Organization
    year: int
    as_of: date
    inputs: list[GradingInput]
    total: ProgressRow
    org_targets: list[SubTarget]

    @property
    def final(self) -> bool:
        return self.as_of >= date(self.year, 12, 31)


def _amount(t: Target) -> str:
    return f"{t.rate.normalize():f}%".replace(".", ",") if t.measure == TargetMeasure.RATE and t.rate else str(t.count)


def grading_inputs(org: Organization, year: int, on: date) -> Evaluation:
    """The evaluation of `org`'s children for `year`, as the data stand on `on` (the
    year end once it has passed). A constant number of queries."""
    as_of = min(on, date(year, 12, 31))
    result = progress(org, as_of)
    rows = [r for r in result.rows if r.organization is not None]
    grouping = Grouping.children_of(org) if org.numchild else Grouping.of(org)
    group_rows = list(GROUP_ROWS.values())
    counts = count_rows(grouping, group_rows, {"year": whole_year(year).capped(as_of) or whole_year(year)})
    own_plan = result.own.plan
    targets = list(own_plan.targets.select_related("block")) if own_plan is not None else []
    inputs = [GradingInput(r) for r in rows]
    held = paths_of([r.organization for r in rows if r.organization is not None and r.organization.has_history])
    for t in targets:
        if t.scope == TargetScope.EACH_ORGANIZATION:
            need = t.count or 0
            key = GROUP_ROWS[t.group].key if t.group in GROUP_ROWS else "total"
            for item in inputs:
                o = item.organization
                if o is None or o.block is None or o.block.kind != t.block_kind:
                    continue
                done = (
                    sum(_count(counts, p, key) for p in held.get(o.pk, [o.path]))  # all paths it held
                    if key != "total"
                    else item.row.achieved["admit"].ytd
                )
                what = t.get_group_display().lower() if t.group else "đảng viên"
                item.sub_targets.append(
                    SubTarget(f"Mỗi {t.get_block_kind_display().lower()}: {what}", f"≥ {need}", str(done), done >= need)
                )
    org_targets = []
    for t in targets:
        if t.scope == TargetScope.BLOCK and t.block is not None:
            done = sum(
                i.row.achieved["admit"].ytd for i in inputs if i.organization and i.organization.block_id == t.block_id
            )
            org_targets.append(SubTarget(t.block.name, f"≥ {t.count or 0}", str(done), done >= (t.count or 0)))
        elif t.scope == TargetScope.STRUCTURE and t.group in GROUP_ROWS:
            key = GROUP_ROWS[t.group].key
            done = sum(_count(counts, g, key) for g in counts)
            total = result.total.achieved["admit"].ytd
            if t.measure == TargetMeasure.RATE:
                share = percent(done, total, "0.1")
                met = share is not None and t.rate is not None and share >= t.rate
                achieved = f"{done}/{total} ({str(share).replace('.', ',')}%)" if share is not None else "0"
            else:
                met, achieved = done >= (t.count or 0), str(done)
            org_targets.append(SubTarget(t.get_group_display(), f"≥ {_amount(t)}", achieved, met))
    return Evaluation(org, year, as_of, inputs, result.total, org_targets)


def _count(counts: dict[str, dict[str, dict[str, float]]], group: str, key: str) -> int:
    return int(counts.get(group, {}).get(key, {}).get("year", 0))
