"""Bulk import of candidates from .xlsx: the shared all-or-nothing mechanism, every
bad cell reported with its sheet, row and column, nothing written until the whole
file is valid."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ketnap.pipeline.enums import Stage
from ketnap.pipeline.importer import import_candidates
from ketnap.pipeline.models import Candidate
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Học vấn", "Chi bộ",
          "Ngày giới thiệu", "Đơn vị giới thiệu", "Nhóm ưu tiên", "Đoàn viên",
          "Ngày vào danh sách cảm tình đảng", "Số GCN", "Ngày cấp GCN"]  # fmt: skip
GOOD = [
    [1, "Hoàng Văn Nhập", "12/05/1998", "Nam", "Tày", "019098123456", "THPT", "Hưng Thịnh", "05/01/2026",
     "Đoàn TNCS HCM", "Quân nhân xuất ngũ", "x", "03/02/2026", "", ""],
    [2, "Nông Thị Nhập", "03/2001", "Nữ", "Nùng", "", "THCS", "Chi bộ Nặm Cáp", "06/01/2026", "Hội Phụ nữ",
     "", "", "03/02/2026", "33/CN", "20/03/2026"],
    [3, "Ma Văn Nhập", "1/1/1990", "Nam", "", "", "", "Trung Hòa", "", "Chi bộ", "", "", "", "", ""],
]  # fmt: skip


def xlsx(rows: list[list[object]], title_rows: int = 2) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH QUẦN CHÚNG ƯU TÚ"])
    for _ in range(title_rows - 1):
        ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(rows: list[list[object]], *, apply: bool, user: str = "bxd.caominh"):  # type: ignore[no-untyped-def]
    return import_candidates(
        org=org("Đảng bộ xã Cao Minh"),
        data=xlsx(rows),
        filename="quan-chung.xlsx",
        actor=get_user_model().objects.get(username=user),
        default_day=date(2026, 1, 10),
        apply=apply,
    )


def test_preview_writes_nothing_and_apply_writes_everything() -> None:
    before = Candidate.objects.count()
    preview = run(GOOD, apply=False)
    assert preview.ok and len(preview.payload.rows) == 3 and Candidate.objects.count() == before
    done = run(GOOD, apply=True)
    assert done.applied and done.result == 3 and Candidate.objects.count() == before + 3
    first = Candidate.objects.get(full_name="Hoàng Văn Nhập")
    assert first.stage == Stage.SYMPATHIZER and first.ethnicity == "02" and first.youth_union_member
    assert first.introduction.mass_organization.name == "Đoàn TNCS Hồ Chí Minh"
    assert [p.group for p in first.priorities.all()] == ["demobilised"]
    second = Candidate.objects.get(full_name="Nông Thị Nhập")
    assert second.birth_month_only and second.stage == Stage.CERTIFIED and second.certificates.get().number == "33/CN"
    third = Candidate.objects.get(full_name="Ma Văn Nhập")
    assert third.stage == Stage.INTRODUCED and third.introduction.introduced_on == date(2026, 1, 10)


@pytest.mark.parametrize(
    ("column", "value", "letter", "message"),
    [
        (2, "32/13/1998", "C", "Ngày"),
        (3, "Khác", "D", "Nam hoặc Nữ"),
        (4, "Xyz", "E", "54 dân tộc"),
        (5, "019097123456", "F", "không khớp năm sinh 1998"),
        (6, "Đại học", "G", "trình độ học vấn"),
        (7, "Chi bộ Mỏ Ấm", "H", "Không tìm thấy chi bộ"),
        (9, "Hội Thể thao", "J", "Không tìm thấy đoàn thể"),
        (10, "Người ngoài hành tinh", "K", "nhóm ưu tiên"),
    ],
)
def test_each_bad_cell_is_reported_with_its_place(column, value, letter, message) -> None:  # type: ignore[no-untyped-def]
    rows = [list(r) for r in GOOD]
    rows[0][column] = value
    before = Candidate.objects.count()
    outcome = run(rows, apply=True)
    assert not outcome.applied and Candidate.objects.count() == before
    (issue,) = list(outcome.issues)
    assert issue.sheet == "Danh sách" and issue.row == 4 and issue.column_label == letter
    assert message in issue.message
    assert issue.where == f"quan-chung.xlsx, trang Danh sách, dòng 4, cột {letter}"


def test_duplicates_in_the_file_and_in_the_system() -> None:
    rows = [list(r) for r in GOOD] + [[4, "Hoàng Văn Nhập", "12/05/1998", "Nam", "", "", "", "Hưng Thịnh"] + [""] * 7]
    outcome = run(rows, apply=False)
    assert [(i.row, "Trùng với dòng 4" in i.message) for i in outcome.issues] == [(7, True)]
    run(GOOD, apply=True)
    again = run(GOOD[:1], apply=False)
    assert "đã có trong hệ thống" in next(iter(again.issues)).message


def test_missing_required_columns() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính"])
    ws.append([1, "Lò Văn A", "Nam"])
    out = io.BytesIO()
    wb.save(out)
    outcome = import_candidates(
        org=org("Đảng bộ xã Cao Minh"), data=out.getvalue(), filename="x.xlsx", actor=None,
        default_day=date(2026, 1, 1), apply=False,
    )  # fmt: skip
    messages = [i.message for i in outcome.issues]
    assert "Thiếu cột “ngay sinh”." in messages and "Thiếu cột “chi bo”." in messages


def test_secretary_imports_only_into_their_cell() -> None:
    outcome = import_candidates(
        org=org("Chi bộ Hưng Thịnh"),
        data=xlsx(GOOD),
        filename="q.xlsx",
        actor=get_user_model().objects.get(username="bithu.hungthinh"),
        default_day=date(2026, 1, 10),
        apply=False,
    )
    assert {i.row for i in outcome.issues} == {5, 6}  # Nặm Cáp and Trung Hòa are not theirs


def test_upload_preview_apply_in_the_browser() -> None:
    client = client_for("bxd.caominh")
    upload = SimpleUploadedFile("quan-chung.xlsx", xlsx(GOOD))
    response = client.post(reverse("pipeline:import"), {"file": upload, "organization": org("Đảng bộ xã Cao Minh").pk})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200 and "Áp dụng: nhập 3 người" in preview.content.decode()
    applied = client.post(response["Location"])
    assert applied.status_code == 302 and Candidate.objects.filter(full_name__endswith="Nhập").count() == 3
    assert client.get(response["Location"]).status_code == 404  # a staged file is applied once


def test_sample_sheet_reads_back_cleanly() -> None:
    data = client_for("bxd.caominh").get(reverse("pipeline:import_sample")).content
    outcome = import_candidates(
        org=org("Đảng bộ xã Cao Minh"), data=data, filename="mau.xlsx", actor=None, default_day=date(2026, 1, 1),
        apply=False,
    )  # fmt: skip
    assert outcome.ok and outcome.payload.rows[0].person["full_name"] == "Nguyễn Văn An"
