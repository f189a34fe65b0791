"""The pipeline's entries in the main navigation: the board and the agenda with its badge."""

from __future__ import annotations

from typing import Any

from ketnap.web.navigation import NavItem, add


def _sees_pipeline(user: Any) -> bool:
    from ketnap.pipeline.permissions import sees_any_pipeline

    return sees_any_pipeline(user)


def _agenda_badge(user: Any) -> int | None:
    """Overdue + due-soon items of the user's agenda today (the clock is read here, at
    the outermost layer, as for a view)."""
    from django.utils import timezone

    from ketnap.pipeline.selectors.agenda import badge_count

    count = badge_count(user, timezone.localdate())
    return count or None


def install() -> None:
    add(NavItem("Quần chúng", "pipeline:home", "people", visible=_sees_pipeline, order=30))
    add(
        NavItem(
            "Việc cần làm", "pipeline:agenda", "calendar-check", visible=_sees_pipeline, badge=_agenda_badge, order=35
        )
    )
