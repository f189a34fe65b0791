"""The checks of an allocation table (P4), as pure functions.

No database, no Django: the caller (selectors.check_input) describes the table as
plain data and gets back `Finding`s, each a Vietnamese message keyed to the
offending cell (`row` = the recipient key "o12"/"m3", `column` = the field name) or
to the table as a whole (row None). A plan or a revision can be issued only when
`run_checks()` returns nothing.

What is checked:
* row totals equal the sum of the quarters (quarterly tables);
* quantities are non-negative whole numbers;
* the organisations' admit quotas cover the overall target, each block target and
  each per-organisation minimum (coordination quotas of mass organisations do not
  count: the people they introduce are admitted by the cells);
* every active child organisation has a row, or its row is exempt with a reason;
* a plan seeded from a quota given by the level above may exceed it, never fall below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

TOTAL_ROW = "total"


@dataclass(frozen=True)
class Finding:
    message: str
    row: str | None = None
    column: str | None = None
    code: str = ""


@dataclass(frozen=True)
class RowData:
    key: str
    name: str
    is_coordination: bool = False
    block_id: int | None = None
    block_kind: str = ""
    introduce: tuple[int | None, ...] = (None, None, None, None)
    admit: tuple[int | None, ...] = (None, None, None, None)
    introduce_total: int = 0
    admit_total: int = 0
    exempt: bool = False
    exempt_reason: str = ""


@dataclass(frozen=True)
class BlockTarget:
    block_id: int
    name: str
    count: int


@dataclass(frozen=True)
class EachTarget:
    """Every organisation of a kind of block must get at least `count`."""

    block_kind: str
    label: str
    count: int


@dataclass(frozen=True)
class Given:
    """What the level above gave this plan's organisation."""

    admit: int
    introduce: int
    by: str  # "Đảng bộ xã Cao Minh"
    revision: str = ""  # "giao bổ sung lần 1" when a supplementary allocation set it


@dataclass
class CheckInput:
    by_quarter: bool
    rows: Sequence[RowData]
    total_target: int | None = None
    total_label: str = ""
    blocks: Sequence[BlockTarget] = ()
    each: Sequence[EachTarget] = ()
    children: Sequence[tuple[str, str]] = ()  # (key, name) of child organisations that need a row
    given: Given | None = None
    own_target: int | None = None  # this plan's overall target as a count
    has_children: bool = True
    extra: list[Finding] = field(default_factory=list)


def run_checks(data: CheckInput) -> list[Finding]:
    findings: list[Finding] = []
    findings += check_quantities(data)
    findings += check_row_totals(data)
    findings += check_coverage(data)
    findings += check_children(data)
    findings += check_against_given(data)
    return findings + data.extra


def check_quantities(data: CheckInput) -> list[Finding]:
    findings = []
    for row in data.rows:
        values = {
            **{f"introduce_q{i + 1}": v for i, v in enumerate(row.introduce)},
            **{f"admit_q{i + 1}": v for i, v in enumerate(row.admit)},
            "introduce_total": row.introduce_total,
            "admit_total": row.admit_total,
        }
        for column, value in values.items():
            if value is not None and (not isinstance(value, int) or value < 0):
                findings.append(
                    Finding(f"{row.name}: chỉ tiêu phải là số nguyên không âm.", row.key, column, "quantity")
                )
    return findings


def check_row_totals(data: CheckInput) -> list[Finding]:
    if not data.by_quarter:
        return []
    findings = []
    for row in data.rows:
        for kind, label, quarters, total in (
            ("introduce", "giới thiệu", row.introduce, row.introduce_total),
            ("admit", "kết nạp", row.admit, row.admit_total),
        ):
            summed = sum(v or 0 for v in quarters)
            if summed != total:
                findings.append(
                    Finding(
                        f"{row.name}: cộng {label} cả năm ghi {total} nhưng tổng các quý là {summed}.",
                        row.key,
                        f"{kind}_total",
                        "row_total",
                    )
                )
    return findings


def _org_rows(data: CheckInput) -> list[RowData]:
    return [r for r in data.rows if not r.is_coordination]


def check_coverage(data: CheckInput) -> list[Finding]:
    findings = []
    rows = _org_rows(data)
    admitted = sum(r.admit_total for r in rows)
    if data.total_target is None:
        findings.append(Finding("Kế hoạch chưa có chỉ tiêu chung (số lượng hoặc tỷ lệ).", None, None, "no_target"))
    elif data.has_children and admitted < data.total_target:
        findings.append(
            Finding(
                f"Tổng chỉ tiêu kết nạp giao cho các tổ chức là {admitted}, chưa đủ chỉ tiêu chung "
                f"{data.total_label or data.total_target} (còn thiếu {data.total_target - admitted}).",
                TOTAL_ROW,
                "admit_total",
                "target",
            )
        )
    for block in data.blocks:
        in_block = sum(r.admit_total for r in rows if r.block_id == block.block_id)
        if in_block < block.count:
            findings.append(
                Finding(
                    f"{block.name}: giao kết nạp {in_block}, chưa đủ chỉ tiêu của khối là {block.count} "
                    f"(còn thiếu {block.count - in_block}).",
                    TOTAL_ROW,
                    "admit_total",
                    "block",
                )
            )
    for each in data.each:
        for row in rows:
            if row.block_kind == each.block_kind and not row.exempt and row.admit_total < each.count:
                findings.append(
                    Finding(
                        f"{row.name}: {each.label} phải được giao kết nạp ít nhất {each.count}, "
                        f"hiện mới giao {row.admit_total}.",
                        row.key,
                        "admit_total",
                        "each",
                    )
                )
    return findings


def check_children(data: CheckInput) -> list[Finding]:
    findings = []
    keys = {r.key for r in data.rows}
    for key, name in data.children:
        if key not in keys:
            findings.append(
                Finding(
                    f"{name} chưa có dòng trong bảng giao chỉ tiêu: hãy giao chỉ tiêu hoặc ghi rõ lý do không giao.",
                    None,
                    None,
                    "missing_child",
                )
            )
    for row in data.rows:
        if row.exempt and not row.exempt_reason.strip():
            findings.append(
                Finding(f"{row.name}: không giao chỉ tiêu thì phải ghi lý do.", row.key, "exempt_reason", "exempt")
            )
    return findings


def check_against_given(data: CheckInput) -> list[Finding]:
    if data.given is None:
        return []
    findings = []
    own = data.own_target
    if own is not None and own < data.given.admit:
        source = f", {data.given.revision}" if data.given.revision else ""
        findings.append(
            Finding(
                f"Chỉ tiêu kết nạp của kế hoạch ({own}) thấp hơn chỉ tiêu {data.given.by} giao "
                f"({data.given.admit}{source}): "
                "kế hoạch cấp dưới có thể cao hơn nhưng không được thấp hơn.",
                None,
                None,
                "below_given",
            )
        )
    rows = _org_rows(data)
    if rows and data.given.introduce:
        introduced = sum(r.introduce_total for r in rows)
        if introduced < data.given.introduce:
            findings.append(
                Finding(
                    f"Tổng chỉ tiêu giới thiệu ({introduced}) thấp hơn chỉ tiêu {data.given.by} giao "
                    f"({data.given.introduce}).",
                    TOTAL_ROW,
                    "introduce_total",
                    "below_given",
                )
            )
    return findings
