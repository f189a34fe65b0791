"""Demo step of monitoring, part two: the current year's plans of Thái Nguyên's three
small demo communes (issue 16), so the province's dashboard compares communes — Phú
Bình ahead of its quota, Đại Từ behind it, Phan Đình Phùng on the way — next to Cao
Minh. Quotas are given cell by cell, as a commune's appendix does."""

from __future__ import annotations

from datetime import date

from ketnap.orgs.demo.clock import DemoClock
from ketnap.orgs.models import Organization
from ketnap.plans import services as plan_services
from ketnap.plans.models import Plan

SYSTEM = plan_services.SYSTEM
#: commune → (signer, quota of each cell in the tree's order)
PLANS: dict[str, tuple[str, list[int]]] = {
    "Đảng bộ xã Phú Bình": ("Dương Văn Lượng", [1, 1, 1, 0]),
    "Đảng bộ xã Đại Từ": ("Hoàng Thị Thu", [2, 1, 1, 1]),
    "Đảng bộ phường Phan Đình Phùng": ("Nguyễn Đức Hạnh", [1, 1, 1, 1]),
}


def load_plans(clock: DemoClock) -> int:
    """Create and issue each commune's plan of the anchor's year; returns how many."""
    year = clock.year(2026)
    made = 0
    for name, (signer, quotas) in PLANS.items():
        commune = Organization.objects.filter(name=name, is_demo=True).first()
        if commune is None or Plan.objects.filter(organization=commune, year=year).exists():
            continue
        plan = plan_services.create_plan(
            commune,
            actor=SYSTEM,
            year=year,
            target=plan_services.TargetInput(count=sum(quotas)),
            place=name.removeprefix("Đảng bộ xã ").removeprefix("Đảng bộ phường "),
            signer=signer,
            document_number=f"{10 + made}-KH/ĐU",
            purpose=f"Kết nạp ít nhất {sum(quotas)} đảng viên trong năm {year}.",
        )
        rows = plan.revisions.get(number=0).allocations.select_related("organization").order_by("organization__path")
        for row, quota in zip(rows, quotas, strict=False):
            plan_services.update_cell(row, actor=SYSTEM, field="admit_total", raw=quota)
        plan_services.issue_plan(plan, actor=SYSTEM, on=min(clock.yearly(date(2026, 1, 22)), clock.today))
        made += 1
    return made
