"""`python manage.py import_tree FILE --under ORG_NAME [--on YYYY-MM-DD] [--dry-run]
[--accept-near | --create-near] [--format json]`: import an organisation list.

Same code path as the upload page (ketnap.orgs.tree_import.import_tree). Prints
`{"ok", "errors", "organizations": [{"name", "kind", "block", "parent", "created",
"match"}], "totals"}`; exit 0 when valid (and applied unless --dry-run), 1 when refused.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketnap.audit.context import acting_as
from ketnap.imports.matching import NearChoices
from ketnap.orgs.lookup import find_organization
from ketnap.orgs.tree_import import import_tree


def near_arguments(parser: CommandParser, *, create: bool = True) -> None:
    parser.add_argument("--accept-near", action="store_true", help="tên gần giống: dùng tổ chức có sẵn")
    if create:
        parser.add_argument("--create-near", action="store_true", help="tên gần giống: tạo tổ chức mới")


def near_choices(options: dict[str, Any]) -> NearChoices:
    try:
        return NearChoices.from_options(
            accept_near=options.get("accept_near", False), create_near=options.get("create_near", False)
        )
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


class Command(BaseCommand):
    help = "Nhập danh sách tổ chức đảng (và số đảng viên) từ tệp .xlsx hoặc .docx, tất cả hoặc không gì cả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .xlsx hoặc .docx")
        parser.add_argument("--under", required=True, help="mã hoặc tên của tổ chức nhận danh sách")
        parser.add_argument("--on", help="số đảng viên tính đến ngày YYYY-MM-DD (mặc định: ngày ghi trong tệp)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và xem trước, không ghi gì")
        near_arguments(parser)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        under = find_organization(options["under"])
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else None
        except ValueError as exc:
            raise CommandError(f"Ngày “{options['on']}” phải có dạng YYYY-MM-DD.") from exc
        with acting_as(None):
            result = import_tree(
                under=under, data=path.read_bytes(), filename=path.name, actor=None, on=on,
                dry_run=options["dry_run"], near=near_choices(options),
            )  # fmt: skip
        data = result.as_json()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for row in data["organizations"]:
                mark = {"created": " (tạo mới)", "near": " (gần giống, đã chọn)"}.get(row["match"] or "", "")
                self.stdout.write(f"{row['name']}{mark} — trực thuộc {row['parent']}")
            totals = data["totals"]
            self.stdout.write(f"Cộng: {totals['official']} chính thức, {totals['probationary']} dự bị.")
        for error in result.outcome.issues:
            self.stderr.write(f"LỖI {error}")
        if not result.ok:
            self.stderr.write("Tệp bị từ chối: không có gì được ghi.")
            sys.exit(1)
