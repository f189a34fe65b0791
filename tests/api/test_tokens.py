"""Personal tokens: made on the account page (shown once, stored hashed), listed, revoked
by the owner or the managing board; the command; Bearer authentication with 401 for a
missing, unknown, revoked or expired token; failures audited and throttled."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from ketnap.api.models import ApiAuthFailure, ApiToken
from ketnap.api.tokens import create_token, hash_token
from ketnap.audit.models import AuditEvent
from tests.api.conftest import ApiClient
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/organizations"


def _user(name: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=name)


def test_page_creates_token_shown_once_and_stored_hashed() -> None:
    client = client_for("bithu.hungthinh")
    response = client.post("/account/api/tokens/", {"name": "Máy tính bảng", "expires_on": ""})
    assert response.status_code == 200
    plain = response.context["created"].plain
    assert plain.startswith("kn_") and plain in response.content.decode()
    token = ApiToken.objects.get(user__username="bithu.hungthinh", name="Máy tính bảng")
    assert token.key_hash == hash_token(plain) and plain not in token.key_hash
    listing = client.get("/account/api/tokens/").content.decode()
    assert "Máy tính bảng" in listing and plain not in listing
    assert ApiClient(plain).get(URL).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_page_refuses_past_expiry_naming_the_field() -> None:
    response = client_for("bithu.hungthinh").post("/account/api/tokens/", {"name": "x", "expires_on": "2000-01-01"})
    assert response.context["created"] is None
    assert "expires_on" in response.context["form"].errors


def test_owner_revokes_then_token_is_401() -> None:
    new = create_token(_user("bithu.hungthinh"), name="a", expires_on=None, today=date.today())
    client = client_for("bithu.hungthinh")
    assert client.post(f"/account/api/tokens/{new.token.pk}/revoke/").status_code == 302
    assert ApiClient(new.plain).get(URL).status_code == 401


def test_board_revokes_token_of_account_it_manages_but_not_others() -> None:
    mine = create_token(_user("bithu.hungthinh"), name="a", expires_on=None, today=date.today())
    listed = client_for("bxd.caominh").get("/account/api/tokens/").context["managed"]
    assert mine.token in listed
    assert client_for("bxd.dongtien").post(f"/account/api/tokens/{mine.token.pk}/revoke/").status_code == 404
    assert client_for("bithu.namcap").post(f"/account/api/tokens/{mine.token.pk}/revoke/").status_code == 404
    assert ApiClient(mine.plain).get(URL).status_code == 200
    assert client_for("bxd.caominh").post(f"/account/api/tokens/{mine.token.pk}/revoke/").status_code == 302
    assert ApiClient(mine.plain).get(URL).status_code == 401


def test_expired_token_is_401() -> None:
    today = timezone.localdate()
    new = create_token(_user("bxd.caominh"), name="a", expires_on=today, today=today)
    assert ApiClient(new.plain).get(URL).status_code == 200
    ApiToken.objects.filter(pk=new.token.pk).update(expires_on=today - timedelta(days=1))
    assert ApiClient(new.plain).get(URL).status_code == 401


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer kn_nope", "Basic abc", "Token kn_x"])
def test_missing_or_bad_token_is_401(header: str | None) -> None:
    client = ApiClient(None)
    headers = {"Authorization": header} if header else {}
    assert client.get(URL, headers=headers).status_code == 401


def test_failures_are_audited_and_throttled() -> None:
    good = create_token(_user("bxd.caominh"), name="a", expires_on=None, today=date.today())
    with override_settings(AXES_FAILURE_LIMIT=3):
        for _ in range(3):
            assert ApiClient("kn_wrong").get(URL).status_code == 401
        locked = ApiClient("kn_wrong").get(URL)
        assert locked.status_code == 429
        # Locked means locked: a right token from the same address waits too.
        assert ApiClient(good.plain).get(URL).status_code == 429
    assert ApiAuthFailure.objects.count() == 3
    refused = AuditEvent.objects.filter(model_label="api.ApiAuthFailure", action="api_token_failed")
    assert refused.count() == 3 and refused.first().changes["reason"] == [None, "mã không tồn tại"]  # type: ignore[union-attr]
    assert not AuditEvent.objects.filter(model_label="api.ApiAuthFailure", action__startswith="login").exists()


def test_use_is_audited_once_a_minute() -> None:
    new = create_token(_user("bxd.caominh"), name="a", expires_on=None, today=date.today())
    for _ in range(3):
        assert ApiClient(new.plain).get(URL).status_code == 200
    events = AuditEvent.objects.filter(model_label="api.ApiToken", object_id=str(new.token.pk), action="api_token")
    assert events.count() == 1
    assert events.get().user == new.token.user


def test_command_prints_token_on_last_line() -> None:
    out = StringIO()
    call_command("api_token", "ubkt.caominh", "--name", "Tỉnh", "--expires", "2099-12-31", stdout=out)
    plain = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get(key_hash=hash_token(plain))
    assert (token.name, token.expires_on, token.user.username) == ("Tỉnh", date(2099, 12, 31), "ubkt.caominh")
    assert ApiClient(plain).get(URL).status_code == 200


def test_write_through_token_is_attributed_to_its_owner() -> None:
    new = create_token(_user("bxd.caominh"), name="a", expires_on=None, today=date.today())
    from tests.conftest import org

    cao_minh = org("Đảng bộ xã Cao Minh")
    r = ApiClient(new.plain).post(
        f"/api/v1/organizations/{cao_minh.pk}/headcounts", {"counted_on": "2026-06-30", "official": 10}
    )
    assert r.status_code == 201, r.content
    event = AuditEvent.objects.filter(model_label="orgs.MemberCount").latest("id")
    assert event.user == new.token.user
