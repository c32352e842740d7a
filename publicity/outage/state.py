"""Whether this process can reach its database, as its requests found: one log
line when it stops, one when it is back (the scheme: ``publicity.outage``)."""

import logging
import threading
import time
from collections import Counter

import psycopg
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connection
from django.db.backends.signals import connection_created
from django.utils import timezone

from publicity.caching import change_feed

# Seconds a client is asked to wait before trying again (Retry-After).
RETRY_AFTER_SECONDS = 30
FAILURES = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)

logger = logging.getLogger(__name__)


def one_line(error) -> str:
    """An error's message on one line (psycopg's run over several)."""
    return " ".join(str(error).split()) or type(error).__name__


def connection_lost() -> bool:
    """Whether this thread's connection to the database is gone: never made
    (the connect failed), or broken (it does not answer ``SELECT 1``; it is
    closed, so that the next query connects afresh), rather than a query
    failed on a connection that works."""
    if connection.connection is None:
        return True
    if connection.is_usable():
        return False
    connection.close()
    return True


class Outage:
    """The process's view of its database: reachable, or unreachable since
    when, and how requests were answered meanwhile."""

    def __init__(self):
        self._lock = threading.Lock()
        self._since = None  # an aware datetime, while unreachable
        self._started = 0.0
        self._answered = Counter()

    @property
    def down(self) -> bool:
        return self._since is not None

    def unreachable(self, error):
        """A request (or a probe) could not reach the database."""
        with self._lock:
            if self._since is not None:
                return
            since = self._since = timezone.now()
            self._started = time.monotonic()
            self._answered.clear()
        logger.warning(
            "Database unreachable since %s (%s); pages are answered from what is kept, "
            "marked as possibly out of date, or with 503 until it answers again.",
            timezone.localtime(since).strftime("%Y-%m-%d %H:%M:%S"),
            one_line(error),
        )

    def answered(self, how: str):
        """A request answered without the database: ``stale`` or ``503``."""
        with self._lock:
            if self._since is not None:
                self._answered[how] += 1

    def reachable(self):
        """The database answered: a connection was made, or a probe answered."""
        if self._since is None:  # the common case: no lock
            return
        with self._lock:
            if self._since is None:
                return
            seconds = time.monotonic() - self._started
            answered, self._since = self._answered.copy(), None
        logger.info(
            "Database reachable again after %d s; %d requests answered meanwhile: "
            "%d with a kept page marked stale, %d with 503.",
            round(seconds),
            answered.total(),
            answered["stale"],
            answered["503"],
        )
        # The change feed need not wait for its next try to listen again.
        change_feed.feed.retry_now()


outage = Outage()


def _connected(sender, connection, **kwargs):
    if connection.alias == DEFAULT_DB_ALIAS:  # not a read replica (publicity.replicas)
        outage.reachable()


connection_created.connect(_connected, dispatch_uid="publicity.outage.state")
