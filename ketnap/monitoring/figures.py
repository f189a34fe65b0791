"""The numbers a periodic report carries, named once.

Why a fixed list of additive counts: a compiled report must equal the sum of the
reports it compiles (M5), so every figure a report stores is a count that adds up
across organisations. Ratios (completion, rate) are never stored: they are computed
from the summed counts wherever they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ketnap.monitoring.statistics_forms import FORM_2, REPORT_KEYS
from ketnap.pipeline.enums import Stage


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    #: Stage whose events in the report's period make this figure (None: not an event count).
    stage: str | None = None


def _lower_first(label: str) -> str:
    """ "Đoàn viên Đoàn TNCS Hồ Chí Minh" → "đoàn viên Đoàn TNCS Hồ Chí Minh" (names keep their capitals)."""
    return label[:1].lower() + label[1:]


FIGURES: tuple[Figure, ...] = (
    Figure("headcount_year_start", "Tổng số đảng viên đầu năm"),
    Figure("headcount", "Tổng số đảng viên cuối kỳ"),
    Figure("admit_quota_year", "Chỉ tiêu kết nạp cả năm"),
    Figure("admit_quota_period", "Chỉ tiêu kết nạp trong kỳ"),
    Figure("introduce_quota_year", "Chỉ tiêu giới thiệu quần chúng ưu tú cả năm"),
    Figure("introduce_quota_period", "Chỉ tiêu giới thiệu quần chúng ưu tú trong kỳ"),
    Figure("introduced_period", "Quần chúng ưu tú được giới thiệu trong kỳ", Stage.INTRODUCED),
    Figure("introduced_ytd", "Quần chúng ưu tú được giới thiệu từ đầu năm"),
    Figure("certified_period", "Được cấp giấy chứng nhận lớp nhận thức về Đảng trong kỳ", Stage.CERTIFIED),
    Figure("admitted_period", "Kết nạp đảng viên mới trong kỳ", Stage.ADMITTED),
    Figure("admitted_ytd", "Kết nạp đảng viên mới từ đầu năm"),
    *(Figure(f"{key}_period", f"— trong đó {_lower_first(FORM_2.row(key).label)}") for key in REPORT_KEYS),
    Figure("confirmed_period", "Công nhận đảng viên chính thức trong kỳ", Stage.OFFICIAL),
    Figure("removed_period", "Xóa tên đảng viên dự bị trong kỳ", Stage.REMOVED),
    Figure("pool_end", "Quần chúng ưu tú đang theo dõi cuối kỳ (nguồn)"),
    Figure("sympathizers_end", "— trong đó trong danh sách cảm tình đảng"),
)
KEYS: tuple[str, ...] = tuple(f.key for f in FIGURES)
LABELS: dict[str, str] = {f.key: f.label for f in FIGURES}
#: Figures made of the period's events, by stage: what a back-dated event changes.
EVENT_FIGURES: dict[str, str] = {f.stage: f.key for f in FIGURES if f.stage}


def add_up(parts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Key-wise sums of several reports' figures (missing keys count as zero)."""
    total = dict.fromkeys(KEYS, 0)
    for part in parts:
        for key in KEYS:
            total[key] += int(part.get(key, 0) or 0)
    return total


def ratio(figures: Mapping[str, int], part: str, whole: str) -> Decimal | None:
    """A percentage computed from (summed) counts, e.g. admitted_ytd / admit_quota_year."""
    denominator = figures.get(whole) or 0
    if not denominator:
        return None
    return (Decimal(figures.get(part, 0)) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))
