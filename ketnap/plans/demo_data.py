"""Demo step: the current year's plan of Đảng ủy xã Cao Minh (001, written for 2026) and
the plan of two years before of Đảng ủy xã Đồng Tiến (002, written for 2024), with their
appendices loaded by importing the fixture files (tests/fixtures/plans/) through the
same code path as the command and the browser. Years and days move with the demo's
clock (`DemoClock`), the years named in the texts with them.
Idempotent: a plan that exists is left alone."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from ketnap.audit.context import acting_as
from ketnap.orgs.demo.clock import DemoClock
from ketnap.orgs.models import Block, Organization
from ketnap.plans import services
from ketnap.plans.enums import TargetMeasure, TargetScope
from ketnap.plans.importer import import_allocations
from ketnap.plans.models import Plan, Target

FIXTURES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "plans"

CAO_MINH = {
    "issued_on": date(2026, 1, 19),
    "place": "Cao Minh",
    "signer": "Hứa Ngọc Sỹ",
    "legal_bases": "\n".join(
        [
            "Kế hoạch số 31-KH/TU, ngày 04/01/2026 của Ban Thường vụ Tỉnh ủy Thái Nguyên về phát triển đảng viên "
            "năm 2026",
            "Chương trình hành động số 01-CTr/ĐU, ngày 31/7/2025 của Ban Chấp hành Đảng bộ xã",
            "Nghị quyết số 06-NQ/ĐU, ngày 15/12/2025 của Ban Chấp hành Đảng bộ xã về mục tiêu, nhiệm vụ năm 2026",
            "Kế hoạch số 58-KH/ĐU, ngày 19/01/2026 của Ban Thường vụ Đảng ủy",
        ]
    ),
    "purpose": "Tạo chuyển biến rõ nét về nhận thức và trách nhiệm của cấp ủy, tổ chức đảng, cán bộ, đảng viên; "
    "xác định công tác tạo nguồn, phát triển đảng viên là nhiệm vụ quan trọng, thường xuyên, lâu dài.\n"
    "Hoàn thành chỉ tiêu phát triển đảng viên năm 2026; bảo đảm vừa tăng số lượng, vừa nâng cao chất lượng "
    "đảng viên gắn với cơ cấu hợp lý, góp phần trẻ hóa đội ngũ đảng viên.",
    "requirements": "Việc giao chỉ tiêu phát triển đảng viên phải sát thực tiễn, phù hợp với đặc điểm từng chi, "
    "đảng bộ; gắn chỉ tiêu số lượng với yêu cầu về chất lượng.\n"
    "100% đảng viên được kết nạp bảo đảm tiêu chuẩn, điều kiện, quy trình, thủ tục theo quy định.",
    "tasks": "Bí thư các chi, đảng bộ chịu trách nhiệm trực tiếp về kết quả phát triển đảng viên và định kỳ "
    "hằng quý báo cáo.\n"
    "Đảng viên được phân công theo dõi, giúp đỡ quần chúng ưu tú xây dựng kế hoạch được chi bộ phê duyệt, "
    "định kỳ hằng quý báo cáo chi bộ.\n"
    "Ban Xây dựng Đảng Đảng ủy là cơ quan thường trực, theo dõi, tổng hợp, báo cáo định kỳ hằng quý.\n"
    "Ủy ban Kiểm tra Đảng ủy kiểm tra, giám sát việc thực hiện công tác phát triển đảng viên.",
    "recipients": "Thường trực Đảng ủy,\nCác cơ quan tham mưu, giúp việc Đảng ủy,\nCác chi, đảng bộ trực thuộc,\n"
    "Các đồng chí Đảng ủy viên,\nLưu Văn phòng Đảng ủy.",
}

DONG_TIEN = {
    "issued_on": date(2024, 1, 23),
    "place": "Đồng Tiến",
    "signer": "Đàm Văn Học",
    "legal_bases": "Kế hoạch số 222-KH/HU, ngày 23/01/2024 của Huyện uỷ Hữu Lũng về phát triển đảng viên năm 2024\n"
    "Nghị quyết Đại hội Đảng bộ xã lần thứ V, nhiệm kỳ 2020-2025",
    "purpose": "Nâng cao nhận thức của cấp ủy đảng, cán bộ, đảng viên đối với công tác xây dựng Đảng; phát triển "
    "đảng viên nhằm tăng cường lực lượng và trẻ hoá đội ngũ đảng viên.",
    "requirements": "Đẩy mạnh công tác phát triển đảng viên ở tất cả các chi bộ trực thuộc, chú trọng những nơi "
    "đặc biệt khó khăn, các thôn, chi bộ có ít đảng viên.",
    "tasks": "Các chi bộ rà soát quần chúng đã học lớp nhận thức về Đảng, phân công đảng viên giúp đỡ.\n"
    "Mặt trận Tổ quốc và các đoàn thể giới thiệu quần chúng ưu tú cho Đảng.\n"
    "Ủy ban Kiểm tra Đảng ủy thẩm định tiêu chuẩn chính trị.",
    "recipients": "Ban Tổ chức huyện ủy (b/c),\nThường trực Đảng ủy,\nCác đ/c UVBCH Đảng bộ xã,\n"
    "Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội xã,\nCác chi bộ,\nLưu Văn phòng Đảng ủy.",
}


def _demo_org(name: str) -> Organization | None:
    return Organization.objects.filter(name=name, is_demo=True).first()


def _dated(fields: dict[str, object], clock: DemoClock, years: tuple[int, ...]) -> dict[str, object]:
    """The plan's fields as written, with its issue day and the named `years` moved
    (only those: "nhiệm kỳ 2020-2025" is a term of office and stays)."""
    pattern = re.compile(r"\b(" + "|".join(str(y) for y in years) + r")\b")
    moved: dict[str, object] = {}
    for key, value in fields.items():
        if isinstance(value, date):
            moved[key] = min(clock.yearly(value), clock.today)
        elif isinstance(value, str):
            moved[key] = pattern.sub(lambda m: str(clock.year(int(m.group()))), value)
        else:
            moved[key] = value
    return moved


def _plan(org: Organization, year: int, fixture: str, target: services.TargetInput, fields: dict[str, object]) -> Plan:
    path = FIXTURES / fixture
    result = import_allocations(org=org, year=year, data=path.read_bytes(), filename=path.name, actor=None)
    if not result.ok:
        raise RuntimeError(f"demo fixture {fixture} refused: {[str(i) for i in result.outcome.issues]}")
    plan = Plan.objects.get(organization=org, year=year)
    services.update_plan(plan, actor=services.SYSTEM, target=target, **fields)
    return plan


def load(clock: DemoClock) -> str | None:
    cao_minh, dong_tien = _demo_org("Đảng bộ xã Cao Minh"), _demo_org("Đảng bộ xã Đồng Tiến")
    if cao_minh is None or dong_tien is None or not FIXTURES.is_dir():
        return None
    if Plan.objects.filter(organization__in=[cao_minh, dong_tien]).exists():
        return "kế hoạch mẫu đã có sẵn."
    this_year, history = clock.year(2026), clock.year(2024)
    cao_minh_fields = _dated(CAO_MINH, clock, (2025, 2026))
    dong_tien_fields = _dated(DONG_TIEN, clock, (2024,))
    with acting_as(None):
        plan = _plan(
            cao_minh,
            this_year,
            "cao_minh_2026.docx",
            services.TargetInput(
                TargetMeasure.RATE, rate=Decimal("3.2"), headcount_on=clock.yearly(date(2025, 12, 31))
            ),
            cao_minh_fields,
        )
        services.issue_plan(plan, actor=services.SYSTEM, on=cao_minh_fields["issued_on"])  # type: ignore[arg-type]
        plan = _plan(dong_tien, history, "dong_tien_2024.xlsx", services.TargetInput(count=6), dong_tien_fields)
        for block in Block.objects.filter(organization=dong_tien):
            services.add_sub_target(
                plan,
                actor=services.SYSTEM,
                target=Target(scope=TargetScope.BLOCK, measure=TargetMeasure.COUNT, count=3, block=block),
            )
        services.issue_plan(plan, actor=services.SYSTEM, on=dong_tien_fields["issued_on"])  # type: ignore[arg-type]
    return f"kế hoạch {this_year} của Đảng bộ xã Cao Minh và {history} của Đảng bộ xã Đồng Tiến (nhập từ phụ lục)."
