"""Irreversible acts ask once (issue 16, point 6), in the browser under the CSP: the
secretary who answers "Hủy" to "Nộp báo cáo" leaves his report a draft; "OK" submits it.
The test opens its own ad hoc round (its own title), so it assumes nothing of the
shared database."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ketnap.monitoring import services
from ketnap.monitoring.enums import RoundKind
from ketnap.monitoring.models import PeriodicReport
from ketnap.orgs.models import Organization
from ketnap.plans.services import SYSTEM
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]


def test_a_cancelled_confirmation_changes_nothing(page: Any, demo_site: str, confirmations: Any) -> None:
    cao_minh = Organization.objects.get(name="Đảng bộ xã Cao Minh", is_demo=True)
    today = timezone.localdate()
    data = services.RoundInput(
        RoundKind.AD_HOC,
        today.year,
        due_on=today,
        period_start=date(today.year, 1, 1),
        period_end=today,
        compile_due_on=today.replace(day=28) if today.day < 28 else today,
        title=f"Báo cáo đột xuất kiểm thử {uuid.uuid4().hex[:8]}",
    )
    round_ = services.open_round(cao_minh, data, actor=SYSTEM)
    report = PeriodicReport.objects.get(round=round_, organization__name="Chi bộ Hưng Thịnh", compiled=False)
    login(page, demo_site, "bithu.hungthinh")
    page.goto(f"{demo_site}/monitoring/reports/{report.pk}/")
    confirmations.accept = False
    page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("report-status")).not_to_contain_text("Đã nộp")
    assert confirmations.messages and "Không thể hoàn tác" in confirmations.messages[-1]
    confirmations.accept = True
    page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Đã nộp")
