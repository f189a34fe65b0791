"""The audit log an inspector can read: Vietnamese labels, names as they were, local
time, filters, .xlsx export, print layout, the events recorded, and rows that cannot
be changed or deleted."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ketnap.audit.context import acting_as
from ketnap.audit.models import AuditEvent, AuditImmutableError
from ketnap.audit.registry import record
from ketnap.orgs.enums import Role
from ketnap.orgs.models import Membership
from ketnap.pipeline.models import CandidatePriority
from ketnap.pipeline.services.candidates import update_person
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at, make_candidate

pytestmark = pytest.mark.django_db
PASSWORD = "ketnap-demo"


def _page(username: str, **params: str) -> str:
    response = client_for(username).get(reverse("audit:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_field_change_reads_in_vietnamese_with_names_as_they_were() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    board = get_user_model().objects.get(username="bxd.caominh")
    c = make_candidate(cell, actor=board)
    with acting_as(board):
        update_person(actor=board, candidate=c, person={"full_name": "Lò Thị Bản Cám"}, groups=())
    event = AuditEvent.objects.filter(model_label="pipeline.Candidate", object_id=str(c.pk), action="update").latest(
        "id"
    )
    assert event.user_name == "Ban Xây dựng Đảng xã Cao Minh (bxd.caominh)"
    assert event.organization_name == "Chi bộ Hưng Thịnh"
    labels = [row[0] for row in event.details]
    assert "Họ và tên" in labels or any(label.startswith("Họ") for label in labels), labels
    assert "full_name" not in " ".join(labels)
    # The organisation renamed later: the event keeps the name it had.
    cell.name = "Chi bộ Hưng Thịnh Mới"
    cell.save()
    event.refresh_from_db()
    assert event.organization_name == "Chi bộ Hưng Thịnh"
    html = _page("ubkt.caominh", action="update")
    assert "Lò Thị Bản Cám" in html
    assert "<code>" not in html


def test_foreign_keys_show_names_and_times_are_local() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    c = candidate_at(cell, "introduced")
    board = get_user_model().objects.get(username="bxd.caominh")
    event = AuditEvent.objects.filter(model_label="pipeline.StageEvent").latest("id")
    rows = {label: after for label, _before, after in event.details}
    assert rows.get("Chi bộ lúc đó") == "Chi bộ Hưng Thịnh", rows
    assert not any(value.isdigit() for value in rows.values() if value != "—")
    made = record("read", c, {"what": "thử"}, user=board)
    local = made.at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M")
    html = _page("bxd.caominh")
    assert local in html and "+00:00" not in html


def test_filters_by_kind_person_organisation_and_day() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    board = get_user_model().objects.get(username="bxd.caominh")
    c = make_candidate(cell, actor=board, full_name="Hà Văn Lọc")
    client_for("bxd.caominh").get(reverse("pipeline:detail", args=[c.pk]))
    reads = _page("ubkt.caominh", action="read", user=str(board.pk), organization=str(cell.pk))
    assert "Hà Văn Lọc" in reads and "Xem dữ liệu nhạy cảm" in reads
    creates_elsewhere = _page("ubkt.caominh", action="create", organization=str(org("Chi bộ Nặm Cáp").pk))
    assert "Hà Văn Lọc" not in creates_elsewhere
    tomorrow = (dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() + dt.timedelta(days=1)).isoformat()
    assert "Hà Văn Lọc" not in _page("ubkt.caominh", date_from=tomorrow)


def test_only_boards_and_inspectors_read_the_log() -> None:
    assert client_for("bithu.hungthinh").get(reverse("audit:list")).status_code == 403
    assert client_for("bithu.hungthinh").get(reverse("audit:export")).status_code == 403
    board = get_user_model().objects.get(username="bxd.caominh")
    make_candidate(org("Chi bộ Hưng Thịnh"), actor=board, full_name="Đinh Thị Phạm Vi")
    assert "Đinh Thị Phạm Vi" not in _page("bxd.dongtien")


def test_export_is_a_readable_workbook_and_is_itself_logged() -> None:
    board = get_user_model().objects.get(username="bxd.caominh")
    make_candidate(org("Chi bộ Hưng Thịnh"), actor=board, full_name='=HYPERLINK("x")')
    before = AuditEvent.objects.filter(action="export", changes__what="nhật ký").count()
    response = client_for("ubkt.caominh").get(reverse("audit:export"), {"action": "create"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[4]][:3] == ["Lúc", "Người thực hiện", "Thao tác"]
    values = [str(c.value) for row in sheet.iter_rows(min_row=5) for c in row if c.value]
    assert any(v.startswith("'=HYPERLINK") for v in values)
    assert "Tạo mới" in values
    assert sheet.page_setup.orientation == "landscape"
    assert AuditEvent.objects.filter(action="export", changes__what="nhật ký").count() == before + 1


def test_print_layout_fits_a4() -> None:
    html = _page("bxd.caominh")
    assert "audit/audit.css" in html and "data-print" in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("audit/audit.css"), encoding="utf-8").read()  # noqa: SIM115
    assert "A4 landscape" in css and "table-layout: fixed" in css


def test_logins_and_failed_logins_are_recorded() -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "bithu.hungthinh", "password": "sai-mat-khau"})
    assert response.status_code == 200
    failed = AuditEvent.objects.filter(action="login_failed").latest("id")
    assert failed.changes["username"] == "bithu.hungthinh"
    assert failed.organization_name == "Chi bộ Hưng Thịnh"
    response = client.post(reverse("login"), {"username": "bithu.hungthinh", "password": PASSWORD})
    assert response.status_code == 302
    ok = AuditEvent.objects.filter(action="login").latest("id")
    assert ok.user_name.endswith("(bithu.hungthinh)")
    html = _page("bxd.caominh", action="login_failed")
    assert "Đăng nhập thất bại" in html and "bithu.hungthinh" in html


def test_candidate_page_and_verification_reads_are_recorded() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), "introduced")
    before = AuditEvent.objects.filter(action="read", model_label="pipeline.Candidate", object_id=str(c.pk)).count()
    client_for("bithu.hungthinh").get(reverse("pipeline:detail", args=[c.pk]))
    after = AuditEvent.objects.filter(action="read", model_label="pipeline.Candidate", object_id=str(c.pk))
    assert after.count() == before + 1
    assert after.latest("id").user_name.endswith("(bithu.hungthinh)")


def test_user_and_role_changes_are_recorded() -> None:
    user_model = get_user_model()
    person = user_model.objects.create_user("thu.ky.moi", password="x-long-password-1")
    Membership.objects.create(user=person, organization=org("Chi bộ Hưng Thịnh"), role=Role.CELL_SECRETARY)
    person.email = "thu.ky@example.invalid"
    person.set_password("another-long-password-2")
    person.save()
    events = AuditEvent.objects.filter(model_label__in=["auth.User", "orgs.Membership"], object_repr__contains="thu.ky")
    actions = {(e.model_label, e.action) for e in events}
    assert ("orgs.Membership", "create") in actions and ("auth.User", "update") in actions
    update = events.filter(model_label="auth.User", action="update").latest("id")
    assert update.organization_name == "Chi bộ Hưng Thịnh"
    text = str(update.details)
    assert "thu.ky@example.invalid" in text and "pbkdf2" not in text and "md5" not in text
    role = events.get(model_label="orgs.Membership", action="create")
    assert ["Vai trò", "—", "Bí thư chi bộ"] in role.details


def test_priorities_and_mentor_endings_pass_the_audit() -> None:
    cell = org("Chi bộ Hưng Thịnh")
    board = get_user_model().objects.get(username="bxd.caominh")
    c = make_candidate(cell, actor=board)
    group = CandidatePriority._meta.get_field("group").choices[0][0]  # type: ignore[index]
    update_person(actor=board, candidate=c, person={}, groups=[group])
    assert AuditEvent.objects.filter(model_label="pipeline.CandidatePriority", action="create").exists()
    admitted = candidate_at(cell, "probationary")
    ended = [str(pk) for pk in admitted.mentors.filter(ended_on__isnull=False).values_list("pk", flat=True)]
    assert ended
    mentor_ends = AuditEvent.objects.filter(model_label="pipeline.Mentor", action="update", object_id__in=ended)
    assert mentor_ends.count() == len(ended)


def test_rows_cannot_be_changed_or_deleted() -> None:
    event = AuditEvent.objects.order_by("id").last() or AuditEvent.objects.create(
        action="read", model="x", model_label="x.Y", object_repr="x"
    )
    event.object_repr = "sửa lén"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="sửa lén")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
