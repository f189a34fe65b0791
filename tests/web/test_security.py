"""Safe production defaults (issue 17, point 5): refusal to start without real
secrets, `check --deploy` clean on the documented settings, session limits,
no-store caching, lockout per username and per real client address behind trusted
proxies, Vietnamese error pages, and a busy database answering "thử lại"."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from ketnap.web import errors
from ketnap.web.security import OLD_DEFAULT_SECRET_KEY, client_ip, refuse_unsafe_production
from tests.conftest import client_for

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {  # docs/operations.md, "Server (PostgreSQL)"
    "DEBUG": "False",
    "ALLOWED_HOSTS": "ketnap.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://ketnap.example.vn",
    "SESSION_COOKIE_SECURE": "True",
    "CSRF_COOKIE_SECURE": "True",
    "SECURE_SSL_REDIRECT": "True",
    "SECURE_PROXY_SSL": "True",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True",
    "SECURE_HSTS_PRELOAD": "True",
    "TRUSTED_PROXIES": "127.0.0.1",
    "EMAIL_HOST": "smtp.example.vn",
    "EMAIL_HOST_USER": "khongtraloi@example.vn",
    "EMAIL_HOST_PASSWORD": "not-a-real-password",
    "DEFAULT_FROM_EMAIL": "Kết Nạp <khongtraloi@example.vn>",
    "KETNAP_BASE_URL": "https://ketnap.example.vn",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "SESSION_"))}
    full.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120
    )


def test_unsafe_production_settings_are_refused() -> None:
    good = secrets.token_urlsafe(50)
    refuse_unsafe_production(debug=False, secret_key=good, allowed_hosts=["ketnap.example.vn"])
    refuse_unsafe_production(debug=True, secret_key="x", allowed_hosts=[])
    for key, hosts in ((OLD_DEFAULT_SECRET_KEY, ["h"]), ("short", ["h"]), ("a" * 60, ["h"]), (good, []), (good, [""])):
        with pytest.raises(ImproperlyConfigured):
            refuse_unsafe_production(debug=False, secret_key=key, allowed_hosts=hosts)


def test_the_process_refuses_to_start_on_the_old_default_key() -> None:
    done = _manage("check", DEBUG="False", SECRET_KEY=OLD_DEFAULT_SECRET_KEY)
    assert done.returncode != 0 and "SECRET_KEY is the built-in default" in done.stderr


def test_check_deploy_passes_on_the_documented_production_settings() -> None:
    done = _manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.django_db
def test_pages_and_downloads_are_not_cached() -> None:
    client = client_for("bxd.caominh")
    for url in (reverse("home"), reverse("pipeline:import_sample")):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(("started", "seen", "expired"), [(0, 29, False), (0, 31, True), (13 * 60, 1, True)])
def test_sessions_end_when_idle_or_too_old(started: int, seen: int, expired: bool) -> None:
    client = client_for("bxd.caominh")
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    now = int(time.time())
    session["ketnap_started"] = now - started * 60 - seen * 60
    session["ketnap_seen"] = now - seen * 60
    session.save()
    response = client.get(reverse("home"))
    if expired:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert client.get(reverse("home")).status_code == 302  # logged out for good
    else:
        assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "seen", "expired"),
    [
        ("bxd.caominh", 31, True),  # the board: 30 minutes
        ("ubkt.caominh", 31, True),  # the inspectors: 30 minutes
        ("bithu.hungthinh", 31, False),  # a cell secretary: the longer default (120)
        ("bithu.hungthinh", 119, False),
        ("bithu.hungthinh", 121, True),
    ],
)
def test_idle_limit_depends_on_the_role(persona: str, seen: int, expired: bool) -> None:
    client = client_for(persona)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    now = int(time.time())
    session["ketnap_started"] = now - seen * 60
    session["ketnap_seen"] = now - seen * 60
    session.save()
    response = client.get(reverse("home"))
    assert (response.status_code == 302) == expired


@pytest.mark.django_db
def test_secretary_still_ends_twelve_hours_after_login_however_active() -> None:
    client = client_for("bithu.hungthinh")
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["ketnap_started"] = int(time.time()) - 12 * 3600 - 60
    session.save()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_idle_minutes_take_the_shortest_role_and_the_settings(settings) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from ketnap.orgs.models import Membership
    from ketnap.web.security import idle_minutes

    users = get_user_model().objects
    secretary = users.get(username="bithu.hungthinh")
    assert idle_minutes(secretary) == 120
    settings.SESSION_IDLE_MINUTES_OTHERS = 240
    settings.SESSION_IDLE_MINUTES_BY_ROLE = {"mass_org_officer": 15}
    assert idle_minutes(secretary) == 240
    assert idle_minutes(users.get(username="doan.caominh")) == 15
    board = Membership.objects.filter(user__username="bxd.caominh").first()
    assert board is not None
    Membership.objects.create(user=secretary, organization=board.organization, role="inspector")
    assert idle_minutes(secretary) == 30  # also an inspector: the stricter limit wins
    settings.SESSION_IDLE_MINUTES = 20
    assert idle_minutes(users.get(username="bxd.caominh")) == 20
    assert idle_minutes(users.create_user("no-role", password="x")) == 20


def test_client_ip_believes_forwarded_for_only_from_trusted_proxies(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    rf = RequestFactory()
    behind = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.9")
    assert client_ip(behind) == "203.0.113.7"
    spoofed = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(spoofed) == "198.51.100.1"
    chain = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.8")
    assert client_ip(chain) == "203.0.113.8"  # the left part is the client's to forge


def _login(client: Client, username: str, password: str, ip: str) -> int:
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ip
    )
    return response.status_code


@pytest.mark.django_db
def test_a_shared_proxy_address_locks_no_one_else_out(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    attacker = Client()
    for _ in range(5):
        _login(attacker, "bithu.namcap", "sai", "203.0.113.66")
    assert _login(Client(), "bithu.namcap", "ketnap-demo", "203.0.113.10") == 429  # the username is locked
    assert _login(Client(), "bxd.caominh", "ketnap-demo", "203.0.113.10") == 302  # others behind the proxy are not


@pytest.mark.django_db
def test_spraying_many_usernames_locks_the_address(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    sprayer = Client()
    for n in range(5):
        _login(sprayer, f"khong-co-{n}", "sai", "203.0.113.99")
    assert _login(sprayer, "bxd.caominh", "ketnap-demo", "203.0.113.99") == 429
    assert _login(Client(), "bxd.caominh", "ketnap-demo", "203.0.113.11") == 302


@pytest.mark.django_db
def test_error_pages_are_in_vietnamese() -> None:
    rf = RequestFactory()
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert "Yêu cầu không hợp lệ" in errors.bad_request(request, SuspiciousOperation()).content.decode()
    assert "Lỗi hệ thống" in errors.server_error(request).content.decode()
    assert "Không tìm thấy" in Client().get("/khong-co-trang-nay/").content.decode()
    csrf = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a", "password": "b"})
    assert csrf.status_code == 403 and "Phiên biểu mẫu đã hết hạn" in csrf.content.decode()


def test_a_locked_database_answers_try_again_not_500() -> None:
    middleware = errors.DatabaseBusyMiddleware(lambda request: pytest.fail("not called"))
    request = RequestFactory().post("/candidates/1/edit/")
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response is not None and response.status_code == 503
    assert "thử lại" in response.content.decode() and response["Retry-After"] == "5"
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None


@pytest.mark.django_db
def test_a_day_before_the_first_rulebook_is_a_clear_400_not_a_500() -> None:
    """The agenda on 01/01/2000 has no rules to check against: it says so, naming the
    earliest rulebook's day (it answered 500)."""
    response = client_for("bithu.hungthinh").get("/candidates/agenda/?on=2000-01-01")
    assert response.status_code == 400
    assert "30/07/2021" in response.content.decode()
