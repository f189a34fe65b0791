"""The API and the screens give the same figures on the demo: the progress table of the
dashboard (every row, every quarter, completion and rate) and the funnel, on a past day
and today."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import api_for
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Đảng bộ xã Cao Minh", "Chi bộ Hưng Thịnh"])
@pytest.mark.parametrize("on", ["2026-03-31", "2026-09-30"])
def test_progress_and_funnel_equal_the_dashboard(name: str, on: str) -> None:
    o = org(name)
    page = client_for("bxd.caominh").get(reverse("monitoring:dashboard", args=[o.pk]) + f"?on={on}")
    shown = page.context["progress"]()  # the dashboard passes its figures as callables (a cached body skips them)
    api = api_for("bxd.caominh").get(f"/api/v1/organizations/{o.pk}/progress?on={on}").json()
    assert api["on"] == on and api["quota"] == shown.quota
    assert (api["rate"] is None and shown.rate is None) or float(api["rate"]) == float(shown.rate)
    assert len(api["rows"]) == len(shown.rows) > 0
    for got, row in zip([*api["rows"], api["total"]], [*shown.rows, shown.total], strict=True):
        assert got["label"] == row.label
        assert got["admitted"]["ytd"] == row.achieved["admit"].ytd
        assert got["admitted"]["quarters"] == [row.achieved["admit"].quarters.get(q) for q in (1, 2, 3, 4)]
        assert got["introduced"]["ytd"] == row.achieved["introduce"].ytd
        assert got["quota"]["admit"] == row.quota.admit
        assert got["official"] + got["probationary"] == row.headcount.total
        assert got["pool"] == row.pool
        completion = row.completion("admit")
        assert (got["completion"] is None) == (completion is None)
        if completion is not None:
            assert float(got["completion"]) == float(completion)
    funnel = api_for("bxd.caominh").get(f"/api/v1/organizations/{o.pk}/funnel?on={on}").json()
    assert [(s["stage"], s["now"], s["reached_this_year"]) for s in funnel] == [
        (s.stage, s.now, s.reached_this_year) for s in page.context["d"]().stages
    ]
    assert any(r["admitted"]["ytd"] for r in api["rows"]) or on == "2026-03-31"


@pytest.mark.parametrize("query", ["?on=2026-09-30", "?on=2026-09-30&quarter=2", "?from=2025-01-01&to=2026-06-30"])
def test_statistics_form_equals_the_screen(query: str) -> None:
    o = org("Đảng bộ xã Cao Minh")
    sheet = client_for("bxd.caominh").get(reverse("monitoring:statistics", args=[o.pk]) + query).context["s"]
    api = api_for("bxd.caominh").get(f"/api/v1/organizations/{o.pk}/statistics{query}").json()
    assert (api["period"]["start"], api["period"]["end"]) == (
        sheet.period.start.isoformat(),
        sheet.period.end.isoformat(),
    )
    assert api["total"] == sheet.total
    assert [(ln["key"], ln["this"], ln["last"]) for ln in api["lines"]] == [
        (ln.row.key, ln.this, ln.last) for ln in sheet.lines
    ]
    assert [(g["kind"], g["total"], g["with_admission"]) for g in api["grassroots"]] == [
        (g.kind, g.total, g.with_admission) for g in sheet.grassroots
    ]
    assert [(b["label"], b["total"], b["women"]) for b in api["ethnicities"] + api["religions"]] == [
        (b.label, b.total, b.women) for b in sheet.ethnicities + sheet.religions
    ]
    assert any(ln["this"] for ln in api["lines"]) or "quarter" in query


def test_statistics_workbook_is_the_screens_and_audited() -> None:
    from ketnap.audit.models import AuditEvent

    o = org("Đảng bộ xã Cao Minh")
    query = "?on=2026-09-30&quarter=3"
    before = AuditEvent.objects.filter(action="export").count()
    api = api_for("bxd.caominh").get(f"/api/v1/organizations/{o.pk}/statistics/xlsx{query}")
    page = client_for("bxd.caominh").get(reverse("monitoring:statistics", args=[o.pk]) + query + "&format=xlsx")
    assert api.status_code == 200 and api["Content-Disposition"] == page["Content-Disposition"]
    assert api["Content-Type"] == page["Content-Type"]
    assert AuditEvent.objects.filter(action="export").count() == before + 2
