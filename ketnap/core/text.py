"""Vietnamese text helpers shared by every app.

Search must ignore diacritics and case on SQLite as on PostgreSQL, and names must
sort the Vietnamese way (given name first, Vietnamese letter order, then tones). Both
are computed here into plain ASCII columns so that the two databases agree exactly.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Vietnamese alphabet order; đ is a letter of its own after d, ă/â after a, and so on.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i + 10 for i, ch in enumerate(_ALPHABET)}
# Tone order used in dictionaries: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn


def normalize(text: str | None) -> str:
    """NFC-normalise and collapse white space: Word and Unikey mix NFC and NFD."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str | None) -> str:
    """Fold for search: no diacritics, đ→d, case-folded, single spaces."""
    decomposed = unicodedata.normalize("NFD", normalize(text).casefold())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d")


def split_name(full_name: str) -> tuple[str, str]:
    """Split a Vietnamese full name into (family and middle names, given name)."""
    parts = normalize(full_name).split(" ")
    if len(parts) == 1:
        return "", parts[0]
    return " ".join(parts[:-1]), parts[-1]


def _word_key(word: str) -> tuple[str, str]:
    """Primary key (letters in Vietnamese order) and secondary key (tones) of one word."""
    letters: list[str] = []
    tones: list[str] = []
    for cluster in _clusters(word.casefold()):
        base, marks = cluster[0], cluster[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _VOWEL_MODIFIERS))
        letters.append(f"{_LETTER_RANK.get(letter, 99):02d}")
        tone = next((_TONE_RANK[m] for m in marks if m in _TONE_RANK), 0)
        tones.append(str(tone))
    return "".join(letters), "".join(tones)


def _clusters(word: str) -> list[str]:
    """Group a word into base characters each followed by its combining marks."""
    clusters: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.category(ch) == "Mn" and clusters:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def sort_key(full_name: str) -> str:
    """An ASCII key that sorts names by given name, then family and middle names.

    Within a word, letters compare in Vietnamese alphabet order first and tones only
    break ties, as in a dictionary; the given name is compared whole (tones included)
    before the family name, as ORDER BY tên, họ đệm would. The key is digits, dots and
    spaces, so every collation of both databases orders it the same way.
    """
    family_middle, given = split_name(full_name)
    words = [given, *family_middle.split(" ")] if family_middle else [given]
    keys = [_word_key(w) for w in words if w]
    return " ".join(f"{letters}.{tones}" for letters, tones in keys)[:250]
