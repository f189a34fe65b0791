"""`python manage.py import_allocations FILE --org ORG --year YYYY [--create-missing]
[--accept-near | --create-near] [--dry-run] [--format json]`: import an appendix table, all or nothing.

Same code path as the browser upload (ketnap.plans.importer.import_allocations).
Exit status 0 when the file is valid (and applied, unless --dry-run), 1 when refused.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from ketnap.audit.context import acting_as
from ketnap.imports.matching import NearChoices
from ketnap.orgs.models import Organization
from ketnap.plans.importer import import_allocations


class Command(BaseCommand):
    help = "Nhập bảng giao chỉ tiêu (phụ lục kế hoạch) từ tệp .xlsx hoặc .docx, tất cả hoặc không gì cả."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .xlsx hoặc .docx")
        parser.add_argument("--org", required=True, help="mã hoặc tên chính xác của tổ chức lập kế hoạch")
        parser.add_argument("--year", required=True, type=int, help="năm của kế hoạch")
        parser.add_argument("--create-missing", action="store_true", help="tạo chi bộ mới cho các dòng chưa khớp tên")
        parser.add_argument("--accept-near", action="store_true", help="dòng có tên gần giống: dùng tổ chức có sẵn")
        parser.add_argument("--create-near", action="store_true", help="dòng có tên gần giống: tạo tổ chức mới")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và xem trước, không ghi gì")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        org = self._organization(options["org"])
        try:
            near = NearChoices.from_options(accept_near=options["accept_near"], create_near=options["create_near"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        with acting_as(None):
            result = import_allocations(
                org=org,
                year=options["year"],
                data=path.read_bytes(),
                filename=path.name,
                actor=None,
                create_missing=options["create_missing"],
                dry_run=options["dry_run"],
                near=near,
            )
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        else:
            self._text(result, options["dry_run"])
        if not result.ok:
            sys.exit(1)

    def _organization(self, key: str) -> Organization:
        found = list(Organization.objects.filter(Q(code=key) | Q(name=key))[:2])
        if not found:
            raise CommandError(f"Không tìm thấy tổ chức có mã hoặc tên “{key}”.")
        if len(found) > 1:
            raise CommandError(f"Có nhiều tổ chức tên “{key}”: hãy dùng mã tổ chức.")
        return found[0]

    def _text(self, result: Any, dry_run: bool) -> None:
        data = result.as_json()
        for error in result.outcome.issues:
            self.stderr.write(f"LỖI {error}")
        for row in data["allocations"]:
            marks = " (phối hợp)" if row["coordination"] else (" (tạo mới)" if row["created"] else "")
            self.stdout.write(
                f"{row['organization']}{marks}: giới thiệu {row['introduce_total']}, kết nạp {row['admit_total']}"
            )
        totals, coord = data["totals"], data["coordination_totals"]
        self.stdout.write(f"Cộng các tổ chức: giới thiệu {totals['introduce']}, kết nạp {totals['admit']}")
        if coord["introduce"] or coord["admit"]:
            self.stdout.write(f"Cộng Mặt trận, đoàn thể: giới thiệu {coord['introduce']}, kết nạp {coord['admit']}")
        if not result.ok:
            self.stderr.write("Tệp bị từ chối: không có gì được ghi.")
        elif dry_run:
            self.stdout.write("Tệp hợp lệ (chạy thử: chưa ghi gì).")
        else:
            self.stdout.write(self.style.SUCCESS("Đã nhập bảng giao chỉ tiêu."))
