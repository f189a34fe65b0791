"""The preview/apply pattern: nothing is written unless the whole file is valid, and
the file is parsed once, outside the write transaction; a recheck inside it wins
over a stale parse."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection

from ketnap.imports.issues import ImportIssues, ImportRefused
from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.imports.runner import check_upload, finish_staged, run_import, stage_upload
from ketnap.orgs.models import Block, Organization

pytestmark = pytest.mark.django_db


def _issues(*messages: str) -> ImportIssues:
    issues = ImportIssues()
    for m in messages:
        issues.add("f.xlsx", "S", 1, 1, m)
    return issues


def test_preview_writes_nothing(cao_minh: Organization) -> None:
    called = []
    outcome = run_import(lambda: ("payload", _issues()))
    assert outcome.ok and not outcome.applied and outcome.payload == "payload" and not called


def test_apply_runs_only_when_clean(cao_minh: Organization) -> None:
    before = Block.objects.count()
    outcome = run_import(lambda: (1, _issues("sai")), apply=lambda p: Block.objects.create(organization=cao_minh))
    assert not outcome.ok and not outcome.applied and Block.objects.count() == before


def test_the_file_is_parsed_once_outside_the_write_transaction(cao_minh: Organization) -> None:
    depth: dict[str, int] = {}

    def parse() -> tuple[int, ImportIssues]:
        depth.setdefault("parse", len(connection.atomic_blocks))
        depth["parses"] = depth.get("parses", 0) + 1
        return 1, _issues()

    def recheck(_: int) -> ImportIssues:
        depth["recheck"] = len(connection.atomic_blocks)
        return _issues()

    outcome = run_import(
        parse, apply=lambda p: depth.setdefault("apply", len(connection.atomic_blocks)), recheck=recheck
    )
    assert outcome.applied and depth["parses"] == 1
    assert depth["parse"] < depth["recheck"] == depth["apply"]


def test_recheck_inside_the_transaction_wins_over_a_stale_parse(cao_minh: Organization) -> None:
    outcome = run_import(
        lambda: (1, _issues()), apply=lambda p: pytest.fail("must not apply"), recheck=lambda p: _issues("đã thay đổi")
    )
    assert [i.message for i in outcome.issues] == ["đã thay đổi"] and not outcome.applied


def test_refusal_during_apply_rolls_back_everything(cao_minh: Organization) -> None:
    before = Block.objects.count()

    def apply(_: int) -> None:
        Block.objects.create(organization=cao_minh, name="Khối tạm", kind="rural")
        raise ImportRefused(_issues("dòng 9 sai"))

    outcome = run_import(lambda: (1, _issues()), apply=apply)
    assert not outcome.applied and Block.objects.count() == before


def test_database_errors_are_not_swallowed(cao_minh: Organization) -> None:
    def apply(_: int) -> None:
        Block.objects.create(organization=cao_minh, name="Trùng", kind="rural")
        Block.objects.create(organization=cao_minh, name="Trùng", kind="rural")

    with pytest.raises(IntegrityError):
        run_import(lambda: (1, _issues()), apply=apply)


def test_check_upload_refuses_wrong_types_and_sizes() -> None:
    assert check_upload("a.xlsx", 10) is None and check_upload("a.DOCX", 10) is None
    assert "Chỉ nhận" in (check_upload("a.pdf", 10) or "")
    assert "quá lớn" in (check_upload("a.xlsx", 6 * 1024 * 1024) or "")
    assert "rỗng" in (check_upload("a.xlsx", 0) or "")


def test_staged_upload_keeps_the_bytes_until_finished(cao_minh: Organization, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    staged = stage_upload(
        kind="allocations", organization=cao_minh, user=None, filename="bieu.xlsx", data=b"abc", options={"year": 2026}
    )
    again = StagedImport.objects.get(pk=staged.pk)
    assert again.read() == b"abc" and again.options == {"year": 2026}
    finish_staged(again, StagedImportStatus.APPLIED)
    again.refresh_from_db()
    assert again.status == "applied" and not again.content
    assert not list(tmp_path.rglob("*.xlsx"))
