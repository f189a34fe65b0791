"""Reading values as users type them, and matching names as users write them.

Numbers: appendices write zero as "-" or leave the cell blank, pad counts ("06"),
and Excel stores 1 as 1.0. Anything that is not a whole, non-negative number is
refused with a reason a commune clerk understands ("1,5" is not a number of people).

Names: "Chi bộ Đèo Cáo - Lân Chàm" in the system is "Đèo Cáo - Lân Chàm" in the
table, "Đoàn TNCS Hồ Chí Minh" is "Đoàn TNCS HCM"; `name_key` folds both sides to
the same key, and `NameMatcher` finds the one target a row means (or says none, or
that several fit).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ketnap.core.text import fold, normalize

ZERO_MARKS = frozenset({"", "-", "–", "—", "0"})
_DIGITS = re.compile(r"^\d+$")
_VN_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


MAX_COUNT = 100_000  # a quota or a count of people of one organisation; far below PostgreSQL's int range


def parse_count(value: Any) -> int:
    """A whole number 0..MAX_COUNT from a cell: "-"/blank → 0, "06" → 6, 3.0 → 3,
    "1.251" (Vietnamese thousands) → 1251. Raises ValueError with a Vietnamese reason."""
    count = _parse_count(value)
    if count > MAX_COUNT:
        raise ValueError(f"Số {count:,} vượt giới hạn {MAX_COUNT:,}: hãy kiểm tra lại ô này.".replace(",", "."))
    return count


def _parse_count(value: Any) -> int:
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError("Ô phải là số nguyên không âm.")
        return 0
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"Số âm ({value}) không hợp lệ: chỉ tiêu phải là số nguyên không âm.")
        return value
    if isinstance(value, float):
        if value < 0:
            raise ValueError(f"Số âm ({_show(value)}) không hợp lệ: chỉ tiêu phải là số nguyên không âm.")
        if not value.is_integer():
            raise ValueError(f"“{_show(value)}” không phải số nguyên: chỉ tiêu là số người, không có phần lẻ.")
        return int(value)
    text = normalize(str(value)).replace(" ", "")
    if text.lower() in ZERO_MARKS:
        return 0
    if _DIGITS.match(text):
        return int(text)
    if _VN_THOUSANDS.match(text):
        return int(text.replace(".", ""))
    if re.match(r"^[-−]\s*\d", text):
        raise ValueError(f"Số âm ({text}) không hợp lệ: chỉ tiêu phải là số nguyên không âm.")
    if re.match(r"^\d+[.,]\d+$", text):
        raise ValueError(f"“{text}” không phải số nguyên: chỉ tiêu là số người, không có phần lẻ.")
    raise ValueError(f"“{text}” không phải là số. Hãy ghi số nguyên (ví dụ 1, 2), hoặc để trống / ghi “-” nếu bằng 0.")


def _show(value: float) -> str:
    return f"{value:g}".replace(".", ",")


_PREFIXES = ("chi bo co so ", "chi bo ", "dang bo bo phan ", "dang bo ", "dang uy ")
_ABBREVIATIONS = {
    "hcm": "ho chi minh",
    "mttq": "mat tran to quoc",
    "ccb": "cuu chien binh",
    "lhpn": "lien hiep phu nu",
    "tncs": "thanh nien cong san",
    "ubnd": "uy ban nhan dan",
}
_PUNCT_SPACES = re.compile(r"\s*([-–—&/,.])\s*")


def name_key(name: str) -> str:
    """Fold diacritics, case and spaces, drop a leading "Chi bộ"/"Đảng bộ" and
    expand common abbreviations, so both spellings of one organisation compare equal."""
    key = fold(name)
    key = _PUNCT_SPACES.sub(lambda m: "-" if m.group(1) in "-–—" else m.group(1), key)
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    words = [_ABBREVIATIONS.get(w, w) for w in key.split(" ")]
    return " ".join(words).strip()


class NameMatcher[T]:
    """Match written names to targets by `name_key`; each target may carry aliases
    (e.g. the kind's label of a mass organisation)."""

    def __init__(self) -> None:
        self._targets: dict[str, list[T]] = {}

    def add(self, target: T, *names: str) -> None:
        for name in names:
            key = name_key(name)
            if not key:
                continue
            bucket = self._targets.setdefault(key, [])
            if target not in bucket:
                bucket.append(target)

    def add_all(self, pairs: Iterable[tuple[T, Iterable[str]]]) -> None:
        for target, names in pairs:
            self.add(target, *names)

    def candidates(self, name: str) -> list[T]:
        """Every target whose key equals the name's key (none, one, or an ambiguity)."""
        return list(self._targets.get(name_key(name), []))

    def match(self, name: str) -> T | None:
        """The single target the name means, or None when none or several fit."""
        found = self.candidates(name)
        return found[0] if len(found) == 1 else None
