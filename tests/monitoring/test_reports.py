"""Periodic reports (M5): pre-filled figures, the snapshot kept at submission, the
compiled report equal to the sum of its parts, and an admission back-dated into the
quarter after the report went in (the fixture is test_progress's commune)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ketnap.monitoring import services
from ketnap.monitoring.enums import ReportStatus, RoundKind
from ketnap.monitoring.figures import KEYS, add_up
from ketnap.monitoring.models import PeriodicReport
from ketnap.monitoring.selectors.reports import RECORD_KEYS, drifts, figures_of, live_figures, pending_count
from tests.monitoring import builders as b

pytestmark = pytest.mark.django_db

Q1 = services.RoundInput(
    RoundKind.QUARTERLY, 2026, due_on=date(2026, 4, 5), quarter=1, compile_due_on=date(2026, 4, 10)
)


def _open(world, people):  # type: ignore[no-untyped-def]
    round_ = services.open_round(world.commune, Q1, actor=people["board"])
    a, bb = (PeriodicReport.objects.get(round=round_, organization=c) for c in world.cells)
    return round_, a, bb


def test_opening_a_round_gives_each_child_a_draft_and_the_board_its_compiled_report(world, people) -> None:  # type: ignore[no-untyped-def]
    round_, _, _ = _open(world, people)
    assert round_.title == "Báo cáo kết quả công tác phát triển đảng viên Quý I năm 2026"
    assert (round_.period_start, round_.period_end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert sorted(r.organization_id for r in round_.reports.filter(compiled=False)) == sorted(c.pk for c in world.cells)
    assert round_.reports.get(compiled=True).organization == world.commune
    with pytest.raises(ValidationError):
        services.open_round(world.commune, Q1, actor=people["board"])


# Cell A in Q1: X admitted 15/02, Y introduced 05/01; quota Q1 admit 1, introduce 2.
# Cell B in Q1: W and Z introduced; quota Q1 none.
PREFILLED = [
    (
        0,
        {
            "admitted_period": 1,
            "admitted_ytd": 1,
            "introduced_period": 1,
            "admit_quota_period": 1,
            "introduce_quota_period": 2,
            "admit_quota_year": 2,
            "headcount": 40,
            "pool_end": 1,
        },
    ),
    (
        1,
        {
            "admitted_period": 0,
            "introduced_period": 2,
            "admit_quota_period": 0,
            "admit_quota_year": 1,
            "headcount": 60,
            "pool_end": 2,
        },
    ),
]


@pytest.mark.parametrize(("index", "expected"), PREFILLED)
def test_draft_is_prefilled_from_the_events(world, people, index, expected) -> None:  # type: ignore[no-untyped-def]
    _, *reports = _open(world, people)
    figures = figures_of(reports[index])
    assert {k: figures[k] for k in expected} == expected


def test_compiled_report_is_the_sum_of_the_submitted_parts(world, people) -> None:  # type: ignore[no-untyped-def]
    round_, a, bb = _open(world, people)
    services.submit_report(a, actor=people["secretary_a"], at=timezone.now(), results="Kết nạp 01 đảng viên.")
    half = services.compile_round(round_, actor=people["board"], at=timezone.now())
    summed = add_up([a.figures["figures"]])
    assert {k: v for k, v in half.figures["figures"].items() if k not in RECORD_KEYS} == {
        k: v for k, v in summed.items() if k not in RECORD_KEYS
    }
    assert half.figures["parts_sum"] == summed
    assert [m["name"] for m in half.figures["missing"]] == [world.cells[1].name]
    services.submit_report(bb, actor=people["secretary_b"], at=timezone.now())
    compiled = services.compile_round(round_, actor=people["board"], at=timezone.now())
    parts = [a.figures["figures"], PeriodicReport.objects.get(pk=bb.pk).figures["figures"]]
    for key in KEYS:
        assert compiled.figures["parts_sum"][key] == sum(p[key] for p in parts), key
        if key not in RECORD_KEYS:
            assert compiled.figures["figures"][key] == sum(p[key] for p in parts), key
    assert compiled.figures["figures"]["headcount"] == 100
    assert compiled.figures["figures"]["introduced_period"] == 3
    assert compiled.figures["missing"] == []


def test_an_event_backdated_into_the_quarter_changes_the_live_figures_not_the_report(world, people) -> None:  # type: ignore[no-untyped-def]
    _, a, _ = _open(world, people)
    services.submit_report(a, actor=people["secretary_a"], at=timezone.now())
    before = dict(a.figures["figures"])
    late = b.admitted(world.cells[0], date(2026, 3, 25), introduced=date(2026, 2, 1))  # recorded in April, say
    a.refresh_from_db()
    assert figures_of(a) == before
    (drift,) = drifts([a])
    assert drift.changes == {"introduced_period": 1, "admitted_period": 1}
    assert {e.candidate_id for e in drift.events} == {late.pk}
    live = live_figures([world.cells[0]], a.round.period)[world.cells[0].pk]
    for key, extra in drift.changes.items():
        assert live[key] == before[key] + extra


def test_an_event_outside_the_period_is_no_drift(world, people) -> None:  # type: ignore[no-untyped-def]
    _, a, _ = _open(world, people)
    services.submit_report(a, actor=people["secretary_a"], at=timezone.now())
    b.admitted(world.cells[0], date(2026, 4, 2), introduced=date(2025, 12, 1))
    assert drifts([a]) == []


@pytest.mark.parametrize(
    ("actor", "action"),
    [
        ("secretary_b", "submit_a"),
        ("inspector", "submit_a"),
        ("inspector", "open"),
        ("secretary_a", "open"),
        ("secretary_a", "compile"),
    ],
)
def test_who_may_not(world, people, actor, action) -> None:  # type: ignore[no-untyped-def]
    round_, a, _ = _open(world, people)
    user = people[actor]
    with pytest.raises(PermissionDenied):
        if action == "submit_a":
            services.submit_report(a, actor=user, at=timezone.now())
        elif action == "open":
            services.open_round(world.commune, Q1, actor=user)
        else:
            services.compile_round(round_, actor=user, at=timezone.now())


def test_a_submitted_report_is_frozen_until_returned(world, people) -> None:  # type: ignore[no-untyped-def]
    _, a, _ = _open(world, people)
    services.submit_report(a, actor=people["secretary_a"], at=timezone.now())
    with pytest.raises(ValidationError):
        services.save_report(a, actor=people["secretary_a"], results="sửa")
    with pytest.raises(ValidationError):
        services.return_report(a, actor=people["board"], note="")
    services.return_report(a, actor=people["board"], note="Bổ sung khó khăn.")
    a.refresh_from_db()
    assert (a.status, a.figures, a.returned_note) == (ReportStatus.DRAFT, {}, "Bổ sung khó khăn.")
    services.save_report(a, actor=people["secretary_a"], difficulties="Nguồn ít.")


@pytest.mark.parametrize(
    ("on", "who", "expected"),
    [
        (date(2026, 3, 20), "secretary_a", 0),
        (date(2026, 3, 29), "secretary_a", 1),
        (date(2026, 4, 20), "secretary_a", 1),
        (date(2026, 4, 3), "board", 1),
        (date(2026, 3, 20), "inspector", 0),
    ],
)
def test_reminder_badge(world, people, on, who, expected) -> None:  # type: ignore[no-untyped-def]
    _open(world, people)
    assert pending_count(people[who], on) == expected


def test_ad_hoc_round_needs_its_dates(world, people) -> None:  # type: ignore[no-untyped-def]
    data = services.RoundInput(RoundKind.AD_HOC, 2026, due_on=date(2026, 3, 5))
    with pytest.raises(ValidationError):
        services.open_round(world.commune, data, actor=people["board"])
    ok = services.RoundInput(
        RoundKind.AD_HOC, 2026, due_on=date(2026, 3, 5), period_start=date(2026, 1, 1), period_end=date(2026, 2, 28)
    )
    round_ = services.open_round(world.commune, ok, actor=people["board"])
    assert round_.quarter is None and "từ 01/01/2026 đến 28/02/2026" in round_.title
