"""`python manage.py add_user USERNAME --role ROLE --org ORG_NAME [--email E]
[--full-name NAME] [--base-url URL] [--format json]`: create an account with one role
and print its one-time set-password link (valid 72 hours).

The same service as the accounts page (ketnap.accounts.services.create_account), run
as the server operator. ROLE is the glossary's code name (`organizing_board`,
`cell_secretary`…); ORG_NAME a code or the exact Vietnamese name. Exit 0 when created,
1 when refused. The link is a path unless --base-url gives the address users open.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ketnap.accounts.services import LINK_HOURS, create_account, set_password_link
from ketnap.audit.context import acting_as
from ketnap.orgs.enums import Role
from ketnap.orgs.lookup import find_organization


class Command(BaseCommand):
    help = "Tạo tài khoản với một vai trò và in đường dẫn đặt mật khẩu dùng một lần (72 giờ)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--org", required=True, help="mã hoặc tên của tổ chức nơi giữ vai trò")
        parser.add_argument("--email", default="")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--base-url", default="", help="địa chỉ hệ thống, ví dụ https://ketnap.example.vn")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        org = find_organization(options["org"])
        errors: list[str] = []
        link = ""
        with acting_as(None):
            try:
                user = create_account(
                    actor=None, username=options["username"], org=org, role=options["role"],
                    on=timezone.localdate(), full_name=options["full_name"], email=options["email"],
                )  # fmt: skip
                link = options["base_url"].rstrip("/") + set_password_link(actor=None, user=user)
            except ValidationError as exc:
                errors = list(exc.messages)
        if options["format"] == "json":
            data = {
                "ok": not errors, "errors": errors, "username": options["username"], "role": options["role"],
                "organization": org.name, "link": link or None, "link_valid_hours": LINK_HOURS,
            }  # fmt: skip
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        elif link:
            self.stdout.write(
                self.style.SUCCESS(f"Đã tạo {options['username']}. Đường dẫn đặt mật khẩu ({LINK_HOURS} giờ):")
            )
            self.stdout.write(link)
        for error in errors:
            self.stderr.write(f"LỖI {error}")
        if errors:
            sys.exit(1)
