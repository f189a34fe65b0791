"""Upload pages of the organisation list and the member list (issue 9, points 3 and 4):
every URL × role (the board of the level, a cell's secretary, an inspector without the
right → 403, the board of another subtree → 404), preview writes nothing, errors name
file, sheet, row and column, apply is all or nothing and audited, and another user's
staged file is a 404."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ketnap.audit.models import AuditEvent
from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.orgs.models import Member, MemberCount, Organization
from tests.conftest import client_for, org
from tests.orgs.sheets import xlsx

pytestmark = pytest.mark.django_db

BOARD, INSPECTOR, SECRETARY, OTHER_BOARD = "bxd.caominh", "ubkt.caominh", "bithu.hungthinh", "bxd.dongtien"
CAO_MINH, HUNG_THINH = "Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh"
TREE_HEADER = ["STT", "Tên tổ chức đảng", "Loại", "Đảng viên chính thức", "Đảng viên dự bị", "Tổng số"]
TREE_ROWS = [
    [1, "Chi bộ Thôn Mới Lập", "Chi bộ", 9, 1, 10],
    [2, "Chi bộ Trường Mầm non Mới", "Chi bộ", 6, "-", 6],
    [None, "Tổng cộng", None, 15, 1, 16],
]
MEMBER_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chi bộ", "Ngày vào Đảng",
                 "Ngày chính thức", "Số thẻ đảng viên"]  # fmt: skip
MEMBER_ROWS = [
    [1, "Ma Văn Thử", "12/04/1985", "Nam", "Tày", "Hưng Thịnh", "19/05/2010", "19/05/2011", "99 000 001"],
    [2, "Triệu Thị Nhập", 1996, "Nữ", "Dao", "Chi bộ Hưng Thịnh", "02/09/2025", "", "99000002"],
]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _tree_file(rows: list[list[object]] = TREE_ROWS) -> SimpleUploadedFile:
    data = xlsx(TREE_HEADER, rows, title=["DANH SÁCH TỔ CHỨC ĐẢNG (tính đến ngày 30/06/2026)"])
    return SimpleUploadedFile("to-chuc.xlsx", data)


def _member_file(rows: list[list[object]] = MEMBER_ROWS) -> SimpleUploadedFile:
    return SimpleUploadedFile("dang-vien.xlsx", xlsx(MEMBER_HEADER, rows, title=["DANH SÁCH ĐẢNG VIÊN"]))


def _upload(client: Client, name: str, pk: int, file: SimpleUploadedFile) -> str:
    response = client.post(reverse(name, args=[pk]), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


@pytest.mark.parametrize(
    ("name", "persona", "where", "status"),
    [
        ("orgs:import_tree", BOARD, CAO_MINH, 200),
        ("orgs:import_tree", INSPECTOR, CAO_MINH, 403),
        ("orgs:import_tree", SECRETARY, HUNG_THINH, 403),
        ("orgs:import_tree", OTHER_BOARD, CAO_MINH, 404),
        ("orgs:import_members", BOARD, CAO_MINH, 200),
        ("orgs:import_members", SECRETARY, HUNG_THINH, 200),
        ("orgs:import_members", SECRETARY, CAO_MINH, 404),
        ("orgs:import_members", INSPECTOR, CAO_MINH, 403),
        ("orgs:import_members", OTHER_BOARD, CAO_MINH, 404),
    ],
)
def test_upload_page_per_role(name: str, persona: str, where: str, status: int) -> None:
    assert client_for(persona).get(reverse(name, args=[org(where).pk])).status_code == status


@pytest.mark.parametrize(("persona", "status"), [(BOARD, 200), (INSPECTOR, 403), (OTHER_BOARD, 404)])
def test_preview_page_per_role(persona: str, status: int) -> None:
    """A preview is its uploader's: the same URL is 403/404 for others, by role and scope."""
    location = _upload(client_for(BOARD), "orgs:import_tree", org(CAO_MINH).pk, _tree_file())
    assert client_for(persona).get(location).status_code == status


