"""Importing the seed appendices (.xlsx and .docx) gives exactly the seeds' numbers;
broken files are refused with file/sheet/row/column and nothing is written; the
command prints the JSON shape of the issue and exits 0/1."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ketnap.audit.models import AuditEvent
from ketnap.orgs.models import Organization
from ketnap.plans.importer import import_allocations
from ketnap.plans.models import Allocation, Plan
from tests.fixtures.plans import make_fixtures as fx

pytestmark = pytest.mark.django_db
FIXTURES = Path(fx.__file__).resolve().parent

# 002, table 1, in table order: name → (introduce per quarter, admit per quarter).
DONG_TIEN_EXPECTED = {
    "Chi bộ Đèo Cáo - Lân Chàm": ([0, 1, 0, 0], [0, 0, 1, 0]),
    "Chi bộ Mỏ Ấm": ([0, 1, 0, 0], [0, 0, 0, 0]),
    "Chi bộ Làng Quặng": ([0, 1, 0, 0], [0, 0, 0, 1]),
    "Chi bộ Làng Gia": ([1, 0, 0, 0], [0, 0, 1, 0]),
    "Chi bộ Lân Luông": ([0, 0, 1, 0], [0, 0, 0, 0]),
    "Chi bộ Địa Phận": ([0, 0, 1, 0], [0, 0, 0, 0]),
    "Chi bộ Làng Cà": ([0, 1, 0, 0], [0, 0, 0, 0]),
    "Chi bộ Liên Phương": ([1, 0, 0, 0], [0, 0, 1, 0]),
    "Chi bộ Trường TH&THCS": ([2, 0, 0, 0], [0, 1, 0, 0]),
    "Chi bộ Trường Mầm non": ([2, 1, 0, 0], [0, 1, 1, 0]),
    "Chi bộ Y tế": ([0, 0, 1, 0], [0, 0, 0, 0]),
    "Chi bộ Quân sự xã": ([0, 0, 1, 0], [0, 0, 0, 0]),
    "Mặt trận Tổ quốc": ([0, 0, 1, 0], [0, 0, 1, 0]),
    "Đoàn TNCS Hồ Chí Minh": ([0, 1, 0, 0], [0, 0, 1, 0]),
    "Hội Cựu chiến binh": ([0, 1, 0, 0], [0, 0, 0, 1]),
    "Hội Nông dân": ([1, 1, 0, 0], [0, 0, 1, 0]),
    "Hội Phụ nữ": ([1, 1, 0, 0], [0, 0, 1, 0]),
}


def _dry(org: Organization, year: int, name: str, data: bytes | None = None, **kw: object):  # type: ignore[no-untyped-def]
    data = data if data is not None else (FIXTURES / name).read_bytes()
    return import_allocations(org=org, year=year, data=data, filename=name, actor=None, dry_run=True, **kw)


@pytest.mark.parametrize("name", ["dong_tien_2024.xlsx", "dong_tien_2024.docx"])
def test_dong_tien_appendix_gives_the_seed_numbers(dong_tien: Organization, name: str) -> None:
    result = _dry(dong_tien, 2025, name)
    assert result.ok, [str(i) for i in result.outcome.issues]
    data = result.as_json()
    got = {a["organization"]: (a["introduce"], a["admit"]) for a in data["allocations"]}
    assert got == DONG_TIEN_EXPECTED
    assert list(got) == list(DONG_TIEN_EXPECTED)  # table order kept
    assert data["by_quarter"] is True
    assert data["totals"] == {"introduce": 15, "admit": 7}
    assert data["coordination_totals"] == {"introduce": 7, "admit": 5}
    mass = [a for a in data["allocations"] if a["coordination"]]
    assert len(mass) == 5 and all(not a["created"] for a in data["allocations"])


@pytest.mark.parametrize("name", ["cao_minh_2026.docx", "cao_minh_2026.xlsx"])
def test_cao_minh_appendix_gives_41_times_1(cao_minh: Organization, name: str) -> None:
    result = _dry(cao_minh, 2027, name)
    assert result.ok, [str(i) for i in result.outcome.issues]
    data = result.as_json()
    assert len(data["allocations"]) == 41
    assert {(a["introduce"], a["admit"], a["introduce_total"], a["admit_total"]) for a in data["allocations"]} == {
        (None, None, 0, 1)
    }
    assert data["totals"] == {"introduce": 0, "admit": 41} and data["by_quarter"] is False
    names = [a["organization"] for a in data["allocations"]]
    assert names == fx.CAO_MINH_NAMES


def test_demo_plans_were_loaded_through_the_import(cao_minh: Organization, dong_tien: Organization) -> None:
    plan = Plan.objects.get(organization=cao_minh, year=2026)
    rows = Allocation.objects.filter(revision__plan=plan)
    assert rows.count() == 41 and {r.admit_total for r in rows} == {1}
    plan = Plan.objects.get(organization=dong_tien, year=2024)
    rows = list(Allocation.objects.filter(revision__plan=plan).select_related("organization", "mass_organization"))
    got = {r.recipient_name: (r.quarters("introduce"), r.quarters("admit")) for r in rows}
    assert got == DONG_TIEN_EXPECTED
    assert AuditEvent.objects.filter(action="import", object_id=str(plan.pk)).exists()


def _broken_cells(index: int, quarters: list[str] | None = None, totals: tuple[str, str] | None = None) -> list[fx.Row]:
    rows = list(fx.DONG_TIEN_CELLS)
    name, q, t = rows[index]
    rows[index] = (name, quarters or q, totals or t)
    return rows


@pytest.mark.parametrize(
    ("cells", "cells_total", "row", "column", "fragment"),
    [
        # Làng Gia's Q3 admit written as 1,5 → row 10 (7 + 3), column H.
        (_broken_cells(3, ["1", "-", "-", "-", "-", "1,5", "-", "-"]), fx.DONG_TIEN_CELLS_TOTAL, 10, 8,
         "không phải số nguyên"),
        (_broken_cells(3, ["1", "-", "-", "-", "-", "-1", "-", "-"]), fx.DONG_TIEN_CELLS_TOTAL, 10, 8, "Số âm"),
        (_broken_cells(3, ["1", "-", "-", "-", "-", "abc", "-", "-"]), fx.DONG_TIEN_CELLS_TOTAL, 10, 8,
         "không phải là số"),
        # the row says Cộng admit 2 while its quarters add up to 1 → column L
        (_broken_cells(3, totals=("1", "2")), fx.DONG_TIEN_CELLS_TOTAL, 10, 12, "cộng các quý được 1"),
        # the totals row says 16 introduced where the rows add up to 15 → row 19, column K
        (fx.DONG_TIEN_CELLS, (fx.DONG_TIEN_CELLS_TOTAL[0], ("16", "7")), 19, 11, "cộng các dòng được 15"),
    ],
)  # fmt: skip
def test_broken_xlsx_is_refused_with_coordinates_and_nothing_is_written(
    dong_tien: Organization, cells: list[fx.Row], cells_total: tuple[list[str], tuple[str, str]], row: int,
    column: int, fragment: str,
) -> None:  # fmt: skip
    data = fx.dong_tien_xlsx(cells=cells, cells_total=cells_total)
    before = Allocation.objects.count()
    result = import_allocations(org=dong_tien, year=2025, data=data, filename="sai.xlsx", actor=None)
    assert not result.ok and not result.outcome.applied
    hits = [i for i in result.outcome.issues if i.sheet == "Khối chi bộ" and (i.row, i.column) == (row, column)]
    assert hits and fragment in hits[0].message, [str(i) for i in result.outcome.issues]
    assert Allocation.objects.count() == before
    assert not Plan.objects.filter(organization=dong_tien, year=2025).exists()


def test_wrong_total_in_word_table_is_refused(cao_minh: Organization) -> None:
    result = _dry(cao_minh, 2027, "sai.docx", data=fx.cao_minh_docx(total="40"))
    issues = list(result.outcome.issues)
    assert not result.ok and len(issues) == 1
    assert issues[0].where == "sai.docx, Bảng 1, dòng 44, cột 3"
    assert "ghi 40 nhưng cộng các dòng được 41" in issues[0].message


def test_unmatched_rows_are_listed_then_created_with_create_missing(dong_tien: Organization) -> None:
    cells = [*fx.DONG_TIEN_CELLS, ("Bản Mới", ["-"] * 8, ("-", "-"))]
    data = fx.dong_tien_xlsx(cells=cells)
    refused = import_allocations(org=dong_tien, year=2025, data=data, filename="moi.xlsx", actor=None)
    assert not refused.ok
    (issue,) = list(refused.outcome.issues)
    assert (issue.row, issue.column) == (19, 2) and "Bản Mới" in issue.message
    applied = import_allocations(
        org=dong_tien, year=2025, data=data, filename="moi.xlsx", actor=None, create_missing=True
    )
    assert applied.ok and applied.outcome.applied
    new = Organization.objects.get(name="Chi bộ Bản Mới")
    assert Organization.objects.get_parent(new) == dong_tien and new.kind == "cell"
    assert Allocation.objects.filter(organization=new, revision__plan__year=2025).exists()


def test_unknown_mass_organisation_is_never_created_as_a_cell(dong_tien: Organization) -> None:
    mass = [*fx.DONG_TIEN_MASS[:4], ("Hội Người cao tuổi", ["-"] * 8, ("-", "-"))]
    data = fx.dong_tien_xlsx(mass=mass, mass_total=(["1", "-", "3", "-", "1", "3", "-", "1"], ("5", "4")))
    result = import_allocations(
        org=dong_tien, year=2025, data=data, filename="dt.xlsx", actor=None, create_missing=True
    )
    assert not result.ok
    assert any("Mặt trận/đoàn thể “Hội Người cao tuổi”" in i.message for i in result.outcome.issues)


def test_import_into_an_issued_plan_needs_a_revision(dong_tien: Organization) -> None:
    result = _dry(dong_tien, 2024, "dong_tien_2024.xlsx")
    assert not result.ok and "giao bổ sung" in next(iter(result.outcome.issues)).message


def test_command_json_shape_and_exit_codes(dong_tien: Organization, tmp_path: Path) -> None:
    out = StringIO()
    call_command(
        "import_allocations", str(FIXTURES / "dong_tien_2024.docx"), org=dong_tien.code, year=2025,
        dry_run=True, format="json", stdout=out,
    )  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["ok"] is True and data["errors"] == [] and data["totals"] == {"introduce": 15, "admit": 7}
    first = data["allocations"][0]
    assert set(first) >= {"organization", "introduce", "admit", "introduce_total", "admit_total", "note"}
    assert first["introduce"] == [0, 1, 0, 0] and first["admit"] == [0, 0, 1, 0]
    assert not Plan.objects.filter(organization=dong_tien, year=2025).exists()

    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(fx.dong_tien_xlsx(cells=_broken_cells(0, totals=("1", "5"))))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_allocations", str(bad), org="Đảng bộ xã Đồng Tiến", year=2025, format="json", stdout=out)
    assert exit_info.value.code == 1
    data = json.loads(out.getvalue())
    assert data["ok"] is False and {"row", "column", "message"} <= set(data["errors"][0])
    assert not Plan.objects.filter(organization=dong_tien, year=2025).exists()

    call_command("import_allocations", str(FIXTURES / "dong_tien_2024.xlsx"), org=dong_tien.code, year=2025,
                 stdout=StringIO())  # fmt: skip
    assert Allocation.objects.filter(revision__plan__organization=dong_tien, revision__plan__year=2025).count() == 17
