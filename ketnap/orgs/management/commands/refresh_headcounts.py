"""`manage.py refresh_headcounts [ORG]`: rebuild the headcount spans (orgs.spans) of every
organisation, or of one organisation's subtree, after rows were changed by hand (SQL, a
restore) without the application's signals; then spoil the cached figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from ketnap.orgs import rollup_cache, spans
from ketnap.orgs.lookup import find_organization
from ketnap.orgs.models import Organization


class Command(BaseCommand):
    help = "Tính lại bảng số đảng viên theo thời kỳ (sau khi sửa dữ liệu trực tiếp trong cơ sở dữ liệu)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organization", nargs="?", help="chỉ tổ chức này và cấp dưới (mặc định: tất cả)")

    def handle(self, *args: Any, **opts: Any) -> None:
        with transaction.atomic():
            if opts["organization"]:
                org = find_organization(opts["organization"])
                rollup_cache.touch([org.path])
                done = Organization.objects.filter(path__startswith=org.path).count()
            else:
                done = spans.rebuild()
                rollup_cache.bump(None)
        self.stdout.write(f"Đã tính lại số đảng viên theo thời kỳ của {done:,} tổ chức.".replace(",", "."))
