"""Demo step of the pipeline: candidates in every stage for each demo commune, the
political centre's courses and login, deadlines, reviews and mentor reports.

Idempotent: when demo candidates exist, nothing is created. The political centre's
login (ttct.caominh) is one of the foundation's demo logins.
"""

from __future__ import annotations

from django.db import transaction

from ketnap.audit.context import audit_disabled
from ketnap.orgs.demo.clock import DemoClock
from ketnap.pipeline.demo.builder import build_all
from ketnap.pipeline.models import Candidate


def load(clock: DemoClock) -> str | None:
    with transaction.atomic(), audit_disabled():
        if Candidate.objects.filter(is_demo=True).exists():
            return None
        count = build_all(clock)
    return f"đã nạp {count} quần chúng ở mọi giai đoạn."
