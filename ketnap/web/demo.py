"""The whole demo dataset: the organisation tree first, then each app's own step.

An app joins by shipping `<app>/demo_data.py` with `load(clock) -> str | None`
(idempotent: a second run must create nothing); steps run in INSTALLED_APPS order.
Every step dates its rows through the same `DemoClock`, so the demo loaded on any day
shows that day's picture: this year's plans and quarters, last year's history."""

from __future__ import annotations

from datetime import date
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

from ketnap.orgs import provinces
from ketnap.orgs.demo.clock import DemoClock
from ketnap.orgs.demo.loader import load_demo


def load_all(*, today: date) -> list[str]:
    """Load every demo step as seen on `today` (the anchor day); returns one line per
    step for the command's output."""
    clock = DemoClock(today)
    lines = ["Cây tổ chức: đã nạp." if load_demo(clock) else "Cây tổ chức: đã có sẵn."]
    for config in apps.get_app_configs():
        if not config.name.startswith("ketnap.") or config.name == "ketnap.orgs":
            continue
        module_name = f"{config.name}.demo_data"
        if find_spec(module_name) is None:
            continue
        message = import_module(module_name).load(clock)
        if message:
            lines.append(f"{config.verbose_name}: {message}")
    provinces.fill()  # rows the loaders bulk-created carry their province id too
    return lines
