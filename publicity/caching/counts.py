"""Counts of whole tables for headlines (the home page, the lists' index),
kept in the default cache (the scheme: ``publicity.caching``).

Counting a million-row table on every visit would make the busiest page the
slowest; a count a few minutes old, with the time it was made, serves as well.
"""

import datetime

from django.utils import timezone

from publicity.caching.store import attempt

COUNTS_FRESH_FOR = datetime.timedelta(minutes=10)
COUNTS_KEPT_FOR = 60 * 60


def cached_counts(name: str, compute):
    """``(compute(), counted_at)``: whole-table counts (a million rows) made at
    most every ten minutes, not per request; one cache query when fresh.

    A value older than ten minutes is recomputed by the one request that wins
    ``cache.add`` on a refresh key; the others meanwhile serve the older value,
    so an expiry never sends every request to count at once."""
    key = f"publicity:counts:{name}"
    now = timezone.now()
    entry = attempt("default", lambda cache: cache.get(key))
    if entry is not None and now - entry[1] < COUNTS_FRESH_FOR:
        return entry
    if entry is not None and not attempt("default", lambda c: c.add(f"{key}:refresh", 1, 60)):
        return entry
    entry = (compute(), now)
    attempt("default", lambda cache: cache.set(key, entry, COUNTS_KEPT_FOR))
    return entry
