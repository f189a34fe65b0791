"""Demo and real data never mix (issue 9, point 7)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from ketnap.orgs.building import add_organization
from ketnap.orgs.management.commands.load_demo import refusal

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_real_data_and_debug_off() -> None:
    assert refusal(debug=True) is None  # the demo database holds only demo rows
    assert "DEBUG" in (refusal(debug=False) or "")
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG đang tắt"):
        call_command("load_demo", stdout=StringIO())
    add_organization(actor=None, parent=None, name="Đảng bộ tỉnh Thật", kind="provincial")
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="1 tổ chức thật"):
        call_command("load_demo", stdout=StringIO())
