"""What changed in the register, as PostgreSQL announces it: pages kept by
``publicity.caching.pages`` stay valid until a change names them (the scheme:
``publicity.caching``).

The triggers of migration ``registry.0011_change_notifications`` send, when a
writing transaction commits, ``c:<credit code>`` for a company page that
changed, ``s`` for search pages and ``*`` for everything. Each web process
holds one connection of its own that ``LISTEN``s to them, and reads what has
arrived at the start of each request for a kept page: a read of its socket
that does not wait, with no query. It counts, per credit code, how often that
company's page changed, and keeps a count for search pages; a page is kept
under those counts (``company()``, ``search()``), so it is never served again
once named. Notifications arrive in the order the transactions committed, and
are on the listener's socket by the time the writer's commit has returned
(``bench/notify_latency.py``).

A page built from what the database held before a change is stored under the
count read before it was built, and the change's notification moves the
count: that page is never found again. Every connection made or lost moves
the *epoch*, which is part of every key part the feed gives: what changed
while the process was not listening is unknown, so a page kept before is
never served again as it is. It may be *carried over*, though, once checked
(``heard()``): the counts outlast a lost connection, so a page whose count has
not moved since it was built missed only what changed while the process was
not listening, which its version read from the database shows
(``publicity.caching.pages``; after an outage pages are checked, not thrown
away). What makes the counts themselves unreliable starts a new *generation*,
which no page outlives: a ``*``, a count of tracked codes past
``MAX_TRACKED``, ``close()``, a forked process. A ``*`` (and every new epoch)
also makes the search form read its choices again
(``publicity.caching.choices``). Each process keys its pages apart from the
others' (``scope()``, a random token of the process): its counts are its own.

A thread of the process (``_watch``) reads the socket while no request comes,
so that an idle process never holds up PostgreSQL's queue of notifications,
and proves every ``CHECK_SECONDS`` that the connection still delivers: it
sends itself a notification and must hear it back within ``PING_SECONDS``.
That finds a server gone without closing the socket (with TCP keepalives), a
backend that no longer answers, and a pooler in transaction mode (PgBouncer),
which accepts ``LISTEN`` but does not pass notifications on. A request never
waits for that proof: when it is overdue, the process counts the connection
as lost. While not listening, ``company()`` and ``search()`` answer None and
the caller falls back to checking the database (``company_version``) or to a
short expiry, under key parts that hold ``outage()``. Reconnection is tried
again after ``RETRY_SECONDS``, doubling up to ``RETRY_MAX_SECONDS`` while it
keeps failing, or at once when the site sees the database answer again
(``retry_now()``, from ``publicity.outage``). Logging is bounded during an
outage: one warning when the connection is lost, one for the first failed
try, one line when listening again; the tries between are logged at DEBUG.
"""

import logging
import os
import secrets
import select
import threading
import time

import psycopg
from django.db import connection

from registry.changes import CHANNEL, listener_params

# How the connection shows in pg_stat_activity.
APPLICATION_NAME = "publicity-change-feed"
CHECK_SECONDS = 5.0
PING_SECONDS = 2.0
RETRY_SECONDS = 5.0
RETRY_MAX_SECONDS = 300.0
CONNECT_TIMEOUT = 2
MAX_TRACKED = 200_000
# The kernel gives up on a peer that stops answering (seconds; milliseconds).
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
    "tcp_user_timeout": 10_000,
}

logger = logging.getLogger(__name__)


