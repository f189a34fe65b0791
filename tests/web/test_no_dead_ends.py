"""No dead ends (issue 16, point 4): every link, form and htmx request a demo role sees
leads to a page that role may open.

For each demo login the Django test client starts at the home page and follows links
breadth first (redirects too): the home page, the main pages it and the menu link to,
and the pages those link to are read for more links; what is found beyond is only
opened. Every `<a href>`, `<form action>` and `hx-get` is opened with GET and must not
answer 403 or 404 (a POST-only address answers 405: no dead end, the role's form
reaches it). Bounded so a role takes seconds: an address pattern (the path with its
numbers as placeholders, and its query's names) is opened at most `PER_PATTERN` times
per role — the first found, so every kind of link on every page is tried — and, below
the main pages, read once; documents (.docx, .xlsx, .pdf, ?format=) are not built,
only resolved."""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from ketnap.orgs.demo.loader import DEMO_LOGINS
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

#: pages read for links: the home page (0), the main pages (1) and the pages they link to (2)
READ_DEPTH = 3
PER_PATTERN = 3
#: addresses never opened: leaving the session, another application, files to build
SKIP = re.compile(r"^/(logout/|static/|media/|admin/|api/v1/)|\.(docx|xlsx|pdf|zip)(\?|$)|[?&]format=")
DEAD = {403, 404}


class Links(HTMLParser):
    """The addresses a page offers: links, form actions and htmx GETs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if tag == "a" and "href" in values:
            self.found.append(("link", values["href"]))
        if tag == "form":
            self.found.append((f"form {values.get('method', 'get').lower()}", values.get("action", "")))
        if "hx-get" in values:
            self.found.append(("hx-get", values["hx-get"]))


def pattern(url: str) -> str:
    parts = urlsplit(url)
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "{n}", parts.path) + ("?" + "&".join(names) if names else "")


@dataclass
class Crawl:
    client: Client
    dead: list[str] = field(default_factory=list)
    opened: dict[str, int] = field(default_factory=dict)
    per_pattern: dict[str, int] = field(default_factory=dict)
    took: dict[str, float] = field(default_factory=dict)

    def run(self) -> None:
        queue: deque[tuple[str, int, str]] = deque([("/", 0, "(start)")])
        seen = {"/"}
        read: set[str] = set()
        while queue:
            url, depth, source = queue.popleft()
            html, redirect = self.open(url, source)
            if redirect is not None and redirect not in seen:
                seen.add(redirect)
                queue.appendleft((redirect, depth, f"redirect from {url}"))
            if html is None or depth >= READ_DEPTH or (depth > 1 and pattern(url) in read):
                continue
            read.add(pattern(url))
            parser = Links()
            parser.feed(html)
            for kind, raw in parser.found:
                target = self.absolute(raw, base=url)
                if target is None or target in seen or SKIP.search(target):
                    if target is not None and SKIP.search(target) and not target.startswith("/logout/"):
                        self.resolves(target, f"{kind} on {url}")
                    continue
                seen.add(target)
                key = pattern(target)
                if self.per_pattern.get(key, 0) >= PER_PATTERN:
                    continue
                self.per_pattern[key] = self.per_pattern.get(key, 0) + 1
                queue.append((target, depth + 1, f"{kind} on {url}"))

    @staticmethod
    def absolute(raw: str, *, base: str) -> str | None:
        raw = urldefrag(raw.strip())[0]
        if raw.startswith(("mailto:", "tel:", "javascript:", "http://", "https://", "//")):
            return None
        if raw == "":
            return base  # a form without action posts to its own page
        if raw.startswith("?"):
            return urlsplit(base).path + raw
        return raw if raw.startswith("/") else None

    def open(self, url: str, source: str) -> tuple[str | None, str | None]:
        """The page's HTML (None if it is not a page) and where it redirects to."""
        started = time.perf_counter()
        response = self.client.get(url)
        self.opened[url] = response.status_code
        self.took[url] = time.perf_counter() - started
        if response.status_code in DEAD:
            self.dead.append(f"{response.status_code} {url}  ({source})")
            return None, None
        if response.status_code in (301, 302):
            return None, self.absolute(response["Location"], base=url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return None, None
        return response.content.decode(), None

    def resolves(self, url: str, source: str) -> None:
        """A document is not built (seconds each); its address must at least exist."""
        path = urlsplit(url).path
        if path.startswith(("/static/", "/media/", "/admin/", "/api/v1/")):
            return
        try:
            resolve(path)
        except Resolver404:
            self.dead.append(f"404 {url}  ({source})")


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_every_link_a_role_sees_opens_for_that_role(username: str) -> None:
    crawl = Crawl(client_for(username))
    crawl.run()
    assert len(crawl.opened) > 10, crawl.opened  # it did crawl: the menu alone has more
    assert not crawl.dead, "\n".join(crawl.dead)


def test_the_political_centre_records_a_certificate_without_a_dead_end() -> None:
    """It may record the certificate but not open the candidate's page: the form names the
    person without a link, "Hủy" and the saved step lead back to its agenda."""
    from ketnap.pipeline.enums import Stage
    from tests.conftest import org
    from tests.pipeline.helpers import candidate_at

    c = candidate_at(org("Chi bộ Hưng Thịnh"), Stage.SYMPATHIZER)
    url = reverse("pipeline:step", args=[c.pk, "record_certificate"])
    centre = client_for("ttct.caominh")
    html = centre.get(url).content.decode()
    assert c.full_name in html and reverse("pipeline:detail", args=[c.pk]) not in html
    assert f'href="{reverse("pipeline:agenda")}">Hủy' in html
    facts = {"kind": "awareness", "number": "5/CN", "issued_on": "2025-04-01", "issued_by": "TTCT"}
    assert centre.post(url, facts)["Location"] == reverse("pipeline:agenda")
    board = client_for("bxd.caominh").get(url).content.decode()
    assert reverse("pipeline:detail", args=[c.pk]) in board


def test_the_certified_list_links_names_only_for_those_who_may_open_them() -> None:
    centre = client_for("ttct.caominh").get(reverse("pipeline:certified")).content.decode()
    board = client_for("bxd.caominh").get(reverse("pipeline:certified")).content.decode()
    detail = re.compile(r'href="/candidates/\d+/"')
    assert 'data-testid="certified"' in centre and not detail.search(centre)
    assert detail.search(board)
