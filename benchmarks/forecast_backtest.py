"""Backtest of the early-warning forecast (issue 12, point 6): how far off is what the
page says, at 31/03, 30/06 and 30/09, from what happened by 31/12?

How the history is made, and why its outcomes are independent of the forecast:
each organisation gets its own hidden process — a yearly rate of introductions
(Gamma-distributed across organisations), and for every stage of the procedure a
probability of leaving it without admission and a Gamma-distributed time spent in it,
both drawn per organisation around province-wide values. Candidates are then
simulated one by one, introduced at random days (a Poisson process over six years),
walking the stages until they are admitted or leave. The outcome of a year is simply
how many of them reached "admitted" in it. None of this uses the forecast's formulas
or its parameters (its SPREAD, its log-normal, its newcomer arithmetic): the
forecast is only shown what the database would hold on the estimation date — who
stands in which stage, who was admitted so far this year, and, over the three years
before, for each stage how many reached it, were admitted, left, and the median days
from entering it to admission (the same figures `rollups.outcomes` reads with SQL),
for the organisation and for the whole province. It then runs the very functions of
the page (`warnings._estimate`, `warnings._newcomers`, `Forecast.estimate`/`range`).

Printed per estimation date: the mean absolute error of the estimate, of the naive
baseline "admitted so far × 2", and the share of outcomes inside the stated 80 % range.

    .venv/bin/python benchmarks/forecast_backtest.py                 # 400 organisations, seed 12
    .venv/bin/python benchmarks/forecast_backtest.py --format json
    .venv/bin/python benchmarks/forecast_backtest.py --organisations 1000 --seed 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026
DATES = ((3, 31), (6, 30), (9, 30))
#: Province-wide means of the hidden process: days spent in each stage and the chance
#: of leaving it without admission (per organisation these are drawn around them).
STAGE_DAYS = (45, 40, 30, 25, 50, 45, 20, 30)
STAGE_EXIT = (0.15, 0.10, 0.05, 0.03, 0.05, 0.05, 0.03, 0.04)


@dataclass
class Candidate:
    """Days of entering each stage (index into POOL; len(POOL) = admitted) and, if they
    left, the day they left."""

    entered: list[date] = field(default_factory=list)
    exited: date | None = None

    @property
    def admitted(self) -> date | None:
        return self.entered[-1] if len(self.entered) == 9 else None


def simulate_org(rng: random.Random) -> list[Candidate]:
    """Six years of one organisation's candidates, from its own hidden process."""
    rate = rng.gammavariate(2.0, 4.0)  # introductions a year: mean 8, from a few to twenty-odd
    days = [max(3.0, rng.gammavariate(4.0, d / 4.0) * rng.uniform(0.6, 1.6)) for d in STAGE_DAYS]
    exits = [min(0.6, e * rng.uniform(0.3, 2.5)) for e in STAGE_EXIT]
    start, end = date(YEAR - 5, 1, 1), date(YEAR, 12, 31)
    people = []
    day = start
    while True:
        day += timedelta(days=rng.expovariate(rate / 365.0))
        if day > end:
            break
        c = Candidate([day])
        when = day
        for stage in range(8):
            when = when + timedelta(days=rng.gammavariate(3.0, days[stage] / 3.0))
            if rng.random() < exits[stage]:
                c.exited = when
                break
            c.entered.append(when)
        people.append(c)
    return people


@dataclass
class Outcome:
    reached: int = 0
    admitted: int = 0
    exited: int = 0
    waits: list[int] = field(default_factory=list)


def observe(people: list[Candidate], on: date, window_start: date) -> dict[int, Outcome]:
    """What `rollups.outcomes` would read: for each stage, the candidates who reached it
    within the window, how many were admitted / left within it, median days to admission."""
    result: dict[int, Outcome] = defaultdict(Outcome)
    for c in people:
        admitted = c.admitted if c.admitted and window_start <= c.admitted <= on else None
        gone = c.exited is not None and window_start <= c.exited <= on
        for stage, entered in enumerate(c.entered[:8]):
            if not window_start <= entered <= on:
                continue
            o = result[stage]
            o.reached += 1
            if admitted:
                o.admitted += 1
                o.waits.append((admitted - entered).days)
            elif gone:
                o.exited += 1
    return result


