"""`manage.py restructure merge|split|move|rename|close …`: the restructuring services
from the command line (the operator of the server acts; every act is audited)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketnap.orgs import restructure
from ketnap.orgs.lookup import find_organization

CARRY_HELP = "chuyển sang tổ chức kế tục: " + ", ".join(restructure.CARRY_CHOICES)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value} (YYYY-MM-DD).") from exc


class Command(BaseCommand):
    help = "Sắp xếp tổ chức: hợp nhất, chia tách, chuyển, đổi tên, giải thể (có ngày hiệu lực)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="operation", required=True)

        def common(p: CommandParser) -> None:
            p.add_argument("--on", required=True, help="ngày hiệu lực YYYY-MM-DD")
            p.add_argument("--reason", default="", help="lý do, căn cứ")
            p.add_argument("--format", choices=["text", "json"], default="text")

        m = sub.add_parser("merge", help="hợp nhất / sáp nhập")
        m.add_argument("organizations", nargs="+")
        m.add_argument("--into", required=True, help="tên tổ chức sau hợp nhất (mới hoặc đã có)")
        m.add_argument("--carry", action="append", default=[], help=CARRY_HELP)
        common(m)
        s = sub.add_parser("split", help="chia tách")
        s.add_argument("organization")
        s.add_argument("--part", action="append", required=True, help='"Tên mới:Chi bộ A,Chi bộ B"')
        s.add_argument("--rest-to", default="", help="tổ chức mới nhận quần chúng, đảng viên… trực tiếp")
        s.add_argument("--carry", action="append", default=[], help=CARRY_HELP)
        common(s)
        mv = sub.add_parser("move", help="chuyển sang tổ chức cấp trên khác")
        mv.add_argument("organization")
        mv.add_argument("--to", required=True)
        common(mv)
        r = sub.add_parser("rename", help="đổi tên")
        r.add_argument("organization")
        r.add_argument("--name", required=True)
        common(r)
        c = sub.add_parser("close", help="giải thể, chấm dứt hoạt động")
        c.add_argument("organization")
        c.add_argument("--successor", default="")
        c.add_argument("--carry", action="append", default=[], help=CARRY_HELP)
        common(c)

    def handle(self, *args: Any, **opts: Any) -> None:
        on = _day(opts["on"])
        try:
            outcome = self._run(opts["operation"], on, opts)
        except ValidationError as exc:
            message = "; ".join(exc.messages)
            if opts["format"] == "json":
                self.stdout.write(json.dumps({"ok": False, "errors": exc.messages}, ensure_ascii=False))
                raise SystemExit(1) from exc
            raise CommandError(message) from exc
        if opts["format"] == "json":
            self.stdout.write(json.dumps({"ok": True, **outcome.as_dict()}, ensure_ascii=False))
        else:
            names = ", ".join(o.name for o in outcome.organizations)
            self.stdout.write(f"{outcome.operation} {on:%d/%m/%Y}: {names}")

    def _run(self, operation: str, on: date, opts: dict[str, Any]) -> restructure.Outcome:
        reason = opts["reason"]
        if operation == "merge":
            sources = [find_organization(n) for n in opts["organizations"]]
            into = _existing(opts["into"])
            name = "" if into else opts["into"]
            return restructure.merge(sources, on=on, into=into, name=name, reason=reason, carry=opts["carry"])
        if operation == "split":
            parts = []
            for spec in opts["part"]:
                name, _, children = spec.partition(":")
                parts.append(
                    restructure.Part(name, [find_organization(c.strip()) for c in children.split(",") if c.strip()])
                )
            return restructure.split(
                find_organization(opts["organization"]),
                parts,
                on=on,
                rest_to=opts["rest_to"],
                reason=reason,
                carry=opts["carry"],
            )
        org = find_organization(opts["organization"])
        if operation == "move":
            return restructure.move(org, find_organization(opts["to"]), on=on, reason=reason)
        if operation == "rename":
            return restructure.rename(org, opts["name"], on=on, reason=reason)
        successor = find_organization(opts["successor"]) if opts["successor"] else None
        return restructure.close(org, on=on, reason=reason, successor=successor, carry=opts["carry"])


def _existing(name: str) -> Any:
    try:
        return find_organization(name)
    except CommandError:
        return None
