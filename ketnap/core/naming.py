"""Columns derived from a person's name, shared by every model that stores people."""

from __future__ import annotations

from typing import Any

from ketnap.core.text import fold, normalize, sort_key


class PersonNameMixin:
    """For models with `full_name`, `sort_name` and `search_text` columns: the name is
    NFC-normalised, `sort_name` orders the Vietnamese way, `search_text` folds
    diacritics. Bulk loaders call `fill_derived()` themselves before bulk_create."""

    full_name: str
    sort_name: str
    search_text: str

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_derived()
        super().save(*args, **kwargs)  # type: ignore[misc]

    def fill_derived(self) -> None:
        self.full_name = normalize(self.full_name)
        self.sort_name = sort_key(self.full_name)
        self.search_text = fold(self.full_name)
