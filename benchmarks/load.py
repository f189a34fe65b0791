"""Load test of a running server (issue 17, point 8): N logged-in users with think time.

Each simulated user is a thread with its own keep-alive connection and session, like a
browser tab: it signs in as one of the demo personas (round-robin, so 100 users share
the 9 demo logins, each with its own session), then loops until the time is up: pick a
main page of its role (home, the candidates' board and people list, the agenda, the
tree, plans, monitoring, details of candidates, organisations and plans it can see),
GET it, think, and now and then (`--writes`) save an edit form the way a browser does:
GET the form, change its note field, POST it back with the read version the page
carried (`ketnap.core.versions`). A save refused because someone else saved the same
record since is counted as a conflict, not an error: it is the system working.

Prints throughput, p50/p95/p99 latency per kind (page, write) and every error: status
≥ 400, connection resets, timeouts. Nothing but loopback is accepted as a target, and
the run is bounded in time (`--duration`) and in requests (`--max-requests`).

Against the demo data served by gunicorn as `make serve` starts it (docs/operations.md):

    DATABASE_URL=sqlite:///var/bench/load.sqlite3 .venv/bin/python manage.py migrate
    DEBUG=true DATABASE_URL=sqlite:///var/bench/load.sqlite3 .venv/bin/python manage.py load_demo
    REQUIRE_2FA=false DATABASE_URL=sqlite:///var/bench/load.sqlite3 SECRET_KEY=... make serve
    .venv/bin/python benchmarks/load.py --users 100 --duration 120
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import random
import re
import socket
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

PERSONAS = [
    "bxd.caominh",
    "bithu.hungthinh",
    "ubkt.caominh",
    "bithu.namcap",
    "doan.caominh",
    "tinh.thainguyen",
    "bxd.dongtien",
    "ttct.caominh",
]
MAIN_PAGES = [
    "/",
    "/candidates/",
    "/candidates/people/",
    "/candidates/agenda/",
    "/organizations/",
    "/plans/",
    "/monitoring/",
]
DETAIL = re.compile(r'href="(/(?:candidates|organizations|plans)/\d+/)"')
EDITS = {"bxd.caominh": "organizations", "bxd.dongtien": "organizations", "bithu.hungthinh": "candidates",
         "bithu.namcap": "candidates"}  # fmt: skip
CONFLICT = "Người khác đã sửa bản ghi này"
#: Pages and edit forms each persona may open, found once (untimed) by its first user.
FOUND: dict[str, tuple[list[str], list[str]]] = {}
DISCOVERY = {name: threading.Lock() for name in PERSONAS}


class FormReader(HTMLParser):
    """The fields of the page's largest POST form (the edit form, not the sign-out
    button's), as a browser posts them untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.inside = False
        self.select: str | None = None
        self.select_value: str | None = None
        self.textarea: str | None = None
        self.text = ""

    @property
    def fields(self) -> list[tuple[str, str]]:
        return max(self.forms, key=len, default=[])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.inside = True
            self.forms.append([])
            return
        if tag == "option" and self.select is not None and ("selected" in a or self.select_value is None):
            self.select_value = a.get("value", "")
        if not self.inside or "name" not in a:
            return
        kind = a.get("type", "text").lower()
        fields = self.forms[-1]
        if tag == "input" and kind not in ("submit", "button", "file", "checkbox", "radio"):
            fields.append((a["name"], a.get("value", "")))
        elif tag == "input" and kind in ("checkbox", "radio") and "checked" in a:
            fields.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self.select, self.select_value = a["name"], None
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select is not None:
            if self.inside:
                self.forms[-1].append((self.select, self.select_value or ""))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            if self.inside:
                self.forms[-1].append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: {"page": [], "write": []})
    errors: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    retried: int = 0
    requests: int = 0

    by_path: dict[str, list[float]] = field(default_factory=dict)

    def add(self, kind: str, path: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            self.by_path.setdefault(path, []).append(seconds)
            self.requests += 1

    def restart_clock(self) -> None:
        """Latencies from now on only: the ramp-up's logins (a password hash each) are
        not the steady state."""
        with self.lock:
            self.times = {"page": [], "write": []}
            self.by_path = {}

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1
            self.requests += 1


class User:
    """One browser: a keep-alive connection, its cookies, and what its role may open."""

    def __init__(self, host: str, port: int, timeout: float, stats: Stats) -> None:
        self.host, self.port, self.timeout, self.stats = host, port, timeout, stats
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        """(status, body, Location); raises on a connection error (the caller counts it)."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Connection": "keep-alive"}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except Exception:
            self.conn.close()
            self.conn = None  # a browser opens a new connection after a failed one
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.headers.get("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, text, response.headers.get("Location", "")

    def timed(self, kind: str, method: str, path: str, form: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        started = time.perf_counter()
        reused = self.conn is not None
        try:
            try:
                status, text, _ = self.request(method, path, form)
            except (http.client.RemoteDisconnected, ConnectionResetError):
                if not (reused and method == "GET"):
                    raise
                # A browser sends a GET again, once, on a fresh connection when a reused
                # keep-alive one was closed under it; counted apart, not hidden.
                with self.stats.lock:
                    self.stats.retried += 1
                status, text, _ = self.request(method, path, form)
        except TimeoutError:
            self.stats.error(f"timeout {kind}")
            return 0, ""
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            self.stats.error(f"{type(exc).__name__} {kind}")
            return 0, ""
        elapsed = time.perf_counter() - started
        ok = status < 400 and not (kind == "page" and status == 302)
        if ok:
            self.stats.add(kind, re.sub(r"/\d+/", "/N/", path), elapsed)
        else:
            self.stats.error(f"HTTP {status} {kind} {path}")
        return status, text

    def login(self, username: str, password: str) -> bool:
        status, _, _ = self.request("GET", "/login/")
        form = [("csrfmiddlewaretoken", self.cookies.get("csrftoken", "")), ("username", username)]
        status, _, location = self.request("POST", "/login/", [*form, ("password", password)])
        return status == 302 and "/login/" not in location


def _pages_for(user: User) -> list[str]:
    """The main pages this role may open, and the details linked from them (not timed)."""
    found: list[str] = []
    links: set[str] = set()
    for path in MAIN_PAGES:
        status, text, _ = user.request("GET", path)
        if status == 200:
            found.append(path)
            links.update(DETAIL.findall(text))
    return found + [link for link in sorted(links)[:20] if user.request("GET", link)[0] == 200]


def _write(user: User, edit: str, stats: Stats, label: str) -> None:
    """Save an edit form as a browser would: GET it, change the note, POST it back."""
    status, text = user.timed("write", "GET", edit)
    if status != 200:
        return
    reader = FormReader()
    reader.feed(text)
    fields = [(k, v) for k, v in reader.fields if k != "note"] + [("note", label)]
    status, text = user.timed("write", "POST", edit, fields)
    if status == 200 and CONFLICT in text:
        with stats.lock:
            stats.conflicts += 1
    elif status == 200:
        stats.error(f"write not saved {edit}")


def run_user(n: int, args: argparse.Namespace, host: str, port: int, stats: Stats, stop: threading.Event) -> None:
    rng = random.Random(n)
    username = PERSONAS[n % len(PERSONAS)]
    time.sleep(args.ramp * n / max(args.users, 1))
    user = User(host, port, args.timeout, stats)
    try:
        if not user.login(username, args.password):
            stats.error(f"login refused {username}")
            return
        with DISCOVERY[username]:  # the first user of a persona finds its pages for all
            if username not in FOUND:
                pages = _pages_for(user)
                kind = EDITS.get(username)
                edits = [p + "edit/" for p in pages if kind and p.startswith(f"/{kind}/") and p[-2].isdigit()]
                FOUND[username] = pages, [e for e in edits[:6] if user.request("GET", e)[0] == 200]
        pages, edits = FOUND[username]
    except (ConnectionError, http.client.HTTPException, OSError) as exc:
        stats.error(f"{type(exc).__name__} login")
        return
    done = 0
    while not stop.is_set() and done < args.max_requests:
        if edits and rng.random() < args.writes:
            _write(user, rng.choice(edits), stats, f"Thử tải {username} {n}-{done}")
        else:
            user.timed("page", "GET", rng.choice(pages))
        done += 1
        stop.wait(rng.uniform(args.think_min, args.think_max))


def _percentiles(values: list[float]) -> str:
    if not values:
        return "—"
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else [values[0]] * 99
    return f"p50 {cuts[49] * 1000:.0f} ms · p95 {cuts[94] * 1000:.0f} ms · p99 {cuts[98] * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load after the last login")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which users sign in")
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=5.0)
    parser.add_argument("--writes", type=float, default=0.1, help="share of actions that save a form")
    parser.add_argument("--max-requests", type=int, default=2000, help="per user, a bound besides time")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--password", default="ketnap-demo")
    args = parser.parse_args()

    parts = urlsplit(args.url)
    host, port = parts.hostname or "", parts.port or 80
    if parts.scheme != "http" or not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
        print("Chỉ chạy với máy chủ trên loopback (127.0.0.0/8, localhost).", file=sys.stderr)
        return 2
    stats, stop = Stats(), threading.Event()
    threads = [
        threading.Thread(target=run_user, args=(n, args, host, port, stats, stop), daemon=True)
        for n in range(args.users)
    ]
    for t in threads:
        t.start()
    time.sleep(args.ramp)
    stats.restart_clock()
    counted_from, before = time.perf_counter(), stats.requests
    stop.wait(args.duration)
    stop.set()
    elapsed = time.perf_counter() - counted_from
    for t in threads:
        t.join(args.timeout + args.think_max + 5)
    measured = stats.requests - before
    total_errors = sum(stats.errors.values())
    print(f"{args.users} users, think {args.think_min}–{args.think_max} s, writes {args.writes:.0%}, {args.url}")
    print(f"requests: {stats.requests} ({measured} in the {elapsed:.0f} s after ramp-up: {measured / elapsed:.1f}/s)")
    print("latency after ramp-up:")
    for kind, values in stats.times.items():
        print(f"  {kind:5}: {len(values):6} ok · {_percentiles(values)}")
    slowest = sorted(stats.by_path.items(), key=lambda item: -statistics.median(item[1]))[:5]
    print("slowest pages (median): " + ", ".join(f"{p} {statistics.median(v) * 1000:.0f} ms" for p, v in slowest))
    print(f"conflicts refused (someone saved first): {stats.conflicts}")
    print(f"GETs sent again after a closed keep-alive connection, as a browser does: {stats.retried}")
    print(f"errors: {total_errors} ({total_errors / max(stats.requests, 1):.2%})")
    for what, count in stats.errors.most_common():
        print(f"  {count:5} × {what}")
    return 1 if total_errors else 0


if __name__ == "__main__":
    sys.exit(main())
