"""Issue 9, point 9: a real install from an EMPTY database, through the screens only.

A superuser (created as `createsuperuser` would) logs in and is led by the first-run
page to create Đảng bộ tỉnh Thái Nguyên and Đảng bộ xã Phú Đình under it, to import the
commune's organisation list and member list from the spreadsheets its office has
(tests/fixtures/setup: a title block, merged headers, STT groups, a sub-committee
repeating its cells' sum) — each upload read and applied by a background job whose
page is waited on — and to create the board's account. The board sets its password
through its one-time link, creates a cell secretary's account and issues her link;
the secretary sets her password and sees her cell only (another cell's page is a 404).

The browser tests share one live server and one database holding the demo
(tests/e2e/conftest.py). This test empties that database first and, whatever happens,
puts the demo back as that conftest loads it; the logins other browser tests keep
open (the package's `signed_in` pages) are carried over the reload, so the tests that
run after this one still see the demo, signed in as before."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from tests.fixtures.setup.make_fixtures import COMMUNE, HERE, PROVINCE

pytestmark = [pytest.mark.e2e]
# As `make test` sets it: Playwright's sync API runs an event loop in this thread, and the
# database is set up (and flushed here) from it. Set at import, so that this file also
# runs on its own (`.venv/bin/pytest tests/e2e/test_empty_install.py`).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ADMIN, ADMIN_PASSWORD = "quantri", "Quan-tri-he-thong-2026"
BOARD, BOARD_PASSWORD = "bxd.phudinh", "Cay-tre-xanh-ven-suoi-7"
SECRETARY, SECRETARY_PASSWORD = "bithu.banpieng", "Nuoc-chay-qua-doi-2026"
CELL, OTHER_CELL = "Chi bộ Bản Piềng", "Chi bộ Đồng Hoàng"


@contextmanager
def empty_database() -> Iterator[None]:
    """Flush the shared database for the test, then reload the demo exactly as
    tests/e2e/conftest.py does and give back the logins that were open: the same
    session keys, for the same usernames, with their password hashes as they were
    (a session is bound to its user's password hash)."""
    from ketnap.orgs.demo.clock import BASE_DAY
    from ketnap.web.demo import load_all

    users = get_user_model().objects
    names = dict(users.values_list("pk", "username"))
    hashes = dict(users.values_list("username", "password"))
    sessions = [(s.session_key, s.get_decoded(), s.expire_date) for s in Session.objects.all()]
    call_command("flush", interactive=False, verbosity=0)
    cache.clear()
    try:
        yield
    finally:
        call_command("flush", interactive=False, verbosity=0)
        cache.clear()
        load_all(today=BASE_DAY)
        for username, password in hashes.items():
            users.filter(username=username).update(password=password)
        now = dict(users.values_list("username", "pk"))
        for key, data, expires in sessions:
            username = names.get(int(data.get("_auth_user_id", 0)))
            if username in now:
                data["_auth_user_id"] = str(now[username])
                Session.objects.create(session_key=key, session_data=SessionStore().encode(data), expire_date=expires)


def sign_in(page: Any, base: str, username: str, password: str, lands_on: str = "/") -> None:
    """As tests/e2e/conftest.py's `login`, with the person's own password, from a
    browser that holds nobody's cookies."""
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}{lands_on}")


def set_password(page: Any, link: str, password: str) -> None:
    """Open a one-time link with nobody signed in and choose the password."""
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(link)
    fields = page.locator("input[type=password]")
    expect(fields).to_have_count(2)
    fields.nth(0).fill(password)
    fields.nth(1).fill(password)
    page.get_by_role("button", name="Đặt mật khẩu").click()
    expect(page.get_by_role("heading", name="Đã đặt mật khẩu")).to_be_visible()


def upload_and_apply(page: Any, link: str, file: Path, *, expect_ok: str, lands_on: str) -> None:
    """From the first-run page: the upload page, the preview its reading job made,
    then "Áp dụng" and the apply job's page, which goes on to `lands_on` once written."""
    page.get_by_role("link", name=link).click()
    page.locator("input[type=file]").set_input_files(str(file))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("import-ok")).to_contain_text(expect_ok)  # the reading job is done
    page.get_by_test_id("apply").click()
    page.wait_for_url(re.compile(re.escape(lands_on) + r"$"))  # the apply job is done


def create_account(page: Any, base: str, username: str, full_name: str, org: str, role: str) -> str:
    """The accounts page's "Tạo tài khoản"; returns the one-time link it shows."""
    page.goto(f"{base}/accounts/add/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Họ và tên").fill(full_name)
    page.get_by_label("Tổ chức").select_option(label=org)
    page.get_by_label("Vai trò").select_option(label=role)
    page.get_by_role("button", name="Tạo tài khoản").click()
    link = page.get_by_test_id("one-time-link")
    expect(link).to_have_value(re.compile(r"/accounts/set-password/"))
    return str(link.input_value())


