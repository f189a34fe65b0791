"""List and tree pages cost the same number of queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketnap.audit.context import acting_as
from ketnap.orgs import services
from ketnap.orgs.enums import MemberStatus, Role
from ketnap.orgs.models import Member, Organization
from tests.orgs.helpers import make_child, make_root, make_user

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def setup() -> tuple[Client, Organization, Callable[[int], None]]:
    root = make_root("Đảng bộ tỉnh Đếm")
    user = make_user("dem", root, Role.ORGANIZING_BOARD)
    client = Client()
    client.force_login(user)

    def grow(n: int) -> None:
        for i in range(n):
            cell = make_child(root, f"Chi bộ Đếm {Organization.objects.count()}-{i}")
            Member.objects.create(organization=cell, full_name=f"Nguyễn Văn Đếm {i}", status=MemberStatus.OFFICIAL)
            with acting_as(user):
                services.record_member_count(cell, actor=user, on=date(2026, 1, 1), official=3, probationary=0)

    return client, root, grow


@pytest.mark.parametrize(
    "url_for",
    [
        lambda root: reverse("orgs:tree"),
        lambda root: reverse("orgs:children", args=[root.pk]),
        lambda root: reverse("orgs:detail", args=[root.pk]),
        lambda root: reverse("orgs:members", args=[root.pk]),
        lambda root: reverse("orgs:search") + "?q=dem",
        lambda root: reverse("audit:list"),
        lambda root: reverse("home"),
    ],
    ids=["tree", "children", "detail", "members", "search", "audit", "home"],
)
def test_query_count_does_not_grow_with_rows(setup, url_for) -> None:  # type: ignore[no-untyped-def]
    client, root, grow = setup
    grow(1)
    few = _queries(client, url_for(root))
    grow(4)
    many = _queries(client, url_for(root))
    assert few == many
