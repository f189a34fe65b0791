"""Admission quota from a rate of total members.

Why: plans set targets as a rate ("kết nạp 3,2 % tổng số đảng viên"); the
count must be rounded UP (a fraction of a person is still one more person to
admit) and computed in Decimal so 3.2 % of 1250 gives exactly 40, not
40.00000000000001 → 41.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, InvalidOperation


def quota_from_rate(rate_percent: Decimal | int | str | float, members: int) -> int:
    """Return ceil(rate_percent % × members) computed exactly.

    A float rate is read through its shortest decimal text (3.2 → "3.2").
    Raises ValueError (Vietnamese message) for a negative or unreadable input.
    """
    if isinstance(rate_percent, bool) or isinstance(members, bool):
        raise ValueError("Tỷ lệ và số đảng viên phải là số.")
    try:
        rate = Decimal(str(rate_percent)) if isinstance(rate_percent, float) else Decimal(rate_percent)
    except InvalidOperation as exc:
        raise ValueError(f"Tỷ lệ không hợp lệ: {rate_percent!r}.") from exc
    if not rate.is_finite() or rate < 0 or members < 0:
        raise ValueError("Tỷ lệ và số đảng viên không được âm.")
    exact = rate * members / Decimal(100)
    return int(exact.to_integral_value(rounding=ROUND_CEILING))
