"""Year-end evaluation (M6) and the statistics form (M4) on test_progress's commune:
cell A admitted 2 of 3 (after the supplementary allocation), cell B 1 of 1."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ketnap.monitoring.periods import Period, whole_year
from ketnap.monitoring.selectors.evaluation import grading_inputs
from ketnap.monitoring.selectors.statistics import statistics
from ketnap.orgs.enums import BlockKind, Sex
from ketnap.orgs.models import Block
from ketnap.pipeline.enums import Occupation
from ketnap.plans.enums import StructureGroup, TargetMeasure, TargetScope
from ketnap.plans.models import Plan, Target
from tests.monitoring import builders as b

pytestmark = pytest.mark.django_db


def test_grading_input_per_organisation(world) -> None:  # type: ignore[no-untyped-def]
    e = grading_inputs(world.commune, 2026, date(2027, 2, 1))
    a, bb = e.inputs
    assert (e.as_of, e.final) == (date(2026, 12, 31), True)
    assert (a.row.quota.admit, a.row.achieved["admit"].ytd, a.completion, a.case) == (3, 2, Decimal("66.7"), "partly")
    assert (bb.row.quota.admit, bb.row.achieved["admit"].ytd, bb.case) == (1, 1, "met")
    assert (e.total.quota.admit, e.total.achieved["admit"].ytd) == (4, 3)


def test_sub_targets_decide_between_met_and_met_but(world) -> None:  # type: ignore[no-untyped-def]
    schools = Block.objects.create(organization=world.commune, name="Khối trường học", kind=BlockKind.SCHOOLS)
    bb = world.cells[1]
    bb.block = schools
    bb.save()
    plan = Plan.objects.get(organization=world.commune, year=2026)
    Target.objects.create(
        plan=plan,
        scope=TargetScope.EACH_ORGANIZATION,
        measure=TargetMeasure.COUNT,
        count=1,
        block_kind=BlockKind.SCHOOLS,
        group=StructureGroup.STUDENTS,
    )
    Target.objects.create(plan=plan, scope=TargetScope.BLOCK, measure=TargetMeasure.COUNT, count=1, block=schools)
    Target.objects.create(
        plan=plan, scope=TargetScope.STRUCTURE, measure=TargetMeasure.RATE, rate=Decimal(30), group=StructureGroup.WOMEN
    )
    e = grading_inputs(world.commune, 2026, date(2026, 12, 31))
    school = next(i for i in e.inputs if i.organization == bb)
    assert [(s.achieved, s.met) for s in school.sub_targets] == [("0", False)]  # W is a farmer, not a student
    assert school.case == "met_but"
    assert [(t.label, t.achieved, t.met) for t in e.org_targets] == [
        ("Khối trường học", "1", True),
        ("Nữ", "0/3 (0,0%)", False),
    ]


def test_no_admission_with_candidates_is_flagged(world) -> None:  # type: ignore[no-untyped-def]
    e = grading_inputs(world.commune, 2026, date(2026, 4, 1))
    bb = next(i for i in e.inputs if i.organization == world.cells[1])
    assert (bb.row.pool, bb.case, e.final) == (2, "none_with_pool", False)


@pytest.fixture
def with_last_year(world):  # type: ignore[no-untyped-def]
    b.admitted(world.cells[0], date(2025, 5, 1), sex=Sex.FEMALE, ethnicity="02")
    b.admitted(
        world.cells[1],
        date(2026, 9, 1),
        birth_date=date(1960, 1, 1),
        occupation=Occupation.PUPIL,
        youth_union_member=True,
        religion="buddhism",
    )
    return world


def _line(s, key):  # type: ignore[no-untyped-def]
    return next(line for line in s.lines if line.row.key == key)


@pytest.mark.parametrize(
    ("key", "this", "last", "ratio"),
    [
        ("total", 4, 1, Decimal("400.0")),
        ("female", 0, 1, Decimal("0.0")),
        ("ethnic_minority", 0, 1, Decimal("0.0")),
        ("youth_union", 1, 0, None),
        ("religious", 1, 0, None),
        ("occupation.farmer", 3, 1, Decimal("300.0")),
        ("occupation.pupil", 1, 0, None),
        ("age.18-30", 3, 1, Decimal("300.0")),
        ("age.over-60", 1, 0, None),  # born 01/01/1960, admitted 01/09/2026: 66
    ],
)
def test_form_lines(with_last_year, key, this, last, ratio) -> None:  # type: ignore[no-untyped-def]
    s = statistics(with_last_year.commune, whole_year(2026))
    line = _line(s, key)
    assert (line.this, line.last, line.ratio) == (this, last, ratio)


def test_average_age_and_part_three(with_last_year) -> None:  # type: ignore[no-untyped-def]
    s = statistics(with_last_year.commune, Period(date(2026, 1, 1), date(2026, 12, 31)))
    # ages at admission: 27 (15/02), 28 (20/08), 27 (10/05, birthday 01/05 → 28), 66
    assert _line(s, "age.average").this == pytest.approx((27 + 28 + 28 + 66) / 4, abs=0.05)
    # Part III under the 2025 model: the commune sits above the grassroots level, its two
    # cells are chi bộ cơ sở (both admitted someone in 2026; one has no candidate left).
    (committees, cells) = s.grassroots
    assert (committees.total, committees.with_admission, committees.without_candidates) == (0, 0, 0)
    assert (cells.total, cells.with_admission, cells.without_candidates) == CELLS_2026
    # Biểu 2B: the fixed rows of the form, zero rows included.
    assert len(s.ethnicities) == 55 and s.ethnicities[-1].label.startswith("Người nước ngoài")
    assert [(e.label, e.total, e.women) for e in s.ethnicities if e.total] == [("Kinh", 4, 0)]
    assert s.ethnicities[1].label == "Tày" and s.ethnicities[1].total == 0
    assert [r.label for r in s.religions] == [
        "Phật giáo", "Công giáo", "Phật giáo Hòa Hảo", "Cao Đài", "Tin Lành", "Hồi giáo", "Đạo khác",
        "Không theo tôn giáo",
    ]  # fmt: skip
    assert [(r.label, r.total) for r in s.religions if r.total] == [("Phật giáo", 1), ("Không theo tôn giáo", 3)]


def test_part_three_before_the_2025_model(with_last_year) -> None:  # type: ignore[no-untyped-def]
    """Before 1/7/2025 the commune itself is the grassroots committee and its cells are not counted."""
    s = statistics(with_last_year.commune, Period(date(2025, 1, 1), date(2025, 6, 30)))
    (committees, cells) = s.grassroots
    assert (committees.total, committees.with_admission) == (1, 1) and cells.total == 0


CELLS_2026 = (2, 2, 1)
