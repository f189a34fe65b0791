"""`python manage.py remove_demo [--dry-run] [--format json]`: delete every demo row (the
demo tree, its plans, candidates, headcounts, logins, log…) and nothing else, in one
transaction, before an install takes real data (ketnap.orgs.demo.removal).

Prints `{"ok", "deleted": {model: n}, "emptied_links": {model.field: n}}` (or
`{"ok": false, "error"}`); exit 0, or 1 when refused (nothing deleted).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ketnap.orgs.demo.removal import DemoRemovalRefused, remove_demo


class Command(BaseCommand):
    help = "Xóa toàn bộ dữ liệu mẫu (và chỉ dữ liệu mẫu) trong một giao dịch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="chỉ đếm những gì sẽ bị xóa, không xóa")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = remove_demo(dry_run=options["dry_run"])
        except DemoRemovalRefused as exc:
            if options["format"] == "json":
                self.stdout.write(json.dumps({"ok": False, "error": str(exc)}, ensure_ascii=False))
            self.stderr.write(f"Không xóa: {exc} Không có gì bị xóa.")
            sys.exit(1)
        data = {**result.as_json(), "dry_run": options["dry_run"]}
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        verb = "Sẽ xóa" if options["dry_run"] else "Đã xóa"
        total = sum(result.deleted.values())
        self.stdout.write(f"{verb} {total} dòng dữ liệu mẫu:")
        for label, count in sorted(result.deleted.items()):
            self.stdout.write(f"  {label}: {count}")