def standing(people: list[Candidate], on: date) -> tuple[dict[int, int], int]:
    """Candidates in each stage on `on`, and those admitted this year by then."""
    stages: dict[int, int] = defaultdict(int)
    admitted = 0
    for c in people:
        if c.admitted and c.admitted <= on:
            admitted += c.admitted.year == on.year
            continue
        if c.exited is not None and c.exited <= on:
            continue
        reached = [s for s, d in enumerate(c.entered) if d <= on]
        if reached:
            stages[reached[-1]] += 1
    return stages, admitted


def to_outcomes(observed: dict[int, Outcome]) -> dict[str, object]:
    from ketnap.monitoring.selectors.rollups import StageOutcome
    from ketnap.pipeline.enums import POOL

    return {
        POOL[s]: StageOutcome(o.reached, o.admitted, o.exited, statistics.median(o.waits) if o.waits else None)
        for s, o in observed.items()
    }


def run(organisations: int, seed: int) -> dict[str, list[dict[str, float | str]]]:
    from ketnap.monitoring.selectors import warnings
    from ketnap.monitoring.selectors.quotas import NO_QUOTA
    from ketnap.monitoring.selectors.rollups import history_start
    from ketnap.orgs.models import Organization
    from ketnap.pipeline.enums import POOL

    rng = random.Random(seed)
    orgs = [simulate_org(rng) for _ in range(organisations)]
    everyone = [c for people in orgs for c in people]
    placeholder = Organization(name="backtest", path="0001")
    dates: list[dict[str, float | str]] = []
    for month, day in DATES:
        on = date(YEAR, month, day)
        window = history_start(on)
        wide = to_outcomes(observe(everyone, on, window))
        errors, naive, inside = [], [], 0
        for people in orgs:
            outcome = sum(1 for c in people if c.admitted and c.admitted.year == YEAR)
            own = to_outcomes(observe(people, on, window))
            here, done = standing(people, on)
            decision_due = on + timedelta(days=45)
            stages = [
                warnings._estimate(POOL[s], n, own.get(POOL[s]), wide.get(POOL[s]), on, None, decision_due)  # type: ignore[arg-type]
                for s, n in sorted(here.items())
                if n
            ]
            more, per_year = warnings._newcomers(own, wide, on)  # type: ignore[arg-type]
            forecast = warnings.Forecast(placeholder, NO_QUOTA, done, stages, more, per_year)
            low, high = forecast.range
            errors.append(abs(forecast.estimate - outcome))
            naive.append(abs(done * 2 - outcome))
            inside += low <= outcome <= high
        dates.append(
            {
                "on": on.isoformat(),
                "mae": round(statistics.fmean(errors), 3),
                "baseline_mae": round(statistics.fmean(naive), 3),
                "coverage": round(inside / len(orgs), 3),
            }
        )
    return {"dates": dates}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=400)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketnap.settings")
    import django

    django.setup()
    result = run(args.organisations, args.seed)
    if args.format == "json":
        print(json.dumps(result))
        return
    print(f"Backtest of the early-warning forecast: {args.organisations} organisations, seed {args.seed}, year {YEAR}")
    print(f"{'estimated on':<14}{'MAE':>8}{'baseline MAE':>15}{'80% range coverage':>21}")
    for row in result["dates"]:
        coverage = float(row["coverage"]) * 100
        print(f"{row['on']!s:<14}{float(row['mae']):>8.2f}{float(row['baseline_mae']):>15.2f}{coverage:>20.1f}%")


if __name__ == "__main__":
    main()
