"""Two-factor sign-in with REQUIRE_2FA on: enforced per role, enrolment with a locally
made QR code, ten single-use recovery codes, reset by the board of the level above."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketnap.audit.models import AuditEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings: Any) -> None:
    settings.REQUIRE_2FA = True
    # django-otp delays the attempt after a wrong code (1 s, doubling); not under test here.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _enrol(client: Client, username: str) -> list[str]:
    page = client.get(reverse("twofactor:setup")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    response = client.post(reverse("twofactor:setup"), {"code": code, "next": "/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    return codes


@pytest.mark.parametrize(
    ("username", "must"),
    [
        ("bxd.caominh", True),  # organising board
        ("ubkt.caominh", True),  # inspection
        ("bithu.hungthinh", False),  # cell secretary
        ("doan.caominh", False),  # mass organisation
    ],
)
def test_enforced_per_role(required: None, username: str, must: bool) -> None:
    response = client_for(username).get(reverse("home"))
    if must:
        assert response.status_code == 302 and response["Location"].startswith(reverse("twofactor:setup"))
    else:
        assert response.status_code == 200


def test_superusers_must_and_the_setting_off_lets_everyone_in(required: None, settings: Any) -> None:
    root = get_user_model().objects.create_superuser("quantri", password="x-long-password-1")
    client = Client()
    client.force_login(root)
    assert client.get(reverse("home")).status_code == 302
    settings.REQUIRE_2FA = False
    assert client.get(reverse("home")).status_code == 200
    assert client_for("bxd.caominh").get(reverse("home")).status_code == 200


def test_enrol_then_sign_in_with_a_code_and_recovery_codes_work_once(required: None) -> None:
    client = client_for("bxd.caominh")
    codes = _enrol(client, "bxd.caominh")
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="security", changes__what="bật xác thực hai lớp").exists()

    fresh = client_for("bxd.caominh")
    response = fresh.get(reverse("home"))
    assert response["Location"].startswith(reverse("twofactor:verify"))
    assert fresh.post(reverse("twofactor:verify"), {"code": "000000"}).status_code == 200
    assert fresh.get(reverse("home")).status_code == 302
    assert fresh.post(reverse("twofactor:verify"), {"code": codes[0], "next": "/"}).status_code == 302
    assert fresh.get(reverse("home")).status_code == 200

    again = client_for("bxd.caominh")
    page = again.post(reverse("twofactor:verify"), {"code": codes[0]})
    assert page.status_code == 200 and "đã dùng rồi" in page.content.decode()
    assert again.get(reverse("home")).status_code == 302
    assert again.post(reverse("twofactor:verify"), {"code": codes[1]}).status_code == 302


def test_other_roles_may_opt_in(settings: Any) -> None:
    settings.REQUIRE_2FA = False
    client = client_for("bithu.hungthinh")
    _enrol(client, "bithu.hungthinh")
    assert client_for("bithu.hungthinh").get(reverse("home"))["Location"].startswith(reverse("twofactor:verify"))


def test_reset_by_the_board_of_the_level_above(required: None) -> None:
    _enrol(client_for("bxd.caominh"), "bxd.caominh")
    _enrol(client_for("ubkt.caominh"), "ubkt.caominh")
    target = get_user_model().objects.get(username="ubkt.caominh")
    # The commune board is the same level as the commune inspection: it may not reset it.
    same_level = client_for("bxd.caominh")
    assert same_level.post(reverse("twofactor:verify"), {"code": "x"}).status_code == 200  # still unverified
    province = client_for("tinh.thainguyen")
    _enrol(province, "tinh.thainguyen")
    assert "ubkt.caominh" in province.get(reverse("twofactor:reset_list")).content.decode()
    assert province.post(reverse("twofactor:reset", args=[target.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert AuditEvent.objects.filter(action="security", changes__what="đặt lại xác thực hai lớp").exists()
    assert client_for("ubkt.caominh").get(reverse("home"))["Location"].startswith(reverse("twofactor:setup"))


def test_a_board_may_not_reset_its_own_level(settings: Any) -> None:
    settings.REQUIRE_2FA = False
    _enrol(client_for("ubkt.caominh"), "ubkt.caominh")
    target = get_user_model().objects.get(username="ubkt.caominh")
    board = Client()
    board.force_login(get_user_model().objects.get(username="bxd.caominh"))
    assert board.post(reverse("twofactor:reset", args=[target.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()


def test_reset_list_costs_the_same_queries_for_two_accounts_or_five(
    settings: Any, django_assert_max_num_queries: Any
) -> None:
    """The list reads every account's organisations in one query, not one per row."""
    settings.REQUIRE_2FA = False
    province = client_for("tinh.thainguyen")
    enrolled = ["ubkt.caominh", "bithu.hungthinh"]
    for name in enrolled:
        TOTPDevice.objects.create(user=get_user_model().objects.get(username=name), confirmed=True, name="x")
    province.get(reverse("twofactor:reset_list"))
    with CaptureQueriesContext(connection) as two:
        page = province.get(reverse("twofactor:reset_list")).content.decode()
    assert all(name in page for name in enrolled)
    for name in ["bxd.caominh", "doan.caominh", "ttct.caominh"]:
        TOTPDevice.objects.create(user=get_user_model().objects.get(username=name), confirmed=True, name="x")
    with django_assert_max_num_queries(len(two)):
        page = province.get(reverse("twofactor:reset_list")).content.decode()
    assert "doan.caominh" in page and "ttct.caominh" in page
