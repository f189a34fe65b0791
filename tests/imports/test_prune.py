"""Uploads previewed but never applied are discarded after a while, files included."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from ketnap.imports.models import StagedImport, StagedImportStatus
from tests.conftest import org

pytestmark = pytest.mark.django_db


def _staged(days_old: int, status: str = StagedImportStatus.PREVIEWED) -> StagedImport:
    staged = StagedImport(kind="allocations", organization=org("Đảng bộ xã Cao Minh"), filename="a.xlsx", status=status)
    staged.content.save("a.xlsx", ContentFile(b"x"), save=False)
    staged.save()
    StagedImport.objects.filter(pk=staged.pk).update(uploaded_at=timezone.now() - timedelta(days=days_old))
    return staged


def test_prune_discards_only_old_previews(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    old, fresh, applied = _staged(8), _staged(1), _staged(30, StagedImportStatus.APPLIED)
    old_path = old.content.path
    out = io.StringIO()
    call_command("prune_staged_imports", "--days", "7", stdout=out)
    assert "Đã hủy 1 tệp" in out.getvalue()
    old.refresh_from_db()
    assert old.status == StagedImportStatus.DISCARDED and not (tmp_path / old_path).exists()
    assert StagedImport.objects.get(pk=fresh.pk).status == StagedImportStatus.PREVIEWED
    assert StagedImport.objects.get(pk=applied.pk).status == StagedImportStatus.APPLIED
