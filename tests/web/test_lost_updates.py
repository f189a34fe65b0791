"""No lost update on any edit form (issue 17, point 3): for each kind of editable
record, two people open the form, both change it, both save. The first save lands;
the second is refused with the first person's value shown and nothing overwritten;
saved again from the refusal page (which now carries the current version) it lands.

Table-driven over every edit form: organisation, plan (with its overall target),
candidate's personal record, periodic report, verification record, dossier papers,
a mentor's plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from ketnap.audit.context import acting_as
from ketnap.core import versions
from ketnap.monitoring import services as monitoring
from ketnap.monitoring.enums import RoundKind
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import Candidate, DossierItem, Verification
from ketnap.plans import services as plans
from ketnap.plans.models import Plan
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at
from tests.web.test_access import BOARD, SECRETARY

pytestmark = pytest.mark.django_db

YOUTH = "Đoàn TNCS Hồ Chí Minh"


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """What a browser posts back for `form` untouched: every field's shown value
    (files left out, unticked boxes absent), the hidden read version included."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = field.prepare_value(form[name].value())
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
            continue
        shown = field.widget.format_value(value)
        if isinstance(shown, list) and not getattr(field.widget, "allow_multiple_selected", False):
            shown = shown[0] if shown else ""
        if shown is not None:
            data[name] = shown
    return data


@dataclass(frozen=True)
class Kind:
    """One kind of editable record: who edits it, how to make one, the field both change."""

    name: str
    persona: str
    make: Callable[[], tuple[Any, ...]]  # → (edit URL, stored value of `field`[, fields to post])
    field: str
    first: str = "Giá trị của người thứ nhất"
    second: str = "Giá trị của người thứ hai"


def _organization() -> tuple[str, Callable[[], Any]]:
    cell = org("Chi bộ Nặm Cáp")
    return reverse("orgs:edit", args=[cell.pk]), lambda: type(cell).objects.get(pk=cell.pk).note


def _plan() -> tuple[str, Callable[[], Any]]:
    with acting_as(None):
        plan = plans.create_plan(
            org("Đảng bộ xã Cao Minh"), actor=plans.SYSTEM, year=2027, target=plans.TargetInput(count=45)
        )
    return reverse("plans:edit", args=[plan.pk]), lambda: Plan.objects.get(pk=plan.pk).purpose


def _plan_target() -> tuple[str, Callable[[], Any]]:
    url, _ = _plan()
    pk = int(url.strip("/").split("/")[-2])
    return url, lambda: str(Plan.objects.get(pk=pk).targets.get(scope="total").count)


def _candidate() -> tuple[str, Callable[[], Any]]:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER, by=YOUTH)
    return reverse("pipeline:edit", args=[c.pk]), lambda: Candidate.objects.get(pk=c.pk).note


def _report() -> tuple[str, Callable[[], Any]]:
    data = monitoring.RoundInput(RoundKind.QUARTERLY, 2026, due_on=date(2027, 1, 5), quarter=4)
    q4 = monitoring.open_round(org("Đảng bộ xã Cao Minh"), data, actor=plans.SYSTEM)
    report = q4.reports.get(organization=org("Chi bộ Hưng Thịnh"))
    return reverse("monitoring:report", args=[report.pk]), lambda: type(report).objects.get(pk=report.pk).results


def _verification() -> tuple[str, Callable[[], Any]]:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.DOSSIER, by=YOUTH)
    v = Verification.objects.create(candidate=c, relation="father", full_name="Nguyễn Văn Bố")
    url = reverse("pipeline:step_on", args=[c.pk, "record_verification", v.pk])
    return url, lambda: Verification.objects.get(pk=v.pk).result_note


def _dossier() -> tuple[str, Callable[[], Any]]:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.DOSSIER, by=YOUTH)

    def stored() -> Any:
        item = DossierItem.objects.filter(dossier__candidate=c, code="1-KNĐ").first()
        return item.document_number if item else None

    return reverse("pipeline:step", args=[c.pk, "update_dossier"]), stored


def _mentor_plan() -> tuple[str, Callable[[], Any], dict[str, str]]:
    from ketnap.orgs.models import Member
    from ketnap.pipeline.models import Mentor
    from ketnap.pipeline.services import mentoring

    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER, by=YOUTH)
    member = Member.objects.filter(organization=c.organization, status="official").order_by("admission_date").first()
    mentor = mentoring.assign_mentor(c, member, actor=None, phase="candidate", assigned_on=c.stage_since)
    url = reverse("pipeline:step", args=[c.pk, "approve_mentor_plan"])
    return url, lambda: Mentor.objects.get(pk=mentor.pk).plan, {"mentor": str(mentor.pk), "approved_on": "2025-03-10"}


KINDS = [
    Kind("organisation", BOARD, _organization, "note"),
    Kind("plan", BOARD, _plan, "purpose"),
    Kind("plan target", BOARD, _plan_target, "target_count", first="46", second="47"),
    Kind("candidate", SECRETARY, _candidate, "note"),
    Kind("periodic report", SECRETARY, _report, "results"),
    Kind("verification", SECRETARY, _verification, "result_note"),
    Kind("dossier", SECRETARY, _dossier, "1-KNĐ__number", first="12-ĐXV", second="13-ĐXV"),
    Kind("mentor plan", SECRETARY, _mentor_plan, "plan"),
]


def _open(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response.context["form"])
    assert data.get(versions.FIELD), "the edit form carries its read version"
    return data


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_second_save_from_an_older_read_is_refused_and_overwrites_nothing(kind: Kind) -> None:
    url, stored, *more = kind.make()
    one, two = client_for(kind.persona), client_for(kind.persona)
    first, second = _open(one, url), _open(two, url)  # two reads
    for data in (first, second):
        data.update(more[0] if more else {})
    if kind.name == "dossier":  # a paper with a number is one that was received
        for data in (first, second):
            data.update({"1-KNĐ__status": "received", "1-KNĐ__received_on": "2025-05-06"})

    saved = one.post(url, {**first, kind.field: kind.first})
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    assert str(stored()) == kind.first

    refused = two.post(url, {**second, kind.field: kind.second})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Người khác đã sửa bản ghi này" in html and kind.first in html  # the other person's value shown
    assert str(stored()) == kind.first  # nothing overwritten

    again = form_data(refused.context["form"])  # the refusal page carries the current version
    assert again[versions.FIELD] != second[versions.FIELD]
    assert two.post(url, {**again, kind.field: kind.second}).status_code == 302
    assert str(stored()) == kind.second


def test_a_save_without_any_read_version_that_changes_a_value_is_refused() -> None:
    url, stored = _organization()
    data = {k: v for k, v in _open(client_for(BOARD), url).items() if k != versions.FIELD}
    response = client_for(BOARD).post(url, {**data, "note": "Không rõ đã đọc lúc nào"})
    assert response.status_code == 200 and "Người khác đã sửa bản ghi này" in response.content.decode()
    assert stored() != "Không rõ đã đọc lúc nào"


def test_a_stage_move_does_not_spoil_an_open_person_form() -> None:
    """The version covers only what the form edits: a step recorded meanwhile on the
    same candidate (their stage changes) leaves the open edit form valid."""
    url, stored = _candidate()
    c = Candidate.objects.get(pk=int(url.strip("/").split("/")[-2]))
    data = _open(client_for(SECRETARY), url)
    Candidate.objects.filter(pk=c.pk).update(stage_since=date(2025, 3, 1))
    assert client_for(SECRETARY).post(url, {**data, "note": "Sau khi chuyển bước"}).status_code == 302
    assert stored() == "Sau khi chuyển bước"
