"""The exempt flag and its reason survive export → import (Excel and Word)."""

from __future__ import annotations

from datetime import date

import pytest

from ketnap.orgs.enums import Role
from ketnap.plans import exports, services
from ketnap.plans.importer import import_allocations, split_note
from ketnap.plans.models import Allocation
from tests.orgs.helpers import make_child, make_root, make_user


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Không giao: Chi bộ mới sáp nhập", (True, "Chi bộ mới sáp nhập", "")),
        ("Không giao: Mới thành lập; nguồn ở thôn 2", (True, "Mới thành lập", "nguồn ở thôn 2")),
        ("không giao chỉ tiêu: đang kiện toàn", (True, "đang kiện toàn", "")),
        ("Nguồn tốt", (False, "", "Nguồn tốt")),
        ("", (False, "", "")),
    ],
)
def test_the_note_column_is_read_back_into_the_exemption(text: str, expected: tuple[bool, str, str]) -> None:
    assert split_note(text) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_exempt_and_reason_survive_a_round_trip(fmt: str) -> None:
    root = make_root("Đảng bộ tỉnh Khứ Hồi")
    committee = make_child(root, "Đảng bộ xã Khứ Hồi", kind="grassroots_committee")
    cells = [make_child(committee, f"Chi bộ Đồi {i}") for i in range(1, 4)]
    user = make_user(f"bxd.khuhoi.{fmt}", committee, Role.ORGANIZING_BOARD)
    plan = services.create_plan(committee, actor=user, year=2026, target=services.TargetInput(count=2))
    rows = {r.organization_id: r for r in plan.revisions.get().allocations.all()}
    services.update_cell(rows[cells[0].pk], actor=user, field="admit_total", raw="2")
    services.update_cell(rows[cells[1].pk], actor=user, field="exempt", raw="1")
    services.update_cell(rows[cells[1].pk], actor=user, field="exempt_reason", raw="Chi bộ mới sáp nhập")
    services.update_cell(rows[cells[1].pk], actor=user, field="note", raw="xem lại quý III")
    services.update_cell(rows[cells[2].pk], actor=user, field="note", raw="Nguồn tốt")
    services.issue_plan(plan, actor=user, on=date(2026, 1, 5))
    revision = plan.revisions.get()
    data = exports.plan_xlsx(plan, revision) if fmt == "xlsx" else exports.plan_docx(plan, revision)
    result = import_allocations(org=committee, year=2027, data=data, filename=f"ke-hoach.{fmt}", actor=user)
    assert result.ok, [str(i) for i in result.outcome.issues]
    shown = {a["organization"]: (a["exempt"], a["exempt_reason"], a["note"]) for a in result.as_json()["allocations"]}
    assert shown["Chi bộ Đồi 2"] == (True, "Chi bộ mới sáp nhập", "xem lại quý III")
    assert shown["Chi bộ Đồi 3"] == (False, "", "Nguồn tốt")
    stored = Allocation.objects.get(revision__plan__year=2027, organization=cells[1])
    assert (stored.exempt, stored.exempt_reason, stored.note) == (True, "Chi bộ mới sáp nhập", "xem lại quý III")
