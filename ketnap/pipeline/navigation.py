"""The pipeline's entries in the main navigation: the board and the agenda with its badge."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ketnap.pipeline.permissions import runs_any_courses, sees_any_pipeline
from ketnap.pipeline.selectors.agenda import cached_badge_count
from ketnap.web.navigation import NavItem, add


def _sees_agenda(user: Any) -> bool:
    return sees_any_pipeline(user) or runs_any_courses(user)


def _agenda_badge(user: Any) -> int | None:
    """Overdue + due-soon items of the user's agenda today (the clock is read here, at
    the outermost layer, as in a view)."""
    return cached_badge_count(user, timezone.localdate()) or None


def install() -> None:
    add(NavItem("Quần chúng", "pipeline:home", "people", visible=_sees_agenda, order=30))
    add(
        NavItem(
            "Việc cần làm", "pipeline:agenda", "calendar-check", visible=_sees_agenda, badge=_agenda_badge, order=35
        )
    )
