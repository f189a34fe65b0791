"""`python manage.py import_candidates FILE --org ORG [--on YYYY-MM-DD] [--dry-run] [--accept-near]
[--format json]`:
import a list of introduced people from .xlsx, all or nothing.

Same code path as the browser upload (ketnap.pipeline.importer.import_candidates).
Exit status 0 when the file is valid (and applied, unless --dry-run), 1 when refused.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from ketnap.audit.context import acting_as
from ketnap.imports.matching import NearChoices
from ketnap.orgs.models import Organization
from ketnap.pipeline.importer import import_candidates


class Command(BaseCommand):
    help = "Nhập danh sách quần chúng ưu tú từ tệp .xlsx, tất cả hoặc không gì cả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .xlsx")
        parser.add_argument("--org", required=True, help="mã hoặc tên chính xác của đảng bộ / chi bộ nhận")
        parser.add_argument("--on", help="ngày giới thiệu khi tệp không ghi (YYYY-MM-DD); mặc định hôm nay")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        parser.add_argument("--accept-near", action="store_true", help="tên chi bộ/đoàn thể gần giống: dùng cái có sẵn")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        found = list(Organization.objects.filter(Q(code=options["org"]) | Q(name=options["org"]))[:2])
        if len(found) != 1:
            raise CommandError(f"Không xác định được tổ chức “{options['org']}” (dùng mã tổ chức).")
        day = date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        with acting_as(None):
            outcome = import_candidates(
                org=found[0],
                data=path.read_bytes(),
                filename=path.name,
                actor=None,
                default_day=day,
                apply=not options["dry_run"],
                near=NearChoices.from_options(accept_near=options["accept_near"]),
            )
        rows = outcome.payload.rows if outcome.payload else []
        if options["format"] == "json":
            self.stdout.write(json.dumps(_json(outcome, rows), ensure_ascii=False, indent=2))
            if not outcome.ok:
                sys.exit(1)
            return
        for issue in outcome.issues:
            self.stderr.write(f"LỖI {issue}")
        for row in rows:
            self.stdout.write(f"dòng {row.row}: {row.person['full_name']} — {row.cell}")
        if not outcome.ok:
            self.stderr.write("Tệp bị từ chối: không có gì được ghi.")
            sys.exit(1)
        self.stdout.write(
            "Tệp hợp lệ (chạy thử: chưa ghi gì)." if options["dry_run"] else f"Đã nhập {len(rows)} người."
        )


def _json(outcome: Any, rows: list[Any]) -> dict[str, Any]:
    return {
        "ok": outcome.ok,
        "applied": outcome.applied,
        "errors": outcome.issues.as_json(),
        "candidates": [
            {"row": r.row, "full_name": r.person["full_name"], "cell": r.cell.name, "match": str(r.match)} for r in rows
        ],
        "near": [q.as_json() for q in (outcome.payload.questions if outcome.payload else [])],
    }
