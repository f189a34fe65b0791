"""The main navigation. Feature apps add their entry here when they exist, so the
layout never shows a link to a page that is not built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    visible: Callable[[Any], bool] = lambda user: True
    badge: Callable[[Any], int | None] | None = None
    order: int = 50


NAV_ITEMS: list[NavItem] = []


def add(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in NAV_ITEMS):
        NAV_ITEMS.append(item)
        NAV_ITEMS.sort(key=lambda i: i.order)
