"""A compile never hides what is missing: titled "Tổng hợp chưa đầy đủ (n/m tổ chức)"
on the screen, in the .docx and the .xlsx, the missing organisations listed before the
figures, each left out or filled from the system's data by the board's choice; the
organisation's own totals from its record; every compiled total is the sum of the
parts it names; a higher level's round takes the submitted compile of the level below."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ketnap.monitoring import services
from ketnap.monitoring.enums import RoundKind
from ketnap.monitoring.figures import KEYS
from ketnap.monitoring.models import PeriodicReport
from ketnap.monitoring.selectors.reports import RECORD_KEYS, compile_figures, drifts, figures_of, live_figures
from ketnap.orgs.enums import Role
from tests.monitoring import builders as b
from tests.orgs.helpers import make_user

Q1 = services.RoundInput(
    RoundKind.QUARTERLY, 2026, due_on=date(2026, 4, 5), quarter=1, compile_due_on=date(2026, 4, 10)
)
figures = st.fixed_dictionaries({k: st.integers(min_value=0, max_value=10**6) for k in KEYS})


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(parts=st.lists(figures, max_size=12), record=figures)
def test_every_compiled_total_is_the_sum_of_the_parts_it_names(parts, record) -> None:  # type: ignore[no-untyped-def]
    compiled = compile_figures(parts, record)
    for key in KEYS:
        expected = record[key] if key in RECORD_KEYS else sum(p[key] for p in parts)
        assert compiled[key] == expected, key


def _open(world, people):  # type: ignore[no-untyped-def]
    round_ = services.open_round(world.commune, Q1, actor=people["board"])
    a, bb = (PeriodicReport.objects.get(round=round_, organization=c) for c in world.cells)
    return round_, a, bb


def _stored_parts_add_up(report: PeriodicReport) -> None:
    stored = report.figures
    for key in KEYS:
        total = sum(int(p["figures"].get(key, 0)) for p in stored["parts"])
        assert stored["parts_sum"][key] == total, key
        if key not in RECORD_KEYS:
            assert stored["figures"][key] == total, key


@pytest.mark.django_db
def test_a_partial_compile_says_so_and_takes_the_communes_own_totals(world, people) -> None:  # type: ignore[no-untyped-def]
    round_, a, _ = _open(world, people)
    services.submit_report(a, actor=people["secretary_a"], at=timezone.now())
    report = services.compile_round(round_, actor=people["board"], at=timezone.now())
    assert report.figures["title"] == "Tổng hợp chưa đầy đủ (1/2 tổ chức)"
    assert [m["name"] for m in report.figures["missing"]] == [world.cells[1].name]
    # Headcount and quota are the commune's (100 members; 3,2 % of 100 → 4), not cell A's (40; 2).
    assert (report.figures["figures"]["headcount"], report.figures["figures"]["admit_quota_year"]) == (100, 4)
    assert (report.figures["parts_sum"]["headcount"], report.figures["parts_sum"]["admit_quota_year"]) == (40, 2)
    _stored_parts_add_up(report)

    client = Client()
    client.force_login(people["board"])
    page = client.get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert "Tổng hợp chưa đầy đủ (1/2 tổ chức)" in page
    assert page.index('data-testid="missing-first"') < page.index('data-testid="figures"')
    docx = client.get(f"/monitoring/reports/{report.pk}/report.docx").content
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Tổng hợp chưa đầy đủ (1/2 tổ chức)" in text
    assert text.index(world.cells[1].name) < text.index("I. KẾT QUẢ THỰC HIỆN")
    xlsx = load_workbook(io.BytesIO(client.get(f"/monitoring/reports/{report.pk}/report.xlsx").content))
    cells = [str(c.value) for row in xlsx.worksheets[0].iter_rows() for c in row if c.value]
    assert "Tổng hợp chưa đầy đủ (1/2 tổ chức)" in cells
    assert any(world.cells[1].name in c for c in cells)


@pytest.mark.django_db
def test_the_board_fills_a_missing_part_from_the_systems_data(world, people) -> None:  # type: ignore[no-untyped-def]
    round_, a, bb = _open(world, people)
    services.submit_report(a, actor=people["secretary_a"], at=timezone.now())
    client = Client()
    client.force_login(people["board"])
    compiled = PeriodicReport.objects.get(round=round_, compiled=True)
    client.post(f"/monitoring/rounds/{round_.pk}/compile/", {"choose": "1", "fill": [str(bb.pk)]})
    compiled.refresh_from_db()
    assert compiled.figures["fill"] == [bb.pk]
    filled = next(p for p in compiled.figures["parts"] if p["report_id"] == bb.pk)
    assert filled["filled"] and filled["submitted_at"] is None
    assert filled["figures"] == live_figures([world.cells[1]], round_.period)[world.cells[1].pk]
    assert compiled.figures["title"] == "Tổng hợp chưa đầy đủ (1/2 tổ chức); 1 tổ chức lấy số liệu của hệ thống"
    _stored_parts_add_up(compiled)
    assert 'data-testid="filled"' in client.get(f"/monitoring/reports/{compiled.pk}/").content.decode()
    # Compiling again without choosing keeps the choice; so does submitting.
    client.post(f"/monitoring/rounds/{round_.pk}/compile/")
    services.submit_report(compiled, actor=people["board"], at=timezone.now())
    compiled.refresh_from_db()
    assert compiled.figures["fill"] == [bb.pk] and len(compiled.figures["parts"]) == 2
    # Leaving it out again is a choice too (on a new draft compile).


@pytest.mark.django_db
def test_the_provinces_round_takes_the_communes_submitted_compile(world, people) -> None:  # type: ignore[no-untyped-def]
    round_, a, _ = _open(world, people)
    services.submit_report(a, actor=people["secretary_a"], at=timezone.now())
    own = PeriodicReport.objects.get(round=round_, compiled=True)
    services.submit_report(own, actor=people["board"], at=timezone.now())  # partial: B never reported
    own.refresh_from_db()
    province_board = make_user("bxd.tinh.compile", world.province, Role.ORGANIZING_BOARD)
    upper = services.open_round(world.province, Q1, actor=province_board)
    commune_part = PeriodicReport.objects.get(round=upper, organization=world.commune)
    assert figures_of(commune_part) == own.figures["figures"]  # the draft already shows the compile
    assert figures_of(commune_part) != live_figures([world.commune], upper.period)[world.commune.pk]
    services.submit_report(commune_part, actor=people["board"], at=timezone.now())
    commune_part.refresh_from_db()
    assert commune_part.figures["figures"] == own.figures["figures"]
    assert commune_part.figures["from_compile"] == own.pk
    top = services.compile_round(upper, actor=province_board, at=timezone.now())
    assert top.figures["parts"][0]["figures"] == own.figures["figures"] and top.figures["title"] == ""
    b.admitted(world.cells[0], date(2026, 3, 30), introduced=date(2026, 2, 1))  # recorded later, back-dated
    (drift,) = drifts([commune_part])
    assert drift.changes["admitted_period"] == 1
