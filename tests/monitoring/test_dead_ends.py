"""No dead ends (issue 16, point 4, in part): the secretary's "Báo cáo của chi bộ" lists
every round's report of his cell, submitted and due; his report page offers no button to
the commune's round (another subtree, 404); the political centre's agenda sends it to
pages it may open, never to a candidate page (403)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ketnap.monitoring.models import PeriodicReport
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db


def test_the_secretary_lists_every_report_of_his_cell_submitted_and_due() -> None:
    hung_thinh = org("Chi bộ Hưng Thịnh")
    reports = PeriodicReport.objects.filter(organization=hung_thinh)
    assert reports.count() >= 3
    html = client_for("bithu.hungthinh").get(reverse("monitoring:reports")).content.decode()
    assert "Báo cáo của chi bộ" in html
    table = html.split('data-testid="own-reports"', 1)[1].split("</table>", 1)[0]
    for report in reports:
        assert reverse("monitoring:report", args=[report.pk]) in table
    assert "Đã nộp" in table


def test_every_link_on_the_secretarys_report_page_opens() -> None:
    client = client_for("bithu.hungthinh")
    report = PeriodicReport.objects.filter(organization=org("Chi bộ Hưng Thịnh")).first()
    assert report is not None
    html = client.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert reverse("monitoring:round", args=[report.round_id]) not in html
    for href in set(re.findall(r'href="(/[^"#]*)"', html)):
        if "logout" in href or href.startswith("/static/"):
            continue
        assert client.get(href.replace("&amp;", "&"), follow=True).status_code == 200, href


def test_the_board_still_reaches_the_round_from_a_report() -> None:
    report = PeriodicReport.objects.filter(organization=org("Chi bộ Hưng Thịnh")).first()
    assert report is not None
    html = client_for("bxd.caominh").get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert reverse("monitoring:round", args=[report.round_id]) in html


def test_the_political_centres_agenda_links_only_to_pages_it_may_open() -> None:
    client = client_for("ttct.caominh")
    html = client.get(reverse("pipeline:agenda")).content.decode()
    links = set(re.findall(r'href="(/candidates/[^"#]*)"', html))
    assert links, "the centre's agenda has certificate items"
    for href in links:
        assert client.get(href.replace("&amp;", "&"), follow=True).status_code == 200, href
