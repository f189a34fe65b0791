"""Early warning (M3) against a hand-computed history.

Cell A (quota 3): in 2025 five people went introduced 01/01 → certified 01/03 →
admitted 01/05 (120 days from introduction, 61 from the certificate) and one was
withdrawn; in 2026 one was introduced 02/01 and admitted 02/05 (120 days). Now (30/06)
A has two people introduced on 01/06 and one certified on 01/04.
    introduced: 6 admitted, 1 withdrawn of those finished → 6/7; median 120 days
    certified:  5 admitted of 5 → 1.0; median 61 days
    estimate A = 1 + 2 × 6/7 × P(120-day median fits in 184 days left)
                   + 1 × 1.0 × P(61-day median fits) + newcomers
               = 1 + 2 × 6/7 × 0.857 + 0.997 + newcomers ≥ 3 → on track
    newcomers: 10 introductions in the three-year window → 10/1096 a day, each admitted
    with 6/7 after about 120 days (forecast_model.newcomers).
Cell B (quota 1) has one person whose dossier is being prepared and no history of its
own: the province has none for that stage either, so the rate and time are assumed.
"""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.monitoring import forecast_model as model
from ketnap.monitoring.enums import Risk
from ketnap.monitoring.selectors.warnings import forecasts, overdue_by_child, places
from ketnap.orgs.enums import BlockKind, Role
from ketnap.orgs.models import Block
from ketnap.pipeline.enums import Occupation, Stage
from ketnap.pipeline.models import AdmissionDecision, DossierDeadline
from ketnap.plans.enums import StructureGroup, TargetMeasure, TargetScope
from ketnap.plans.models import Target
from tests.monitoring import builders as b
from tests.orgs.helpers import make_user

pytestmark = pytest.mark.django_db
S = Stage


@pytest.fixture
def w():  # type: ignore[no-untyped-def]
    w = b.commune(3)
    a, bb, c = w.cells
    plan = b.plan(
        w.commune,
        2026,
        {a: b.quarters(admit=(1, 1, 1, 0)), bb: b.quarters(admit=(0, 0, 1, 0)), c: b.quarters(admit=(0, 0, 0, 1))},
        issued_on=date(2026, 1, 10),
        count=5,
    )
    for _ in range(5):
        b.journey(
            a, [(S.INTRODUCED, date(2025, 1, 1)), (S.CERTIFIED, date(2025, 3, 1)), (S.ADMITTED, date(2025, 5, 1))]
        )
    b.journey(a, [(S.INTRODUCED, date(2025, 1, 1)), (S.WITHDRAWN, date(2025, 2, 1))])
    b.admitted(a, date(2026, 5, 2), introduced=date(2026, 1, 2))
    b.at_stage(a, S.INTRODUCED, date(2026, 6, 1))
    b.at_stage(a, S.INTRODUCED, date(2026, 6, 1))
    b.journey(a, [(S.INTRODUCED, date(2026, 2, 1)), (S.CERTIFIED, date(2026, 4, 1))])
    b.journey(bb, [(S.INTRODUCED, date(2026, 1, 10)), (S.DOSSIER, date(2026, 3, 1))])
    w.plan = plan
    return w


def _by_org(w, on):  # type: ignore[no-untyped-def]
    return {f.organization: f for f in forecasts(w.commune, on)}


def test_estimate_is_explained_stage_by_stage(w) -> None:  # type: ignore[no-untyped-def]
    a = _by_org(w, date(2026, 6, 30))[w.cells[0]]
    lines = {s.stage: s for s in a.stages}
    assert set(lines) == {S.INTRODUCED, S.CERTIFIED}
    intro, cert = lines[S.INTRODUCED], lines[S.CERTIFIED]
    assert (intro.count, intro.conversion_source, intro.conversion_basis, intro.days) == (2, "own", 7, 120.0)
    assert intro.conversion == pytest.approx(6 / 7)
    assert (cert.count, cert.conversion, cert.days, cert.reachable) == (1, 1.0, 61.0, True)
    assert "28/10/2026" in intro.why  # 30/06 + 120 days
    assert intro.chance == pytest.approx(6 / 7 * model.in_time(120, 184)) and 0.85 < model.in_time(120, 184) < 0.86
    window = (date(2026, 6, 30) - date(2023, 6, 30)).days
    assert a.newcomers == pytest.approx(model.newcomers(10 / window, 6 / 7, 120, 184))
    assert 0 < a.newcomers < 1
    assert a.estimate == pytest.approx(1 + 2 * intro.chance + cert.chance + a.newcomers)
    assert (a.quota.admit, a.risk) == (3, Risk.ON_TRACK)
    low, high = a.range
    assert low <= 3 <= high and a.range_label == f"dự kiến {low}–{high}"
    assert "đã kết nạp 1; 3 quần chúng đang trong quy trình" in a.basis


