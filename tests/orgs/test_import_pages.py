"""Upload pages of the organisation list and the member list (issue 9, points 3 and 4):
every URL × role (the board of the level, a cell's secretary, an inspector without the
right → 403, the board of another subtree → 404), the reading and the apply as
background jobs (imports.background: the upload returns at once, the preview page
waits on the reading job, "Áp dụng" opens the apply job's page), preview writes
nothing, errors name file, sheet, row and column, apply is all or nothing and audited,
a refused apply fails its job in Vietnamese and can be retried, and another user's
staged file or job is a 404. Tasks run inline unless a test queues them (`queued`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import task_backends
from django.test import Client
from django.urls import reverse

from ketnap.audit.models import AuditEvent
from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.jobs import services
from ketnap.jobs.models import Job, JobKind, JobStatus
from ketnap.orgs.models import Member, MemberCount, Membership, Organization
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


def _reset_task_backends() -> None:
    task_backends.__dict__.pop("settings", None)
    with contextlib.suppress(AttributeError):
        del task_backends["default"]


@pytest.fixture
def queued(settings: Any) -> Iterator[None]:
    """Tasks go to the database queue and wait there (no worker in this process), as
    tests/jobs/conftest.py does; the test runs them with services.execute."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _reset_task_backends()
    yield
    _reset_task_backends()


def _latest(kind: str) -> Job:
    return Job.objects.filter(kind=kind).latest("id")


def _tree_file(rows: list[list[object]] = TREE_ROWS) -> SimpleUploadedFile:
    data = xlsx(TREE_HEADER, rows, title=["DANH SÁCH TỔ CHỨC ĐẢNG (tính đến ngày 30/06/2026)"])
    return SimpleUploadedFile("to-chuc.xlsx", data)


def _member_file(rows: list[list[object]] = MEMBER_ROWS) -> SimpleUploadedFile:
    return SimpleUploadedFile("dang-vien.xlsx", xlsx(MEMBER_HEADER, rows, title=["DANH SÁCH ĐẢNG VIÊN"]))


def _upload(client: Client, name: str, pk: int, file: SimpleUploadedFile) -> str:
    response = client.post(reverse(name, args=[pk]), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def _apply(client: Client, preview_url: str) -> Job:
    """Press "Áp dụng": the answer is the apply job's page (which follows to the result)."""
    response = client.post(preview_url)
    job = _latest(JobKind.IMPORT_APPLY)
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk]) + "?follow=1"
    return job


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


@pytest.mark.parametrize(
    ("name", "uploader", "where", "persona", "status"),
    [
        ("orgs:import_tree", BOARD, CAO_MINH, BOARD, 200),
        ("orgs:import_tree", BOARD, CAO_MINH, INSPECTOR, 403),
        ("orgs:import_tree", BOARD, CAO_MINH, SECRETARY, 404),
        ("orgs:import_tree", BOARD, CAO_MINH, OTHER_BOARD, 404),
        ("orgs:import_tree", BOARD, CAO_MINH, "tinh.thainguyen", 404),  # the right, not the uploader
        ("orgs:import_members", SECRETARY, HUNG_THINH, SECRETARY, 200),
        ("orgs:import_members", SECRETARY, HUNG_THINH, INSPECTOR, 403),
        ("orgs:import_members", SECRETARY, HUNG_THINH, BOARD, 404),
        ("orgs:import_members", SECRETARY, HUNG_THINH, OTHER_BOARD, 404),
        ("orgs:import_members", BOARD, CAO_MINH, SECRETARY, 404),
        ("orgs:import_members", BOARD, CAO_MINH, INSPECTOR, 403),
    ],
)
def test_preview_page_and_its_jobs_per_role(name: str, uploader: str, where: str, persona: str, status: int) -> None:
    """A preview is its uploader's: the same URL is 403/404 for others, by role and
    scope, and so is "Áp dụng"; the reading job's page is the uploader's (else 404)."""
    file = _tree_file() if name == "orgs:import_tree" else _member_file()
    location = _upload(client_for(uploader), name, org(where).pk, file)
    assert client_for(persona).get(location).status_code == status
    job = reverse("jobs:detail", args=[_latest(JobKind.IMPORT_PREVIEW).pk])
    assert client_for(persona).get(job).status_code == (200 if persona == uploader else 404)
    if status != 200:
        assert client_for(persona).post(location).status_code == status
        assert not Job.objects.filter(kind=JobKind.IMPORT_APPLY).exists()


