"""The whole demo dataset: the organisation tree first, then each app's own step.

An app joins by shipping `<app>/demo_data.py` with `load() -> str | None` (idempotent:
a second run must create nothing); steps run in INSTALLED_APPS order."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

from ketnap.orgs.demo.loader import load_demo


def load_all() -> list[str]:
    """Load every demo step; returns one line per step for the command's output."""
    lines = ["Cây tổ chức: đã nạp." if load_demo() else "Cây tổ chức: đã có sẵn."]
    for config in apps.get_app_configs():
        if not config.name.startswith("ketnap.") or config.name == "ketnap.orgs":
            continue
        module_name = f"{config.name}.demo_data"
        if find_spec(module_name) is None:
            continue
        message = import_module(module_name).load()
        if message:
            lines.append(f"{config.verbose_name}: {message}")
    return lines
