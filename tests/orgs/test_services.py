"""Use cases of the organisation domain: rights, audit, moves, headcounts."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ketnap.audit.context import acting_as
from ketnap.audit.models import AuditEvent
from ketnap.orgs import services
from ketnap.orgs.enums import MemberStatus, OrganizationKind, Role
from ketnap.orgs.models import Member, MemberCount, Organization
from tests.orgs.helpers import make_child, make_user

pytestmark = pytest.mark.django_db


def test_record_member_count_creates_then_corrects(hung_thinh: Organization) -> None:
    secretary = make_user("s", hung_thinh, Role.CELL_SECRETARY)
    with acting_as(secretary):
        services.record_member_count(hung_thinh, actor=secretary, on=date(2026, 3, 31), official=30, probationary=2)
        services.record_member_count(hung_thinh, actor=secretary, on=date(2026, 3, 31), official=31, probationary=1)
    count = MemberCount.objects.get(organization=hung_thinh, counted_on=date(2026, 3, 31))
    assert (count.official, count.probationary) == (31, 1)
    events = AuditEvent.objects.filter(model_label="orgs.MemberCount", object_id=str(count.pk)).order_by("id")
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes == {"official": [30, 31], "probationary": [2, 1]}
    assert events[1].user == secretary
    assert events[1].org_path == hung_thinh.path


def test_inspector_cannot_record_headcounts(cao_minh: Organization, hung_thinh: Organization) -> None:
    inspector = make_user("i", cao_minh, Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        services.record_member_count(hung_thinh, actor=inspector, on=date(2026, 1, 1), official=1, probationary=0)


def test_secretary_cannot_record_for_another_cell(hung_thinh: Organization, nam_cap: Organization) -> None:
    secretary = make_user("s", hung_thinh, Role.CELL_SECRETARY)
    with pytest.raises(PermissionDenied):
        services.record_member_count(nam_cap, actor=secretary, on=date(2026, 1, 1), official=1, probationary=0)


def test_negative_headcount_refused(hung_thinh: Organization) -> None:
    secretary = make_user("s", hung_thinh, Role.CELL_SECRETARY)
    with pytest.raises(ValidationError):
        services.record_member_count(hung_thinh, actor=secretary, on=date(2026, 1, 1), official=-1, probationary=0)


def test_move_records_history_and_audit(cao_minh: Organization) -> None:
    board = make_user("b", cao_minh, Role.ORGANIZING_BOARD)
    sub = Organization.objects.get(name="Đảng bộ các cơ quan Đảng")
    cell = Organization.objects.get(name="Chi bộ Trạm Y tế")
    with acting_as(board):
        services.move_organization(cell, sub, actor=board, effective_on=date(2026, 4, 1), reason="Sắp xếp lại")
    cell.refresh_from_db()
    assert cell.path.startswith(sub.path) and cell.depth == sub.depth + 1
    move = cell.moves.get()
    assert (move.old_parent_name, move.new_parent_name) == ("Đảng bộ xã Cao Minh", "Đảng bộ các cơ quan Đảng")
    assert AuditEvent.objects.filter(action="move", object_id=str(cell.pk), user=board).exists()


def test_move_into_own_subtree_is_refused(cao_minh: Organization) -> None:
    board = make_user("b", cao_minh, Role.ORGANIZING_BOARD)
    province = Organization.objects.get_parent(cao_minh)
    board2 = make_user("p", province, Role.ORGANIZING_BOARD)
    inner = make_child(cao_minh, "Đảng bộ bộ phận Thử", OrganizationKind.SUB_COMMITTEE)
    with pytest.raises(ValidationError):
        services.move_organization(cao_minh, inner, actor=board2, effective_on=date(2026, 1, 1), reason="")
    with pytest.raises(ValidationError):
        services.move_organization(cao_minh, cao_minh, actor=board2, effective_on=date(2026, 1, 1), reason="")
    with pytest.raises(PermissionDenied):  # the commune board cannot move its own committee
        services.move_organization(cao_minh, province, actor=board, effective_on=date(2026, 1, 1), reason="")


def test_save_member_fills_sort_and_search(hung_thinh: Organization) -> None:
    secretary = make_user("s", hung_thinh, Role.CELL_SECRETARY)
    member = services.save_member(
        Member(organization=hung_thinh, full_name="Nông Thị  Ánh", status=MemberStatus.OFFICIAL), actor=secretary
    )
    assert member.search_text == "nong thi anh"
    with pytest.raises(ValidationError):
        services.save_member(
            Member(
                organization=hung_thinh,
                full_name="Lò Văn Bình",
                admission_date=date(2025, 5, 1),
                official_date=date(2024, 5, 1),
            ),
            actor=secretary,
        )


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Đảng bộ xã Cao Minh", OrganizationKind.GRASSROOTS_COMMITTEE, "Đảng ủy xã Cao Minh"),
        ("Đảng bộ các cơ quan Đảng", OrganizationKind.SUB_COMMITTEE, "Đảng ủy các cơ quan Đảng"),
        ("Chi bộ Hưng Thịnh", OrganizationKind.CELL, "Chi bộ Hưng Thịnh"),
        ("Đảng bộ Trường THPT", OrganizationKind.CELL, "Đảng bộ Trường THPT"),
    ],
)
def test_committee_name(name: str, kind: str, expected: str) -> None:
    assert Organization(name=name, kind=kind).committee_name == expected
