"""Demo step of the pipeline: candidates in every stage for each demo commune, the
political centre's courses and login, deadlines, reviews and mentor reports.

Idempotent: when demo candidates exist, only the demo login is ensured.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from ketnap.audit.context import audit_disabled
from ketnap.orgs.demo.loader import DEMO_PASSWORD
from ketnap.orgs.enums import Role
from ketnap.orgs.models import Membership, Organization
from ketnap.pipeline.demo.builder import build_all
from ketnap.pipeline.models import Candidate

#: Logins this step adds (password: ketnap-demo).
DEMO_LOGINS = [("ttct.caominh", "Trung tâm chính trị xã Bằng Thành", Role.POLITICAL_CENTRE, "Đảng bộ xã Cao Minh")]


def _ensure_logins() -> None:
    User = get_user_model()
    for username, full_name, role, org_name in DEMO_LOGINS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.first_name = full_name
            user.set_password(DEMO_PASSWORD)
            user.save()
        org = Organization.objects.get(name=org_name, is_demo=True)
        Membership.objects.get_or_create(user=user, organization=org, role=role)


def load() -> str | None:
    with transaction.atomic(), audit_disabled():
        _ensure_logins()
        if Candidate.objects.filter(is_demo=True).exists():
            return None
        count = build_all()
    return f"đã nạp {count} quần chúng ở mọi giai đoạn; đăng nhập thêm: ttct.caominh (Trung tâm chính trị)."