@pytest.mark.parametrize(
    ("on", "deadline", "a_estimate", "a_risk", "b_estimate", "b_risk"),
    [
        (date(2026, 6, 30), None, 3.94, Risk.ON_TRACK, 1.0, Risk.ON_TRACK),
        # The dossier deadline (31/05) has passed: early stages — and newcomers — can no
        # longer make it this year.
        (date(2026, 6, 30), date(2026, 5, 31), 1.0, Risk.AT_RISK, 0.0, Risk.AT_RISK),
        # 30/11: 120 and 61 days hardly fit in the 31 days left; B has no history, assumed in time.
        (date(2026, 11, 30), None, 1.05, Risk.AT_RISK, 1.0, Risk.ON_TRACK),
    ],
)
def test_time_and_deadlines_left(w, on, deadline, a_estimate, a_risk, b_estimate, b_risk) -> None:  # type: ignore[no-untyped-def]
    if deadline:
        DossierDeadline.objects.create(organization=w.commune, title="Gửi hồ sơ thẩm tra", due_on=deadline)
    found = _by_org(w, on)
    a, bb = found[w.cells[0]], found[w.cells[1]]
    assert (a.estimate, a.risk) == (pytest.approx(a_estimate, abs=0.06), a_risk)
    assert (bb.estimate, bb.risk) == (pytest.approx(b_estimate, abs=0.06), b_risk)


def test_without_own_history_the_province_history_is_used(w) -> None:  # type: ignore[no-untyped-def]
    b.at_stage(w.cells[1], S.INTRODUCED, date(2026, 6, 15))
    line = next(s for s in _by_org(w, date(2026, 6, 30))[w.cells[1]].stages if s.stage == S.INTRODUCED)
    assert (line.conversion_source, line.days_source, line.days) == ("province", "province", 120.0)
    dossier = next(s for s in _by_org(w, date(2026, 6, 30))[w.cells[1]].stages if s.stage == S.DOSSIER)
    assert (dossier.conversion_source, dossier.conversion, dossier.reachable) == ("assumed", 1.0, True)


def test_cells_to_look_at(w) -> None:  # type: ignore[no-untyped-def]
    found = places(w.commune, date(2026, 6, 30))
    assert [p.organization for p in found.idle] == [w.cells[1]]  # a candidate, no admission
    assert [p.organization for p in found.empty] == [w.cells[2]]  # nobody at all
    assert (found.school_target, found.schools, found.total) == (None, [], 3)


def test_school_cells_without_a_student_where_the_plan_asks_for_one(w) -> None:  # type: ignore[no-untyped-def]
    schools = Block.objects.create(organization=w.commune, name="Khối trường học", kind=BlockKind.SCHOOLS)
    for cell in w.cells[1:]:
        cell.block = schools
        cell.save()
    Target.objects.create(
        plan=w.plan,
        scope=TargetScope.EACH_ORGANIZATION,
        measure=TargetMeasure.COUNT,
        count=1,
        block_kind=BlockKind.SCHOOLS,
        group=StructureGroup.STUDENTS,
    )
    b.admitted(w.cells[2], date(2026, 4, 1), occupation=Occupation.PUPIL)
    found = places(w.commune, date(2026, 6, 30))
    assert found.school_target is not None
    assert [p.organization for p in found.schools] == [w.cells[1]]


def test_overdue_steps_are_counted_per_child(w) -> None:  # type: ignore[no-untyped-def]
    c = b.admitted(w.cells[0], date(2026, 3, 1))
    AdmissionDecision.objects.create(
        candidate=c,
        document_number="01-QĐ/ĐU",
        signed_on=date(2026, 3, 1),
        received_on=date(2026, 3, 2),
        issued_by=w.commune,
    )
    board = make_user(f"bxd-w{w.commune.pk}", w.commune, Role.ORGANIZING_BOARD)
    found = overdue_by_child(board, w.commune, date(2026, 6, 30))
    by_org = {o.organization: o for o in found}
    late_ceremony = [i for i in by_org[w.cells[0]].items if i.kind == "ceremony"]
    assert [i.candidate for i in late_ceremony] == [c]
    for o in found:  # each count is its own overdue items (monthly list reviews included)
        assert o.count == len(o.items) and all(i.overdue and i.organization == o.organization for i in o.items)
