"""Matching names written in a file to records, as Vietnamese names (issue 12, point 1).

In Vietnamese the tone marks and the letters ă â ê ô ơ ư đ make different words:
"Bản Cám" and "Bản Cầm" are two villages. So a name written in a file matches a
record *exactly* only when they are the same name up to what a keyboard or a
typist varies without meaning to:

- case, spaces, the Unicode form (NFC from Word, NFD from some Unikey settings);
- the old and new tone placement ("hoà"/"hòa", "thuý"/"thúy", "khoẻ"/"khỏe");
- a leading "Chi bộ" / "Đảng bộ" and the common abbreviations ("TNCS", "HCM").

A name that matches only once diacritics are dropped, or is one edit away from a
record, is a *near* match: probably a typo, possibly a different organisation.
Nothing decides that silently. The caller asks (the preview shows both names and
offers "this one / create a new one / fix the file") or refuses (a command, unless
told `--accept-near` or `--create-near`). Every import reports for each row whether
the name matched "exact", "near" (accepted) or was "created".

`NameIndex` holds the candidate records; `NearChoices` carries the user's answers;
`resolve()` turns a written name into a `Resolution` the same way for every import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ketnap.core.text import fold

# Combining tone marks: huyền, hỏi, ngã, sắc, nặng. The letter-forming marks (breve,
# circumflex, horn) are not here: they stay part of the letter.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_DASHES = re.compile(r"\s*[-–—]\s*")
_PUNCT_SPACES = re.compile(r"\s*([&/,.])\s*")
_SPACES = re.compile(r"\s+")
_PREFIXES = (
    ("chi bộ cơ sở",),
    ("chi bộ",),
    ("đảng bộ bộ phận",),
    ("đảng bộ cơ sở",),
    ("đảng bộ",),
    ("đảng ủy",),
)
_ABBREVIATIONS = {
    "hcm": "hồ chí minh",
    "tp.hcm": "thành phố hồ chí minh",
    "mttq": "mặt trận tổ quốc",
    "ccb": "cựu chiến binh",
    "lhpn": "liên hiệp phụ nữ",
    "tncs": "thanh niên cộng sản",
    "ubnd": "ủy ban nhân dân",
    "thcs": "trung học cơ sở",
    "thpt": "trung học phổ thông",
}


class MatchKind(StrEnum):
    EXACT = "exact"
    NEAR = "near"
    CREATED = "created"


def _word_key(word: str) -> str:
    """One syllable without its tone mark, followed by the tone's digit: the tone is
    kept but where it was placed ("hoà"/"hòa") no longer matters."""
    tone = ""
    letters: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)) + tone


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", name or "").casefold().replace("(", " ").replace(")", " ")
    text = _DASHES.sub(" - ", text)
    text = _PUNCT_SPACES.sub(lambda m: m.group(1), text)
    return [w for w in _SPACES.split(text) if w]


_PREFIX_KEYS = tuple(tuple(_word_key(w) for w in " ".join(p).split(" ")) for p in _PREFIXES)
_ABBREVIATION_KEYS = {k: [_word_key(w) for w in v.split(" ")] for k, v in _ABBREVIATIONS.items()}


def exact_key(name: str) -> str:
    """The key two spellings of one name share (tones kept, their placement ignored)."""
    keys = [_word_key(w) for w in _words(name)]
    for prefix in _PREFIX_KEYS:
        if tuple(keys[: len(prefix)]) == prefix and len(keys) > len(prefix):
            keys = keys[len(prefix) :]
            break
    expanded: list[str] = []
    for key in keys:
        expanded.extend(_ABBREVIATION_KEYS.get(key, [key]))
    return " ".join(expanded)


def loose_key(name: str) -> str:
    """The exact key without any diacritics: equal loose keys with different exact
    keys are a near match ("Bản Cám" / "Bản Cầm")."""
    return fold(" ".join(w.rstrip("12345") for w in exact_key(name).split(" ")))


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1, in linear time."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


@dataclass
class Match[T]:
    """What an index found for a written name: exactly one record, several (an
    ambiguity the file must resolve), near records, or nothing."""

    exact: list[T] = field(default_factory=list)
    near: list[T] = field(default_factory=list)

    @property
    def target(self) -> T | None:
        return self.exact[0] if len(self.exact) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.exact) > 1


class NameIndex[T]:
    """Records indexed by the names they may be written as (a record may carry
    aliases: the kind's label of a mass organisation, a cell's name without "Chi bộ")."""

    def __init__(self) -> None:
        self._exact: dict[str, list[T]] = {}
        self._loose: dict[str, list[T]] = {}
        self._by_length: dict[int, list[tuple[str, T]]] = {}
        self._names: dict[int, str] = {}

    def add(self, target: T, *names: str) -> None:
        for position, name in enumerate(names):
            key = exact_key(name)
            if not key:
                continue
            if position == 0:
                self._names.setdefault(id(target), name)
            bucket = self._exact.setdefault(key, [])
            if target not in bucket:
                bucket.append(target)
                self._loose.setdefault(loose_key(name), []).append(target)
                self._by_length.setdefault(len(key), []).append((key, target))

    def name_of(self, target: T) -> str:
        return self._names.get(id(target), str(target))

    def find(self, name: str) -> Match[T]:
        key = exact_key(name)
        found: Match[T] = Match(list(self._exact.get(key, [])))
        if found.exact or not key:
            return found
        near: list[T] = []
        for target in self._loose.get(loose_key(name), []):
            if target not in near:
                near.append(target)
        for length in (len(key) - 1, len(key), len(key) + 1):
            for other, target in self._by_length.get(length, []):
                if target not in near and within_one_edit(key, other):
                    near.append(target)
        found.near = near
        return found


class NearPolicy(StrEnum):
    ASK = "ask"  # refuse the row with a question (the default)
    ACCEPT = "accept"  # take the near record
    CREATE = "create"  # create a new record under the written name


@dataclass
class NearChoices:
    """The user's answers to near matches: one default for the whole file (the
    command's --accept-near / --create-near) and per-name answers (the preview's radio
    buttons), keyed by the exact key of the name as written."""

    default: NearPolicy = NearPolicy.ASK
    by_name: dict[str, NearPolicy] = field(default_factory=dict)

    @classmethod
    def from_options(cls, *, accept_near: bool = False, create_near: bool = False) -> NearChoices:
        if accept_near and create_near:
            raise ValueError("Chỉ chọn một trong --accept-near và --create-near.")
        if accept_near:
            return cls(NearPolicy.ACCEPT)
        return cls(NearPolicy.CREATE if create_near else NearPolicy.ASK)

    @classmethod
    def from_json(cls, data: Mapping[str, object] | None) -> NearChoices:
        data = data or {}
        answers = data.get("by_name") or {}
        assert isinstance(answers, Mapping)
        return cls(
            NearPolicy(str(data.get("default") or NearPolicy.ASK)),
            {str(k): NearPolicy(str(v)) for k, v in answers.items()},
        )

    def as_json(self) -> dict[str, object]:
        return {"default": str(self.default), "by_name": {k: str(v) for k, v in self.by_name.items()}}

    def decide(self, name: str) -> NearPolicy:
        return self.by_name.get(exact_key(name), self.default)


@dataclass
class NearQuestion:
    """A near match waiting for the user's answer; the preview renders it."""

    name_in_file: str
    key: str
    candidates: list[str]
    may_create: bool
    sheet: str = ""
    row: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "name_in_file": self.name_in_file,
            "key": self.key,
            "candidates": self.candidates,
            "may_create": self.may_create,
            "sheet": self.sheet,
            "row": self.row,
        }


