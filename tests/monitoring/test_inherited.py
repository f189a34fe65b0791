"""Kế thừa on the dashboard (issue 10, point 2): a commune that absorbs another during
the year is measured against the quota it was given before the merge, and its year to
date includes what the merged commune admitted before — shown as such, row and note,
with the same figures as `manage.py progress`."""

from __future__ import annotations

import json
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ketnap.orgs import restructure
from ketnap.orgs.enums import OrganizationKind, Role
from ketnap.orgs.models import MemberCount, Organization
from tests.monitoring.builders import admitted, commune, plan, quarters
from tests.orgs.helpers import make_child, make_user

pytestmark = pytest.mark.django_db

ISSUED, MERGED, AFTER = date(2026, 1, 15), date(2026, 6, 1), date(2026, 9, 30)


def _merged() -> tuple[Organization, Organization]:
    """Commune A (two cells, a quota of 4 issued in January) absorbs commune B on 01/6:
    B admitted two people in March and April, A one in July."""
    a = commune(2, members=[40, 40])
    plan(a.commune, 2026, {cell: quarters(admit=(1, 1, 0, 0)) for cell in a.cells}, issued_on=ISSUED)
    b = make_child(a.province, "Đảng bộ xã Bằng Lãng", OrganizationKind.GRASSROOTS_COMMITTEE)
    b_cell = make_child(b, "Chi bộ Nà Cà")
    MemberCount.objects.create(organization=b_cell, counted_on=date(2025, 12, 31), official=25)
    admitted(b_cell, date(2026, 3, 10))
    admitted(b_cell, date(2026, 4, 20))
    admitted(a.cells[0], date(2026, 7, 6))
    b.refresh_from_db()
    restructure.merge([b], into=a.commune, on=MERGED, carry=["children"], reason="Nghị quyết sáp nhập")
    a.commune.refresh_from_db()
    b.refresh_from_db()
    return a.commune, b


def _command(org: Organization, on: date) -> dict:
    out = StringIO()
    call_command("progress", org.name, "--on", on.isoformat(), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _board(org: Organization) -> Client:
    client = Client()
    client.force_login(make_user(f"bxd{org.pk}", org, Role.ORGANIZING_BOARD))
    return client


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_dashboard_shows_what_the_merged_commune_inherits_with_the_commands_figures() -> None:
    a, b = _merged()
    figures = _command(a, AFTER)
    assert (figures["quota"], figures["admitted"]) == (4, 3)
    inherited = [c for c in figures["children"] if c.get("inherited")]
    assert inherited == [{"organization": f"Kế thừa từ {b.name}", "quota": 0, "admitted": 2, "inherited": True}]

    response = _board(a).get(reverse("monitoring:dashboard", args=[a.pk]), {"on": AFTER.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(rf'<tr data-testid="row-admit-inherited-{b.pk}".*?</tr>', html, re.S)
    assert row is not None
    assert f"Kế thừa từ {b.name}" in _text(row.group()) and "trước ngày sáp nhập 01/06/2026" in _text(row.group())
    ytd = re.search(r'data-testid="ytd">(\d+)<', row.group())
    assert ytd is not None and int(ytd.group(1)) == inherited[0]["admitted"]
    note = re.search(r'data-testid="inherited">(.*?)</p>', html, re.S)
    assert note is not None and f"kế thừa từ {b.name}: 2" in _text(note.group(1))
    kpi = re.search(r'data-testid="kpi-admitted">(.*?)</div>', html, re.S)
    assert kpi is not None and _text(kpi.group(1)) == f"{figures['admitted']} / {figures['quota']}"


def test_before_the_merge_the_dashboard_has_nothing_inherited() -> None:
    a, b = _merged()
    assert _command(a, date(2026, 5, 31))["admitted"] == 0
    board = _board(a)
    html = board.get(reverse("monitoring:dashboard", args=[a.pk]), {"on": "2026-05-31"}).content.decode()
    assert 'data-testid="inherited"' not in html and f"row-admit-inherited-{b.pk}" not in html
    # B's own page for that day still shows its two admissions (it stays visible to A's board).
    before = board.get(reverse("monitoring:dashboard", args=[b.pk]), {"on": "2026-05-31"})
    assert before.status_code == 200
    assert _command(b, date(2026, 5, 31))["admitted"] == 2
