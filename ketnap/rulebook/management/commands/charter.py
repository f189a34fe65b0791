"""`python manage.py charter QUESTION --facts FILE.json` (or `--facts -` for stdin):
the charter's answer as one JSON object, with this installation's overrides.
Exit status 0 for an answer (whatever the verdict), 2 for bad facts — never a traceback."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ketnap.charter import QUESTIONS, explain
from ketnap.rulebook.selectors import calendar_overrides, rule_overrides


class Command(BaseCommand):
    help = "Tra cứu quy định kết nạp: eligibility, sponsors, vote, deadline, quota (kết quả JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("question", help=f"Câu hỏi: {', '.join(QUESTIONS)}")
        parser.add_argument("--facts", required=True, help="Tệp JSON dữ kiện, hoặc - để đọc từ stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        answer, status = self._answer(options["question"], options["facts"])
        self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2, default=str))
        if status:
            sys.exit(status)

    def _answer(self, question: str, source: str) -> tuple[dict[str, Any], int]:
        try:
            raw = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()  # noqa: SIM115
            facts = json.loads(raw)
        except OSError as exc:
            return _error("facts.file", f"Không đọc được tệp dữ kiện: {exc.strerror or exc}."), 2
        except json.JSONDecodeError as exc:
            return _error("facts.json", f"Tệp dữ kiện không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})."), 2
        return explain(question, facts, calendar_overrides=calendar_overrides(), rule_overrides=rule_overrides())


def _error(rule: str, message: str) -> dict[str, Any]:
    return {
        "verdict": "error",
        "reasons": [{"rule": rule, "message": message, "citation": "Kết Nạp — kiểm tra dữ liệu đầu vào"}],
    }
