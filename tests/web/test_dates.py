"""Date inputs written dd/mm/yyyy whatever the browser's language (issue 16, point 3).

Every date field of every web form is the one `DayInput` text widget read by a
`DayField`: shown and typed dd/mm/yyyy, ISO still accepted (links, the API). The
filter forms' `?on=` travels dd/mm/yyyy and reaches the views as ISO."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import pytest
from django import forms
from django.urls import reverse

import ketnap
from ketnap.pipeline.enums import Stage
from ketnap.web.dates import DayField, DayInput, iso_day
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at

SECRETARY, BOARD = "bithu.hungthinh", "bxd.caominh"


def test_the_field_reads_vietnamese_and_iso_days() -> None:
    field = DayField()
    assert field.clean("05/03/2026") == date(2026, 3, 5)
    assert field.clean("5/3/2026") == date(2026, 3, 5)
    assert field.clean("2026-03-05") == date(2026, 3, 5)  # links and API clients
    with pytest.raises(forms.ValidationError) as bad:
        field.clean("03/31/2026")  # an American month-first day is refused, not misread
    assert bad.value.messages == ["Nhập ngày dạng ngày/tháng/năm, ví dụ 05/03/2026."]


def test_the_widget_shows_dd_mm_yyyy_as_text() -> None:
    html = DayInput().render("on", date(2026, 3, 5), attrs={"id": "on", "min": "2026-01-01"})
    assert 'type="text"' in html and 'value="05/03/2026"' in html
    assert 'inputmode="numeric"' in html and 'placeholder="dd/mm/yyyy"' in html and "data-day" in html
    assert 'data-min="2026-01-01"' in html and ' min="' not in html  # for the calendar picker
    assert 'type="date"' not in html


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(ketnap.__path__, "ketnap."):
        if module.name.rsplit(".", 1)[-1].startswith(("forms", "views")) or ".views." in module.name:
            importlib.import_module(module.name)
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("ketnap."):
            found.append(cls)
    return found


def test_every_date_field_of_every_form_is_the_one_widget() -> None:
    """A guard for new forms: a model form's date column or a declared date field that
    is not the dd/mm/yyyy widget would show the browser's locale again."""
    classes = _form_classes()
    assert len(classes) > 30
    wrong = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField)
        and not isinstance(field, forms.DateTimeField)
        and not (isinstance(field, DayField) and isinstance(field.widget, DayInput))
    ]
    assert wrong == []


@pytest.mark.django_db
def test_a_step_form_shows_and_takes_dd_mm_yyyy() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER)
    url = reverse("pipeline:step", args=[c.pk, "withdraw"])
    client = client_for(SECRETARY)
    page = client.get(url).content.decode()
    assert 'name="on"' in page and 'type="date"' not in page and 'placeholder="dd/mm/yyyy"' in page
    response = client.post(url, {"on": "02/06/2025", "reason": "Xin thôi", "approval": ""})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.stage == Stage.WITHDRAWN and c.stage_since == date(2025, 6, 2)


@pytest.mark.django_db
def test_a_wrong_day_is_said_in_vietnamese_on_the_form() -> None:
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER)
    url = reverse("pipeline:step", args=[c.pk, "withdraw"])
    html = client_for(SECRETARY).post(url, {"on": "31/02/2025", "reason": "x"}).content.decode()
    assert "Nhập ngày dạng ngày/tháng/năm" in html and 'value="31/02/2025"' in html  # what was typed is kept


@pytest.mark.django_db
def test_filter_forms_send_dd_mm_yyyy_and_views_read_it() -> None:
    commune = org("Đảng bộ xã Cao Minh")
    client = client_for(BOARD)
    page = client.get(reverse("monitoring:dashboard", args=[commune.pk]), {"on": "05/03/2026"}).content.decode()
    assert 'data-testid="as-of">05/03/2026<' in page and 'value="05/03/2026"' in page
    assert 'type="date"' not in page
    iso = client.get(reverse("monitoring:dashboard", args=[commune.pk]), {"on": "2026-03-05"}).content.decode()
    assert 'data-testid="as-of">05/03/2026<' in iso
    bad = client.get(reverse("monitoring:dashboard", args=[commune.pk]), {"on": "31/02/2026"})
    assert bad.status_code == 400 and "ngày/tháng/năm" in bad.content.decode()


def test_iso_day() -> None:
    assert iso_day("05/03/2026") == "2026-03-05"
    assert iso_day(" 5.3.2026 ") == "2026-03-05"
    assert iso_day("2026-03-05") is None  # already ISO: left alone
    assert iso_day("30/02/2026") is None
