"""The P4 checks as pure functions, at their boundaries."""

from __future__ import annotations

from ketnap.plans.checks import BlockTarget, CheckInput, EachTarget, Given, RowData, run_checks

Quarters = tuple[int | None, ...]


def row(key: str, admit: int, *, block: int | None = None, kind: str = "", quarters: Quarters | None = None,
        exempt: bool = False, reason: str = "", coordination: bool = False, introduce: int = 0) -> RowData:  # fmt: skip
    return RowData(
        key=key, name=f"Chi bộ {key}", is_coordination=coordination, block_id=block, block_kind=kind,
        admit=quarters or (None, None, None, None), admit_total=admit, introduce_total=introduce,
        exempt=exempt, exempt_reason=reason,
    )  # fmt: skip


def codes(data: CheckInput) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.row, f.column) for f in run_checks(data)]


def test_exactly_covering_the_target_passes_and_one_short_fails() -> None:
    rows = [row("o1", 1), row("o2", 1)]
    assert codes(CheckInput(False, rows, total_target=2)) == []
    findings = run_checks(CheckInput(False, rows, total_target=3, total_label="3"))
    assert [(f.code, f.row) for f in findings] == [("target", "total")]
    assert "còn thiếu 1" in findings[0].message


def test_coordination_quotas_do_not_count_towards_the_target() -> None:
    rows = [row("o1", 1), row("m1", 5, coordination=True)]
    assert codes(CheckInput(False, rows, total_target=2)) == [("target", "total", "admit_total")]


def test_block_targets_dong_tien_boundary() -> None:
    blocks = [BlockTarget(1, "Khối chi bộ nông thôn", 3), BlockTarget(2, "Khối cơ quan", 3)]
    rows = [row("o1", 2, block=1), row("o2", 2, block=1), row("o3", 3, block=2)]
    assert codes(CheckInput(False, rows, total_target=6, blocks=blocks)) == []
    rows[2] = row("o3", 2, block=2)
    found = run_checks(CheckInput(False, rows, total_target=6, blocks=blocks))
    assert [f.code for f in found] == ["block"] and "Khối cơ quan: giao kết nạp 2" in found[0].message


def test_each_school_cell_needs_its_minimum_unless_exempt() -> None:
    each = [EachTarget("schools", "mỗi tổ chức thuộc khối trường học", 1)]
    rows = [row("o1", 1, kind="schools"), row("o2", 0, kind="schools"), row("o3", 0, kind="rural"),
            row("o4", 0, kind="schools", exempt=True, reason="Chi bộ mới thành lập")]  # fmt: skip
    assert codes(CheckInput(False, rows, total_target=1, each=each)) == [("each", "o2", "admit_total")]


def test_row_totals_must_equal_the_quarters() -> None:
    rows = [row("o1", 2, quarters=(0, 1, 1, 0)), row("o2", 2, quarters=(0, 1, 0, 0))]
    assert codes(CheckInput(True, rows, total_target=4)) == [("row_total", "o2", "admit_total")]


def test_negative_or_fractional_values_are_flagged_on_their_cell() -> None:
    bad = RowData("o1", "Chi bộ A", admit=(None, -1, None, None), admit_total=1)
    assert ("quantity", "o1", "admit_q2") in codes(CheckInput(False, [bad], total_target=1))


def test_every_child_needs_a_row_or_an_exemption_with_reason() -> None:
    rows = [row("o1", 1), row("o2", 0, exempt=True)]
    found = codes(CheckInput(False, rows, total_target=1, children=[("o1", "A"), ("o2", "B"), ("o3", "C")]))
    assert found == [("missing_child", None, None), ("exempt", "o2", "exempt_reason")]


def test_child_plan_may_exceed_but_not_fall_below_what_it_was_given() -> None:
    given = Given(admit=2, introduce=3, by="Đảng bộ xã Cao Minh")
    assert codes(CheckInput(False, [], total_target=2, own_target=2, given=given, has_children=False)) == []
    assert codes(CheckInput(False, [], total_target=5, own_target=5, given=given, has_children=False)) == []
    found = run_checks(CheckInput(False, [], total_target=1, own_target=1, given=given, has_children=False))
    assert [f.code for f in found] == ["below_given"] and "thấp hơn chỉ tiêu Đảng bộ xã Cao Minh giao (2)" in found[
        0
    ].message
    rows = [row("o1", 2, introduce=2)]
    assert [c[0] for c in codes(CheckInput(False, rows, total_target=2, own_target=2, given=given))] == ["below_given"]


def test_missing_target_is_reported() -> None:
    assert codes(CheckInput(False, [row("o1", 1)])) == [("no_target", None, None)]
