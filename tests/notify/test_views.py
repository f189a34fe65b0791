"""The notification page per role: own scope only, read/unread, the nav count, preference."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketnap.notify.items import digest_lines
from ketnap.notify.models import DigestPreference, Frequency, Notification
from ketnap.orgs.demo.loader import DEMO_LOGINS
from tests.conftest import client_for

ON = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _on_day() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_each_role_sees_exactly_its_own_digest_items(username: str) -> None:
    response = client_for(username).get("/notifications/")
    assert response.status_code == 200
    expected = digest_lines(get_user_model().objects.get(username=username), ON)
    shown = Notification.objects.filter(user__username=username)
    assert sorted(n.key for n in shown) == sorted(line.key for line in expected)
    assert response.content.count(b'data-testid="notification"') == len(expected)


@pytest.mark.django_db
def test_secretary_sees_her_cell_and_not_the_other_one() -> None:
    body = client_for("bithu.hungthinh").get("/notifications/").content.decode()
    assert "Chi bộ Hưng Thịnh" in body and "Nặm Cáp" not in body


def test_anonymous_is_sent_to_login(client: object) -> None:
    response = client.get("/notifications/")  # type: ignore[attr-defined]
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_read_unread_and_the_navigation_count() -> None:
    client = client_for("bithu.hungthinh")
    client.get("/notifications/")
    notes = list(Notification.objects.filter(user__username="bithu.hungthinh"))
    assert len(notes) >= 2
    badge = client.get("/nav/badge/", {"item": "notify:list"}).content.decode()
    assert f">{len(notes)}<" in badge
    assert client.post("/notifications/read/", {"pk": notes[0].pk}).status_code == 302
    assert client.get("/nav/badge/", {"item": "notify:list"}).content.decode().count(f">{len(notes) - 1}<") == 1
    # Coming back the next visit keeps the read mark.
    client.get("/notifications/")
    notes[0].refresh_from_db()
    assert notes[0].read_at is not None
    client.post("/notifications/read/")
    assert client.get("/nav/badge/", {"item": "notify:list"}).content == b""


@pytest.mark.django_db
def test_another_users_notification_is_404() -> None:
    client_for("bithu.namcap").get("/notifications/")
    theirs = Notification.objects.filter(user__username="bithu.namcap").first()
    assert theirs is not None
    assert client_for("bithu.hungthinh").post("/notifications/read/", {"pk": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_preference_is_saved() -> None:
    client = client_for("bithu.hungthinh")
    assert client.post("/notifications/preference/", {"frequency": "weekly"}).status_code == 302
    assert DigestPreference.objects.get(user__username="bithu.hungthinh").frequency == Frequency.WEEKLY
    client.post("/notifications/preference/", {"frequency": "bogus"})
    assert DigestPreference.objects.get(user__username="bithu.hungthinh").frequency == Frequency.WEEKLY


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_the_items() -> None:
    """The board's list (64 items) costs no more queries than a secretary's (5)."""
    counts = {}
    for username in ("bithu.hungthinh", "bxd.caominh"):
        client = client_for(username)
        client.get("/notifications/")  # first visit creates the rows
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notifications/").status_code == 200
        counts[username] = len(queries)
    assert counts["bxd.caominh"] <= counts["bithu.hungthinh"] + 4, counts
