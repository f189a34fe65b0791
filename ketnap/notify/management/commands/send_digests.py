"""`python manage.py send_digests [--on YYYY-MM-DD] [--dry-run] [--user NAME ...] [--format json]`

Each active user's digest for the day: one e-mail with what is due and overdue in their
scope (nothing when nothing is due), at most once per user and day. Run daily by a
systemd timer (docs/operations.md); the clock is read here, the services take the day.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ketnap.notify.services import send_digests

_STATUS = {
    "sent": "đã gửi",
    "would_send": "sẽ gửi",
    "already_sent": "đã gửi trước đó",
    "nothing_due": "không có việc",
    "opted_out": "không nhận",
    "not_this_day": "không phải ngày nhận",
    "no_address": "chưa có e-mail",
}


class Command(BaseCommand):
    help = "Gửi thư tóm tắt việc cần làm (đến hạn, quá hạn) cho từng người dùng, mỗi ngày một lần."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="ngày (YYYY-MM-DD); mặc định hôm nay (giờ Hà Nội)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ in ra, không gửi")
        parser.add_argument("--user", action="append", dest="users", help="chỉ người dùng này (lặp được)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Ngày phải viết dạng YYYY-MM-DD.") from exc
        outcomes = send_digests(on, dry_run=options["dry_run"], usernames=options["users"])
        if options["format"] == "json":
            payload = {"on": on.isoformat(), "dry_run": options["dry_run"], "users": [o.as_json() for o in outcomes]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for o in outcomes:
            self.stdout.write(f"{o.user:24} {_STATUS[o.status]:22} {o.items:4} việc  {o.address}")
