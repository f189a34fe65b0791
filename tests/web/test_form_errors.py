"""Forms that show their errors (issue 16, point 5), through the one partial web/_fields.html.

Required fields are marked (a star and aria-required); a failed submit answers with a
summary at the top linking to each field, the fields outlined (aria-invalid) and tied
to their message; the introduce form follows the paper form's order, in fieldsets,
and guesses no one's ethnicity or religion."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ketnap.pipeline.enums import Stage
from tests.conftest import client_for, org
from tests.pipeline.helpers import candidate_at

pytestmark = pytest.mark.django_db
SECRETARY, BOARD = "bithu.hungthinh", "bxd.caominh"


def _tag(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    found = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', html)
    assert found, element_id
    return found.group(0)


def test_introduce_form_marks_required_fields_and_guesses_nothing() -> None:
    html = client_for(SECRETARY).get(reverse("pipeline:introduce")).content.decode()
    assert 'aria-required="true"' in _tag(html, "id_full_name")
    assert re.search(r'<label class="form-label" for="id_full_name">Họ và tên <span class="req"', html)
    assert "aria-required" not in _tag(html, "id_phone")  # optional
    assert "Mục có dấu" in html and "là bắt buộc" in html
    # No ethnicity or religion chosen for the person: a required choice, its empty option in Vietnamese.
    ethnicity = html[html.index('id="id_ethnicity"') : html.index("</select>", html.index('id="id_ethnicity"'))]
    assert '<option value="" selected>— Chọn dân tộc —</option>' in ethnicity
    assert ethnicity.count("selected") == 1
    religion = html[html.index('id="id_religion"') : html.index("</select>", html.index('id="id_religion"'))]
    assert '<option value="" selected>— Chọn tôn giáo —</option>' in religion and religion.count("selected") == 1


def test_introduce_form_follows_the_paper_form_in_sections() -> None:
    html = client_for(SECRETARY).get(reverse("pipeline:introduce")).content.decode()
    order = [html.index(f'id="id_{name}"') for name in ("full_name", "birth", "sex", "ethnicity", "religion")]
    assert order == sorted(order)
    assert html.index('id="id_birth"') < html.index('id="id_note"')  # birth date no longer last
    legends = re.findall(r'<fieldset class="form-section"><legend class="h6">([^<]+)</legend>', html)
    assert legends[:3] == ["Ai giới thiệu, vào chi bộ nào", "Sơ yếu", "Trình độ, nghề nghiệp"]


def test_a_failed_submit_shows_a_summary_linking_to_each_field() -> None:
    response = client_for(SECRETARY).post(reverse("pipeline:introduce"), {"full_name": "", "phone": ""})
    html = response.content.decode()
    assert response.status_code == 200
    summary = html[html.index('data-testid="error-summary"') :]
    assert html.index('data-testid="error-summary"') < html.index('id="id_full_name"')  # at the top
    assert 'href="#id_full_name">Họ và tên: ' in summary and 'href="#id_ethnicity">Dân tộc: ' in summary
    assert 'tabindex="-1"' in html[html.rindex("<div", 0, html.index("data-error-summary")) :][:200]
    name = _tag(html, "id_full_name")
    assert 'aria-invalid="true"' in name and 'aria-describedby="id_full_name_error"' in name and "is-invalid" in name
    assert 'id="id_full_name_error"' in html
    assert "aria-invalid" not in _tag(html, "id_phone")


def test_the_summary_comes_with_every_form_of_the_shared_partial() -> None:
    """A step's form (pipeline/form.html → web/_fields.html): the same summary and marks."""
    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER)
    url = reverse("pipeline:step", args=[c.pk, "withdraw"])
    html = client_for(SECRETARY).post(url, {"on": "", "reason": ""}).content.decode()
    assert 'data-testid="error-summary"' in html and 'href="#id_on">Ngày hiệu lực: ' in html
    assert 'aria-invalid="true"' in _tag(html, "id_on") and 'aria-required="true"' in _tag(html, "id_on")


def test_a_whole_form_refusal_heads_the_summary() -> None:
    """A non-field error (here the login's) is the summary's first line, without a link."""
    from django.test import Client

    html = Client().post(reverse("login"), {"username": "nobody", "password": "x"}).content.decode()
    assert 'data-testid="error-summary"' in html
    assert '<span data-testid="refusal">Tên đăng nhập hoặc mật khẩu không đúng.</span>' in html


def test_a_form_without_errors_has_no_summary() -> None:
    html = client_for(BOARD).get(reverse("pipeline:introduce")).content.decode()
    assert "data-error-summary" not in html and "aria-invalid" not in html


def test_long_forms_come_in_sections() -> None:
    """The plan form (17 fields) is drawn in fieldsets too, who and which year first."""
    html = client_for(BOARD).get(reverse("plans:create")).content.decode()
    legends = re.findall(r'<fieldset class="form-section"><legend class="h6">([^<]+)</legend>', html)
    assert legends == ["Kế hoạch của", "Văn bản", "Chỉ tiêu chung", "Nội dung kế hoạch"]
    assert html.index('id="id_organization"') < html.index('id="id_document_number"')
