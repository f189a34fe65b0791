"""The arithmetic of the early-warning forecast (M3), without the database, so the page
and `benchmarks/forecast_backtest.py` run the very same model.

Each candidate now in the procedure is a coin: admitted by 31/12 with probability

    p = share of past candidates from their stage who were admitted
        × chance that the time to admission fits in the days left

where the time to admission is taken as spread around the stage's median (a
log-normal with `SPREAD`, measured by the backtest), instead of the all-or-nothing "the
median fits or not" of the first version. People not yet introduced add to it: the
organisation's own rate of introductions (its history), times the chance that someone
introduced on a later day is admitted by 31/12.

The expected number is the sum of those chances; the stated range is the central 80 %
of the resulting count (a sum of independent coins and a Poisson count of newcomers),
computed exactly for small pools and by the normal approximation for large ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: Log-normal spread of a time to admission around its median (measured: backtest).
SPREAD = 0.4
#: Share of outcomes the stated range is meant to hold.
RANGE_MASS = 0.8
#: Above this many candidates the count's distribution is taken as normal.
EXACT_LIMIT = 80
_STEPS = 24


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def in_time(median_days: float | None, days_left: int) -> float:
    """Chance that a time to admission with this median takes at most `days_left` days
    (no median known: assumed in time)."""
    if median_days is None:
        return 1.0
    if days_left <= 0:
        return 0.0
    return _phi(math.log(days_left / max(median_days, 1.0)) / SPREAD)


def newcomers(rate_per_day: float, conversion: float, median_days: float | None, days_left: int) -> float:
    """Expected admissions by the year end of people introduced from tomorrow on, at
    `rate_per_day`, each admitted with `conversion` after a time around `median_days`."""
    if rate_per_day <= 0 or days_left <= 0:
        return 0.0
    step = days_left / _STEPS
    total = sum(in_time(median_days, round(days_left - (i + 0.5) * step)) for i in range(_STEPS))
    return rate_per_day * conversion * total * step


def _pmf(chances: Sequence[float], extra_mean: float) -> list[float]:
    """Distribution of (sum of independent coins) + Poisson(extra_mean)."""
    pmf = [1.0]
    for p in chances:
        nxt = [0.0] * (len(pmf) + 1)
        for k, v in enumerate(pmf):
            nxt[k] += v * (1 - p)
            nxt[k + 1] += v * p
        pmf = nxt
    if extra_mean > 0:
        top = int(extra_mean + 8 * math.sqrt(extra_mean) + 8)
        poisson = [math.exp(-extra_mean + k * math.log(extra_mean) - math.lgamma(k + 1)) for k in range(top + 1)]
        out = [0.0] * (len(pmf) + top)
        for i, a in enumerate(pmf):
            for j, b in enumerate(poisson):
                out[i + j] += a * b
        pmf = out
    return pmf


def _central(pmf: Sequence[float], mass: float) -> tuple[int, int]:
    """The narrowest interval holding closest to `mass`, grown from the mode."""
    low = high = max(range(len(pmf)), key=lambda k: pmf[k])
    held = pmf[low]
    while held < mass:
        left = pmf[low - 1] if low > 0 else -1.0
        right = pmf[high + 1] if high + 1 < len(pmf) else -1.0
        if left < 0 and right < 0:
            break
        gain = max(left, right)
        if held + gain - mass > mass - held:  # one more step overshoots more than it helps
            break
        if left >= right:
            low, held = low - 1, held + left
        else:
            high, held = high + 1, held + right
    return low, high


def count_range(chances: Sequence[float], extra_mean: float, mass: float | None = None) -> tuple[int, int]:
    """The range (inclusive) expected to hold `mass` (default RANGE_MASS) of the future count."""
    mass = RANGE_MASS if mass is None else mass
    if len(chances) <= EXACT_LIMIT:
        return _central(_pmf(chances, extra_mean), mass)
    mean = sum(chances) + extra_mean
    sd = math.sqrt(sum(p * (1 - p) for p in chances) + extra_mean)
    z = _z(mass)
    return max(0, math.floor(mean - z * sd + 0.5)), max(0, math.ceil(mean + z * sd - 0.5))


def _z(mass: float) -> float:
    """Two-sided normal quantile for `mass` (bisection; no SciPy needed)."""
    lo, hi = 0.0, 6.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if _phi(mid) - _phi(-mid) < mass:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
