"""National benchmark on PostgreSQL (issue 10, points 5 and 6).

Builds N provinces of M communes × C cells (the province generator for the first,
copies in SQL for the others: benchmarks/national_data.py), then times each main page
with Django's test client — logged in as the first province's organising board, the
national view as a superuser — over `--runs` requests, first with one province and again
with N. For the two dashboards, the national view and the funnel it also times the
minimal SQL answering the same question (written below, path ranges on the same data),
and prints the ratio. Each page is asked once on an empty cache first (`cold_ms`), then
`--runs` times (median and p95: what users asking again meet while nothing is written).

    .venv/bin/python benchmarks/national.py --provinces 34 --communes 100 --runs 5 --format json
    .venv/bin/python benchmarks/national.py --provinces 3 --communes 10 --cells 10 --runs 3
    ... --users 20 --duration 30 --think 2   # also 20 concurrent users on province dashboards
                                             # (gunicorn), without and with think time

The database (--database-url, default ketnap_national_bench on 127.0.0.1) is dropped
and created again; `--reuse` keeps one an earlier run built with the same flags and
times its N provinces only (for measuring a change without three minutes of building).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
ON = date(2026, 11, 20)
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ketnap_national_bench"


def _recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _ms(fn: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# ---------------------------------------------------------------- the minimal SQL of each question

_HEADCOUNT = """
    SELECT SUBSTR(o.path, 1, %(n)s), SUM(mc.official + mc.probationary) FROM orgs_organization o
    JOIN LATERAL (SELECT m.official, m.probationary FROM orgs_membercount m
                  WHERE m.organization_id = o.id AND m.counted_on <= %(day)s
                  ORDER BY m.counted_on DESC LIMIT 1) mc ON TRUE
    WHERE o.path >= %(low)s AND o.path < %(high)s GROUP BY 1
"""
_ADMITTED = """
    SELECT SUBSTR(org_path, 1, %(n)s), COUNT(*) FROM pipeline_stageevent
    WHERE org_path >= %(low)s AND org_path < %(high)s AND to_stage = 'admitted'
      AND effective_on BETWEEN %(start)s AND %(day)s GROUP BY 1
"""
_QUOTAS = """
    SELECT DISTINCT ON (a.organization_id) a.organization_id, a.admit_total
    FROM plans_allocation a JOIN plans_allocationrevision r ON r.id = a.revision_id
    JOIN plans_plan p ON p.id = r.plan_id
    WHERE p.organization_id = %(org)s AND p.year = %(year)s AND r.status = 'issued' AND r.effective_on <= %(day)s
    ORDER BY a.organization_id, r.effective_on DESC, r.number DESC
"""
_STANDING = """
    SELECT stage, COUNT(*) FROM (
        SELECT DISTINCT ON (candidate_id) to_stage AS stage FROM pipeline_stageevent
        WHERE org_path >= %(low)s AND org_path < %(high)s AND effective_on <= %(day)s
        ORDER BY candidate_id, effective_on DESC, id DESC) s GROUP BY 1
"""
_REACHED = """
    SELECT to_stage, COUNT(*) FROM pipeline_stageevent
    WHERE org_path >= %(low)s AND org_path < %(high)s AND effective_on BETWEEN %(start)s AND %(day)s GROUP BY 1
"""
_STAYS = """
    SELECT stage, PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY d1 - d0) FROM (
        SELECT to_stage AS stage, effective_on AS d0,
               LEAD(effective_on) OVER (PARTITION BY candidate_id ORDER BY effective_on, id) AS d1
        FROM pipeline_stageevent WHERE org_path >= %(low)s AND org_path < %(high)s AND effective_on <= %(day)s) e
    WHERE d1 IS NOT NULL AND d0 >= %(history)s GROUP BY 1
