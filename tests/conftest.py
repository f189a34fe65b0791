"""Shared fixtures: the session's clock on the demo's written day (tests/clock.py), a fast
password hasher, the demo dataset loaded once per session, and the demo personas (one
per role, plus a user of another subtree)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from ketnap.orgs.demo.clock import BASE_DAY
from ketnap.orgs.models import Organization
from ketnap.web.demo import load_all
from tests import clock

# A property that fails in CI prints the `@reproduce_failure` line that replays it here
# (the examples are random, and CI keeps no example database).
hypothesis.settings.register_profile("ketnap", print_blob=True)
hypothesis.settings.load_profile("ketnap")


def pytest_configure(config: pytest.Config) -> None:
    """The demo's day for the whole session (before the database exists), and a fast
    hasher, the demo users' passwords included."""
    from django.conf import settings

    clock.freeze()

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Existing tests sign in with a password alone; the two-factor tests turn this on.
    settings.REQUIRE_2FA = False
    # Background tasks run inline in tests (one test starts the real worker on its own database).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


def pytest_unconfigure(config: pytest.Config) -> None:
    clock.release()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With `make test`'s two workers (pytest-xdist, `--dist loadgroup`) every browser test
    runs on the same worker: they share one live server and one demo load per worker
    (tests/e2e/conftest.py), so spreading them would load the demo and start a server
    on both; the other tests are dealt out one by one.

    xdist's grouping keys its work by node id, and schemathesis names every operation's
    item after the one test function: those items get their operation in their id, or
    all but one of them would silently not run."""
    seen: Counter[str] = Counter(item.nodeid for item in items)
    for item in items:
        if seen[item.nodeid] > 1:
            label = getattr(item, "operation_label", None) or item.name
            item._id = item._id.with_params(label)  # type: ignore[attr-defined]
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(autouse=True)
def _private_pdf_cache(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test its own PDF cache, so a PDF converted by one test never answers another."""
    settings.KETNAP_PDF_CACHE_DIR = str(tmp_path_factory.mktemp("pdf-cache"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load the demo dataset once; every non-transactional test rolls back to it."""
    with django_db_blocker.unblock():
        load_all(today=BASE_DAY)
    yield


def org(name: str) -> Organization:
    return Organization.objects.get(name=name, is_demo=True)


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def cao_minh(db: None) -> Organization:
    return org("Đảng bộ xã Cao Minh")


@pytest.fixture
def hung_thinh(db: None) -> Organization:
    return org("Chi bộ Hưng Thịnh")


@pytest.fixture
def nam_cap(db: None) -> Organization:
    return org("Chi bộ Nặm Cáp")


@pytest.fixture
def dong_tien(db: None) -> Organization:
    return org("Đảng bộ xã Đồng Tiến")


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: a rolled-back test leaves keys (badges,
    province-wide forecast history) that could name a later test's different data."""
    from django.core.cache import cache

    cache.clear()
    yield
