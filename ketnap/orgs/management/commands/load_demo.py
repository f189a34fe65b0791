"""`python manage.py load_demo`: the demo dataset from the source documents."""

from typing import Any

from django.core.management.base import BaseCommand

from ketnap.orgs.demo.loader import DEMO_LOGINS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (cây tổ chức từ 5 văn bản nguồn, đảng viên giả lập, tài khoản demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        else:
            self.stdout.write("Dữ liệu mẫu đã có sẵn — không nạp lại.")
        self.stdout.write(f"\nTài khoản demo (mật khẩu: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<18} {login.description}")
