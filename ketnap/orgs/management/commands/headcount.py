"""`manage.py headcount ORG --on DATE --format json`: members of the subtree on a day,
in the tree of that day (the registry where complete, else the snapshots)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketnap.orgs.lookup import find_organization
from ketnap.orgs.selectors import headcount


class Command(BaseCommand):
    help = "Số đảng viên của một tổ chức (cộng cả cấp dưới) vào một ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organization")
        parser.add_argument("--on", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            on = date.fromisoformat(opts["on"])
        except ValueError as exc:
            raise CommandError("Ngày không hợp lệ (YYYY-MM-DD).") from exc
        org = find_organization(opts["organization"])
        count = headcount(org, on)
        data = {
            "organization": org.name,
            "on": on.isoformat(),
            "official": count.official,
            "probationary": count.probationary,
            "total": count.total,
        }
        if opts["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            self.stdout.write(f"{org.name} {on:%d/%m/%Y}: {count.official} chính thức, {count.probationary} dự bị")
