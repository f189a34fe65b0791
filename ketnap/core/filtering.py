"""What the lists' django-filter FilterSets share, on the screens and in the API: the
diacritic-free name search and the lenient reading a page needs (an unreadable value is
ignored, as a hand-typed URL should not break the page; the API is strict instead)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import QuerySet

from ketnap.core.text import fold


def folded_words(qs: QuerySet[Any], field: str, value: str) -> QuerySet[Any]:
    """Every word of the query, without diacritics, must occur in the folded column."""
    for word in fold(value).split():
        qs = qs.filter(**{f"{field}__contains": word})
    return qs


def leniently[Q: QuerySet[Any]](
    filterset: type[django_filters.FilterSet], data: Mapping[str, Any], qs: Q
) -> tuple[Q, dict[str, Any]]:
    """The queryset narrowed by the filters whose values are valid, and those values
    (cleaned: an int, a choice, a date) for the page to show what is selected."""
    fs = filterset(data=data, queryset=qs)
    fs.is_valid()
    cleaned = {k: v for k, v in fs.form.cleaned_data.items() if v not in (None, "", [])}
    return fs.qs, cleaned
