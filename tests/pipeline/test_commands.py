"""The command-line entry points share the selectors and the importer with the pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from ketnap.pipeline.models import Candidate
from tests.pipeline.test_import import GOOD, xlsx

pytestmark = pytest.mark.django_db


def test_agenda_command_prints_the_overdue_and_exits_1() -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("agenda", "--user", "bithu.hungthinh", "--on", "2026-11-26", stdout=out)
    assert stopped.value.code == 1
    text = out.getvalue()
    assert "ngày 26/11/2026" in text and "QUÁ HẠN" in text and "Xét danh sách cảm tình đảng tháng 10/2026" not in text
    assert "Xét danh sách cảm tình đảng tháng 11/2026" in text


def test_import_command_dry_run_then_apply(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx(GOOD))
    out = io.StringIO()
    before = Candidate.objects.count()
    call_command("import_candidates", str(path), "--org", "Đảng bộ xã Cao Minh", "--dry-run", stdout=out)
    assert "chạy thử" in out.getvalue() and Candidate.objects.count() == before
    call_command("import_candidates", str(path), "--org", "Đảng bộ xã Cao Minh", stdout=out)
    assert Candidate.objects.count() == before + 3
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_candidates", str(path), "--org", "Đảng bộ xã Cao Minh", stdout=out, stderr=err)
    assert "đã có trong hệ thống" in err.getvalue()
