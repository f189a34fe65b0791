"""`python manage.py import_members FILE --org ORG_NAME [--dry-run] [--format json]`:
import a member list (.xlsx/.docx) into the registry, all or nothing.

Prints `{"ok", "errors", "created", "updated", "by_organization": {name: {"official",
"probationary"}}}`; exit 0 when valid (and written unless --dry-run), 1 when refused.
A second run of the same file creates nobody (ketnap.orgs.member_import).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketnap.audit.context import acting_as
from ketnap.orgs.lookup import find_organization
from ketnap.orgs.member_import import import_members


class Command(BaseCommand):
    help = "Nhập danh sách đảng viên (có số thẻ) từ tệp .xlsx hoặc .docx, tất cả hoặc không gì cả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .xlsx hoặc .docx")
        parser.add_argument("--org", required=True, help="mã hoặc tên của đảng bộ (hoặc chi bộ) nhận danh sách")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và xem trước, không ghi gì")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        org = find_organization(options["org"])
        with acting_as(None):
            result = import_members(
                org=org, data=path.read_bytes(), filename=path.name, actor=None, dry_run=options["dry_run"]
            )
        data = result.as_json()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for name, counts in data["by_organization"].items():
                self.stdout.write(f"{name}: {counts['official']} chính thức, {counts['probationary']} dự bị")
            self.stdout.write(f"Tạo mới {data['created']}, cập nhật {data['updated']}.")
        for error in result.outcome.issues:
            self.stderr.write(f"LỖI {error}")
        if not result.ok:
            self.stderr.write("Tệp bị từ chối: không có gì được ghi.")
            sys.exit(1)
