"""The README's shots (tests/e2e/screenshots.py, `make screenshots`) still work: each is
taken from the session's demo into var/screenshots/ (ignored by git, so `make test`
leaves the working tree clean) and is a real picture of a page, not an error page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.screenshots import ROOT, SHOTS, take

pytestmark = [pytest.mark.e2e]


def test_the_readme_shots_are_taken_from_the_demo(signed_in: Any, demo_site: str) -> None:
    written = take(signed_in, demo_site, ROOT / "var" / "screenshots")
    assert [p.name for p in written] == [s.file for s in SHOTS]
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000, path
    readme = (ROOT / "README.md").read_text()
    assert all(f"docs/screenshots/{s.file}" in readme for s in SHOTS)
