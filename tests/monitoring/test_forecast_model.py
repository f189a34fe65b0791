"""The forecast's arithmetic (forecast_model) and its measured error (the backtest):
the 30/06 estimate beats "admitted so far × 2" and the 80 % range holds about 80 %."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from ketnap.monitoring import forecast_model as model

ROOT = Path(__file__).resolve().parents[2]


def test_time_to_admission_fits_half_the_time_at_its_median() -> None:
    assert model.in_time(120, 120) == pytest.approx(0.5)
    assert model.in_time(120, 60) < 0.05 < 0.95 < model.in_time(120, 240)
    assert model.in_time(None, 10) == 1.0 and model.in_time(30, 0) == 0.0


def test_no_introductions_no_newcomers() -> None:
    assert model.newcomers(0.0, 0.9, 100, 200) == 0.0
    assert model.newcomers(10 / 365, 1.0, None, 365) == pytest.approx(10.0)


def test_the_range_holds_about_eighty_percent_of_a_known_count() -> None:
    rng = random.Random(5)
    chances = [0.3] * 20 + [0.8] * 5
    low, high = model.count_range(chances, 1.5)
    draws = [sum(rng.random() < p for p in chances) + _poisson(rng, 1.5) for _ in range(4000)]
    held = sum(low <= d <= high for d in draws) / len(draws)
    assert 0.72 <= held <= 0.88, (low, high, held)


def test_large_pools_use_the_normal_approximation() -> None:
    low, high = model.count_range([0.5] * 400, 0.0)
    assert low < 200 < high and high - low < 40


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count


def test_the_backtest_measures_a_forecast_better_than_the_naive_one() -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "forecast_backtest.py"),
            "--organisations",
            "200",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    dates = {d["on"]: d for d in json.loads(out.stdout)["dates"]}
    assert list(dates) == ["2026-03-31", "2026-06-30", "2026-09-30"]
    june = dates["2026-06-30"]
    assert june["mae"] < june["baseline_mae"]
    assert 0.75 <= june["coverage"] <= 0.85 + 0.03  # 200 organisations: a few points of sampling noise
