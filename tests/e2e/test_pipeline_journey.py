"""The whole journey of a candidate in a real browser (issue 5, item 13): the Youth
Union introduces a person → the secretary adds them to the sympathizer list → the
political centre's course and certificate → dossier, verification, introducers →
the cell's vote → the committee's decision → the ceremony → twelve months later the
confirmation; the agenda shows each step as it falls due.

The live server runs in a thread of this process, so `time_machine.travel(…, tick=True)`
moves its clock: every step happens on its own day, as it would in a commune. The
session expires between days far apart, so each step logs in again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NAME = "Lường Văn Hành"


@contextmanager
def on_day(page: Any, base: str, day: date, username: str) -> Iterator[None]:
    """Freeze the server's clock on `day` (ticking) and log `username` in."""
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=HANOI), tick=True):
        page.goto("about:blank")
        page.context.clear_cookies()
        login(page, base, username)
        yield


def open_candidate(page: Any, base: str) -> None:
    page.goto(f"{base}/candidates/people/?q=luong van hanh")
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_test_id("candidate-name")).to_have_text(NAME)


def field(page: Any, label: str) -> Any:
    """The control labelled exactly `label`, with or without the required star."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\*)?$"))


def click(page: Any, name: str) -> None:
    page.get_by_role("link", name=name, exact=False).first.click()


def save(page: Any, label: str = "Lưu") -> None:
    page.get_by_role("button", name=label).click()


def expect_stage(page: Any, stage: str) -> None:
    expect(page.get_by_test_id("stage")).to_have_text(stage)


def agenda_has(page: Any, base: str, text: str) -> None:
    page.goto(f"{base}/candidates/agenda/")
    expect(page.locator("tr", has_text=NAME).filter(has_text=text).first).to_be_visible()


def introduce(page: Any, base: str) -> None:
    page.goto(f"{base}/candidates/introduce/")
    expect(page.get_by_text("Giới thiệu với tư cách: Đoàn TNCS Hồ Chí Minh")).to_be_visible()
    field(page, "Chi bộ").select_option(label="Chi bộ Hưng Thịnh")
    field(page, "Họ và tên").fill(NAME)
    field(page, "Ngày sinh").fill("15/04/1999")
    field(page, "Giới tính").select_option(label="Nam")
    field(page, "Dân tộc").select_option(label="Tày")
    field(page, "Tôn giáo").select_option(label="Không")
    field(page, "Thành phần (thống kê)").select_option(label="Nông, lâm, ngư nghiệp")
    page.get_by_label("Đoàn viên Đoàn TNCS Hồ Chí Minh").check()
    save(page, "Ghi nhận giới thiệu")
    expect_stage(page, "Được giới thiệu")


def add_to_list(page: Any, base: str) -> None:
    agenda_has_review = f"{base}/candidates/agenda/"
    page.goto(agenda_has_review)
    expect(page.get_by_text("Xét danh sách cảm tình đảng tháng 01/2027")).to_be_visible()
    page.get_by_role("link", name="Xét danh sách cảm tình đảng tháng 01/2027").click()
    page.locator("fieldset", has_text=NAME).get_by_text("Đưa vào danh sách", exact=True).click()
    save(page, "Ghi kết quả xét tháng")
    expect(page.get_by_test_id("reviews")).to_contain_text(f"{NAME}: đưa vào danh sách")


def open_course(page: Any, base: str) -> None:
    page.goto(f"{base}/candidates/courses/new/")
    page.get_by_label("Loại lớp").select_option(label="Lớp bồi dưỡng nhận thức về Đảng")
    page.get_by_label("Đảng bộ mở lớp").select_option(label="Đảng bộ xã Cao Minh")
    page.get_by_label("Tên lớp").fill("Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2027")
    page.get_by_label("Khai giảng").fill("2027-03-01")
    page.get_by_label("Bế giảng").fill("2027-03-05")
    page.get_by_label("Địa điểm").fill("Hội trường Đảng ủy xã")
    save(page)
    click(page, "Ghi danh")
    page.get_by_label(f"{NAME} — Chi bộ Hưng Thịnh").check()
    save(page, "Ghi danh")
    expect(page.get_by_test_id("enrolments")).to_contain_text(NAME)


def certify(page: Any, base: str) -> None:
    page.goto(f"{base}/candidates/courses/")
    page.get_by_role("link", name="Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2027").click()
    click(page, "Ghi kết quả, cấp giấy chứng nhận")
    row = page.locator("tr", has_text=NAME)
    row.locator("select").select_option("completed")
    row.locator("td").nth(2).locator("input").fill("01/CN-2027")
    save(page, "Lưu kết quả")
    expect(page.get_by_test_id("enrolments")).to_contain_text("01/CN-2027")


def dossier(page: Any, base: str) -> None:
    open_candidate(page, base)
    expect_stage(page, "Đã có giấy chứng nhận")
    click(page, "Nhận đơn xin vào Đảng, lập hồ sơ")
    save(page)
    expect_stage(page, "Đang làm hồ sơ")
    click(page, "Cập nhật hồ sơ")
    for code in ("1-KNĐ", "2-KNĐ", "3-KNĐ", "4-KNĐ", "5-KNĐ"):
        page.locator(f"[name='{code}__status']").select_option("received")
        page.locator(f"[name='{code}__received_on']").fill("2027-03-15")
    save(page, "Lưu hồ sơ")
    click(page, "Gửi hồ sơ thẩm tra lý lịch")
    save(page)
    expect_stage(page, "Thẩm tra lý lịch")
    check = page.get_by_test_id("check")
    expect(check.locator("[data-rule='sponsor.composition'][data-status='fail']")).to_be_visible()
    expect(check.locator("[data-rule='verification.self'][data-status='fail']")).to_be_visible()


def verify_and_sponsor(page: Any, base: str) -> None:
    open_candidate(page, base)
    page.get_by_test_id("verifications").get_by_role("link", name="sửa").click()
    field(page, "Kết quả").select_option(label="Đạt, không có vấn đề")
    page.get_by_label("Ngày có kết quả").fill("2027-04-20")
    save(page)
    click(page, "Thẩm tra lý lịch")
    page.get_by_label("Quan hệ").select_option(label="Cha đẻ")
    page.get_by_label("Họ và tên").fill("Lường Văn Thái")
    field(page, "Kết quả").select_option(label="Đạt, không có vấn đề")
    page.get_by_label("Ngày có kết quả").fill("2027-04-22")
    save(page)
    click(page, "Thêm người giới thiệu")
    page.get_by_label("Loại người giới thiệu").select_option(label="Ban Chấp hành Đoàn cơ sở")
    page.get_by_label("Ban Chấp hành Đoàn / Công đoàn").select_option(label="Đoàn TNCS Hồ Chí Minh")
    save(page)
    click(page, "Thêm người giới thiệu")
    page.get_by_label("Loại người giới thiệu").select_option(label="Đảng viên chính thức")
    field(page, "Đảng viên").select_option(index=1)
    page.get_by_label("Cùng công tác, học tập, sinh sống từ ngày").fill("2020-01-01")
    save(page)
    expect(page.get_by_test_id("check").locator("[data-status='fail']")).to_have_count(0)


def cell_vote(page: Any, base: str, purpose: str | None = None) -> None:
    open_candidate(page, base)
    click(page, "Chi bộ biểu quyết")
    if purpose:
        page.get_by_label("Nội dung biểu quyết").select_option(label=purpose)
    page.get_by_label("Số nghị quyết").fill("15-NQ/CB")
    # The number of official members comes from the registry, shown by the field.
    eligible = page.get_by_label("Tổng số đảng viên chính thức của chi bộ")
    expect(page.get_by_text("Theo danh sách đảng viên của chi bộ")).to_be_visible()
    n = int(eligible.input_value())
    page.get_by_label("Số đảng viên chính thức có mặt").fill(str(n - 1))
    field(page, "Số tán thành").fill(str(n - 2))
    page.get_by_label("Số không tán thành").fill("1")
    save(page)
    expect(page.get_by_role("alert").first).to_contain_text("Nghị quyết hợp lệ")


def test_whole_journey_from_introduction_to_official_member(page: Any, demo_site: str) -> None:
    base = demo_site
    page.set_viewport_size({"width": 1280, "height": 900})
    with on_day(page, base, date(2027, 1, 4), "doan.caominh"):
        introduce(page, base)
    with on_day(page, base, date(2027, 1, 6), "bithu.hungthinh"):
        add_to_list(page, base)
    with on_day(page, base, date(2027, 2, 22), "ttct.caominh"):
        open_course(page, base)
    with on_day(page, base, date(2027, 3, 5), "ttct.caominh"):
        certify(page, base)
    with on_day(page, base, date(2027, 3, 15), "bithu.hungthinh"):
        dossier(page, base)
    with on_day(page, base, date(2027, 4, 22), "bithu.hungthinh"):
        verify_and_sponsor(page, base)
    with on_day(page, base, date(2027, 5, 10), "bithu.hungthinh"):
        cell_vote(page, base)
        expect_stage(page, "Chi bộ đề nghị kết nạp")
        click(page, "Gửi hồ sơ lên cấp ủy cơ sở")
        save(page)
        expect_stage(page, "Cấp ủy xét")
        click(page, "Nghị quyết chi bộ đề nghị kết nạp đảng viên (6-KNĐ)")
    with on_day(page, base, date(2027, 7, 28), "bxd.caominh"):
        agenda_has(page, base, "Cấp ủy quyết định kết nạp")
        open_candidate(page, base)
        click(page, "Quyết định kết nạp")
        page.get_by_label("Số quyết định").fill("245-QĐ/ĐU")
        save(page)
        expect_stage(page, "Có quyết định kết nạp")
    with on_day(page, base, date(2027, 8, 30), "bithu.hungthinh"):
        agenda_has(page, base, "Tổ chức lễ kết nạp")
        open_candidate(page, base)
        click(page, "Tổ chức lễ kết nạp")
        page.get_by_label("Địa điểm").fill("Nhà văn hóa thôn Hưng Thịnh")
        save(page)
        expect_stage(page, "Đảng viên dự bị")
        agenda_has(page, base, "Khai lý lịch đảng viên")
    with on_day(page, base, date(2028, 8, 10), "bithu.hungthinh"):  # twelve months later
        agenda_has(page, base, "Chi bộ xét công nhận chính thức (hết dự bị ngày 30/08/2028)")
    with on_day(page, base, date(2028, 9, 4), "bithu.hungthinh"):
        open_candidate(page, base)
        click(page, "Ghi giấy chứng nhận")
        page.get_by_label("Số giấy chứng nhận").fill("88/ĐVM")
        page.get_by_label("Ngày cấp").fill("2027-12-15")
        page.get_by_label("Nơi cấp").fill("Trung tâm chính trị xã Bằng Thành")
        save(page)
        click(page, "Cập nhật hồ sơ")
        for code in ("LLĐV", "10-KNĐ", "11-KNĐ", "12-KNĐ"):
            page.locator(f"[name='{code}__status']").select_option("received")
            page.locator(f"[name='{code}__received_on']").fill("2028-09-01")
        save(page, "Lưu hồ sơ")
        cell_vote(page, base, "Đề nghị công nhận đảng viên chính thức")
    with on_day(page, base, date(2028, 9, 11), "bxd.caominh"):
        agenda_has(page, base, "Cấp ủy quyết định công nhận chính thức")
        open_candidate(page, base)
        click(page, "Công nhận đảng viên chính thức")
        page.get_by_label("Số quyết định").fill("512-QĐ/ĐU")
        save(page)
        expect_stage(page, "Đảng viên chính thức")
        expect(page.get_by_role("alert").first).to_contain_text("từ ngày 30/08/2028")
        timeline = page.get_by_test_id("timeline")
        for step in ("Được giới thiệu", "Cảm tình đảng", "Đang học lớp nhận thức", "Đã có giấy chứng nhận",
                     "Đang làm hồ sơ", "Thẩm tra lý lịch", "Chi bộ đề nghị kết nạp", "Cấp ủy xét",
                     "Có quyết định kết nạp", "Đảng viên dự bị", "Đảng viên chính thức"):  # fmt: skip
            expect(timeline).to_contain_text(f"Chuyển sang: {step}")


def test_board_is_usable_on_a_phone(page: Any, demo_site: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, demo_site, "bithu.hungthinh")
    page.goto(f"{demo_site}/candidates/")
    board = page.get_by_test_id("board")
    expect(board).to_be_visible()
    # The page itself never scrolls sideways; the board's columns do.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert board.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(page.get_by_role("link", name="Danh sách cảm tình đảng")).to_be_visible()
