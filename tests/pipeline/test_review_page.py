"""The monthly review page (issue 11, point 7) without a browser: one card per person
with labelled choices, and a removal without its reason refused on that person's card
(nothing recorded). The phone layout itself is checked in tests/e2e/test_review_phone.py."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ketnap.orgs.models import Organization
from ketnap.pipeline.enums import Stage
from ketnap.pipeline.models import SympathizerReview
from tests.conftest import client_for
from tests.pipeline.helpers import candidate_at
from tests.web.test_access import SECRETARY

pytestmark = pytest.mark.django_db


def test_a_removal_without_reason_is_refused_on_its_card(hung_thinh: Organization) -> None:
    c = candidate_at(hung_thinh, Stage.SYMPATHIZER, full_name="Đinh Văn Thẻ")
    url = reverse("pipeline:sympathizers", args=[hung_thinh.pk])
    client = client_for(SECRETARY)
    page = client.get(url).content.decode()
    card = re.search(rf'<fieldset[^>]*data-testid="review-{c.pk}".*?</fieldset>', page, re.S)
    assert card is not None
    assert 'type="radio"' in card[0] and ">Giữ lại</label>" in card[0] and ">Đưa ra khỏi danh sách</label>" in card[0]
    reviews = SympathizerReview.objects.filter(organization=hung_thinh).count()
    response = client.post(url, {"month": "2026-12-01", "reviewed_on": "2026-12-01", f"d{c.pk}": "remove"})
    assert response.status_code == 200
    card = re.search(rf'<fieldset[^>]*data-testid="review-{c.pk}".*?</fieldset>', response.content.decode(), re.S)
    assert card is not None and "has-error" in card[0]
    assert "Cần ghi lý do đưa ra khỏi danh sách." in card[0]
    assert SympathizerReview.objects.filter(organization=hung_thinh).count() == reviews
    c.refresh_from_db()
    assert c.stage == Stage.SYMPATHIZER
