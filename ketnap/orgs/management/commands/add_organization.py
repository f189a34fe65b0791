"""`python manage.py add_organization NAME --kind KIND [--parent NAME] [--block BLOCK]
[--code CODE] [--valid-from YYYY-MM-DD] [--format json]`: add one organisation.

KIND and BLOCK are the glossary's code names (`provincial`, `grassroots_committee`,
`sub_committee`, `cell`…; `rural`, `agencies`…). The same service as the tree page
(ketnap.orgs.building.add_organization) checks the placement and the code; exit 0 when
the organisation was added, 1 when refused.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketnap.audit.context import acting_as
from ketnap.orgs.building import add_organization
from ketnap.orgs.enums import BlockKind, OrganizationKind
from ketnap.orgs.lookup import block_for, find_organization
from ketnap.orgs.models import Organization


def organization_json(org: Organization) -> dict[str, Any]:
    parent = Organization.objects.get_parent(org)
    return {
        "id": org.pk,
        "name": org.name,
        "code": org.code,
        "kind": org.kind,
        "block": org.block.kind if org.block else None,
        "parent": parent.name if parent else None,
        "valid_from": org.valid_from.isoformat() if org.valid_from else None,
    }


class Command(BaseCommand):
    help = "Thêm một tổ chức đảng (tỉnh, xã, đảng bộ bộ phận, chi bộ…) vào cây tổ chức."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="tên đầy đủ, ví dụ “Đảng bộ xã Cao Minh”")
        parser.add_argument("--kind", required=True, choices=OrganizationKind.values)
        parser.add_argument("--parent", help="mã hoặc tên của tổ chức cấp trên (bỏ trống: cấp cao nhất)")
        parser.add_argument("--block", choices=BlockKind.values, help="khối của tổ chức cấp trên")
        parser.add_argument("--code", default="", help="mã tổ chức (bỏ trống: tự đặt)")
        parser.add_argument("--valid-from", help="ngày bắt đầu hiệu lực YYYY-MM-DD")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        parent = find_organization(options["parent"]) if options["parent"] else None
        try:
            valid_from = date.fromisoformat(options["valid_from"]) if options["valid_from"] else None
        except ValueError as exc:
            raise CommandError(f"Ngày “{options['valid_from']}” phải có dạng YYYY-MM-DD.") from exc
        if options["block"] and parent is None:
            raise CommandError("--block cần --parent: khối là của tổ chức cấp trên.")
        errors: list[str] = []
        org = None
        with acting_as(None):
            try:
                block = block_for(parent, options["block"]) if options["block"] and parent else None
                org = add_organization(
                    actor=None, parent=parent, name=options["name"], kind=options["kind"], block=block,
                    code=options["code"], valid_from=valid_from,
                )  # fmt: skip
            except ValidationError as exc:
                errors = list(exc.messages)
        if options["format"] == "json":
            data = {"ok": org is not None, "errors": errors, "organization": organization_json(org) if org else None}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        elif org is not None:
            self.stdout.write(self.style.SUCCESS(f"Đã thêm {org.name} (mã {org.code})."))
        for error in errors:
            self.stderr.write(f"LỖI {error}")
        if org is None:
            sys.exit(1)
