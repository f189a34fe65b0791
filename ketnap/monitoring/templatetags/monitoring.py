"""Display helpers of the monitoring pages: Vietnamese decimals and lookups in the
nested dicts the selectors return."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter(name="thapphan")
def thapphan(value: Any, places: int = 1) -> str:
    """A decimal the Vietnamese way: 3.2 → "3,2" (blank for None)."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    text = f"{number:,.{int(places)}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@register.filter(name="phantram")
def phantram(value: Any) -> str:
    """A percentage: Decimal("66.7") → "66,7%"; None → "—"."""
    if value is None:
        return "—"
    return f"{thapphan(value, 1 if Decimal(str(value)) % 1 else 0)}%"


@register.filter(name="lay")
def lay(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template ({{ counts|lay:row.key|lay:"ytd" }}); None when absent."""
    if isinstance(mapping, Mapping):
        return mapping.get(key)
    return None


@register.filter(name="trong")
def trong(value: Any) -> Any:
    """A quarter's figure: None (quarter not begun, or a yearly table) shows blank."""
    return "" if value is None else value


# ---------------------------------------------------------------- progress rows (methods taking the measure)


@register.filter(name="cells")
def cells(row: Any, kind: str) -> Any:
    """(quota, achieved) per quarter of a ProgressRow for "admit" or "introduce"."""
    return row.cells(kind)


@register.filter(name="completion")
def completion(row: Any, kind: str) -> Any:
    return row.completion(kind)


@register.filter(name="quota_total")
def quota_total(quota: Any, kind: str) -> Any:
    return quota.total(kind) if quota.given else "—"


@register.filter(name="ytd")
def ytd(row: Any, kind: str) -> int:
    return int(row.achieved[kind].ytd)


@register.filter(name="share")
def share(part: Any, whole: Any) -> Decimal | None:
    """part / whole in per cent, one decimal."""
    if not whole:
        return None
    return (Decimal(str(part or 0)) * 100 / Decimal(str(whole))).quantize(Decimal("0.1"))


@register.filter(name="figure_label")
def figure_label(key: str) -> str:
    from ketnap.monitoring.figures import LABELS

    return LABELS.get(key, key)


@register.filter(name="quahan")
def quahan(report: Any, on: Any) -> bool:
    """Whether a report is late on the page's day."""
    return bool(report.is_overdue(on))


@register.filter(name="pace")
def pace_of(row: Any, on: Any) -> Any:
    """How far a ProgressRow is behind its admission quota on `on` (None: no quota)."""
    from ketnap.monitoring.selectors.quotas import pace

    return pace(row.quota, int(row.achieved["admit"].ytd), on)


@dataclass(frozen=True)
class Status:
    """Where a progress row stands on its quota: a code (the row's colour, CSS
    `status-<code>`), the words and the icon shown beside it (never colour alone)."""

    code: str
    label: str
    icon: str
    rank: int  # sorts worst first


STATUSES = {
    "zero": Status("zero", "Chưa thực hiện", "x-octagon-fill", 0),
    "behind": Status("behind", "Chậm tiến độ", "exclamation-triangle-fill", 1),
    "on_track": Status("on_track", "Đúng tiến độ", "arrow-right-circle-fill", 2),
    "met": Status("met", "Đạt chỉ tiêu", "check-circle-fill", 3),
    "none": Status("none", "Không giao", "dash-circle", 4),
}


@register.simple_tag
def row_status(row: Any, kind: str, on: date) -> Status:
    """The row's status on `on`: `{% row_status row kind on as status %}`. At 0 comes
    first (nothing done yet), then behind the quota's pace, on pace, and met."""
    from ketnap.monitoring.selectors.quotas import pace

    achieved = int(row.achieved[kind].ytd)
    measured = pace(row.quota, achieved, on, kind)
    if measured is None or measured.quota <= 0:
        return STATUSES["none"]
    if achieved >= measured.quota:
        return STATUSES["met"]
    if achieved == 0:
        return STATUSES["zero"]
    return STATUSES["behind" if measured.is_behind else "on_track"]
