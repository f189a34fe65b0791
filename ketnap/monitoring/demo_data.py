"""Demo step of monitoring (runs after plans and pipeline): reporting rounds of Đảng bộ
xã Cao Minh for the three quarters before the anchor's (at the written day, 20/11/2026:
Q1–Q3 of 2026) — the oldest fully submitted and compiled, the next with some reports
late, the latest, due this quarter, partly in — one introduction recorded after the
oldest report went in but dated back into its quarter (so the dashboard shows a
difference and its cause), and the current year's plan of Đảng bộ xã Bình Lưu with its
directive's sub-target "each school cell admits at least one student" (004).

Reports are submitted at the moment of loading, after the pipeline's events were
recorded: only the back-dated introduction, recorded later, differs from them.

Idempotent: nothing is created when the demo rounds exist.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ketnap.audit.context import acting_as
from ketnap.monitoring import services
from ketnap.monitoring.demo_province import load_plans
from ketnap.monitoring.enums import RoundKind
from ketnap.monitoring.models import PeriodicReport, ReportingRound
from ketnap.orgs.demo.clock import DemoClock
from ketnap.orgs.enums import BlockKind, Sex
from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import IntroducerKind, Occupation
from ketnap.plans import services as plan_services
from ketnap.plans.enums import StructureGroup, TargetMeasure, TargetScope
from ketnap.plans.models import Plan, Target

SYSTEM = plan_services.SYSTEM
CAO_MINH = "Đảng bộ xã Cao Minh"
BINH_LUU = "Đảng bộ xã Bình Lưu"
#: quarters back from the anchor's → how many of the 41 organisations submitted
ROUNDS = {3: 41, 2: 30, 1: 12}
#: reports are due on the 5th of the month after the quarter, the compilation on the 10th
DUE_DAY, COMPILE_DUE_DAY = 5, 10
TEXTS = {
    "results": "Chi bộ duy trì xét danh sách cảm tình đảng hằng tháng; phân công đảng viên giúp đỡ từng quần chúng.",
    "difficulties": "Thanh niên đi làm ăn xa nhiều, nguồn quần chúng ưu tú tại chỗ còn ít.",
    "proposals": "Đề nghị Đảng ủy mở thêm lớp bồi dưỡng nhận thức về Đảng trong quý tới.",
}


def _demo_org(name: str) -> Organization | None:
    return Organization.objects.filter(name=name, is_demo=True).first()


def _after_quarter(year: int, quarter: int, day: int) -> date:
    """`day` of the month after the quarter (the 5th: reports due; the 10th: compiled)."""
    return date(year + quarter // 4, quarter % 4 * 3 + 1, day)


def _rounds(cao_minh: Organization, clock: DemoClock) -> int:
    now = timezone.now()
    for back, submitted in ROUNDS.items():
        year, q = clock.quarter_back(back)
        data = services.RoundInput(
            RoundKind.QUARTERLY,
            year,
            due_on=_after_quarter(year, q, DUE_DAY),
            quarter=q,
            compile_due_on=_after_quarter(year, q, COMPILE_DUE_DAY),
        )
        round_ = services.open_round(cao_minh, data, actor=SYSTEM, demo=True)
        reports = list(
            round_.reports.filter(compiled=False).select_related("organization").order_by("organization__path")
        )
        for report in reports[:submitted]:
            services.submit_report(report, actor=SYSTEM, at=now, signer="", **TEXTS)
        services.compile_round(round_, actor=SYSTEM, at=now)
        if back == max(ROUNDS):
            services.submit_report(PeriodicReport.objects.get(round=round_, compiled=True), actor=SYSTEM, at=now)
    return len(ROUNDS)


def _late_introduction(clock: DemoClock) -> None:
    """An introduction recorded now, effective 11 days before the end of the oldest
    round's quarter (20/3/2026 as written): after Hưng Thịnh's report for it."""
    from ketnap.pipeline.services.candidates import introduce

    cell = _demo_org("Chi bộ Hưng Thịnh")
    if cell is None:
        return
    person = {
        "full_name": "Lường Văn Khánh",
        "birth_date": date(2001, 8, 14),
        "sex": Sex.MALE,
        "ethnicity": "02",
        "occupation": Occupation.FARMER,
        "youth_union_member": True,
        "residence": "Thôn Hưng Thịnh, xã Cao Minh",
    }
    introduce(
        actor=None,
        organization=cell,
        person=person,
        introduced_on=_after_quarter(*clock.quarter_back(max(ROUNDS)), 1) - timedelta(days=12),
        kind=IntroducerKind.CELL,
        note="Ghi bổ sung sau khi đã nộp báo cáo quý I.",
        is_demo=True,
    )


def _binh_luu_plan(binh_luu: Organization, clock: DemoClock) -> bool:
    """Bình Lưu's plan of the year: 3 % of members, each school cell ≥ 1 student (004)."""
    year = clock.year(2026)
    if Plan.objects.filter(organization=binh_luu, year=year).exists():
        return False
    target = plan_services.TargetInput(
        TargetMeasure.RATE, rate=Decimal(3), headcount_on=clock.yearly(date(2025, 12, 31))
    )
    plan = plan_services.create_plan(
        binh_luu,
        actor=SYSTEM,
        year=year,
        target=target,
        place="Bình Lưu",
        signer="Tạ Thị Dung",
        document_number="12-KH/ĐU",
        purpose="Kết nạp đảng viên đạt tỷ lệ từ 3–4% tổng số đảng viên (Công văn 614-CV/TU).",
    )
    for row in plan.revisions.get(number=0).allocations.select_related("organization__block"):
        block = row.organization.block.kind if row.organization and row.organization.block else ""
        quota = {BlockKind.SCHOOLS.value: 2, BlockKind.RURAL.value: 3}.get(str(block), 2)
        plan_services.update_cell(row, actor=SYSTEM, field="admit_total", raw=quota)
    plan_services.add_sub_target(
        plan,
        actor=SYSTEM,
        target=Target(
            scope=TargetScope.EACH_ORGANIZATION,
            measure=TargetMeasure.COUNT,
            count=1,
            block_kind=BlockKind.SCHOOLS,
            group=StructureGroup.STUDENTS,
            note="Công văn 1573-CV/TU: mỗi chi bộ trường học kết nạp ít nhất 01 học sinh",
        ),
    )
    plan_services.issue_plan(plan, actor=SYSTEM, on=min(clock.yearly(date(2026, 1, 20)), clock.today))
    return True


def load(clock: DemoClock) -> str | None:
    cao_minh, binh_luu = _demo_org(CAO_MINH), _demo_org(BINH_LUU)
    if cao_minh is None or ReportingRound.objects.filter(is_demo=True).exists():
        return None
    with transaction.atomic(), acting_as(None):
        made = _rounds(cao_minh, clock)
        _late_introduction(clock)
        plan = _binh_luu_plan(binh_luu, clock) if binh_luu is not None else False
        communes = load_plans(clock)
    extra = (
        f"; kế hoạch {clock.year(2026)} của Đảng bộ xã Bình Lưu (mỗi chi bộ trường học kết nạp ít nhất 01 học sinh)"
        if plan
        else ""
    )
    if communes:
        extra += f"; kế hoạch của {communes} đảng bộ xã, phường khác của tỉnh Thái Nguyên"
    return f"{made} đợt báo cáo quý gần nhất của Đảng bộ xã Cao Minh{extra}."
