"""Cache calls that a broken cache server cannot turn into a 500.

With ``REDIS_URL`` set, the kept pages, the filter choices and the counts
live in Redis. When Redis stops or hangs (each call gives up after
``REDIS_TIMEOUT`` seconds, settings), a page is built as if nothing were
kept, and nothing is kept: readers get their pages, slower. Each process
logs one line when a cache first fails and one when it answers again, never
one per request.

Only a cache server's own failures are caught (Redis's errors, sockets);
errors of the database cache are the database's, which
``publicity.outage`` answers.
"""

import logging

from django.core.cache import caches

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is in requirements.lock
    RedisError = OSError

logger = logging.getLogger(__name__)
FAILURES = (RedisError, OSError)
_failing: set[str] = set()


def attempt(alias: str, call, fallback=None):
    """``call(caches[alias])``, or ``fallback`` when the cache server fails."""
    try:
        result = call(caches[alias])
    except FAILURES as error:
        if alias not in _failing:
            _failing.add(alias)
            logger.warning(
                "The %r cache cannot be reached (%s): pages are built without it until it "
                "answers again.",
                alias,
                error,
            )
        return fallback
    if alias in _failing:
        _failing.discard(alias)
        logger.warning("The %r cache answers again.", alias)
    return result
