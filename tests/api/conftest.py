"""API test helpers: a bearer client for each demo persona."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from ketnap.api.tokens import create_token
from tests.jobs.conftest import queued  # noqa: F401  (fixture: tasks wait in the database queue)


class ApiClient:
    """A test client that sends `Authorization: Bearer <token>` and JSON bodies."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, url: str, **extra: Any) -> Any:
        return self.client.get(url, headers={**self.headers, **extra.pop("headers", {})}, **extra)

    def post(self, url: str, data: Any = None, **extra: Any) -> Any:
        headers = {**self.headers, **extra.pop("headers", {})}
        return self.client.post(url, data or {}, content_type="application/json", headers=headers, **extra)

    def put(self, url: str, data: Any = None, **extra: Any) -> Any:
        headers = {**self.headers, **extra.pop("headers", {})}
        return self.client.put(url, data or {}, content_type="application/json", headers=headers, **extra)

    def patch(self, url: str, data: Any = None, **extra: Any) -> Any:
        headers = {**self.headers, **extra.pop("headers", {})}
        return self.client.patch(url, data or {}, content_type="application/json", headers=headers, **extra)


def token_for(username: str) -> str:
    user = get_user_model().objects.get(username=username)
    return create_token(user, name="test", expires_on=None, today=date(2026, 1, 1)).plain


def api_for(username: str | None) -> ApiClient:
    return ApiClient(token_for(username) if username else None)


@pytest.fixture
def board(db: None) -> ApiClient:
    return api_for("bxd.caominh")