class Feed:
    def __init__(self):
        self._lock = threading.RLock()
        self._connection = None
        self._pid = None
        self._token = ""  # of the connection, in its pings
        self._scope = ""  # of the process
        self._failures = 0
        self._retry_at = 0.0
        self._generation = 0  # moves when the counts are forgotten
        self._epoch = 0  # moves with every connection made or lost, and each generation
        self._companies: dict[str, int] = {}
        self._search = self._search_shown = 0
        self._search_shown_at = -float("inf")
        self._heard = 0  # changes heard, ever
        self._ping = None  # (token, sent at) of the ping awaited
        self._ping_result = False  # its query's result is still to be read
        self._alive_at = 0.0  # when the last ping came back
        self._alive_sent_at = 0.0  # when that ping was sent
        self._ended = False  # the server said it ends the connection
        self.on_everything = []  # called when anything may have changed

    def company(self, code: str) -> str | None:
        """The key part of this company's page, or None when not listening."""
        with self._lock:
            if not self._listening():
                return None
            return f"n{self._generation}.{self._epoch}.{self._companies.get(code, 0)}"

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
            return f"n{self._generation}.{self._epoch}.{self._search_shown}"

    def outage(self) -> str:
        """A key part for pages kept while not listening: it changes with every
        connection lost or made."""
        with self._lock:
            self._own()
            return f"o{self._generation}.{self._epoch}"

    def heard(self, code: str | None = None) -> str:
        """What this process has heard of the page of the company with this
        code (of search pages, with None) in this generation, listening or
        not: it moves with every announcement that names it and every new
        generation, not with a connection lost or made. A page built when it
        was the same as now missed only what changed while the process was
        not listening (read before the page is built, it can only be too old,
        never too new)."""
        with self._lock:
            self._own()
            count = self._search if code is None else self._companies.get(code, 0)
            return f"{self._scope}.{self._generation}.{count}"

    def changes(self) -> tuple:
        """A token that moves with every change heard and every connection
        lost or made (``publicity.replicas``: a replica serves again once it
        has replayed past what the primary had written then)."""
        with self._lock:
            self._own()
            return (self._generation, self._epoch, self._heard)

    def scope(self) -> str:
        """A token of this process, in the keys of the pages it keeps."""
        with self._lock:
            self._own()
            return self._scope

    def retry_now(self):
        """Try to listen again at the next page, not after the wait (the
        database was seen to answer again)."""
        with self._lock:
            self._retry_at = 0.0

    def sync(self, timeout: float = 5.0) -> bool:
        """Wait until every change committed before this call has been read.

        PostgreSQL delivers notifications in commit order, so once the feed
        hears back a ping it sent after this call began, it has read them
        all. For tests and tools; requests never wait."""
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._listening():
                    return False
                if self._alive_sent_at >= started:
                    return True
                try:
                    if self._ping is None and not self._ping_result:
                        self._send_ping()
                    socket = self._connection.pgconn.socket
                except Exception:
                    self._lose("the connection failed while waiting for changes")
                    return False
            select.select([socket], [], [], 0.05)
        return False

    def close(self):
        """Stop listening (until the next page asks)."""
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None
            self._forget_all()

    # --- Inside the lock -----------------------------------------------------------

    def _own(self):
        """A forked child: the parent's connection is not ours to use, nor
        are its counts ours."""
        if self._pid != os.getpid():
            self._connection, self._pid, self._failures, self._retry_at = None, os.getpid(), 0, 0
            self._scope = secrets.token_hex(4)
            self._forget_all()

    def _listening(self) -> bool:
        """Connected (or reconnected), proved alive lately, and up to date
        with what has arrived."""
        self._own()
        if self._connection is None:
            return self._connect()
        try:
            self._drain()
        except Exception:
            self._lose("the connection was lost")
            return self._connect()
        if time.monotonic() - self._alive_at > CHECK_SECONDS + PING_SECONDS + 1:
            # The watching thread has not proved the connection alive in time.
            self._lose("no answer to the last check")
            return self._connect()
        return True

    def _connect(self) -> bool:
        if time.monotonic() < self._retry_at or connection.vendor != "postgresql":
            return False
        params = listener_params(connection)
        # Not the site's own timeout: a request waits for this one.
        params["connect_timeout"] = CONNECT_TIMEOUT
        params.update(KEEPALIVES, application_name=APPLICATION_NAME)
        conn = None
        try:
            conn = psycopg.connect(**params, autocommit=True)
            # A message while idle is the server ending the connection
            # (FATAL: terminating connection), read before the socket's end.
            conn.add_notice_handler(self._on_notice)
            conn.execute(f"LISTEN {CHANNEL}")
            self._connection, self._token, self._ended = conn, secrets.token_hex(4), False
            self._ping, self._ping_result = None, False
            # What changed before now is unknown: no page kept before is
            # served again as it is (it may be carried over: heard()).
            self._new_epoch()
            self._prove_alive()
        except Exception as error:
            self._connection = None
            if conn is not None:
                conn.close()
            self._failures += 1
            wait = min(RETRY_SECONDS * 2 ** (self._failures - 1), RETRY_MAX_SECONDS)
            self._retry_at = time.monotonic() + wait
            # The first failure in a row is worth a warning; the others, while
            # the database is down, would only repeat it.
            logger.log(
                logging.WARNING if self._failures == 1 else logging.DEBUG,
                "Not listening for changes (%s); pages are checked instead. "
                "Next try in %d s, then less often while it fails.",
                " ".join(str(error).split()),
                wait,
            )
            return False
        if self._failures > 1:
            logger.info("Listening for changes again after %d failed tries.", self._failures)
        self._failures = 0
        threading.Thread(target=self._watch, args=(conn,), name="change-feed", daemon=True).start()
        return True

    def _prove_alive(self):
        """Send a ping and wait for it to come back (on connecting only)."""
        self._send_ping()
        deadline = time.monotonic() + PING_SECONDS
        while self._ping is not None or self._ping_result:
            left = deadline - time.monotonic()
            if left <= 0:
                raise psycopg.OperationalError(
                    "notifications do not come back (a pooler in transaction mode?)"
                )
            select.select([self._connection.pgconn.socket], [], [], left)
            self._drain()

    def _send_ping(self):
        token = f"ping:{self._token}.{secrets.token_hex(4)}"
        pgconn = self._connection.pgconn
        pgconn.send_query_params(b"SELECT pg_notify($1, $2)", [CHANNEL.encode(), token.encode()])
        self._ping, self._ping_result = (token, time.monotonic()), True

    def _drain(self):
        """Apply what has arrived, without waiting; read the ping's result."""
        pgconn = self._connection.pgconn
        pgconn.flush()
        pgconn.consume_input()
        while (notify := pgconn.notifies()) is not None:
            self._apply(notify.extra.decode())
        if self._ping_result and not pgconn.is_busy():
            while (result := pgconn.get_result()) is not None:
                if result.status != psycopg.pq.ExecStatus.TUPLES_OK:
                    raise psycopg.OperationalError(result.error_message.decode(errors="replace"))
            self._ping_result = False
            while (notify := pgconn.notifies()) is not None:
                self._apply(notify.extra.decode())
        if self._ended or pgconn.status != psycopg.pq.ConnStatus.OK:
            raise psycopg.OperationalError("the server ended the connection")

    def _on_notice(self, diagnostic):
        if diagnostic.severity_nonlocalized in ("FATAL", "PANIC", "ERROR"):
            self._ended = True

    def _apply(self, payload: str):
        kind, _sep, code = payload.partition(":")
        if kind != "ping":
            self._heard += 1
        if kind == "c":
            if len(self._companies) >= MAX_TRACKED and code not in self._companies:
                self._forget_all()
            self._companies[code] = self._companies.get(code, 0) + 1
        elif kind == "s":
            self._search += 1
        elif kind == "ping":  # this process's or another's
            if self._ping is not None and payload == self._ping[0]:
                self._alive_at, self._alive_sent_at = time.monotonic(), self._ping[1]
                self._ping = None
        else:  # '*' and anything not understood
            self._forget_all()

    def _forget_all(self):
        """A new generation: what was heard no longer counts."""
        self._generation += 1
        self._companies = {}
        self._search = self._search_shown = 0
        self._search_shown_at = -float("inf")
        self._new_epoch()

    def _new_epoch(self):
        """Something may have been missed: no key part given before is given
        again."""
        self._epoch += 1
        for callback in self.on_everything:
            callback()

    def _lose(self, why: str):
        logger.warning("Stopped listening for changes: %s.", " ".join(why.split()))
        try:
            self._connection.close()
        except Exception:
            pass
        self._connection = None
        self._new_epoch()

    # --- The watching thread ---------------------------------------------------

    def _watch(self, conn):
        """Read the connection while it is the feed's, ping it every
        ``CHECK_SECONDS``, and count it lost when a ping is not heard back
        within ``PING_SECONDS``."""
        socket = conn.pgconn.socket
        while True:
            with self._lock:
                if self._connection is not conn:
                    return
                try:
                    self._drain()
                    now = time.monotonic()
                    if self._ping is not None and now - self._ping[1] > PING_SECONDS:
                        raise psycopg.OperationalError("no answer within %d s" % PING_SECONDS)
                    if self._ping is None and not self._ping_result:
                        if now - self._alive_at >= CHECK_SECONDS:
                            self._send_ping()
                except Exception as error:
                    self._lose(str(error))
                    return
            select.select([socket], [], [], 0.5)


feed = Feed()
