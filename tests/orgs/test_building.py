"""Adding and editing organisations, blocks and mass organisations (issue 9, point 2):
the board of a level within its subtree, refusals in Vietnamese, audited."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from ketnap.audit.models import AuditEvent
from ketnap.orgs.building import add_organization, edit_organization, save_block, save_mass_organization
from ketnap.orgs.models import Organization
from tests.orgs.helpers import make_root, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune() -> Organization:
    return add_organization(actor=None, parent=make_root(), name="Đảng bộ xã Thử", kind="grassroots_committee")


def test_board_adds_a_cell_in_its_subtree_audited(commune: Organization) -> None:
    board = make_user("bxd.thu", commune, "organizing_board")
    block = save_block(actor=board, committee=commune, name="Khối nông thôn", kind="rural")
    cell = add_organization(actor=board, parent=commune, name="Chi bộ Thôn Một", kind="cell", block=block)
    assert Organization.objects.get_parent(cell) == commune and cell.block == block and cell.code
    assert AuditEvent.objects.filter(object_id=str(cell.pk)).exists()
    edited = edit_organization(cell, actor=board, name="Chi bộ Thôn 1", kind="cell", block=None, code=cell.code,
                               valid_from=None)  # fmt: skip
    assert edited.name == "Chi bộ Thôn 1"


def test_refusals(commune: Organization) -> None:
    board = make_user("bxd.thu", commune, "organizing_board")
    cell = add_organization(actor=board, parent=commune, name="Chi bộ Một", kind="cell", code="C1")
    with pytest.raises(ValidationError, match="chi bộ không có tổ chức đảng trực thuộc"):
        add_organization(actor=board, parent=cell, name="Chi bộ Con", kind="cell")
    with pytest.raises(ValidationError, match="Mã “C1” đã được dùng"):
        add_organization(actor=board, parent=commune, name="Chi bộ Hai", kind="cell", code="C1")
    with pytest.raises(ValidationError, match="đã có tổ chức tên"):
        add_organization(actor=board, parent=commune, name="chi bộ  một", kind="cell")
    with pytest.raises(ValidationError, match="không thể trực thuộc"):
        add_organization(actor=board, parent=commune, name="Đảng bộ tỉnh Lạ", kind="provincial")
    with pytest.raises(ValidationError, match="đã có khối"):
        save_block(actor=board, committee=commune, name="Khối A", kind="rural")
        save_block(actor=board, committee=commune, name="khối a", kind="rural")
    with pytest.raises(ValidationError, match="Chi bộ không chia khối"):
        save_block(actor=board, committee=cell, name="Khối B", kind="rural")
    # "Bản Cám" and "Bản Cầm" are two names: both may exist side by side.
    add_organization(actor=board, parent=commune, name="Chi bộ Bản Cầm", kind="cell")
    add_organization(actor=board, parent=commune, name="Chi bộ Bản Cám", kind="cell")


def test_rights(commune: Organization) -> None:
    other = add_organization(actor=None, parent=make_root("Đảng bộ tỉnh Khác"), name="Đảng bộ xã Khác",
                             kind="grassroots_committee")  # fmt: skip
    board = make_user("bxd.thu", commune, "organizing_board")
    secretary = make_user("bithu.thu", commune, "cell_secretary")
    with pytest.raises(PermissionDenied):
        add_organization(actor=board, parent=other, name="Chi bộ X", kind="cell")
    with pytest.raises(PermissionDenied):
        add_organization(actor=secretary, parent=commune, name="Chi bộ X", kind="cell")
    with pytest.raises(PermissionDenied, match="cấp cao nhất"):
        add_organization(actor=board, parent=None, name="Đảng bộ tỉnh Y", kind="provincial")
    with pytest.raises(PermissionDenied):
        save_mass_organization(actor=board, committee=other, name="Hội Nông dân", kind="farmers")
    mass = save_mass_organization(actor=board, committee=commune, name="Hội Nông dân xã", kind="farmers")
    assert mass.committee == commune


def test_add_organization_command(commune: Organization) -> None:
    out = StringIO()
    call_command("add_organization", "Chi bộ Thôn Hai", kind="cell", parent=commune.name, block="rural",
                 valid_from="2026-01-01", format="json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["ok"] and data["organization"]["parent"] == "Đảng bộ xã Thử"
    assert data["organization"]["block"] == "rural" and data["organization"]["valid_from"] == "2026-01-01"
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("add_organization", "Chi bộ Con", kind="cell", parent=data["organization"]["code"],
                     format="json", stdout=out)  # fmt: skip
    assert exit_.value.code == 1 and "chi bộ không có" in json.loads(out.getvalue())["errors"][0]
