"""Monitoring pages cost the same number of queries whatever the number of
organisations, candidates, events and reports (rollups run in the database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ketnap.monitoring import services
from ketnap.monitoring.enums import RoundKind
from ketnap.orgs.enums import Role
from ketnap.orgs.models import MemberCount, Organization
from ketnap.pipeline.enums import ResolutionLevel, ResolutionPurpose, Stage
from ketnap.pipeline.models import Candidate, Resolution, StageEvent
from ketnap.plans.models import Allocation
from tests.monitoring import builders as b
from tests.orgs.helpers import make_child, make_user

pytestmark = pytest.mark.django_db
_days = count(1)


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm the session and the per-user caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


class World:
    """A commune that grows: each new cell gets a quota row, a headcount, an admitted
    member, a candidate in the pool and one with a passed vote (for the inspection), whose
    admission went through with an approving document and a corrected count (its exceptions)."""

    def __init__(self) -> None:
        self.w = b.commune(1)
        self.plan = b.plan(
            self.w.commune,
            2026,
            {self.w.cells[0]: b.quarters(admit=(1, 0, 1, 0))},
            issued_on=date(2026, 1, 10),
            count=2,
        )
        self.user = make_user(f"dem{self.w.commune.pk}", self.w.commune, Role.ORGANIZING_BOARD)
        self.client = Client()
        self.client.force_login(self.user)
        self.revision = self.plan.revisions.get(number=0)

    def grow(self, n: int) -> None:
        for _ in range(n):
            cell = make_child(self.w.commune, f"Chi bộ Đếm {next(_days)}")
            MemberCount.objects.create(organization=cell, counted_on=date(2025, 12, 31), official=20)
            Allocation.objects.create(revision=self.revision, organization=cell, **b.quarters(admit=(0, 1, 0, 1)))
            b.admitted(cell, date(2026, 5, 10), introduced=date(2026, 1, 20))
            b.at_stage(cell, Stage.SYMPATHIZER, date(2026, 2, 1))
            voted = b.at_stage(cell, Stage.COMMITTEE_REVIEW, date(2026, 4, 1))
            self._exception(cell, voted)
        self.w.commune.refresh_from_db()

    @staticmethod
    def _exception(cell: Organization, voted: Candidate) -> None:
        """An act approved by a document and a vote on a corrected count (the inspection's exceptions)."""
        StageEvent.objects.create(
            candidate=voted,
            from_stage=Stage.COMMITTEE_REVIEW,
            to_stage=Stage.ADMITTED,
            effective_on=date(2026, 5, 2),
            organization=cell,
            org_path=cell.path,
            approval="Công văn 3-CV/ĐU đồng ý",
            reasons=[
                {"rule": "deadline.late", "message": "Quá hạn", "citation": "06-HD/TW", "status": "needs_approval"}
            ],
        )
        Resolution.objects.create(
            candidate=voted,
            level=ResolutionLevel.CELL,
            purpose=ResolutionPurpose.ADMISSION,
            adopted_on=date(2026, 4, 1),
            eligible=12,
            registry_count=10,
            eligible_reason="Danh sách chưa đầy đủ",
            in_favour=11,
            denominator=12,
            required=8,
            passed=True,
        )

    def round(self) -> int:
        """A fresh ad-hoc round (any number may cover the same period), every report
        submitted and compiled."""
        data = services.RoundInput(
            RoundKind.AD_HOC,
            2026,
            due_on=date(2026, 7, 1),
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
        )
        round_ = services.open_round(self.w.commune, data, actor=self.user)
        for report in round_.reports.filter(compiled=False):
            services.submit_report(report, actor=self.user, at=timezone.now())
        services.compile_round(round_, actor=self.user, at=timezone.now())
        return round_.pk


URLS: dict[str, Callable[[World], str]] = {
    "dashboard": lambda w: reverse("monitoring:dashboard", args=[w.w.commune.pk]) + "?on=2026-09-30",
    "dashboard_xlsx": lambda w: reverse("monitoring:dashboard_xlsx", args=[w.w.commune.pk]) + "?on=2026-09-30",
    "warnings": lambda w: reverse("monitoring:warnings", args=[w.w.commune.pk]) + "?on=2026-09-30",
    "overdue": lambda w: reverse("monitoring:overdue", args=[w.w.commune.pk]) + "?on=2026-09-30",
    "statistics": lambda w: reverse("monitoring:statistics", args=[w.w.commune.pk]) + "?on=2026-09-30",
    "inspection": lambda w: reverse("monitoring:inspection", args=[w.w.commune.pk]) + "?on=2026-09-30",
    "evaluation": lambda w: reverse("monitoring:evaluation", args=[w.w.commune.pk]) + "?on=2026-12-31",
    "rounds": lambda w: reverse("monitoring:rounds", args=[w.w.commune.pk]),
    "reports": lambda w: reverse("monitoring:reports"),
    "round": lambda w: reverse("monitoring:round", args=[w.round()]),
    "compiled": lambda w: reverse("monitoring:report", args=[w.w.commune.periodic_reports.get(round_id=w.round()).pk]),
}


@pytest.mark.parametrize("name", list(URLS))
def test_query_count_does_not_grow_with_rows(name: str) -> None:
    world = World()
    world.grow(1)
    few = _queries(world.client, URLS[name](world))
    world.grow(4)
    many = _queries(world.client, URLS[name](world))
    assert few == many, (few, many)


def test_the_inspection_lists_the_grown_exceptions() -> None:
    """The query-count world's exceptions are on the inspection page (the count above is of a real list)."""
    world = World()
    world.grow(2)
    page = world.client.get(URLS["inspection"](world)).content.decode()
    assert page.count('data-testid="exception-approval"') == 2
    assert page.count('data-testid="exception-registry.corrected"') == 2
