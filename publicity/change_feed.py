"""What changed in the register, as PostgreSQL announces it: pages kept by
``publicity.page_cache`` stay valid until a change names them.

The triggers of migration ``registry.0011_change_notifications`` send, when a
writing transaction commits, ``c:<credit code>`` for a company page that
changed, ``s`` for search pages and ``*`` for everything. Each web process
holds one connection of its own that ``LISTEN``s to them, and reads what has
arrived at the start of each request for a kept page: a read of its socket
that does not wait, with no query. It counts, per credit code, how often that
company's page changed, and keeps a count for search pages; a page is kept
under those counts (``company()``, ``search()``), so it is never served again
once named. Notifications arrive in the order the transactions committed,
within a fraction of a millisecond on one machine or one network.

A page built from what the database held before a change is stored under the
count read before it was built, and the change's notification moves the
count: that page is never found again. Anything the process may have missed
moves its *epoch*, which is part of every key: the first connection and every
reconnection (what changed meanwhile is unknown), a lost connection, and a
count of tracked codes past ``MAX_TRACKED``.

A dead connection that the kernel has not noticed yet (a server gone without
closing the socket) cannot be told from a quiet one by reading; so the
connection is asked ``SELECT 1`` when ``CHECK_SECONDS`` have passed since it
was last known alive, before any kept page is served. While the feed is not
listening (no PostgreSQL, the server down, or a pooler in transaction mode,
which does not pass ``LISTEN`` on), ``company()`` and ``search()`` answer
None and the caller falls back to checking the database
(``publicity.company_version``) or to a short expiry.
"""

import logging
import os
import select
import threading
import time

import psycopg
from django.db import connection

from registry.changes import CHANNEL

# How the connection shows in pg_stat_activity.
APPLICATION_NAME = "publicity-change-feed"
CHECK_SECONDS = 5.0
RETRY_SECONDS = 5.0
CONNECT_TIMEOUT = 2
MAX_TRACKED = 200_000

logger = logging.getLogger(__name__)


class Feed:
    def __init__(self):
        self._lock = threading.RLock()
        self._connection = None
        self._pid = None
        self._alive_at = 0.0
        self._failed_at = None
        self._epoch = 0
        self._companies: dict[str, int] = {}
        self._search = self._search_shown = 0
        self._search_shown_at = -float("inf")
        self._awaited = None  # the token sync() waits for
        self._ended = False

    def company(self, code: str) -> str | None:
        """The key part of this company's page, or None when not listening."""
        with self._lock:
            if not self._listening():
                return None
            return f"n{self._pid}.{self._epoch}.{self._companies.get(code, 0)}"

    def search(self, every: float = 0) -> str | None:
        """The key part of search pages, or None when not listening.

        It moves when what search pages show changed, but no more often than
        ``every`` seconds: the first change after a quiet spell shows at once,
        and a stream of changes renews search pages once in that time, not
        for each change (every search page may show any company)."""
        with self._lock:
            if not self._listening():
                return None
            now = time.monotonic()
            if self._search != self._search_shown and now - self._search_shown_at >= every:
                self._search_shown, self._search_shown_at = self._search, now
            return f"n{self._pid}.{self._epoch}.{self._search_shown}"

    def sync(self, timeout: float = 5.0) -> bool:
        """Wait until every change committed before this call has been read.

        PostgreSQL delivers notifications in commit order, so once the feed
        reads one it sent itself after them, it has read them all. For tests
        and tools; requests never wait."""
        with self._lock:
            if not self._listening():
                return False
            token = self._awaited = f"sync:{self._pid}.{time.monotonic_ns()}"
            try:
                self._connection.execute("SELECT pg_notify(%s, %s)", [CHANNEL, token])
                deadline = time.monotonic() + timeout
                while self._awaited is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    select.select([self._connection.pgconn.socket], [], [], left)
                    self._drain()
            except Exception:
                self._lose("the connection failed while waiting for changes")
                return False
            finally:
                self._awaited = None
            return True

    def close(self):
        """Stop listening (until the next page asks)."""
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None
            self._forget_all()

    def _listening(self) -> bool:
        """Connected (or reconnected) and up to date with what has arrived."""
        if self._pid != os.getpid():
            # A forked child: the parent's connection is not ours to use.
            self._connection, self._pid = None, os.getpid()
        if self._connection is None and not self._connect():
            return False
        try:
            self._drain()
            if time.monotonic() - self._alive_at > CHECK_SECONDS:
                self._connection.execute("SELECT 1")
                self._alive_at = time.monotonic()
        except Exception:
            self._lose("the connection was lost")
            return self._connect()
        return True

    def _connect(self) -> bool:
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_SECONDS:
            return False
        if connection.vendor != "postgresql":
            return False
        params = connection.get_connection_params()
        for key in ("cursor_factory", "context", "prepare_threshold"):
            params.pop(key, None)
        params.setdefault("connect_timeout", CONNECT_TIMEOUT)
        params["application_name"] = APPLICATION_NAME
        try:
            conn = psycopg.connect(**params, autocommit=True)
            conn.add_notify_handler(lambda notify: self._apply(notify.payload))
            # A message while idle is the server ending the connection
            # (FATAL: terminating connection), read before the socket's end.
            conn.add_notice_handler(self._on_notice)
            conn.execute(f"LISTEN {CHANNEL}")
        except Exception as error:
            self._failed_at = time.monotonic()
            logger.warning("Not listening for changes (%s): pages are checked instead.", error)
            return False
        # What changed before now is unknown: no page kept before is used again.
        self._connection, self._failed_at, self._ended = conn, None, False
        self._alive_at = time.monotonic()
        self._forget_all()
        return True

    def _drain(self):
        """Apply what has arrived, without waiting."""
        pgconn = self._connection.pgconn
        pgconn.consume_input()
        while (notify := pgconn.notifies()) is not None:
            self._apply(notify.extra.decode())
        if self._ended or pgconn.status != psycopg.pq.ConnStatus.OK:
            raise psycopg.OperationalError("the server ended the connection")

    def _on_notice(self, diagnostic):
        if diagnostic.severity_nonlocalized in ("FATAL", "PANIC", "ERROR"):
            self._ended = True

    def _apply(self, payload: str):
        kind, _sep, code = payload.partition(":")
        if kind == "c":
            if len(self._companies) >= MAX_TRACKED and code not in self._companies:
                self._forget_all()
            self._companies[code] = self._companies.get(code, 0) + 1
        elif kind == "s":
            self._search += 1
        elif kind == "sync":  # sync() of this process or another
            if payload == self._awaited:
                self._awaited = None
        else:  # '*' and anything not understood
            self._forget_all()

    def _forget_all(self):
        self._epoch += 1
        self._companies.clear()
        self._search = self._search_shown = 0
        self._search_shown_at = -float("inf")

    def _lose(self, why: str):
        logger.warning("Stopped listening for changes: %s.", why)
        try:
            self._connection.close()
        except Exception:
            pass
        self._connection = None
        self._forget_all()


feed = Feed()
