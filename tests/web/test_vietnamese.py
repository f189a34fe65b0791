"""Vietnamese everywhere (issue 16, point 3): the main pages, as the demo roles see them,
show no English UI words — Django's own strings included ("- Select an option -" on
every select, from locale/vi, compiled at install)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from ketnap.pipeline.models import Candidate
from ketnap.plans.models import Plan
from tests.conftest import client_for, org

pytestmark = pytest.mark.django_db

#: Words of an English interface; a page showing one of them has a string nobody translated.
ENGLISH = [
    "Select an option", "Submit", "Cancel", "Save", "Delete", "Search", "Loading", "Next", "Previous",
    "Required", "This field", "Choose", "Unknown", "Enter a", "Please", "Forbidden", "Not Found", "Yes", "No",
    "Filter", "Download", "Upload", "Edit", "Back", "Close", "Page", "of", "and", "the", "Error",
]  # fmt: skip
WORD = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])")


class _Text(HTMLParser):
    """What a user reads: text and the labels of controls, not scripts or attributes' code."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def english_words(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return sorted({m.group(1) for part in parser.parts for m in WORD.finditer(part)})


def test_the_word_finder_sees_text_and_labels_but_not_code() -> None:
    assert english_words('<p>Chọn</p><select><option value="">- Select an option -</option></select>') == [
        "Select an option"
    ]
    assert english_words('<button aria-label="Close">x</button><script>if (a and b) {}</script>') == ["Close"]
    assert english_words('<p class="Save">Lưu</p><a href="/Edit/">Sửa</a>') == []


def test_django_blank_choice_is_vietnamese() -> None:
    from django.db.models.fields import BLANK_CHOICE_LABEL

    with translation.override("vi"):
        assert str(BLANK_CHOICE_LABEL) == "- Chọn -"


def _pages() -> list[tuple[str, str]]:
    cao_minh, hung_thinh = org("Đảng bộ xã Cao Minh"), org("Chi bộ Hưng Thịnh")
    plan = Plan.objects.filter(organization=cao_minh).order_by("-year").first()
    candidate = Candidate.objects.filter(organization=hung_thinh, is_demo=True).order_by("pk").first()
    assert plan is not None and candidate is not None
    board = [
        reverse("home"),
        reverse("orgs:tree"),
        reverse("orgs:detail", args=[cao_minh.pk]),
        reverse("plans:list"),
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:create"),
        reverse("pipeline:home"),
        reverse("pipeline:agenda"),
        reverse("pipeline:introduce"),
        reverse("pipeline:board", args=[cao_minh.pk]),
        reverse("pipeline:detail", args=[candidate.pk]),
        reverse("monitoring:home"),
        reverse("monitoring:reports"),
        reverse("monitoring:rounds", args=[cao_minh.pk]),
        reverse("monitoring:inspection", args=[cao_minh.pk]),
        reverse("rulebook:lookup"),
        reverse("audit:list"),
    ]
    return [("bxd.caominh", url) for url in board] + [
        ("bithu.hungthinh", reverse("home")),
        ("bithu.hungthinh", reverse("pipeline:agenda")),
        ("bithu.hungthinh", reverse("pipeline:detail", args=[candidate.pk])),
        ("ubkt.caominh", reverse("monitoring:inspection", args=[cao_minh.pk])),
    ]


def test_main_pages_show_no_english_ui_words() -> None:
    found: dict[str, list[str]] = {}
    clients = {}
    for username, url in _pages():
        client = clients.setdefault(username, client_for(username))
        response = client.get(url, follow=True)
        assert response.status_code == 200, (username, url, response.status_code)
        words = english_words(response.content.decode())
        if words:
            found[f"{username} {url}"] = words
    assert found == {}
