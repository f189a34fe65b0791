"""Navigation entries for the base layout."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from ketnap.web.navigation import ACCOUNT, NAV_ITEMS


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": [], "nav_account": []}
    items = []
    for item in NAV_ITEMS:
        if not item.visible(user):
            continue
        url = reverse(item.url_name)
        items.append(
            {
                "label": item.label,
                "short": item.short,
                "group": item.group,
                "narrow_icon": item.narrow_icon,
                "url": url,
                "icon": item.icon,
                "active": request.path.startswith(url),
                # Badges load after the page (htmx), so a large scope never slows a click.
                "badge_url": f"{reverse('nav_badge')}?item={item.url_name}" if item.badge else None,
            }
        )
    return {
        "nav_items": [i for i in items if i["group"] != ACCOUNT],
        "nav_account": [i for i in items if i["group"] == ACCOUNT],
    }