"""
_ADMITTED_PEOPLE = """
    SELECT SUBSTR(e.org_path, 1, %(n)s), EXTRACT(QUARTER FROM e.effective_on),
           DATE_PART('year', AGE(e.effective_on, c.birth_date)), COUNT(*) FILTER (WHERE c.sex = 'female'), COUNT(*)
    FROM pipeline_stageevent e JOIN pipeline_candidate c ON c.id = e.candidate_id
    WHERE e.org_path >= %(low)s AND e.org_path < %(high)s AND e.to_stage = 'admitted'
      AND e.effective_on BETWEEN %(start)s AND %(day)s GROUP BY 1, 2, 3
"""
_PROVINCE_TARGETS = """
    SELECT p.organization_id, t.count FROM plans_plan p JOIN plans_target t ON t.plan_id = p.id
    WHERE p.year = %(year)s AND p.status = 'issued' AND t.scope = 'total' AND p.organization_id IN (
        SELECT id FROM orgs_organization WHERE depth = 1)
"""


def _range(path: str) -> dict[str, Any]:
    """`path >= p AND path < p'`: the subtree as an index range under any collation."""
    return {"low": path, "high": path[:-1] + chr(ord(path[-1]) + 1)}


def raw_sql(org: Any, kind: str) -> Callable[[], None]:
    """The SQL answering what the page shows for `org`: its rows' quota, admissions this
    year and headcounts (dashboards, national view) or its funnel. A dashboard also shows
    the median days in each stage (three years of the subtree's events) and who was
    admitted (by quarter, age and sex): `kind="dashboard"` asks those too,
    `"dashboard-rows"` only the rows and the funnel (the yardstick of the earlier runs)."""
    from django.db import connection

    from ketnap.orgs.models import Organization

    base = {"day": ON, "start": date(ON.year, 1, 1), "year": ON.year, "org": org.pk}
    if kind == "national":
        country = {**base, "n": Organization.steplen, "low": "", "high": "\uffff"}
        statements = [
            (_ADMITTED, country),
            (_HEADCOUNT, country),
            (_HEADCOUNT, {**country, "day": date(ON.year - 1, 12, 31)}),
            (_PROVINCE_TARGETS, base),
        ]
    elif kind == "funnel":
        statements = [(_STANDING, {**base, **_range(org.path)}), (_REACHED, {**base, **_range(org.path)})]
    else:  # a dashboard: its children's rows, and the funnel of the whole
        rows = {**base, **_range(org.path), "n": len(org.path) + Organization.steplen}
        statements = [
            (_QUOTAS, rows),
            (_ADMITTED, rows),
            (_HEADCOUNT, rows),
            (_HEADCOUNT, {**rows, "day": date(ON.year - 1, 12, 31)}),
            (_STANDING, rows),
            (_REACHED, rows),
        ]
        if kind == "dashboard":
            from ketnap.monitoring.selectors.rollups import HISTORY_YEARS

            history = date(ON.year - HISTORY_YEARS, ON.month, ON.day)
            statements += [(_STAYS, {**rows, "history": history}), (_ADMITTED_PEOPLE, rows)]

    def run() -> None:
        with connection.cursor() as cur:
            for sql, params in statements:
                cur.execute(sql, params)
                cur.fetchall()

    return run


# ---------------------------------------------------------------- the pages


def pages(data: Any) -> list[tuple[str, str, str, Any, str | None]]:
    """(name, url, who, organisation of the raw SQL, kind of raw SQL)."""
    from django.urls import reverse

    commune, province = data.tree.communes[0], data.tree.province
    on = f"?on={ON.isoformat()}"
    return [
        ("dashboard, commune", reverse("monitoring:dashboard", args=[commune.pk]) + on, "board", commune, "dashboard"),
        (
            "dashboard, province",
            reverse("monitoring:dashboard", args=[province.pk]) + on,
            "board",
            province,
            "dashboard",
        ),
        ("national view", reverse("monitoring:national") + on, "superuser", province, "national"),
        ("national view, province", reverse("monitoring:national_org", args=[province.pk]) + on, "board", None, None),
        ("funnel (API), province", f"/api/v1/organizations/{province.pk}/funnel{on}", "board", province, "funnel"),
        ("early warning, commune", reverse("monitoring:warnings", args=[commune.pk]) + on, "board", None, None),
        ("early warning, province", reverse("monitoring:warnings", args=[province.pk]) + on, "board", None, None),
        ("statistics form, province", reverse("monitoring:statistics", args=[province.pk]) + on, "board", None, None),
        ("evaluation, province", reverse("monitoring:evaluation", args=[province.pk]) + on, "board", None, None),
        ("tree (province board)", reverse("orgs:tree") + on, "board", None, None),
        ("tree: province's communes", reverse("orgs:children", args=[province.pk]) + on, "board", None, None),
        ("search 'xa t01 1'", reverse("orgs:search") + "?q=xa+t01+1", "board", None, None),
        ("candidate board, commune", reverse("pipeline:board", args=[commune.pk]) + on, "board", None, None),
        ("agenda, one commune", reverse("pipeline:agenda") + f"?org={commune.pk}", "board", None, None),
    ]


def measure(data: Any, clients: dict[str, Any], runs: int, only: str = "") -> list[dict[str, Any]]:
    from django.core.cache import cache
    from django.urls import reverse

    for client in clients.values():  # the process's first request (imports, templates) is not a page's cost
        client.get(reverse("orgs:tree"))
    results = []
    for name, url, who, org, kind in pages(data):
        if only not in name:
            continue
        client = clients[who]
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        times = _ms(lambda: client.get(url), runs)  # noqa: B023 — run now, in this iteration
        raw = statistics.median(_ms(raw_sql(org, kind), runs)) if kind else None
        median = statistics.median(times)
        rows_only = {}
        if kind == "dashboard":  # the earlier yardstick: the rows and the funnel only
            raw_rows = statistics.median(_ms(raw_sql(org, "dashboard-rows"), runs))
            rows_only = {"raw_sql_rows_ms": round(raw_rows, 1), "ratio_rows": round(median / raw_rows, 2)}
        results.append(
            {
                "page": name,
                "cold_ms": round(cold, 1),
                "median_ms": round(median, 1),
                "p95_ms": round(_p95(times), 1),
                "raw_sql_ms": round(raw, 1) if raw is not None else None,
                "ratio": round(median / raw, 2) if raw else None,
                "cold_ratio": round(cold / raw, 2) if raw else None,
                **rows_only,
            }
        )
    return results


# ---------------------------------------------------------------- concurrent users (gunicorn, loopback)


def concurrent(url: str, users: int, duration: float, session: str, think: float) -> dict[str, Any]:
    """`users` threads, each on its own keep-alive connection, GET the province dashboards
    (first province, and the copies') for `duration` seconds against gunicorn (two
    workers sharing a file cache, as docs/operations.md asks of several workers), each
    user waiting a random 0–2×`think` seconds between two pages."""
    import http.client
    import random
    import socket
    import tempfile
    import threading

    from django.urls import reverse

    from ketnap.orgs.models import Organization

    provinces = list(Organization.objects.filter(depth=1).values_list("pk", flat=True))
    paths = [reverse("monitoring:dashboard", args=[pk]) + f"?on={ON.isoformat()}" for pk in provinces]
    shared = tempfile.mkdtemp(prefix="ketnap-bench-cache-")
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "REQUIRE_2FA": "false"}  # same var/secret_key
    env["CACHE_URL"] = f"filecache://{shared}"
    port = 8765
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "ketnap.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--worker-class", "gthread", "--threads", "4", "--keep-alive", "75", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        headers = {"Cookie": f"sessionid={session}", "Host": "127.0.0.1"}
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        for path in paths:  # every province asked once (untimed)
            warm.request("GET", path, headers=headers)
            warm.getresponse().read()
        warm.close()
        stop = time.monotonic() + duration

        def user(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            i = n
            while time.monotonic() < stop:
                path = paths[i % len(paths)]
                i += users
                start = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    with lock:
                        errors.append(type(exc).__name__)
                    continue
                with lock:
                    latencies.append((time.perf_counter() - start) * 1000)
                    if status != 200:
                        errors.append(str(status))
                if think:
                    time.sleep(random.uniform(0, 2 * think))
            conn.close()

        threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "users": users,
        "think_seconds": think,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "per_second": round(len(latencies) / elapsed, 2) if elapsed else 0,
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(_p95(latencies), 1) if latencies else None,
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
    }


def _clients(province: Any) -> tuple[dict[str, Any], Any]:
    """Test clients logged in as the province's organising board and as a superuser."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from ketnap.orgs.enums import Role
    from ketnap.orgs.models import Membership

    users = get_user_model().objects
    board = users.filter(username="bench.board").first() or users.create_user("bench.board", password="x")
    Membership.objects.get_or_create(user=board, organization=province, role=Role.ORGANIZING_BOARD)
    superuser = users.filter(username="bench.super").first() or users.create_superuser("bench.super", password="x")
    clients = {"board": Client(), "superuser": Client()}
    clients["board"].force_login(board)
    clients["superuser"].force_login(superuser)
    return clients, superuser


def _build(args: argparse.Namespace) -> tuple[Any, dict[str, Any], Any]:
    """The first province, by the generator."""
    from django.db import connection

    from ketnap.monitoring.scale import build_monitoring_province

    started = time.perf_counter()
    data = build_monitoring_province("T01", communes=args.communes, cells=args.cells, per_cell=args.per_cell)
    print(f"Province T01: {data.candidates:,} candidates, {data.events:,} events in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)  # fmt: skip
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    clients, superuser = _clients(data.tree.province)
    return data, clients, superuser


def _kept() -> tuple[Any, dict[str, Any], Any]:
    """The first province of a database an earlier run built, as the pages need it."""
    from types import SimpleNamespace

    from ketnap.orgs.models import Organization
    from ketnap.orgs.scale import ScaleTree

    province = Organization.objects.filter(depth=1).order_by("path").first()
    if province is None:
        raise SystemExit("--reuse: the database holds no province; run once without --reuse")
    communes = Organization.objects.filter(path__startswith=province.path, depth=2).order_by("path")
    tree = ScaleTree(province, communes=list(communes))
    clients, superuser = _clients(province)
    return SimpleNamespace(tree=tree), clients, superuser


def check_national(superuser: Any) -> dict[str, int]:
    """The national view's country headcount and admissions equal the raw SQL's on the
    same data (a benchmark of wrong figures measures nothing)."""
    from django.db import connection

    from ketnap.monitoring.selectors.national import national
    from ketnap.orgs.models import Organization

    view = national(superuser, ON)
    country = {"day": ON, "start": date(ON.year, 1, 1), "n": Organization.steplen, "low": "", "high": "\uffff"}
    with connection.cursor() as cur:
        cur.execute(_HEADCOUNT, country)
        raw_headcount = sum(int(n) for _, n in cur.fetchall())
        cur.execute(_ADMITTED, country)
        raw_admitted = sum(int(n) for _, n in cur.fetchall())
    page = {"headcount": view.total.headcount, "admitted": view.total.admitted}
    raw = {"headcount": raw_headcount, "admitted": raw_admitted}
    if page != raw:
        raise SystemExit(f"the national view disagrees with the raw SQL: {page} != {raw}")
    return page


def _counts() -> tuple[int, int, int]:
    from django.db import connection

    with connection.cursor() as cur:
        result = []
        for table in ("orgs_organization", "pipeline_candidate", "pipeline_stageevent"):
            cur.execute(f"SELECT COUNT(*) FROM {table}")
            result.append(cur.fetchone()[0])
    return result[0], result[1], result[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--cells", type=int, default=60)
    parser.add_argument("--per-cell", type=int, default=4, help="candidates per cell, on average")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--users", type=int, default=0, help="concurrent users on province dashboards (0: none)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of the concurrent run")
    parser.add_argument("--think", type=float, default=0.0, help="mean think time of a concurrent user, seconds")
    parser.add_argument("--reuse", action="store_true", help="time the database a run left (no 1-province pass)")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("the national benchmark runs on PostgreSQL")

    if not args.reuse:
        _recreate(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketnap.settings")
    os.environ["REQUIRE_2FA"] = "false"  # the pages, not the second factor, are measured
    import django

    django.setup()
    import national_data
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import close_old_connections, reset_queries

    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    log = sys.stderr if args.format == "json" else sys.stdout

    call_command("migrate", verbosity=0)
    if args.reuse:
        data, clients, superuser = _kept()
        one = None
        orgs, candidates, events = _counts()
    else:
        data, clients, superuser = _build(args)
        one = measure(data, clients, args.runs, args.only)
        started = time.perf_counter()
        rows = national_data.copy_all(args.provinces, data.tree.province.path)
        orgs, candidates, events = _counts()
        print(f"{args.provinces} provinces: {orgs:,} organisations, {candidates:,} candidates, {events:,} events "
              f"({rows:,} rows copied in {time.perf_counter() - started:.0f} s)", file=log)  # fmt: skip
    many = measure(data, clients, args.runs, args.only)
    for row, first in zip(many, one or [], strict=False):
        row["median_ms_1_province"] = first["median_ms"]
        row["cold_ms_1_province"] = first["cold_ms"]
        row["growth"] = round(row["median_ms"] / first["median_ms"], 2) if first["median_ms"] else None
        row["cold_growth"] = round(row["cold_ms"] / first["cold_ms"], 2) if first["cold_ms"] else None

    report: dict[str, Any] = {
        "provinces": args.provinces,
        "communes": args.communes,
        "cells": args.cells,
        "organizations": orgs,
        "candidates": candidates,
        "events": events,
        "runs": args.runs,
        "load_average": os.getloadavg(),
        "pages": many,
        "checked": check_national(superuser),
    }
    if args.users:
        session = SessionStore()
        session["_auth_user_id"] = str(superuser.pk)  # every province's dashboard
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = superuser.get_session_auth_hash()
        session.create()
        report["concurrent"] = [
            concurrent(args.database_url, args.users, args.duration, str(session.session_key), think)
            for think in sorted({0.0, args.think})
        ]
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(f"\n{'page (' + str(args.runs) + ' runs, ms)':28} {'cold':>7} {'median':>7} {'p95':>7} {'raw SQL':>8} "
          f"{'ratio':>6} {'cold/raw':>8} {'1 prov.':>8} {'growth':>7} {'cold 1p':>8} {'growth':>7}")  # fmt: skip
    for r in many:
        raw = f"{r['raw_sql_ms']:8.1f}" if r["raw_sql_ms"] is not None else f"{'–':>8}"
        ratio = f"{r['ratio']:6.1f}" if r["ratio"] is not None else f"{'–':>6}"
        cold_ratio = f"{r['cold_ratio']:8.1f}" if r["cold_ratio"] is not None else f"{'–':>8}"
        print(f"{r['page']:28} {r['cold_ms']:7.0f} {r['median_ms']:7.0f} {r['p95_ms']:7.0f} {raw} {ratio} "
              f"{cold_ratio} {r.get('median_ms_1_province', 0):8.0f} {r.get('growth') or 0:7.2f} "
              f"{r.get('cold_ms_1_province', 0):8.0f} {r.get('cold_growth') or 0:7.2f}")  # fmt: skip
    if "concurrent" in report:
        print("\nconcurrent:", json.dumps(report["concurrent"]))


if __name__ == "__main__":
    main()