@dataclass
class Resolution[T]:
    """How a written name was resolved: a record (exact or near, accepted), a record to
    create, or a problem to report (with a question when the user may answer it)."""

    target: T | None = None
    match: MatchKind | None = None
    problem: str | None = None
    question: NearQuestion | None = None
    ambiguous: bool = False

    @property
    def create(self) -> bool:
        return self.match is MatchKind.CREATED

    @property
    def not_found(self) -> bool:
        """Nothing like the name exists (and nothing may be created): callers word this
        their own way ("Không tìm thấy chi bộ … trong tổ chức đã chọn")."""
        return self.problem is not None and self.question is None and not self.ambiguous


def resolve[T](
    index: NameIndex[T],
    name: str,
    choices: NearChoices,
    *,
    may_create: bool,
    near_may_create: bool | None = None,
    what: str = "tổ chức",
    sheet: str = "",
    row: int | None = None,
) -> Resolution[T]:
    """The one rule every import follows. `may_create` says whether a name that matches
    nothing becomes a new record (the tree import, "tạo tổ chức còn thiếu") or is an
    error (members, candidates: the cell must already exist). `near_may_create` (default:
    `may_create`) says whether a near match may be answered "create a new one" — an
    allocation table may create a cell for a near name the user confirms as new even
    when it does not create every unknown name."""
    creatable = may_create if near_may_create is None else near_may_create
    found = index.find(name)
    if found.ambiguous:
        return Resolution(
            problem=f"“{name}” trùng tên với nhiều {what}: hãy ghi tên đầy đủ hơn trong tệp.", ambiguous=True
        )
    if found.target is not None:
        return Resolution(found.target, MatchKind.EXACT)
    if not found.near:
        if may_create:
            return Resolution(match=MatchKind.CREATED)
        return Resolution(problem=f"Không tìm thấy {what} “{name}”.")
    policy = choices.decide(name)
    if policy is NearPolicy.ACCEPT and len(found.near) == 1:
        return Resolution(found.near[0], MatchKind.NEAR)
    if policy is NearPolicy.CREATE and creatable:
        return Resolution(match=MatchKind.CREATED)
    names = [index.name_of(t) for t in found.near]
    shown = ", ".join(f"“{n}”" for n in names)
    fix = "--accept-near" + (" hoặc --create-near" if creatable else "")
    problem = (
        f"“{name}” gần giống {what} đã có {shown} nhưng không trùng khớp (khác dấu hoặc một ký tự). "
        f"Hãy chọn dùng {what} có sẵn{', tạo mới' if creatable else ''} hoặc sửa tệp (dòng lệnh: {fix})."
    )
    if len(found.near) > 1 and policy is NearPolicy.ACCEPT:
        problem = f"“{name}” gần giống nhiều {what} ({shown}): hãy sửa tên trong tệp."
    question = NearQuestion(name, exact_key(name), names, creatable, sheet, row)
    return Resolution(problem=problem, question=question)


__all__ = [
    "Match",
    "MatchKind",
    "NameIndex",
    "NearChoices",
    "NearPolicy",
    "NearQuestion",
    "Resolution",
    "exact_key",
    "loose_key",
    "resolve",
    "within_one_edit",
]
