"""The OpenAPI document and the docs page: served from vendored assets (no CDN), with
no inline script (the site's CSP forbids it), every operation behind the bearer scheme."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
VENDOR = Path(__file__).resolve().parents[2] / "ketnap" / "web" / "static" / "vendor"


def test_openapi_document_is_openapi_3_with_bearer_security() -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert doc["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            assert {"TokenAuth": []} in op["security"], (method, path)
            assert op.get("summary"), (method, path)


def test_docs_page_uses_vendored_assets_under_the_csp() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "//unpkg" not in html
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    # Every <script> either loads a file or is JSON data: no inline code to allow.
    for attrs, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_vendored_swagger_matches_recorded_checksums() -> None:
    recorded = (VENDOR / "VERSIONS.txt").read_text()
    assert "swagger-ui-dist 5.35.0" in recorded
    for name in ("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css"):
        digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in recorded