def test_the_upload_returns_at_once_and_the_preview_waits_on_the_reading_job(queued: None) -> None:
    client, commune = client_for(BOARD), org(CAO_MINH)
    location = _upload(client, "orgs:import_tree", commune.pk, _tree_file())
    job = _latest(JobKind.IMPORT_PREVIEW)
    staged = StagedImport.objects.get(kind="org_tree")
    assert job.params == {"staged": str(staged.pk), "page": location} and job.status == JobStatus.QUEUED
    assert job.title == "Nhập danh sách tổ chức: đọc tệp to-chuc.xlsx" and job.organization_id == commune.pk
    html = client.get(location).content.decode()
    assert 'data-testid="import-waiting"' in html and 'data-testid="apply"' not in html
    assert f"{reverse('jobs:detail', args=[job.pk])}?follow=1" in html
    assert client.post(location).status_code == 302 and not Job.objects.filter(kind=JobKind.IMPORT_APPLY).exists()
    services.execute(job.pk)  # what the worker does
    poll = client.get(reverse("jobs:detail", args=[job.pk]) + "?follow=1", headers={"HX-Request": "true"})
    assert poll["HX-Redirect"] == location
    html = client.get(location).content.decode()
    assert 'data-testid="import-ok"' in html and "Chi bộ Thôn Mới Lập" in html and "tạo mới" in html
    assert "tính đến 30/06/2026" in html and '<td class="small">Chi bộ trực thuộc</td>' in html  # kind by label
    assert not Organization.objects.filter(name="Chi bộ Thôn Mới Lập").exists()


def test_tree_preview_writes_nothing_then_the_apply_job_creates_and_audits(queued: None) -> None:
    client, commune = client_for(BOARD), org(CAO_MINH)
    location = _upload(client, "orgs:import_tree", commune.pk, _tree_file())
    services.execute(_latest(JobKind.IMPORT_PREVIEW).pk)
    apply = _apply(client, location)
    assert _apply(client, location).pk == apply.pk  # a double click queues nothing more
    assert not Organization.objects.filter(name="Chi bộ Thôn Mới Lập").exists()  # nothing until the worker runs
    services.execute(apply.pk)
    apply.refresh_from_db()
    assert apply.status == JobStatus.DONE and apply.result_url == reverse("orgs:detail", args=[commune.pk])
    assert apply.message == f"Đã nhập to-chuc.xlsx vào {CAO_MINH}: tạo mới 2 tổ chức, ghi 2 số lượng đảng viên."
    cell = Organization.objects.get(name="Chi bộ Thôn Mới Lập")
    assert Organization.objects.get_parent(cell) == commune
    assert MemberCount.objects.get(organization=cell).official == 9
    event = AuditEvent.objects.get(action="import", organization_id=commune.pk, model_label="orgs.Organization")
    assert event.user is not None and event.user.username == BOARD and event.changes["file"] == "to-chuc.xlsx"
    assert StagedImport.objects.get(kind="org_tree").status == StagedImportStatus.APPLIED
    followed = client.get(reverse("jobs:detail", args=[apply.pk]) + "?follow=1", follow=True)
    assert followed.redirect_chain[-1][0] == apply.result_url and apply.message in followed.content.decode()
    assert client.post(location).status_code == 404  # applied once; the link is spent


def test_tree_errors_name_file_sheet_row_and_column_and_offer_no_apply() -> None:
    client = client_for(BOARD)
    rows = [[1, "Chi bộ Thôn Mới Lập", "Chi bộ", 9, 1, 10], [None, "Tổng cộng", None, 20, 1, 21]]
    location = _upload(client, "orgs:import_tree", org(CAO_MINH).pk, _tree_file(rows))
    html = client.get(location).content.decode()
    assert 'data-testid="import-errors"' in html and 'data-testid="apply"' not in html
    assert "to-chuc.xlsx, trang Danh sách, dòng 5, cột F</strong>: Dòng tổng ghi 21 đảng viên" in html
    refused = client.post(location, follow=True)
    assert "chưa thể áp dụng" in refused.content.decode()
    assert not Job.objects.filter(kind=JobKind.IMPORT_APPLY).exists()
    assert not Organization.objects.filter(name="Chi bộ Thôn Mới Lập").exists()


def test_wrong_file_type_is_refused_on_the_upload_page() -> None:
    response = client_for(BOARD).post(
        reverse("orgs:import_tree", args=[org(CAO_MINH).pk]), {"file": SimpleUploadedFile("a.pdf", b"%PDF")}
    )
    assert response.status_code == 200 and "Chỉ nhận tệp Excel (.xlsx) hoặc Word (.docx)." in response.content.decode()
    assert not Job.objects.filter(kind=JobKind.IMPORT_PREVIEW).exists()


def test_secretary_imports_members_of_her_cell_and_a_second_run_creates_nobody() -> None:
    client, cell = client_for(SECRETARY), org(HUNG_THINH)
    before = Member.objects.filter(organization=cell).count()
    location = _upload(client, "orgs:import_members", cell.pk, _member_file())
    html = client.get(location).content.decode()
    assert "Ma Văn Thử" in html and "12/04/1985" in html and "thêm mới 2" in html and "dự bị" in html
    assert Member.objects.filter(organization=cell).count() == before
    apply = _apply(client, location)
    assert apply.status == JobStatus.DONE and apply.result_url == reverse("orgs:members", args=[cell.pk])
    assert apply.message == f"Đã nhập dang-vien.xlsx vào {HUNG_THINH}: thêm mới 2, cập nhật 0 đảng viên."
    assert Member.objects.filter(organization=cell).count() == before + 2
    assert AuditEvent.objects.filter(action="import", organization_id=cell.pk).exists()
    again = _upload(client, "orgs:import_members", cell.pk, _member_file())
    assert "thêm mới 0" in client.get(again).content.decode()


