"""The notification list in the main navigation, with the number of unread items."""

from __future__ import annotations

from typing import Any

from ketnap.notify.services import unread_count
from ketnap.web.navigation import NavItem, add


def _badge(user: Any) -> int | None:
    return unread_count(user) or None


def install() -> None:
    add(
        NavItem(
            "Thông báo",
            "notify:list",
            "bell",
            visible=lambda user: user.is_authenticated,
            badge=_badge,
            order=36,
            narrow_icon=True,
        )
    )
