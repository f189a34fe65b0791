"""Late periodic reports are due items: a report not submitted by its due date is in
the agenda of its secretary and of the board that asked for it, like overdue steps."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from ketnap.monitoring import services
from ketnap.monitoring.agenda import report_items
from ketnap.monitoring.enums import RoundKind
from ketnap.monitoring.models import PeriodicReport
from ketnap.pipeline.selectors.agenda import agenda

pytestmark = pytest.mark.django_db

Q1 = services.RoundInput(
    RoundKind.QUARTERLY, 2026, due_on=date(2026, 4, 5), quarter=1, compile_due_on=date(2026, 4, 10)
)


def _late(items):  # type: ignore[no-untyped-def]
    return [(i.kind, i.organization.name, i.status) for i in items if i.kind.endswith("_report")]


def test_a_late_report_is_overdue_for_the_secretary_and_the_board(world, people) -> None:  # type: ignore[no-untyped-def]
    round_ = services.open_round(world.commune, Q1, actor=people["board"])
    a, bb = world.cells
    assert _late(agenda(people["secretary_a"], date(2026, 3, 1))) == [("periodic_report", a.name, "upcoming")]
    assert _late(agenda(people["secretary_a"], date(2026, 4, 1))) == [("periodic_report", a.name, "due")]
    assert _late(agenda(people["secretary_a"], date(2026, 4, 6))) == [("periodic_report", a.name, "overdue")]
    board = _late(agenda(people["board"], date(2026, 4, 11)))
    assert sorted(board) == sorted(
        [
            ("periodic_report", a.name, "overdue"),
            ("periodic_report", bb.name, "overdue"),
            ("compiled_report", world.commune.name, "overdue"),
        ]
    )
    report = PeriodicReport.objects.get(round=round_, organization=a)
    services.submit_report(report, actor=people["secretary_a"], at=timezone.now())
    assert _late(agenda(people["secretary_a"], date(2026, 4, 6))) == []
    assert _late(agenda(people["secretary_b"], date(2026, 4, 6))) == [("periodic_report", bb.name, "overdue")]
    assert _late(report_items(people["inspector"], date(2026, 4, 6))) == []  # neither submits nor asks


def test_the_agenda_page_lists_the_late_report(world, people) -> None:  # type: ignore[no-untyped-def]
    round_ = services.open_round(world.commune, Q1, actor=people["board"])
    report = PeriodicReport.objects.get(round=round_, organization=world.cells[0])
    client = Client()
    client.force_login(people["secretary_a"])
    page = client.get("/candidates/agenda/?on=2026-04-20").content.decode()
    overdue = page[page.index('data-testid="agenda-overdue"') :]
    assert f"/monitoring/reports/{report.pk}/" in overdue
    assert "Nộp báo cáo Quý I năm 2026 của" in overdue
