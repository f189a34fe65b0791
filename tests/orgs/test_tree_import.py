"""Importing an organisation list (issue 9, point 3): every layout the communes' lists
use, every refusal, re-import that changes nothing, the command's JSON and exit code."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ketnap.imports.matching import NearChoices, NearPolicy
from ketnap.orgs.building import add_organization
from ketnap.orgs.models import MemberCount, Organization
from ketnap.orgs.tree_import import import_tree
from tests.orgs import sheets
from tests.orgs.helpers import make_root

pytestmark = pytest.mark.django_db
TITLE = ["ĐẢNG BỘ XÃ THỬ NGHIỆM", "DANH SÁCH TỔ CHỨC CƠ SỞ ĐẢNG (số liệu tính đến ngày 30/06/2026)"]
HEADER = ["STT", "Tên tổ chức đảng", "Loại", "Đảng viên chính thức", "Đảng viên dự bị", "Tổng số"]
STT_ROWS = [
    ["I", "Khối nông thôn", None, None, None, None],
    [1, "Chi bộ Bản Cầm", "Chi bộ", 20, 1, 21],
    [2, "Chi bộ Nà Pài", "Chi bộ", 15, "-", 15],
    ["II", "Khối cơ quan", None, None, None, None],
    [3, "Đảng bộ bộ phận Cơ quan xã", "Đảng bộ bộ phận", 30, 2, 32],
    ["3.1", "Chi bộ Văn phòng", "Chi bộ", 18, 2, 20],
    ["3.2", "Chi bộ Công an xã", "Chi bộ", 12, "-", 12],
    [None, "Tổng cộng", None, 65, 3, 68],
]


@pytest.fixture
def commune() -> Organization:
    province = make_root("Đảng bộ tỉnh Thử")
    return add_organization(actor=None, parent=province, name="Đảng bộ xã Thử Nghiệm", kind="grassroots_committee")


def _run(commune: Organization, data: bytes, filename: str = "ds.xlsx", **kw: object):  # type: ignore[no-untyped-def]
    return import_tree(under=commune, data=data, filename=filename, actor=None, **kw)  # type: ignore[arg-type]


def _tree(commune: Organization) -> dict[str, tuple[str, str, str | None]]:
    return {
        o.name: (o.kind, Organization.objects.get_parent(o).name, o.block.kind if o.block else None)
        for o in Organization.objects.filter(path__startswith=commune.path).exclude(pk=commune.pk)
    }


EXPECTED = {
    "Chi bộ Bản Cầm": ("cell", "Đảng bộ xã Thử Nghiệm", "rural"),
    "Chi bộ Nà Pài": ("cell", "Đảng bộ xã Thử Nghiệm", "rural"),
    "Đảng bộ bộ phận Cơ quan xã": ("sub_committee", "Đảng bộ xã Thử Nghiệm", "agencies"),
    "Chi bộ Văn phòng": ("cell", "Đảng bộ bộ phận Cơ quan xã", "agencies"),
    "Chi bộ Công an xã": ("cell", "Đảng bộ bộ phận Cơ quan xã", "agencies"),
}


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_stt_numbering_groups_kinds_counts_and_sum_row(commune: Organization, fmt: str) -> None:
    data = sheets.xlsx(HEADER, STT_ROWS, title=TITLE) if fmt == "xlsx" else sheets.docx(HEADER, STT_ROWS, title=TITLE)
    result = _run(commune, data, f"ds.{fmt}")
    assert result.ok, result.as_json()["errors"]
    out = result.as_json()
    assert out["on"] == "2026-06-30"
    assert out["totals"] == {"official": 65, "probationary": 3, "total": 68}  # the sub-committee counted once
    assert {o["match"] for o in out["organizations"]} == {"created"}
    assert _tree(commune) == EXPECTED
    sub = Organization.objects.get(name="Đảng bộ bộ phận Cơ quan xã", path__startswith=commune.path)
    assert not MemberCount.objects.filter(organization=sub).exists()
    count = MemberCount.objects.get(organization__name="Chi bộ Nà Pài", organization__path__startswith=commune.path)
    assert (count.counted_on, count.official, count.probationary) == (date(2026, 6, 30), 15, 0)


def test_reimport_changes_nothing(commune: Organization) -> None:
    data = sheets.xlsx(HEADER, STT_ROWS, title=TITLE)
    assert _run(commune, data).ok
    before = (Organization.objects.count(), MemberCount.objects.count())
    again = _run(commune, data)
    assert again.ok, _errors(again)
    assert again.outcome.result == {"created": 0, "counts_written": 0}
    assert {o["match"] for o in again.as_json()["organizations"]} == {"exact"}
    assert (Organization.objects.count(), MemberCount.objects.count()) == before


def test_indented_names_and_bare_names(commune: Organization) -> None:
    header = ["STT", "Tên chi bộ", "Số đảng viên"]
    rows = [
        [1, "Đảng bộ bộ phận Trường học", "-"],
        [None, "    Chi bộ Trường Mầm non", 9],
        [None, "- Chi bộ Trường Tiểu học", 11],
        [2, "Bản Cầm", 7],
    ]
    result = _run(commune, sheets.xlsx(header, rows, title=TITLE), on=date(2026, 1, 1))
    assert result.ok, result.as_json()["errors"]
    tree = _tree(commune)
    assert tree["Chi bộ Trường Mầm non"][1] == "Đảng bộ bộ phận Trường học"
    assert tree["Chi bộ Trường Tiểu học"][1] == "Đảng bộ bộ phận Trường học"
    assert tree["Chi bộ Bản Cầm"] == ("cell", "Đảng bộ xã Thử Nghiệm", None)
    assert result.as_json()["on"] == "2026-01-01"  # --on wins over the file
    assert (
        MemberCount.objects.get(
            organization__name="Chi bộ Bản Cầm", organization__path__startswith=commune.path
        ).official
        == 7
    )


def test_parent_column_and_block_column(commune: Organization) -> None:
    header = ["TT", "Tên tổ chức", "Trực thuộc", "Khối", "Chính thức", "Dự bị"]
    rows = [
        [1, "Đảng bộ bộ phận Thôn", "", "Nông thôn", None, None],
        [2, "Chi bộ Thôn Một", "Đảng bộ bộ phận Thôn", "Nông thôn", 10, 1],
        [3, "Chi bộ Trạm Y tế", "", "Khối cơ quan", 6, 0],
    ]
    result = _run(commune, sheets.xlsx(header, rows, title=TITLE))
    assert result.ok, result.as_json()["errors"]
    tree = _tree(commune)
    assert tree["Chi bộ Thôn Một"] == ("cell", "Đảng bộ bộ phận Thôn", "rural")
    assert tree["Chi bộ Trạm Y tế"] == ("cell", "Đảng bộ xã Thử Nghiệm", "agencies")


def _errors(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{e['row']}|{e['message']}" for e in result.as_json()["errors"]]


def test_refusals_write_nothing(commune: Organization) -> None:
    before = Organization.objects.count()
    wrong_total = [*STT_ROWS[:-1], [None, "Tổng cộng", None, 60, 3, 63]]
    assert any("Dòng tổng ghi 63" in e for e in _errors(_run(commune, sheets.xlsx(HEADER, wrong_total, title=TITLE))))
    bad_sum = [r if r[1] != "Đảng bộ bộ phận Cơ quan xã" else [3, r[1], r[2], 31, 2, 33] for r in STT_ROWS[:-1]]
    assert any("cộng các tổ chức trực thuộc được 32" in e for e in _errors(_run(commune, sheets.xlsx(HEADER, bad_sum))))
    no_date = _run(commune, sheets.xlsx(HEADER, STT_ROWS))
    assert any("không ghi tính đến ngày nào" in e for e in _errors(no_date))
    fraction = [[1, "Chi bộ A", "Chi bộ", "1,5", 0, None]]
    assert any("không phải số nguyên" in e for e in _errors(_run(commune, sheets.xlsx(HEADER, fraction, title=TITLE))))
    cell_under_cell = [
        [1, "Chi bộ Một", "", None],
        [2, "Chi bộ Hai", "Chi bộ Một", None],
    ]
    refused = _run(commune, sheets.xlsx(["STT", "Tên", "Trực thuộc", "Ghi chú"], cell_under_cell))
    assert any("chi bộ không có tổ chức đảng trực thuộc" in e for e in _errors(refused))
    unknown_kind = [[1, "Tổ Đảng X", "Tổ đảng", 1, 0, 1]]
    assert any("Không hiểu loại" in e for e in _errors(_run(commune, sheets.xlsx(HEADER, unknown_kind, title=TITLE))))
    assert Organization.objects.count() == before


def test_near_name_is_asked_not_merged(commune: Organization) -> None:
    add_organization(actor=None, parent=commune, name="Chi bộ Bản Cầm", kind="cell")
    rows = [[1, "Chi bộ Bản Cám", "Chi bộ", 5, 0, 5]]
    data = sheets.xlsx(HEADER, rows, title=TITLE)
    refused = _run(commune, data)
    assert not refused.ok and "“Chi bộ Bản Cầm”" in _errors(refused)[0]
    assert refused.as_json()["near"][0]["candidates"] == ["Chi bộ Bản Cầm"]
    created = _run(commune, data, near=NearChoices(NearPolicy.CREATE))
    assert created.ok and created.as_json()["organizations"][0]["match"] == "created"
    assert Organization.objects.filter(name="Chi bộ Bản Cám", path__startswith=commune.path).exists()


def test_near_name_accepted(commune: Organization) -> None:
    add_organization(actor=None, parent=commune, name="Chi bộ Bản Cầm", kind="cell")
    data = sheets.xlsx(HEADER, [[1, "Bản Cầmm", "Chi bộ", 5, 0, 5]], title=TITLE)
    accepted = _run(commune, data, near=NearChoices(NearPolicy.ACCEPT))
    assert accepted.ok and accepted.as_json()["organizations"][0]["match"] == "near"
    assert (
        MemberCount.objects.get(
            organization__name="Chi bộ Bản Cầm", organization__path__startswith=commune.path
        ).official
        == 5
    )


def test_command_json_and_exit_code(commune: Organization, tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(sheets.xlsx(HEADER, STT_ROWS, title=TITLE))
    out = StringIO()
    call_command("import_tree", str(path), under=commune.name, dry_run=True, format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= {"ok", "errors", "organizations", "totals"} and data["ok"]
    assert set(data["organizations"][0]) >= {"name", "kind", "block", "parent", "created", "match"}
    assert not Organization.objects.filter(name="Chi bộ Nà Pài", path__startswith=commune.path).exists()
    call_command("import_tree", str(path), under=commune.code, stdout=StringIO())
    assert Organization.objects.filter(name="Chi bộ Nà Pài", path__startswith=commune.path).exists()
    path.write_bytes(sheets.xlsx(HEADER, [[1, "Chi bộ Nà Pai", "Chi bộ", 1, 0, 1]], title=TITLE))
    with pytest.raises(SystemExit) as exit_:
        call_command("import_tree", str(path), under=commune.code, format="json", stdout=StringIO())
    assert exit_.value.code == 1
