"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("KETNAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


class SerialWSGIServer(WSGIServer):
    """The test server answers one request at a time. Pages fetch parts of themselves
    after loading (navigation badges, htmx panels); with SQLite's in-memory test
    database every server thread shares one connection, which concurrent requests
    corrupt ("bad parameter or other API misuse"). A real deployment is unaffected."""

    #: Seconds a connection may stay silent. One request at a time means one idle socket
    #: (a browser's speculative preconnect, a kept-alive connection it left open) holds
    #: the whole server while the page's real request waits behind it: without a limit
    #: the empty-install and journey tests timed out after 60 s now and then.
    idle_timeout = 3.0

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def get_request(self) -> Any:
        conn, address = super().get_request()
        conn.settimeout(self.idle_timeout)
        return conn, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], TimeoutError):
            return  # the silent socket was dropped, as meant
        super().handle_error(request, client_address)


def _in_memory_sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


# Only SQLite's in-memory database needs the serial server. On PostgreSQL each request
# thread has its own connection, and a serial server can be held by one idle socket
# (a browser's speculative preconnect) while the page's request waits behind it: the
# PostgreSQL runs saw navigations time out after 30-60 s.
if _in_memory_sqlite():
    LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture(scope="package")
def live_server(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """One live server and one demo load for all the browser tests (loading the demo
    costs seconds; doing it per test cost minutes). The tests share that database, so
    none may assume it is the first to write. When the last browser test is done the
    database is flushed and the demo loaded again, so what they wrote is gone. The name `live_server` keeps
    pytest-django's bookkeeping: it creates the test database for these tests and runs
    them with the transactional tests, after every test that rolls back to the demo."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from ketnap.orgs.demo.clock import BASE_DAY
    from ketnap.web.demo import load_all

    with django_db_blocker.unblock():
        load_all(today=BASE_DAY)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            # Put the session's demo back, so a test that runs after these (whatever
            # order plugins give) rolls back to the same data as before them.
            call_command("flush", interactive=False, verbosity=0)
            load_all(today=BASE_DAY)


@pytest.fixture(autouse=True)
def _live_server_helper() -> None:
    """Replaces pytest-django's, which flushes the database after every browser test."""


@pytest.fixture
def demo_site(live_server: Any, django_db_blocker: Any) -> Iterator[str]:
    """The shared live server's address; the test itself may read the database too."""
    with django_db_blocker.unblock():
        yield str(live_server.url)


class Confirmations:
    """The confirmations the page asked (their messages) and the answer to give next."""

    def __init__(self) -> None:
        self.accept = True
        self.messages: list[str] = []

    def answer(self, dialog: Any) -> None:
        self.messages.append(dialog.message)
        dialog.accept() if self.accept else dialog.dismiss()


@pytest.fixture(autouse=True)
def confirmations(page: Any) -> Confirmations:
    """Irreversible acts ask once (ketnap.js, data-confirm); the journeys answer "OK",
    a test that wants "Hủy" sets `confirmations.accept = False`."""
    asked = Confirmations()
    page.on("dialog", asked.answer)
    return asked


def login(page: Any, base: str, username: str) -> None:
    """Log in from a blank page. Leaving the previous page first matters: its navigation
    badges load after it (htmx), and one that started after the cookies were cleared
    follows the redirect to the login page, which sets a new CSRF cookie over the one
    this login form carries ("CSRF token from POST incorrect")."""
    page.goto("about:blank")
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("ketnap-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


@pytest.fixture(scope="package")
def signed_in(browser: Any, browser_context_args: dict[str, Any], live_server: Any) -> Iterator[Any]:
    """A page logged in as `username`, one browser context per demo role for the whole
    package (logging in costs a round of requests; the page tests only read). The
    contexts bypass the CSP so a test may inject axe-core (tests/e2e/assets)."""
    pages: dict[str, Any] = {}

    def page_for(username: str) -> Any:
        if username not in pages:
            context = browser.new_context(**browser_context_args, bypass_csp=True)
            pages[username] = context.new_page()
            login(pages[username], str(live_server.url), username)
        return pages[username]

    yield page_for
    for opened in pages.values():
        opened.context.close()


def main_pages(username: str) -> list[str]:
    """The addresses of the menu entries `username` sees: the role's main pages."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from ketnap.web.navigation import NAV_ITEMS

    user = get_user_model().objects.get(username=username)
    return ["/", *(reverse(item.url_name) for item in NAV_ITEMS if item.visible(user))]
