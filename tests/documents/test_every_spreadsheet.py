"""Every .xlsx a board downloads, read back as Excel reads it (issue 13, point 5): each
formula has its value cached (right when opened without recalculation), percentages
are numbers with a % format, wrapped header rows have a height, and the print setup
is A4, fit to one page wide, with the header rows repeated."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.plans.models import Plan
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db


def _urls() -> dict[str, str]:
    cao_minh = org("Đảng bộ xã Cao Minh")
    q1 = ReportingRound.objects.get(organization=cao_minh, quarter=1, is_demo=True)
    compiled = PeriodicReport.objects.get(round=q1, organization=cao_minh)
    return {
        "plan": reverse("plans:export_xlsx", args=[Plan.objects.get(organization=cao_minh, year=2026).pk]),
        "report": reverse("monitoring:report_xlsx", args=[compiled.pk]),
        "statistics": reverse("monitoring:statistics", args=[cao_minh.pk]) + "?on=2026-11-20&format=xlsx",
        "evaluation": reverse("monitoring:evaluation", args=[cao_minh.pk]) + "?on=2026-11-20&format=xlsx",
    }


def _divisor(formula: str) -> str:
    """D10 of '=IF(N(D10)=0,"",C10/D10)': a ratio left blank (cached "") when it is 0."""
    return formula.removeprefix("=IF(N(").split(")")[0]


@pytest.mark.parametrize("name", ["plan", "report", "statistics", "evaluation"])
def test_spreadsheet_reads_back_as_people_work_in_it(name: str) -> None:
    response = client_for("bxd.caominh" if name != "plan" else "tinh.thainguyen").get(_urls()[name])
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    formulas, values = load_workbook(io.BytesIO(data)), load_workbook(io.BytesIO(data), data_only=True)
    for ws in formulas.worksheets:
        cached = values[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    blank_ratio = cell.value.startswith("=IF(N(") and not cached[_divisor(cell.value)].value
                    assert blank_ratio or cached[cell.coordinate].value is not None, (name, ws.title, cell.coordinate)
                shown = cached[cell.coordinate].value
                if (
                    isinstance(shown, str)
                    and shown.strip().endswith("%")
                    and shown.strip()[:-1].replace(",", "").isdigit()
                ):
                    pytest.fail(f"{name}/{ws.title}!{cell.coordinate}: a percentage stored as text ({shown})")
                if "%" in (cell.number_format or ""):
                    assert shown is None or isinstance(shown, int | float), (name, cell.coordinate, shown)
        assert int(ws.page_setup.paperSize) == 9, (name, ws.title)
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, (name, ws.title)
        wrapped = [c.row for row in ws.iter_rows() for c in row if c.alignment is not None and c.alignment.wrap_text]
        if ws.print_title_rows:
            first = int(ws.print_title_rows.split(":")[0].strip("$"))
            assert ws.row_dimensions[first].height, (name, ws.title, "header row without a height")
        elif wrapped:
            pytest.fail(f"{name}/{ws.title}: wrapped cells but no repeated header rows")
