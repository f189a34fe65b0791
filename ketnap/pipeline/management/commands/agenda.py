"""`python manage.py agenda --user USERNAME [--on YYYY-MM-DD] [--all]`: print a user's
agenda (what is due and overdue in their scope), as the page shows it.

Why a command: a province that wants a morning digest by e-mail or SMS runs this
from cron and sends its output; the clock is read here (the selector takes the day).
Exit status 1 when something is overdue, so a script can tell.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ketnap.pipeline.selectors.agenda import agenda

_STATUS = {"overdue": "QUÁ HẠN", "due": "ĐẾN HẠN", "upcoming": "SẮP TỚI"}


class Command(BaseCommand):
    help = "In danh sách việc cần làm (đến hạn, quá hạn) của một người dùng vào một ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="tên đăng nhập")
        parser.add_argument("--on", help="ngày (YYYY-MM-DD); mặc định hôm nay")
        parser.add_argument("--all", action="store_true", help="in cả việc sắp tới, không chỉ việc đến hạn, quá hạn")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Không có người dùng “{options['user']}”.") from exc
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Ngày phải viết dạng YYYY-MM-DD.") from exc
        items = [i for i in agenda(user, on) if options["all"] or i.status != "upcoming"]
        self.stdout.write(f"Việc cần làm của {user.get_full_name() or user.username}, ngày {on:%d/%m/%Y}:")
        for item in items:
            who = f"{item.candidate.full_name}, " if item.candidate else ""
            self.stdout.write(f"{_STATUS[item.status]:8} {item.due:%d/%m/%Y}  {item.label} — {who}{item.organization}")
        if not items:
            self.stdout.write("Không có việc nào đến hạn.")
        if any(i.overdue for i in items):
            sys.exit(1)