def test_from_an_empty_database_to_a_secretary_who_sees_only_her_cell(
    page: Any, demo_site: str, settings: Any, tmp_path: Path
) -> None:
    from ketnap.orgs.models import Member, MemberCount, Organization

    settings.MEDIA_ROOT = str(tmp_path)  # the staged uploads, not under var/
    base = demo_site
    # The machine is shared: a page may take seconds under load, a job's page longer.
    page.set_default_timeout(45_000)
    page.set_default_navigation_timeout(60_000)
    # The server answers one request at a time, in order: once this one is answered, no
    # request another page started (a navigation badge) can reach the emptied database
    # and, finding no session there, delete that page's session cookie.
    page.goto(f"{base}/login/")
    with empty_database():
        assert not Organization.objects.exists()
        get_user_model().objects.create_superuser(ADMIN, password=ADMIN_PASSWORD)

        # The superuser is led to the first-run page and creates the province and the commune.
        sign_in(page, base, ADMIN, ADMIN_PASSWORD, lands_on="/organizations/setup/")
        expect(page.get_by_test_id("first-run-empty")).to_contain_text("Hệ thống chưa có tổ chức đảng nào")
        page.get_by_label("Tên đảng bộ tỉnh").fill(PROVINCE)
        page.get_by_label("Tên đảng bộ xã").fill(COMMUNE)
        page.get_by_role("button", name="Tạo", exact=True).click()
        expect(page.get_by_text(f"Đã tạo {PROVINCE}, {COMMUNE}.")).to_be_visible()
        commune = Organization.objects.get(name=COMMUNE)
        assert Organization.objects.get_parent(commune) == Organization.objects.get(name=PROVINCE, depth=1)

        # Its organisation list, then its member list, from the office's spreadsheets.
        upload_and_apply(
            page, f"Nhập danh sách tổ chức trực thuộc {COMMUNE}", HERE / "phu_dinh_to_chuc.xlsx",
            expect_ok="Tệp hợp lệ: 5 tổ chức; cộng 73 đảng viên chính thức, 3 dự bị.",
            lands_on=f"/organizations/{commune.pk}/",
        )  # fmt: skip
        expect(page.get_by_text("tạo mới 5 tổ chức, ghi 4 số lượng đảng viên")).to_be_visible()
        expect(page.get_by_role("link", name="Đảng bộ bộ phận Cơ quan xã")).to_be_visible()
        assert MemberCount.objects.get(organization__name="Chi bộ Công an xã").official == 13
        page.goto(f"{base}/organizations/setup/")
        upload_and_apply(
            page, f"Nhập danh sách đảng viên của {COMMUNE}", HERE / "phu_dinh_dang_vien.xlsx",
            expect_ok="Tệp hợp lệ: thêm mới 4, cập nhật 0 đảng viên.",
            lands_on=f"/organizations/{commune.pk}/members/",
        )  # fmt: skip
        expect(page.get_by_text("Lương Thị Hoa")).to_be_visible()
        assert Member.objects.filter(organization__path__startswith=commune.path).count() == 4

        # The board's account, from the first-run page's link.
        page.goto(f"{base}/organizations/setup/")
        page.get_by_test_id("first-run-accounts").click()
        board_link = create_account(page, base, BOARD, "Nông Thị Tổ Chức", COMMUNE, "Ban Xây dựng Đảng / Ban Tổ chức")

        # The board sets its password, creates the secretary's account and issues her link.
        set_password(page, board_link, BOARD_PASSWORD)
        sign_in(page, base, BOARD, BOARD_PASSWORD)
        create_account(page, base, SECRETARY, "Hoàng Thị Bí Thư", CELL, "Bí thư chi bộ")
        page.get_by_role("link", name="Về trang tài khoản").click()
        page.get_by_test_id("issue-link").click()
        secretary_link = str(page.get_by_test_id("one-time-link").input_value())

        # The secretary sets her password and sees her cell, and nothing else.
        set_password(page, secretary_link, SECRETARY_PASSWORD)
        sign_in(page, base, SECRETARY, SECRETARY_PASSWORD)
        cell, other = Organization.objects.get(name=CELL), Organization.objects.get(name=OTHER_CELL)
        page.goto(f"{base}/organizations/")
        tree = page.get_by_test_id("org-tree")
        expect(tree).to_contain_text(CELL)
        expect(tree).not_to_contain_text(OTHER_CELL)
        assert page.goto(f"{base}/organizations/{cell.pk}/").status == 200
        assert page.goto(f"{base}/organizations/{other.pk}/").status == 404
        assert page.goto(f"{base}/organizations/{commune.pk}/").status == 404
