"""Rollups kept in Django's cache and dropped on write, province by province.

Why generations rather than deleting keys: a rollup depends on every row of a subtree
(events, headcounts, members, the tree of the day, quotas), so no write can list the
keys it spoils. Each province (root path) has a generation number in the cache, and so
does the whole country; a cached figure's key carries the generations of the provinces
it read. A write bumps its province's generation (the country's when the row does not
say cheaply where it is), so every figure it could change is never read again, and a
write in one province leaves the other provinces' figures in place.

A missing generation starts at the clock's nanoseconds, never at 0: after the cache
drops a generation key, old figures cannot be mistaken for new ones.

Several worker processes must share the cache (CACHE_URL, docs/operations.md): with a
per-process cache another worker would serve a figure until its TTL ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from django.core.cache import cache
from django.db import transaction

#: A figure is kept at most this long even when nothing is written (a safety net for
#: writes that bypass the ORM's signals, such as a bulk load).
TTL = 600
_GEN = "rollups:gen:"
COUNTRY = "*"


def root_of(path: str) -> str:
    from ketnap.orgs.models import Organization

    return path[: Organization.steplen]


def _new_generation() -> int:
    return time.time_ns()


def generations(roots: Iterable[str]) -> dict[str, int]:
    """The current generation of each root (and of the country), one cache round trip."""
    wanted = {COUNTRY, *roots}
    keys = {f"{_GEN}{r}": r for r in wanted}
    found = cache.get_many(list(keys))
    result = {}
    for key, root in keys.items():
        if key not in found:
            cache.add(key, _new_generation(), None)
            found[key] = cache.get(key)
        result[root] = int(found[key] or 0)
    return result


def version(paths: Iterable[str]) -> str:
    """A token that changes whenever a figure read under `paths` may have: the
    generations of their provinces and of the country. A page cached whole (the
    dashboard's body, `{% cache %}`) names it among its keys."""
    roots = sorted({root_of(p) for p in paths})
    gens = generations(roots)
    return f"{gens[COUNTRY]}:" + ",".join(f"{r}.{gens[r]}" for r in roots)


def touch(paths: Iterable[str] | None) -> None:
    """After a write under these paths that sent no signal (an `update()`, a bulk load):
    the headcount spans of the organisations under them are rebuilt (orgs.spans) and the
    figures cached for their provinces spoiled (None: somewhere unknown — the whole
    country's figures; the spans are then the caller's to rebuild)."""
    paths = None if paths is None else [p for p in paths if p]
    if paths:
        from ketnap.orgs import spans

        spans.refresh_under(paths)
    bump(paths)


def bump(paths: Iterable[str] | None) -> None:
    """Spoil the figures cached for the provinces of these paths (None: the country)."""
    roots = {COUNTRY} if paths is None else {root_of(p) for p in paths if p}
    for root in roots:
        key = f"{_GEN}{root}"
        try:
            cache.incr(key)
        except ValueError:
            if not cache.add(key, _new_generation(), None):
                cache.incr(key)


def cached_many[K: Hashable, V](
    prefix: str,
    items: Mapping[K, Iterable[str]],
    compute: Callable[[list[K]], Mapping[K, V]],
) -> dict[K, V]:
    """Figures for `items` (key → the paths it reads under), from the cache when their
    provinces have not changed, else computed together by `compute(missing keys)` and
    kept. Two cache round trips, plus one write when something was missing."""
    if not items:
        return {}
    roots = {k: sorted({root_of(p) for p in paths}) for k, paths in items.items()}
    gens = generations({r for rs in roots.values() for r in rs})
    names = {f"{prefix}:{k}:{gens[COUNTRY]}:" + ",".join(f"{r}.{gens[r]}" for r in rs): k for k, rs in roots.items()}
    found: dict[str, Any] = cache.get_many(list(names))
    result: dict[K, V] = {names[n]: v for n, v in found.items()}
    missing = [k for n, k in names.items() if n not in found]
    if missing:
        fresh = compute(missing)
        result.update(fresh)
        by_key = {k: n for n, k in names.items()}
        cache.set_many({by_key[k]: v for k, v in fresh.items()}, TTL)
    return result


def related_path(instance: Any, field: str = "organization") -> list[str] | None:
    """The path of the row's organisation when it is already loaded (no query on the
    write path), else None: the country's generation is bumped instead."""
    descriptor = getattr(type(instance), field)
    if descriptor.is_cached(instance):
        org = getattr(instance, field)
        return [org.path] if org is not None else None
    return None


def connect(model: type, paths: Callable[[Any], Iterable[str] | None]) -> None:
    """Bump the generations a saved or deleted row of `model` spoils."""
    from django.db.models.signals import post_delete, post_save

    def handler(sender: type, instance: Any, **kwargs: Any) -> None:
        spoiled = paths(instance)
        spoiled = None if spoiled is None else list(spoiled)
        bump(spoiled)
        # Again once committed: a read between the write and the commit may have kept
        # the old figures under the new generation.
        transaction.on_commit(lambda: bump(spoiled))

    post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"rollups:{model.__name__}:save")
    post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"rollups:{model.__name__}:delete")
