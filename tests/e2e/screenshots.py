"""The README's screenshots (issue 16, point 1), taken from the demo with Chromium.

`make screenshots` runs this module: a fresh SQLite demo under var/screenshots/ loaded
as seen today (the living demo, so the pictures show this year's plans and quarters), a
server thread, and each shot written to docs/screenshots/. The browser test
tests/e2e/test_screenshots.py takes the same shots from the test session's demo into
var/screenshots/ (ignored by git), so `make test` proves the shots still work and
leaves the working tree clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@dataclass(frozen=True)
class Shot:
    file: str
    username: str
    path: Callable[[], str]
    viewport: dict[str, int]
    #: what to do on the page before the picture (open a branch, …)
    prepare: Callable[[Any], None] = lambda tab: None


def _org_pk(name: str) -> int:
    from ketnap.orgs.models import Organization

    return Organization.objects.get(name=name, is_demo=True).pk


def _plan_path() -> str:
    from ketnap.plans.models import Plan

    plan = Plan.objects.filter(organization_id=_org_pk("Đảng bộ xã Đồng Tiến")).order_by("-year").first()
    return f"/plans/{plan.pk}/" if plan else "/plans/"


def _open_commune(tab: Any) -> None:
    tab.locator("summary", has_text="Đảng bộ xã Cao Minh").first.click()
    tab.locator("li[data-org='Chi bộ Hưng Thịnh']").wait_for()


SHOTS = [
    Shot("tree.png", "bxd.caominh", lambda: "/organizations/", LAPTOP, _open_commune),
    Shot("dashboard.png", "bxd.caominh", lambda: f"/monitoring/{_org_pk('Đảng bộ xã Cao Minh')}/", LAPTOP),
    Shot("plan-grid.png", "bxd.dongtien", _plan_path, LAPTOP),
    Shot("board.png", "bxd.caominh", lambda: f"/candidates/org/{_org_pk('Đảng bộ xã Cao Minh')}/", LAPTOP),
    Shot("phone-board.png", "bithu.hungthinh", lambda: "/candidates/", PHONE),
    Shot("agenda.png", "bithu.hungthinh", lambda: "/candidates/agenda/", LAPTOP),
]


def take(page_for: Callable[[str], Any], base: str, out: Path) -> list[Path]:
    """Every shot into `out`; `page_for(username)` gives a page logged in as that user."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for shot in SHOTS:
        tab = page_for(shot.username)
        tab.set_viewport_size(shot.viewport)
        tab.goto(f"{base}{shot.path()}")
        tab.wait_for_load_state("networkidle")
        shot.prepare(tab)
        target = out / shot.file
        tab.screenshot(path=str(target), full_page=False)
        written.append(target)
    return written


def main() -> None:
    """`make screenshots`: a fresh demo as seen today, served, photographed."""
    work = ROOT / "var" / "screenshots"
    work.mkdir(parents=True, exist_ok=True)
    database = work / "demo.sqlite3"
    database.unlink(missing_ok=True)
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}", DEBUG="true", REQUIRE_2FA="false", DJANGO_ALLOW_ASYNC_UNSAFE="true"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketnap.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, login

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    server = LiveServerThread("localhost", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://localhost:{server.port}"
    pages: dict[str, Any] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            context_args = {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}

            def page_for(username: str) -> Any:
                if username not in pages:
                    pages[username] = browser.new_context(**context_args).new_page()
                    login(pages[username], base, username)
                return pages[username]

            for path in take(page_for, base, ROOT / "docs" / "screenshots"):
                print(path.relative_to(ROOT))
            browser.close()
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
