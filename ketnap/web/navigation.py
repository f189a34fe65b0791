"""The main navigation. Feature apps add their entry here when they exist, so the
layout never shows a link to a page that is not built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: The group of entries about the user's own account, shown under the user's name so the
#: main menu fits a 1280–1366 px office laptop in one row (issue 16, point 2).
ACCOUNT = "account"


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    visible: Callable[[Any], bool] = lambda user: True
    badge: Callable[[Any], int | None] | None = None
    order: int = 50
    #: a shorter label for screens between the hamburger and 1400 px ("" = the label)
    short: str = ""
    #: "" for the main menu, ACCOUNT for the user's menu
    group: str = ""
    #: between 992 and 1599 px only the icon (and badge) shows; the label stays its name
    narrow_icon: bool = False


NAV_ITEMS: list[NavItem] = []


def add(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in NAV_ITEMS):
        NAV_ITEMS.append(item)
        NAV_ITEMS.sort(key=lambda i: i.order)
