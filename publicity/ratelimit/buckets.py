"""Where the rate limits' buckets live, and the one atomic step that takes a token.

A bucket is a single number, the instant (milliseconds since 1970) at which it
is full again: ``full_at``. Taking a token at ``now`` moves it to
``max(full_at, now) + interval``; the token is granted when that is no later
than ``now + capacity * interval`` (the bucket then still held a token), and
refused otherwise, leaving the bucket as it was. Reading and moving happen in
one step that no other request can come between:

- **Redis** (the default cache is ``RedisCache``): a Lua script, which Redis
  runs whole before any other command. The key expires once the bucket is full
  again.
- **The database** (otherwise): the table ``publicity_ratelimitbucket``, one
  ``INSERT ... ON CONFLICT DO UPDATE ... WHERE ... RETURNING`` statement. On
  PostgreSQL it locks the client's row for the statement: two requests of the
  same client wait for each other, and the second sees what the first wrote.
  On SQLite (3.35 or later) a writing statement holds the database's write
  lock: statements run one after another, so the same holds. Full buckets
  are deleted at most every ``PURGE_SECONDS`` per process (a full bucket and
  no bucket mean the same).

``now`` comes from the web process's clock (``time.time``), not the store's:
processes on several machines must keep their clocks in step (NTP), as they do
for everything else dated.

When the store fails (Redis or the database unreachable, a missing table),
``take`` raises ``Unavailable``; the failure is logged once, and its end once.
"""

import logging
import time
from contextlib import nullcontext

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connections, router, transaction

from publicity.models import RateLimitBucket

logger = logging.getLogger(__name__)

PURGE_SECONDS = 600

# KEYS[1]: the bucket; ARGV: now, interval, horizon (now + capacity * interval),
# in milliseconds. Returns 0 when the token is granted, else the milliseconds to
# wait for one. Integers all along: Lua's numbers are doubles, exact to 2^53.
TAKE_SCRIPT = """
local now, interval, horizon = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local full_at = tonumber(redis.call('GET', KEYS[1]) or '0')
local moved = math.max(full_at, now) + interval
if moved > horizon then
    return moved - horizon
end
redis.call('SET', KEYS[1], string.format('%d', moved), 'PX', moved - now)
return 0
"""


class Unavailable(Exception):
    """The store could not be read or written; the request is not counted."""


class _Health:
    """Logs a store's failure once, and its recovery once."""

    def __init__(self, store: str):
        self.store = store
        self.failing = False

    def failed(self, error: Exception) -> None:
        if not self.failing:
            logger.error(
                "The rate limits' store (%s) failed: %s: %s. Requests are let through, "
                "uncounted, until it works again.",
                self.store,
                type(error).__name__,
                str(error).strip().splitlines()[0] if str(error).strip() else "",
            )
        self.failing = True

    def worked(self) -> None:
        if self.failing:
            logger.warning("The rate limits' store (%s) works again.", self.store)
        self.failing = False


health = {"redis": _Health("redis"), "database": _Health("database")}


def take(key: str, *, now: int, interval: int, capacity: int) -> int:
    """Take a token from ``key``'s bucket: 0 when granted, else the
    milliseconds until one is (``now`` and ``interval`` in milliseconds)."""
    cache = caches["default"]
    store = "redis" if isinstance(cache, RedisCache) else "database"
    horizon = now + capacity * interval
    try:
        if store == "redis":
            wait = _take_in_redis(cache, key, now, interval, horizon)
        else:
            wait = _take_in_database(key, now, interval, horizon)
    except Exception as error:
        if not _is_store_error(error):
            raise
        health[store].failed(error)
        raise Unavailable(str(error)) from error
    health[store].worked()
    return wait


def _is_store_error(error: Exception) -> bool:
    if isinstance(error, DatabaseError):
        return True
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency
        return False
    return isinstance(error, RedisError)


# --- Redis -------------------------------------------------------------------

_script = None


def _take_in_redis(cache, key, now, interval, horizon) -> int:
    global _script
    redis_key = cache.make_and_validate_key(key)
    # Django's RedisCache keeps its connection pools in its client; the script
    # runs on the connection a write of this key would use.
    client = cache._cache.get_client(redis_key, write=True)
    if _script is None:
        _script = client.register_script(TAKE_SCRIPT)
    return int(_script(keys=[redis_key], args=[now, interval, horizon], client=client))


# --- The database --------------------------------------------------------------

_next_purge = None


def _take_in_database(key, now, interval, horizon) -> int:
    alias = router.db_for_write(RateLimitBucket)
    connection = connections[alias]
    # Inside a transaction (a test's, or a caller's), a failure must not spoil
    # it: a savepoint takes it back. Outside one, the statement is its own.
    with transaction.atomic(using=alias) if connection.in_atomic_block else nullcontext():
        with connection.cursor() as cursor:
            wait = take_with(
                cursor, connection.ops.quote_name, key, now=now, interval=interval, horizon=horizon
            )
            _purge_now_and_then(cursor, connection.ops.quote_name, now)
    return wait


def take_with(cursor, quote, key, *, now, interval, horizon, placeholder="%s") -> int:
    """``take`` in SQL, through a DB-API ``cursor`` in autocommit or inside a
    transaction: one atomic statement, and a read of the bucket when refused
    (for the wait). PostgreSQL 9.5+ and SQLite 3.35+ (upsert and RETURNING)."""
    table, key_column, full_at = (
        quote(RateLimitBucket._meta.db_table),
        quote("key"),
        quote("full_at"),
    )
    moved = f"CASE WHEN {table}.{full_at} > %s THEN {table}.{full_at} + %s ELSE %s END"
    take_sql = (
        f"INSERT INTO {table} ({key_column}, {full_at}) VALUES (%s, %s) "
        f"ON CONFLICT ({key_column}) DO UPDATE SET {full_at} = {moved} "
        f"WHERE {moved} <= %s RETURNING {full_at}"
    )
    fresh = now + interval
    cursor.execute(
        take_sql.replace("%s", placeholder),
        [key, fresh, now, interval, fresh, now, interval, fresh, horizon],
    )
    if cursor.fetchone() is not None:
        return 0
    read_sql = f"SELECT {full_at} FROM {table} WHERE {key_column} = %s"
    cursor.execute(read_sql.replace("%s", placeholder), [key])
    row = cursor.fetchone()
    return max(1, (max(row[0], now) if row else now) + interval - horizon)


def _purge_now_and_then(cursor, quote, now) -> None:
    """Delete the full buckets, at most once in PURGE_SECONDS per process."""
    global _next_purge
    if _next_purge is None:
        _next_purge = now + PURGE_SECONDS * 1000
    elif now >= _next_purge:
        table, full_at = quote(RateLimitBucket._meta.db_table), quote("full_at")
        cursor.execute(f"DELETE FROM {table} WHERE {full_at} <= %s", [now])
        _next_purge = now + PURGE_SECONDS * 1000


def now_ms() -> int:
    return int(time.time() * 1000)
