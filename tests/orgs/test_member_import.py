"""`import_members` (issue 9, point 4): columns by header in any order, dates as text,
real dates or a year, cells with or without "Chi bộ", all-or-nothing with errors
naming sheet, row and column, and a second run that creates nobody."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ketnap.orgs.enums import MemberStatus, OrganizationKind, Sex
from ketnap.orgs.member_import import import_members
from ketnap.orgs.models import Member
from tests.orgs.helpers import make_child, make_root
from tests.orgs.sheets import docx, xlsx

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chi bộ", "Ngày vào Đảng", "Ngày chính thức",
          "Số thẻ đảng viên"]  # fmt: skip
ROWS = [
    [
        1,
        "Hoàng Văn Cám",
        "05/03/1980",
        "Nam",
        "Tày",
        "Chi bộ Bản Cám",
        datetime(2005, 5, 19),
        "19/05/2006",
        "01 234 567",
    ],
    [2, "Lục Thị Hoa", 1992, "Nữ", "Nùng", "Bản Cầm", "02/09/2025", "", "01234568"],
    [3, "Nông Văn Tài", "", "Nam", "Tày", "Bản Cám", "03/02/2010", "03/02/2011", ""],
]


def _commune() -> tuple[object, object, object]:
    root = make_root()
    commune = make_child(root, "Đảng bộ xã Thử Nhập", OrganizationKind.GRASSROOTS_COMMITTEE)
    return commune, make_child(commune, "Chi bộ Bản Cám"), make_child(commune, "Chi bộ Bản Cầm")


def test_import_creates_then_a_second_run_creates_nobody() -> None:
    commune, cam, cam2 = _commune()
    data = xlsx(HEADER, ROWS, title=["DANH SÁCH ĐẢNG VIÊN"])
    preview = import_members(org=commune, data=data, filename="dv.xlsx", actor=None, dry_run=True)  # type: ignore[arg-type]
    assert preview.ok and preview.as_json()["created"] == 3 and not Member.objects.filter(organization=cam).exists()
    first = import_members(org=commune, data=data, filename="dv.xlsx", actor=None).as_json()  # type: ignore[arg-type]
    assert (first["created"], first["updated"]) == (3, 0)
    assert first["by_organization"] == {
        "Chi bộ Bản Cám": {"official": 2, "probationary": 0},
        "Chi bộ Bản Cầm": {"official": 0, "probationary": 1},
    }
    hoa = Member.objects.get(card_number="01234568")
    assert hoa.organization == cam2 and hoa.birth_date == date(1992, 1, 1) and hoa.sex == Sex.FEMALE
    assert hoa.status == MemberStatus.PROBATIONARY and hoa.ethnicity == "Nùng"
    cam_member = Member.objects.get(card_number="01234567")
    assert cam_member.admission_date == date(2005, 5, 19) and cam_member.official_date == date(2006, 5, 19)
    again = import_members(org=commune, data=data, filename="dv.xlsx", actor=None).as_json()  # type: ignore[arg-type]
    assert (again["created"], again["updated"]) == (0, 0) and Member.objects.filter(
        organization__in=[cam, cam2]
    ).count() == 3


def test_a_confirmation_in_the_file_updates_the_member_matched_by_card() -> None:
    commune, _, _ = _commune()
    import_members(org=commune, data=xlsx(HEADER, ROWS), filename="a.xlsx", actor=None)  # type: ignore[arg-type]
    first = [*ROWS[0][:6], "19/05/2005", *ROWS[0][7:]]  # a Word table holds the date as text
    rows = [first, [2, "Lục Thị Hoa", 1992, "Nữ", "Nùng", "Bản Cầm", "02/09/2025", "02/09/2026", "01234568"]]
    result = import_members(org=commune, data=docx(HEADER, rows), filename="b.docx", actor=None).as_json()  # type: ignore[arg-type]
    assert result["ok"] and (result["created"], result["updated"]) == (0, 1)
    assert Member.objects.get(card_number="01234568").status == MemberStatus.OFFICIAL


def test_errors_name_row_and_column_and_nothing_is_written() -> None:
    commune, _, _ = _commune()
    first = [*ROWS[0][:6], "19/05/2005", *ROWS[0][7:]]  # a Word table holds the date as text
    rows = [first, [2, "Lục Thị Hoa", "31/02/1992x", "Nữ", "Nùng", "Bản Cẩm", "02/09/2025", "", "9"]]
    result = import_members(org=commune, data=xlsx(HEADER, rows), filename="sai.xlsx", actor=None)  # type: ignore[arg-type]
    errors = result.as_json()["errors"]
    assert not result.ok and not Member.objects.filter(card_number="01234567").exists()
    messages = {(e["row"], e["column"], e["message"]) for e in errors}
    assert any(col == 3 and "dd/mm/yyyy" in msg for _, col, msg in messages)
    assert any(col == 6 and "Bản Cẩm" in msg for _, col, msg in messages)  # a near name is not a match
    assert all(e["file"] == "sai.xlsx" and e["sheet"] == "Danh sách" for e in errors)


def test_command_prints_json_and_exits_1_on_refusal(tmp_path: Path) -> None:
    commune, _, _ = _commune()
    good = tmp_path / "dv.xlsx"
    good.write_bytes(xlsx(HEADER, ROWS))
    out = StringIO()
    call_command("import_members", str(good), "--org", commune.code, "--format", "json", stdout=out)  # type: ignore[attr-defined]
    assert json.loads(out.getvalue())["created"] == 3
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(xlsx(["STT", "Họ và tên"], [[1, "Ai Đó"]]))
    with pytest.raises(SystemExit):
        call_command("import_members", str(bad), "--org", commune.code, stdout=StringIO(), stderr=StringIO())  # type: ignore[attr-defined]
