"""The test session's clock (issue 16, point 1): every test lives on the demo's written
day, `BASE_DAY`, whatever the real date.

Why: the session loads the demo as seen on `BASE_DAY` (so the tests can name its facts:
this year's plan, the round due this quarter, an overdue item), while the pages ask
`timezone.localdate()`. On the real calendar those two drift apart — from 01/01/2027 the
dashboard of a 2026 demo shows "0 / 0" and the tests fail. So the whole session travels
to `BASE_DAY` 09:00 Hanoi time before the database is created, and the clock ticks from
there (a 30-minute run never crosses midnight).

time-machine (a dev dependency) does the travel: it replaces the C-level clock functions
(`time.time`, `datetime.now`, `date.today`, …) for the whole process, so the live server
of the browser tests — a thread of this process — sees the same day as the test that
drives it, and a test may still travel further (`time_machine.travel` nests). The
monotonic clocks (timeouts, durations) are left alone.

What stays on the real clock, and why it does not matter:
- Chromium. It judges a cookie's lifetime by its own clock, but Django sends `Max-Age`
  with every expiring cookie (session, CSRF), which a browser prefers to `Expires`, so a
  login made on the frozen day is not dropped as expired on the real one
  (tests/e2e/test_clock.py proves it with the server years away from the browser).
- A subprocess (the background worker test, LibreOffice): their results do not depend
  on the day.
- PostgreSQL's own `now()`: no query uses it; Django stamps times in Python.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from ketnap.orgs.demo.clock import BASE_DAY

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
#: The moment every test session starts at (then ticks): the demo's written day, 09:00 in Hanoi.
SESSION_START = datetime(BASE_DAY.year, BASE_DAY.month, BASE_DAY.day, 9, tzinfo=HANOI)

_travel: time_machine.travel | None = None


def freeze() -> None:
    """Move the process's clock to `SESSION_START`, ticking; idempotent."""
    global _travel
    if _travel is None:
        _travel = time_machine.travel(SESSION_START, tick=True)
        _travel.start()


def release() -> None:
    """Give the process its real clock back (end of the session)."""
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None
