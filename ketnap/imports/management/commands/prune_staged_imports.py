"""`python manage.py prune_staged_imports [--days N]`: discard uploads previewed but
never applied, so their files do not pile up under MEDIA_ROOT/imports/. Run it daily
(cron or a systemd timer)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ketnap.imports.models import StagedImport, StagedImportStatus
from ketnap.imports.runner import finish_staged


class Command(BaseCommand):
    help = "Hủy các tệp nhập đã xem trước nhưng không áp dụng sau N ngày (mặc định 7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="số ngày giữ tệp chờ áp dụng")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(days=options["days"])
        stale = StagedImport.objects.filter(status=StagedImportStatus.PREVIEWED, uploaded_at__lt=cutoff)
        count = 0
        for staged in stale.iterator():
            finish_staged(staged, StagedImportStatus.DISCARDED)
            count += 1
        self.stdout.write(f"Đã hủy {count} tệp nhập quá {options['days']} ngày chưa áp dụng.")
