"""The board, the agenda, the lists and the candidate page cost the same number of
queries whatever the number of people in them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketnap.orgs.enums import MassOrganizationKind, MemberStatus, OrganizationKind, Role
from ketnap.orgs.models import MassOrganization, Member, Organization
from ketnap.pipeline.enums import FUNNEL, Stage
from ketnap.pipeline.journey import Timetable
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.services import courses, dossier
from tests.orgs.helpers import make_child, make_root, make_user
from tests.pipeline.helpers import candidate_at

pytestmark = pytest.mark.django_db

# One person per step of the funnel, so that every kind of card, due date and row grows.
STAGES = [s for s in FUNNEL if s != Stage.IN_COURSE]


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


@pytest.fixture
def world() -> tuple[Client, Organization, Organization, Callable[[], None]]:
    root = make_root("Đảng bộ tỉnh Đếm")
    commune = make_child(root, "Đảng bộ xã Đếm", OrganizationKind.GRASSROOTS_COMMITTEE)
    MassOrganization.objects.create(committee=commune, kind=MassOrganizationKind.YOUTH_UNION, name="Đoàn xã Đếm")
    user = make_user("dem.pipeline", commune, Role.ORGANIZING_BOARD)
    client = Client()
    client.force_login(user)
    course = courses.save_course(
        None,
        actor=None,
        organization=commune,
        kind="awareness",
        title="Lớp nhận thức khóa Đếm",
        starts_on=date(2026, 11, 16),
        ends_on=date(2026, 11, 20),
    )

    def grow() -> None:
        cell = make_child(commune, f"Chi bộ Đếm {Organization.objects.count()}")
        for i in range(12):
            Member.objects.create(
                organization=cell,
                full_name=f"Lê Văn Đếm {i}",
                status=MemberStatus.OFFICIAL,
                admission_date=date(2000, 1, 1),
                official_date=date(2001, 1, 1),
            )
        for stage in STAGES:
            c = candidate_at(cell, stage, Timetable(listed=date(2025, 2, 5)), birth_date=date(1985, 1, 1))
            if stage == Stage.VERIFICATION:
                dossier.add_sponsor(c, actor=None, kind="member", assigned_on=date(2025, 9, 1),
                                    member=Member.objects.filter(organization=cell).first())  # fmt: skip
        sympathizer = Candidate.objects.filter(organization=cell, stage=Stage.SYMPATHIZER).first()
        courses.enrol(course, [sympathizer], actor=None, on=date(2026, 11, 16))

    return client, commune, course, grow  # type: ignore[return-value]


@pytest.mark.parametrize(
    "url_for",
    [
        lambda commune, course: reverse("pipeline:board", args=[commune.pk]) + "?on=2026-11-26",
        lambda commune, course: reverse("pipeline:board", args=[commune.pk]) + "?on=2026-11-26&year=2025",
        lambda commune, course: reverse("pipeline:agenda") + "?on=2026-11-26",
        lambda commune, course: reverse("pipeline:people"),
        lambda commune, course: reverse("pipeline:certified") + "?on=2027-03-01&since=2021",
        lambda commune, course: reverse("pipeline:courses"),
        lambda commune, course: reverse("pipeline:course", args=[course.pk]),
        lambda commune, course: reverse("pipeline:course_enrol", args=[course.pk]),
        lambda commune, course: reverse("pipeline:course_complete", args=[course.pk]),
        lambda commune, course: reverse("home"),
    ],
    ids=["board", "board-year", "agenda", "people", "certified", "courses", "course", "enrol", "complete", "home"],
)
def test_query_count_does_not_grow_with_rows(world, url_for) -> None:  # type: ignore[no-untyped-def]
    client, commune, course, grow = world
    grow()
    few = _queries(client, url_for(commune, course))
    grow()
    grow()
    many = _queries(client, url_for(commune, course))
    assert few == many


def test_sympathizer_list_and_candidate_page_do_not_grow(world) -> None:  # type: ignore[no-untyped-def]
    client, commune, _course, grow = world
    grow()
    cell = Organization.objects.filter(path__startswith=commune.path, kind="cell").first()
    c = Candidate.objects.filter(organization=cell, stage=Stage.PROBATIONARY).first()
    symp, page = reverse("pipeline:sympathizers", args=[cell.pk]), reverse("pipeline:detail", args=[c.pk])
    few = (_queries(client, symp), _queries(client, page))
    for _ in range(3):
        candidate_at(cell, Stage.CERTIFIED, Timetable(listed=date(2025, 2, 5)))
        dossier.update_items(c, [dossier.ItemUpdate("10-KNĐ", "received", date(2026, 1, 5))], actor=None)
    assert (_queries(client, symp), _queries(client, page)) == few
