"""`python manage.py load_demo [--force] [--today YYYY-MM-DD]`: the demo dataset from the
source documents, dated as seen on `--today` (default: Hanoi's today).

Demo and real data never mix: the command refuses on a database that already holds
organisations that are not demo ones, and when DEBUG is off (a server), unless
`--force`. `make demo` runs it with DEBUG on, on its own SQLite file.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ketnap.orgs.demo.clock import BASE_DAY
from ketnap.orgs.demo.loader import DEMO_LOGINS, DEMO_PASSWORD
from ketnap.orgs.models import Organization
from ketnap.web.demo import load_all


def refusal(*, debug: bool) -> str | None:
    """Why loading the demo here would mix it with real data, or None."""
    real = Organization.objects.filter(is_demo=False).count()
    if real:
        return (
            f"CSDL đã có {real} tổ chức thật (không phải dữ liệu mẫu): không nạp dữ liệu mẫu vào đây. "
            "Dùng --force nếu thật sự muốn."
        )
    if not debug:
        return "DEBUG đang tắt (máy chủ thật): không nạp dữ liệu mẫu. Dùng --force nếu thật sự muốn."
    return None


def anchor_refusal(anchor: date, today: date) -> str | None:
    """Why the demo cannot be dated as seen on `anchor`, or None. Not before the year the
    data was written for (the 2025 restructuring would come after its events), and not
    after today: the services refuse an event dated after the day they are told it is."""
    if anchor.year < BASE_DAY.year:
        return f"--today phải từ năm {BASE_DAY.year} trở đi (dữ liệu mẫu viết cho {BASE_DAY:%d/%m/%Y})."
    if anchor > today:
        return f"--today không được sau hôm nay ({today:%d/%m/%Y}): các sự kiện mẫu sẽ nằm trong tương lai."
    return None


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (cây tổ chức từ 5 văn bản nguồn, kế hoạch, quần chúng, tài khoản demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="nạp cả khi CSDL có dữ liệu thật hoặc DEBUG tắt")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="ngày mốc YYYY-MM-DD mà dữ liệu mẫu thể hiện (mặc định: hôm nay theo giờ Hà Nội)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reason = refusal(debug=settings.DEBUG)
        if reason and not options["force"]:
            raise CommandError(reason)
        today = options["today"] or timezone.localdate()
        reason = anchor_refusal(today, timezone.localdate())
        if reason:
            raise CommandError(reason)
        for line in load_all(today=today):
            self.stdout.write(line)
        self.stdout.write(f"\nTài khoản demo (mật khẩu: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<18} {login.description}")
