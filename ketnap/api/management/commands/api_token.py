"""manage.py api_token USERNAME [--name N] [--expires YYYY-MM-DD]: make a personal API
token for a user and print it on the last line (it is shown only this once)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ketnap.api.tokens import create_token


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Ngày hết hạn không hợp lệ: {raw!r} (dạng YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một tài khoản; mã được in ở dòng cuối (chỉ một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="Dòng lệnh", help="Tên gợi nhớ của mã")
        parser.add_argument("--expires", type=_date, default=None, help="Hết hạn ngày (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"Không có tài khoản {options['username']!r}.") from exc
        try:
            new = create_token(user, name=options["name"], expires_on=options["expires"], today=timezone.localdate())
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        expiry = f", hết hạn {new.token.expires_on:%d/%m/%Y}" if new.token.expires_on else ""
        self.stdout.write(f"Đã tạo mã “{new.token.name}” cho {user.username}{expiry}. Mã (chỉ hiện một lần):")
        self.stdout.write(new.plain)
