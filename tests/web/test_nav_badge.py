"""Navigation badges load after the page: the page itself never computes them."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from ketnap.orgs.models import Organization
from ketnap.pipeline.selectors.agenda import agenda, badge_count
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 26)


def test_page_carries_a_lazy_badge_not_a_number() -> None:
    html = client_for("bithu.hungthinh").get(reverse("orgs:tree")).content.decode()
    assert f'hx-get="{reverse("nav_badge")}?item=pipeline:agenda"' in html
    assert 'data-testid="nav-badge"' not in html


@time_machine.travel(DAY, tick=False)
def test_badge_endpoint_returns_the_agenda_count() -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="bithu.hungthinh")
    expected = badge_count(user, DAY)
    response = client_for("bithu.hungthinh").get(reverse("nav_badge"), {"item": "pipeline:agenda"})
    body = response.content.decode()
    assert response.status_code == 200
    assert (f">{expected}</span>" in body) if expected else body == ""


@pytest.mark.parametrize("item", ["orgs:tree", "no:such", ""])
def test_badge_endpoint_for_entries_without_a_badge_is_empty(item: str) -> None:
    assert client_for("bxd.caominh").get(reverse("nav_badge"), {"item": item}).content == b""


def test_badge_endpoint_empty_for_a_role_that_does_not_see_the_entry() -> None:
    assert client_for("ubkt.caominh").get(reverse("nav_badge"), {"item": "plans:list"}).content == b""


def test_badge_endpoint_requires_login() -> None:
    assert Client().get(reverse("nav_badge"), {"item": "pipeline:agenda"}).status_code == 302


def test_agenda_within_an_organisation_is_that_part_of_the_scope() -> None:
    from django.contrib.auth import get_user_model

    board = get_user_model().objects.get(username="bxd.caominh")
    cell: Organization = org("Chi bộ Hưng Thịnh")
    whole = agenda(board, DAY)
    part = agenda(board, DAY, within=cell)
    assert part == [i for i in whole if i.organization.path.startswith(cell.path)]
    assert len(part) < len(whole)
