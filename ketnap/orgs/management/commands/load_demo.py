"""`python manage.py load_demo`: the demo dataset from the source documents."""

from typing import Any

from django.core.management.base import BaseCommand

from ketnap.orgs.demo.loader import DEMO_LOGINS, DEMO_PASSWORD
from ketnap.web.demo import load_all


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (cây tổ chức từ 5 văn bản nguồn, kế hoạch, quần chúng, tài khoản demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in load_all():
            self.stdout.write(line)
        self.stdout.write(f"\nTài khoản demo (mật khẩu: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<18} {login.description}")
