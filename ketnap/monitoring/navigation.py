"""Monitoring's entries in the main navigation: the dashboard, and the reports with a
badge counting the user's reports due within a week or overdue (the reminder that
fires on every page, one number rather than one message per report)."""

from __future__ import annotations

from typing import Any

from ketnap.web.navigation import NavItem, add


def _sees(user: Any) -> bool:
    from ketnap.monitoring.permissions import sees_monitoring

    return sees_monitoring(user)


def _reports_badge(user: Any) -> int | None:
    """Reports the user must still submit, due within 7 days or late (the clock is read
    here, at the outermost layer, as for a view)."""
    from django.utils import timezone

    from ketnap.monitoring.selectors.reports import pending_count

    return pending_count(user, timezone.localdate()) or None


def install() -> None:
    add(NavItem("Theo dõi", "monitoring:home", "graph-up", visible=_sees, order=40))
    add(NavItem("Báo cáo", "monitoring:reports", "file-earmark-text", visible=_sees, badge=_reports_badge, order=45))
