from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.tasks import task_backends


def _reset_backends() -> None:
    task_backends.__dict__.pop("settings", None)
    with contextlib.suppress(AttributeError):
        del task_backends["default"]


@pytest.fixture
def queued(settings: Any) -> Iterator[None]:
    """Tasks go to the database queue and wait there (no worker in this process)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _reset_backends()
    yield
    _reset_backends()
