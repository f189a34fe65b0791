"""Demo and real data never mix (issue 9, point 7)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from ketnap.accounts.services import create_account
from ketnap.audit.models import AuditEvent
from ketnap.audit.registry import record
from ketnap.orgs.building import add_organization
from ketnap.orgs.demo.loader import DEMO_LOGINS
from ketnap.orgs.enums import MemberStatus, Role
from ketnap.orgs.management.commands.load_demo import refusal
from ketnap.orgs.models import Member, Membership, Organization
from ketnap.pipeline.models import Candidate
from ketnap.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_real_data_and_debug_off() -> None:
    assert refusal(debug=True) is None  # the demo database holds only demo rows
    assert "DEBUG" in (refusal(debug=False) or "")
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG đang tắt"):
        call_command("load_demo", stdout=StringIO())
    add_organization(actor=None, parent=None, name="Đảng bộ tỉnh Thật", kind="provincial")
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="1 tổ chức thật"):
        call_command("load_demo", stdout=StringIO())


def _remove(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("remove_demo", "--format", "json", *args, stdout=out)
    return dict(json.loads(out.getvalue()))


def _demo_rows() -> int:
    return sum(
        m._base_manager.filter(is_demo=True).count()
        for m in apps.get_models()
        if any(f.name == "is_demo" for f in m._meta.concrete_fields)
    )


def test_remove_demo_deletes_every_demo_row_and_nothing_else() -> None:
    province = add_organization(actor=None, parent=None, name="Đảng bộ tỉnh Thật", kind="provincial")
    commune = add_organization(actor=None, parent=province, name="Đảng bộ xã Thật", kind="grassroots_committee")
    member = Member.objects.create(organization=commune, full_name="Nguyễn Văn Thật", status=MemberStatus.OFFICIAL)
    board = create_account(
        actor=None, username="bxd.that", org=commune, role=Role.ORGANIZING_BOARD, on=date(2026, 7, 1)
    )
    demo_login = get_user_model().objects.get(username=DEMO_LOGINS[0].username)
    record("security", commune, {"what": "thử"}, user=demo_login)  # a real event by a demo login keeps its row
    assert _demo_rows() > 100 and Candidate.objects.exists() and Plan.objects.exists()
    roots = list(Organization.objects.filter(is_demo=True, depth=1).values_list("path", flat=True))
    assert roots and AuditEvent.objects.filter(org_path__startswith=roots[0]).exists()
    data = _remove()
    assert data["ok"] and data["deleted"]["orgs.Organization"] > 10 and data["deleted"]["pipeline.Candidate"] > 0
    assert _demo_rows() == 0 and not Candidate.objects.exists() and not Plan.objects.exists()
    assert not get_user_model().objects.filter(username__in=[d.username for d in DEMO_LOGINS]).exists()
    assert set(Organization.objects.values_list("name", flat=True)) == {"Đảng bộ tỉnh Thật", "Đảng bộ xã Thật"}
    assert Member.objects.get() == member and Membership.objects.get().user == board
    assert not AuditEvent.objects.filter(org_path__startswith=roots[0]).exists()
    assert AuditEvent.objects.filter(organization=commune, user=None, user_name__contains="tinh").exists()
    assert _remove()["deleted"] == {}  # a second run finds nothing


def test_remove_demo_dry_run_and_refusal_delete_nothing() -> None:
    before = _demo_rows()
    assert _remove("--dry-run")["deleted"]["orgs.Organization"] > 10 and _demo_rows() == before
    cell = Organization.objects.get(name="Chi bộ Hưng Thịnh", is_demo=True)
    Organization.objects.filter(pk=cell.pk).update(is_demo=False)  # a real cell inside the demo tree
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("remove_demo", "--format", "json", stdout=out, stderr=StringIO())
    assert "Chi bộ Hưng Thịnh" in json.loads(out.getvalue())["error"]
    assert _demo_rows() == before - 1