def test_member_errors_name_the_cell_and_nothing_is_written() -> None:
    client, cell = client_for(SECRETARY), org(HUNG_THINH)
    rows = [*MEMBER_ROWS, [3, "Không Có Chi Bộ", "01/01/1990", "Nam", "Kinh", "Chi bộ Không Tồn Tại", "", "", ""]]
    location = _upload(client, "orgs:import_members", cell.pk, _member_file(rows))
    html = client.get(location).content.decode()
    assert 'data-testid="import-errors"' in html and 'data-testid="apply"' not in html
    assert "dang-vien.xlsx, trang Danh sách, dòng 6, cột F</strong>: Không có chi bộ “Chi bộ Không Tồn Tại”" in html
    assert client.post(location).status_code == 302
    assert not Job.objects.filter(kind=JobKind.IMPORT_APPLY).exists()
    assert not Member.objects.filter(card_number__in=["99000001", "99000002"]).exists()


def test_a_list_no_longer_valid_fails_the_apply_job_in_vietnamese_writes_nothing_and_can_be_retried() -> None:
    """The board previews a list naming two cells; one is dissolved before "Áp dụng":
    the apply job re-reads the file and writes nobody (not even the other cell's member)."""
    client, commune = client_for(BOARD), org(CAO_MINH)
    rows = [MEMBER_ROWS[0], [2, "Triệu Thị Nhập", 1996, "Nữ", "Dao", "Trung Hòa", "02/09/2025", "", "99000002"]]
    location = _upload(client, "orgs:import_members", commune.pk, _member_file(rows))
    assert 'data-testid="apply"' in client.get(location).content.decode()
    Organization.objects.filter(name="Chi bộ Trung Hòa", is_demo=True).update(valid_until="2026-01-01")
    followed = client.post(location, follow=True)
    apply = _latest(JobKind.IMPORT_APPLY)
    assert apply.status == JobStatus.FAILED and "không có gì được ghi" in apply.error
    where = "dang-vien.xlsx, trang Danh sách, dòng 5, cột F"
    assert f"{where}: Không có chi bộ “Trung Hòa” trong Đảng bộ xã Cao Minh. Sửa tệp" in apply.error
    assert "Chạy lại" in followed.content.decode()
    assert not Member.objects.filter(card_number__in=["99000001", "99000002"]).exists()
    assert 'data-testid="apply-failed"' in client.get(location).content.decode()  # the upload is kept
    retried = client.post(reverse("jobs:retry", args=[apply.pk]))
    assert retried["Location"] == reverse("jobs:detail", args=[apply.pk])
    apply.refresh_from_db()
    assert apply.status == JobStatus.FAILED and apply.attempts == 2
    assert not Member.objects.filter(card_number="99000001").exists()


def test_a_scope_withdrawn_before_the_apply_refuses_it_in_vietnamese() -> None:
    client, cell = client_for(SECRETARY), org(HUNG_THINH)
    location = _upload(client, "orgs:import_members", cell.pk, _member_file())
    staged = StagedImport.objects.get(kind="org_members")
    Membership.objects.filter(user__username=SECRETARY).delete()
    assert client.post(location).status_code == 404  # the page is out of her scope now
    apply = services.start(JobKind.IMPORT_APPLY, user=staged.uploaded_by, title="x", params={"staged": str(staged.pk)})
    assert apply.status == JobStatus.FAILED and "phạm vi" in apply.error
    assert not Member.objects.filter(card_number__in=["99000001", "99000002"]).exists()


def test_a_near_name_is_asked_on_the_preview_and_the_answer_reads_the_file_again() -> None:
    """“Chi bộ Bản Cấm” in the file is not “Chi bộ Bản Cầm” of the tree: the preview asks
    (no apply until answered); the answer is stored and a new reading job shows the result."""
    client, commune = client_for(BOARD), org(CAO_MINH)
    rows = [[1, "Chi bộ Bản Cấm", "Chi bộ", 9, 1, 10], [None, "Tổng cộng", None, 9, 1, 10]]
    location = _upload(client, "orgs:import_tree", commune.pk, _tree_file(rows))
    html = client.get(location).content.decode()
    assert 'data-testid="near-question"' in html and "Chi bộ Bản Cầm" in html and 'data-testid="apply"' not in html
    question = _latest(JobKind.IMPORT_PREVIEW).data["questions"][0]
    readings = Job.objects.filter(kind=JobKind.IMPORT_PREVIEW).count()
    answer = client.post(location, {"action": "answer_near", f"near__{question['key']}": "accept"})
    assert answer["Location"] == location and Job.objects.filter(kind=JobKind.IMPORT_PREVIEW).count() == readings + 1
    html = client.get(location).content.decode()
    assert 'data-testid="near-question"' not in html and "gần giống, đã chọn" in html and 'data-testid="apply"' in html
    apply = _apply(client, location)
    assert apply.status == JobStatus.DONE and not Organization.objects.filter(name="Chi bộ Bản Cấm").exists()