def test_another_boards_staged_file_is_not_found() -> None:
    location = _upload(client_for(BOARD), "orgs:import_members", org(CAO_MINH).pk, _member_file())
    assert client_for("tinh.thainguyen").get(location).status_code == 404


def test_tree_preview_writes_nothing_then_apply_creates_and_audits() -> None:
    client, commune = client_for(BOARD), org(CAO_MINH)
    location = _upload(client, "orgs:import_tree", commune.pk, _tree_file())
    preview = client.get(location)
    html = preview.content.decode()
    assert 'data-testid="import-ok"' in html and "Chi bộ Thôn Mới Lập" in html and "tạo mới" in html
    assert not Organization.objects.filter(name="Chi bộ Thôn Mới Lập").exists()
    response = client.post(location)
    assert response.status_code == 302 and response["Location"] == reverse("orgs:detail", args=[commune.pk])
    cell = Organization.objects.get(name="Chi bộ Thôn Mới Lập")
    assert Organization.objects.get_parent(cell) == commune
    assert MemberCount.objects.get(organization=cell).official == 9
    assert AuditEvent.objects.filter(action="import", organization_id=commune.pk).exists()
    assert StagedImport.objects.get(kind="org_tree").status == StagedImportStatus.APPLIED
    assert client.post(location).status_code == 404  # applied once; the link is spent


def test_tree_errors_name_file_sheet_row_and_column_and_offer_no_apply() -> None:
    client = client_for(BOARD)
    rows = [[1, "Chi bộ Thôn Mới Lập", "Chi bộ", 9, 1, 10], [None, "Tổng cộng", None, 20, 1, 21]]
    location = _upload(client, "orgs:import_tree", org(CAO_MINH).pk, _tree_file(rows))
    html = client.get(location).content.decode()
    assert 'data-testid="import-errors"' in html and 'data-testid="apply"' not in html
    assert "to-chuc.xlsx, trang Danh sách, dòng 5, cột F</strong>: Dòng tổng ghi 21 đảng viên" in html
    assert client.post(location).status_code == 200
    assert not Organization.objects.filter(name="Chi bộ Thôn Mới Lập").exists()


def test_wrong_file_type_is_refused_on_the_upload_page() -> None:
    response = client_for(BOARD).post(
        reverse("orgs:import_tree", args=[org(CAO_MINH).pk]), {"file": SimpleUploadedFile("a.pdf", b"%PDF")}
    )
    assert response.status_code == 200 and "Chỉ nhận tệp Excel (.xlsx) hoặc Word (.docx)." in response.content.decode()


def test_secretary_imports_members_of_her_cell_and_a_second_run_creates_nobody() -> None:
    client, cell = client_for(SECRETARY), org(HUNG_THINH)
    before = Member.objects.filter(organization=cell).count()
    location = _upload(client, "orgs:import_members", cell.pk, _member_file())
    html = client.get(location).content.decode()
    assert "Ma Văn Thử" in html and "thêm mới 2" in html
    assert Member.objects.filter(organization=cell).count() == before
    assert client.post(location)["Location"] == reverse("orgs:members", args=[cell.pk])
    assert Member.objects.filter(organization=cell).count() == before + 2
    assert AuditEvent.objects.filter(action="import", organization_id=cell.pk).exists()
    again = _upload(client, "orgs:import_members", cell.pk, _member_file())
    assert "thêm mới 0" in client.get(again).content.decode()


def test_member_errors_roll_back_everything() -> None:
    client, cell = client_for(SECRETARY), org(HUNG_THINH)
    rows = [*MEMBER_ROWS, [3, "Không Có Chi Bộ", "01/01/1990", "Nam", "Kinh", "Chi bộ Không Tồn Tại", "", "", ""]]
    location = _upload(client, "orgs:import_members", cell.pk, _member_file(rows))
    html = client.post(location).content.decode()
    assert 'data-testid="import-errors"' in html and "dang-vien.xlsx, trang Danh sách, dòng" in html
    assert not Member.objects.filter(card_number__in=["99000001", "99000002"]).exists()
