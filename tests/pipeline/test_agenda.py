"""The agenda (C11): what is due and overdue for each user on a chosen day, computed
with the charter's working-day calendar; the navigation badge counts it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ketnap.pipeline.enums import MentorPhase, Stage
from ketnap.pipeline.journey import Timetable
from ketnap.pipeline.models import Mentor
from ketnap.pipeline.rules import Rules
from ketnap.pipeline.selectors.agenda import agenda, badge_count
from ketnap.pipeline.selectors.dues import quarters_between
from ketnap.pipeline.services import dossier
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at

pytestmark = pytest.mark.django_db


def user(username: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=username)


def items_for(username: str, on: date, candidate=None):  # type: ignore[no-untyped-def]
    found = agenda(user(username), on)
    return [i for i in found if candidate is None or i.candidate == candidate]


def test_ceremony_due_from_the_decisions_receipt(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.ADMITTED, Timetable(listed=date(2025, 1, 6), decision=date(2026, 9, 18)))
    limit = Rules().deadline("ceremony", c.admission_decision.received_on).date
    (item,) = [i for i in items_for("bithu.hungthinh", limit, c) if i.kind == "ceremony"]
    assert item.due == limit and item.status == "due" and "Tổ chức lễ kết nạp" in item.label
    (late,) = [i for i in items_for("bithu.hungthinh", limit + timedelta(days=1), c) if i.kind == "ceremony"]
    assert late.overdue


def test_decision_due_60_working_days_after_the_cell(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.COMMITTEE_REVIEW, Timetable(listed=date(2025, 1, 6), vote=date(2026, 7, 15)))
    limit = Rules().deadline("admission_decision", date(2026, 7, 15)).date
    kinds = {i.kind: i for i in items_for("bxd.caominh", limit - timedelta(days=3), c)}
    assert kinds["admission_decision"].due == limit and kinds["admission_decision"].status == "due"


def test_confirmation_review_announced_a_month_before_probation_ends(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.PROBATIONARY, Timetable(listed=date(2024, 6, 3), ceremony=date(2025, 12, 10)))
    end = date(2026, 12, 10)
    assert not [i for i in items_for("bithu.hungthinh", end - timedelta(days=31), c) if i.kind == "confirmation_review"]
    (item,) = [i for i in items_for("bithu.hungthinh", end - timedelta(days=30), c) if i.kind == "confirmation_review"]
    assert item.due == Rules().deadline("confirmation_review", end).date
    assert "hết dự bị ngày 10/12/2026" in item.label


def test_certificate_expiry_warned_90_days_ahead(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.CERTIFIED, Timetable(listed=date(2021, 9, 1), certified=date(2021, 10, 15)))
    expiry = date(2026, 10, 15)
    assert not [
        i for i in items_for("bithu.hungthinh", expiry - timedelta(days=91), c) if i.kind == "certificate_expiry"
    ]
    (item,) = [i for i in items_for("bithu.hungthinh", expiry + timedelta(days=1), c) if i.kind == "certificate_expiry"]
    assert item.overdue and item.due == expiry


def test_mentor_reports_overdue_each_quarter(hung_thinh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.SYMPATHIZER, Timetable(listed=date(2026, 1, 7)))
    from ketnap.orgs.models import Member
    from ketnap.pipeline.services import mentoring

    member = Member.objects.filter(organization=hung_thinh, official_date__lt=date(2020, 1, 1)).first()
    mentor = mentoring.assign_mentor(c, member, actor=None, phase=MentorPhase.CANDIDATE, assigned_on=date(2026, 1, 10))
    mentoring.submit_report(mentor, actor=None, year=2026, quarter=1, submitted_on=date(2026, 3, 31), content="Tốt")
    reports = [i for i in items_for("bithu.hungthinh", date(2026, 11, 5), c) if i.kind == "mentor_report"]
    expected = [(date(2026, 6, 30), "overdue"), (date(2026, 9, 30), "overdue"), (date(2026, 12, 31), "upcoming")]
    assert sorted((i.due, i.status) for i in reports) == expected
    assert isinstance(mentor, Mentor)
    assert quarters_between(date(2026, 2, 9), date(2026, 12, 31)) == [(2026, 1), (2026, 2), (2026, 3), (2026, 4)]


def test_dossier_send_up_deadline_for_dossiers_in_preparation(hung_thinh, cao_minh) -> None:  # type: ignore[no-untyped-def]
    c = candidate_at(hung_thinh, Stage.DOSSIER, Timetable(listed=date(2025, 11, 5), application=date(2026, 9, 1)))
    dossier.set_deadline(
        cao_minh, actor=user("bxd.caominh"), title="Gửi hồ sơ thẩm tra đợt 2", due_on=date(2026, 12, 1)
    )
    found = items_for("bithu.hungthinh", date(2026, 11, 20), c)
    (item,) = [i for i in found if i.label == "Gửi hồ sơ thẩm tra đợt 2"]
    assert item.kind == "dossier_deadline" and item.status == "due"


def test_monthly_review_due_per_cell() -> None:
    found = agenda(user("bithu.namcap"), date(2026, 11, 26))
    reviews = {i.label: i.status for i in found if i.kind == "sympathizer_review"}
    assert reviews == {
        "Xét danh sách cảm tình đảng tháng 10/2026": "overdue",
        "Xét danh sách cảm tình đảng tháng 11/2026": "due",
    }


def test_scope_per_role() -> None:
    day = date(2026, 11, 26)
    board = agenda(user("bxd.caominh"), day)
    cao_minh = org("Đảng bộ xã Cao Minh")
    assert board and all(i.organization.path.startswith(cao_minh.path) for i in board)
    secretary = agenda(user("bithu.hungthinh"), day)
    assert secretary and all(i.organization.name == "Chi bộ Hưng Thịnh" for i in secretary)
    centre = agenda(user("ttct.caominh"), day)
    assert centre and {i.kind for i in centre} == {"certificate_expiry"}
    youth = agenda(user("doan.caominh"), day)
    assert all(i.candidate is not None and i.candidate.introduction.mass_organization.name == "Đoàn TNCS Hồ Chí Minh"
               for i in youth)  # fmt: skip
    assert not [i for i in agenda(user("bxd.dongtien"), day) if i.organization.path.startswith(cao_minh.path)]


def test_badge_counts_overdue_and_due() -> None:
    day = date(2026, 11, 26)
    items = agenda(user("bithu.hungthinh"), day)
    expected = sum(1 for i in items if i.status in ("overdue", "due"))
    assert expected and badge_count(user("bithu.hungthinh"), day) == expected


def test_agenda_page_for_a_chosen_day() -> None:
    html = client_for("bithu.hungthinh").get(reverse("pipeline:agenda") + "?on=2026-11-26").content.decode()
    assert 'data-testid="agenda-overdue"' in html and "Tính đến ngày" in html
    assert "Xét danh sách cảm tình đảng tháng 11/2026" in html


def test_board_filters_by_cell_priority_group_and_year(cao_minh, hung_thinh, nam_cap) -> None:  # type: ignore[no-untyped-def]
    from ketnap.pipeline.selectors.board import board

    here = candidate_at(hung_thinh, Stage.SYMPATHIZER, Timetable(listed=date(2027, 3, 3)), occupation="pupil")
    here.priorities.create(group="student")
    there = candidate_at(nam_cap, Stage.SYMPATHIZER, Timetable(listed=date(2027, 3, 3)))

    def names(**filters):  # type: ignore[no-untyped-def]
        data = board(user("bxd.caominh"), cao_minh, date(2027, 4, 1), **filters)
        return {card.candidate.pk for col in data.columns for card in col.cards}

    assert {here.pk, there.pk} <= names()
    assert here.pk in names(cell=hung_thinh.pk) and there.pk not in names(cell=hung_thinh.pk)
    assert names(group="student") & {here.pk, there.pk} == {here.pk}
    assert {here.pk, there.pk} <= names(year=2027)
    assert here.pk not in names(year=2020)


def test_large_scope_asks_for_an_organisation_and_shows_no_badge(monkeypatch: pytest.MonkeyPatch) -> None:
    """A province's agenda is not one person's to-do list: choose a part first."""
    from ketnap.pipeline.selectors import agenda as agenda_module

    cell = org("Chi bộ Hưng Thịnh")
    monkeypatch.setattr(agenda_module, "LARGE_SCOPE", agenda_module.followed_count(user("bxd.caominh"), cell))
    client = client_for("tinh.thainguyen")
    page = client.get(reverse("pipeline:agenda"), {"on": "2026-11-26"}).content.decode()
    assert 'data-testid="agenda-choose"' in page and "Đảng bộ xã Cao Minh" in page
    assert 'data-testid="agenda-overdue"' not in page
    assert badge_count(user("tinh.thainguyen"), date(2026, 11, 26)) == 0
    chosen = client.get(reverse("pipeline:agenda"), {"on": "2026-11-26", "org": cell.pk}).content.decode()
    assert 'data-testid="agenda-choose"' not in chosen and "Chi bộ Hưng Thịnh" in chosen
    expected = agenda(user("tinh.thainguyen"), date(2026, 11, 26), within=cell)
    assert chosen.count("<tr data-kind=") == len(expected) > 0


def test_agenda_of_another_subtree_is_404() -> None:
    other = org("Đảng bộ xã Đồng Tiến")
    assert client_for("bxd.caominh").get(reverse("pipeline:agenda"), {"org": other.pk}).status_code == 404
