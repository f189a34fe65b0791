"""Irreversible acts ask once (issue 16, point 6): the buttons that issue a plan, submit
or return a report, and record a decision, a ceremony or a removal carry a
`data-confirm` message (shown by ketnap.js: no inline script under the CSP) that says
what happens and that it cannot be undone; reversible ones (save a draft) do not."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from ketnap.monitoring.models import PeriodicReport
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Candidate
from ketnap.pipeline.views.candidates import CONFIRMATIONS
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db


def _confirms(html: str) -> list[str]:
    return re.findall(r'data-confirm="([^"]+)"', html)


def test_the_script_asks_on_submit_without_inline_code() -> None:
    script = (settings.BASE_DIR / "ketnap" / "web" / "static" / "web" / "ketnap.js").read_text()
    assert 'addEventListener("submit"' in script and "window.confirm(message)" in script
    assert "event.preventDefault()" in script


def test_submitting_a_report_asks_once_and_saving_a_draft_does_not() -> None:
    report = (
        PeriodicReport.objects.filter(organization=org("Chi bộ Hưng Thịnh"), compiled=False)
        .exclude(status="submitted")
        .first()
    )
    if report is None:  # every round of the demo already has Hưng Thịnh's report in
        report = PeriodicReport.objects.filter(organization=org("Chi bộ Hưng Thịnh")).first()
        assert report is not None
        PeriodicReport.objects.filter(pk=report.pk).update(status="draft", submitted_at=None)
    html = client_for("bithu.hungthinh").get(reverse("monitoring:report", args=[report.pk])).content.decode()
    (message,) = _confirms(html)
    assert message.startswith("Nộp báo cáo") and "Không thể hoàn tác" in message
    assert 'value="save"' in html


def test_the_irreversible_steps_ask_and_say_they_are_final() -> None:
    assert set(CONFIRMATIONS) >= {"admission_decision", "ceremony", "confirm", "remove"}
    assert all("Không thể hoàn tác" in m for m in CONFIRMATIONS.values())
    admitted = Candidate.objects.filter(
        stage=Stage.ADMITTED, organization__path__startswith=org("Đảng bộ xã Cao Minh").path
    ).first()
    assert admitted is not None
    client = client_for("bxd.caominh")
    ceremony = client.get(reverse("pipeline:step", args=[admitted.pk, "ceremony"])).content.decode()
    assert _confirms(ceremony) == [CONFIRMATIONS["ceremony"]]
    edit = client.get(reverse("pipeline:edit", args=[admitted.pk])).content.decode()
    assert _confirms(edit) == []
