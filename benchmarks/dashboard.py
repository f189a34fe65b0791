"""Benchmark of the monitoring pages at province scale (issue 6, item 7).

Builds a fresh SQLite database (default var/bench/dashboard.sqlite3), loads a province
of 100 communes × 60 cells with plans and ~24,000 candidates (~117,000 stage events),
then times each page with Django's test client, logged in as the province's organising
board. Prints the median, fastest and slowest of several runs and the query count.

Each page is requested once before timing (warming the session and the navigation
badges, which the pipeline caches for a minute per user), then timed `--runs` times.
The "overdue steps" panel of the early-warning page is the pipeline's agenda of the
viewer's whole scope; it is loaded separately by the page, and timed separately here.

    .venv/bin/python benchmarks/dashboard.py                    # 100 communes × 60 cells, 7 runs
    .venv/bin/python benchmarks/dashboard.py --communes 10 --cells 20 --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ON = "2026-11-20"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--cells", type=int, default=60)
    parser.add_argument("--per-cell", type=int, default=4, help="candidates per cell, on average")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", type=Path, default=ROOT / "var" / "bench" / "dashboard.sqlite3")
    args = parser.parse_args()

    args.database.parent.mkdir(parents=True, exist_ok=True)
    args.database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketnap.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from ketnap.monitoring.scale import build_monitoring_province
    from ketnap.orgs.enums import Role
    from ketnap.orgs.models import Membership

    # As in the test runner: keep one connection and its query log across requests.
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    data = build_monitoring_province("Đo", communes=args.communes, cells=args.cells, per_cell=args.per_cell)
    print(
        f"Built {args.communes} communes × {args.cells} cells, {data.candidates:,} candidates, "
        f"{data.events:,} stage events, {data.allocations:,} quota rows in {time.perf_counter() - started:.1f} s "
        f"({connection.vendor}, {args.database})"
    )

    user = get_user_model().objects.create_user("bench", password="x")
    Membership.objects.create(user=user, organization=data.tree.province, role=Role.ORGANIZING_BOARD)
    client = Client()
    client.force_login(user)
    commune, province = data.tree.communes[0], data.tree.province
    pages = [
        (f"dashboard, commune of {args.cells} cells", reverse("monitoring:dashboard", args=[commune.pk])),
        (f"dashboard, province of {args.communes} communes", reverse("monitoring:dashboard", args=[province.pk])),
        ("early warning, commune", reverse("monitoring:warnings", args=[commune.pk])),
        ("early warning, province", reverse("monitoring:warnings", args=[province.pk])),
        ("overdue steps (agenda), commune", reverse("monitoring:overdue", args=[commune.pk])),
        ("statistics form, province", reverse("monitoring:statistics", args=[province.pk])),
        ("year-end evaluation, province", reverse("monitoring:evaluation", args=[province.pk])),
        ("organisation tree (province board)", reverse("orgs:tree")),
        ("tree: the province's 100 communes", reverse("orgs:children", args=[province.pk])),
        ("organisation page, province", reverse("orgs:detail", args=[province.pk])),
        ("search 'do 1' (diacritics folded)", reverse("orgs:search") + "?q=do+1"),
        ("candidate board, commune", reverse("pipeline:board", args=[commune.pk])),
        ("agenda page (whole province)", reverse("pipeline:agenda")),
        ("agenda page, one commune", reverse("pipeline:agenda") + f"?org={commune.pk}"),
    ]
    print(
        f"\n{'page (' + str(args.runs) + ' runs, milliseconds)':40} {'median':>8} {'fastest':>8} {'slowest':>8} "
        f"{'queries':>8}"
    )
    for label, path in pages:
        url = f"{path}{'&' if '?' in path else '?'}on={ON}"
        assert client.get(url).status_code == 200, url  # warm the session and the badges
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{label:40} {statistics.median(times):8.0f} {min(times):8.0f} {max(times):8.0f} "
            f"{len(queries.captured_queries):8d}"
        )


if __name__ == "__main__":
    main()
