"""`manage.py progress ORG --on DATE --format json`: the dashboard's progress table of an
organisation on a day (same selector, same figures), in the tree of that day."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketnap.monitoring.selectors.progress import Progress, progress
from ketnap.orgs.lookup import find_organization


def as_dict(p: Progress) -> dict[str, Any]:
    return {
        "organization": p.organization.name,
        "on": p.as_of.isoformat(),
        "year": p.as_of.year,
        "quota": p.quota,
        "admitted": p.total.achieved["admit"].ytd,
        "rate": float(p.rate) if p.rate is not None else None,
        "children": [
            {
                "organization": r.label,
                "quota": r.quota.admit,
                "admitted": r.achieved["admit"].ytd,
                **({"inherited": True} if r.inherited else {}),
            }
            for r in p.rows
            if r.organization is None or r.organization.pk != p.organization.pk
        ],
    }


class Command(BaseCommand):
    help = "Tiến độ kết nạp so với chỉ tiêu của một tổ chức vào một ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organization")
        parser.add_argument("--on", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            on = date.fromisoformat(opts["on"])
        except ValueError as exc:
            raise CommandError("Ngày không hợp lệ (YYYY-MM-DD).") from exc
        data = as_dict(progress(find_organization(opts["organization"]), on))
        if opts["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(
            f"{data['organization']} {on:%d/%m/%Y}: {data['admitted']}/{data['quota']} ({data['rate']} %)"
        )
        for child in data["children"]:
            self.stdout.write(f"  {child['organization']}: {child['admitted']}/{child['quota']}")
