"""Which replicas are in rotation, as this process checked them (the scheme:
``publicity.replicas``)."""

import collections
import itertools
import logging
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from publicity.caching import change_feed
from publicity.outage.state import FAILURES, one_line
from publicity.settings_replicas import PREFIX

# Primary positions remembered per replica: with a check every 2 s, two minutes.
HISTORY = 64

logger = logging.getLogger(__name__)


class Replica:
    def __init__(self, alias):
        self.alias = alias
        self.checked_at = -float("inf")
        self.dead_until = 0.0
        self.replayed = -1  # the replica's replay position (bytes of WAL)
        self.lag = 0.0  # seconds, as of the last check
        self.in_rotation = False
        self.said_out = False  # logged as out of rotation
        # (monotonic time, the primary's WAL position then), not yet replayed
        self.history = collections.deque(maxlen=HISTORY)

    def usable(self, now, needed) -> bool:
        return now >= self.dead_until and self.in_rotation and self.replayed >= needed


class Replicas:
    def __init__(self):
        self._replicas = None
        self._turn = itertools.count()
        self._changes = None  # the change feed's token when ``needed`` was read
        self.needed = -1  # the primary's position after the last change heard
        # For threaded workers (gthread): one thread checks at a time.
        self._lock = threading.RLock()

    def replicas(self) -> list[Replica]:
        if self._replicas is None:
            aliases = sorted(a for a in settings.DATABASES if a.startswith(PREFIX))
            self._replicas = [Replica(alias) for alias in aliases]
        return self._replicas

    def choose(self) -> str:
        """The alias a read-only request reads from: a replica in rotation,
        in turn, else the primary."""
        replicas = self.replicas()
        if not replicas:
            return DEFAULT_DB_ALIAS
        with self._lock:
            return self._choose(replicas)

    def _choose(self, replicas) -> str:
        now = time.monotonic()
        self._after_changes()
        start = next(self._turn)
        for step in range(len(replicas)):
            replica = replicas[(start + step) % len(replicas)]
            if now < replica.dead_until:
                continue
            if now - replica.checked_at >= settings.REPLICA_CHECK_SECONDS:
                self._check(replica, now)
            elif replica.in_rotation and replica.replayed < self.needed:
                self._check_replayed(replica, now)
            if replica.usable(now, self.needed) and self._connected(replica, now):
                return replica.alias
        return DEFAULT_DB_ALIAS

    def changes(self):
        return change_feed.feed.changes() if settings.PAGE_CACHE_FRESHNESS == "notify" else None

    def failed(self, alias: str, error) -> None:
        """A replica's connection broke: out of rotation for a while."""
        for replica in self.replicas():
            if replica.alias != alias:
                continue
            with self._lock:
                self._out(replica, time.monotonic(), f"its connection failed: {one_line(error)}")
                connections[alias].close()

    # --- Checks ---------------------------------------------------------------

    def _after_changes(self):
        """With changes announced: once a change is heard, a replica serves
        again only when it has replayed what the primary had written then."""
        heard = self.changes()
        if heard is None or heard == self._changes:
            return
        position = self._primary_position()
        if position is not None:
            self._changes, self.needed = heard, position

    def _check(self, replica, now):
        position = self._primary_position()
        if not self._check_replayed(replica, now):
            return
        replica.checked_at = now
        if position is not None:
            replica.history.append((now, position))
        while replica.history and replica.history[0][1] <= replica.replayed:
            replica.history.popleft()
        # Behind for as long as a position seen on the primary is not replayed.
        replica.lag = now - replica.history[0][0] if replica.history else 0.0
        if replica.lag <= settings.REPLICA_MAX_LAG_SECONDS:
            if not replica.in_rotation:
                logger.info("Replica %s in rotation (%.1f s behind).", replica.alias, replica.lag)
            replica.in_rotation, replica.said_out = True, False
        elif replica.in_rotation:
            self._out(replica, now, f"it is more than {replica.lag:.1f} s behind", retry=False)

    def _check_replayed(self, replica, now) -> bool:
        """Reads the replica's replay position; False when it cannot."""
        sql = "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() - '0/0'::pg_lsn"
        try:
            with connections[replica.alias].cursor() as cursor:
                cursor.execute(sql)
                recovering, replayed = cursor.fetchone()
        except FAILURES as error:
            self._out(replica, now, f"it cannot be reached: {one_line(error)}")
            connections[replica.alias].close()
            return False
        if not recovering:
            self._out(replica, now, "it is not a standby (promoted?)")
            return False
        replica.replayed = int(replayed)
        return True

    def _primary_position(self):
        try:
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.execute("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")
                return int(cursor.fetchone()[0])
        except FAILURES:
            return None  # the outage handling hears of it from the request

    def _connected(self, replica, now) -> bool:
        """Django's health check of the replica's connection, made now rather
        than at the view's first query: a stopped replica is seen here."""
        database = connections[replica.alias]
        try:
            database.close_if_health_check_failed()
            database.ensure_connection()
        except FAILURES as error:
            self._out(replica, now, f"it cannot be reached: {one_line(error)}")
            database.close()
            return False
        return True

    def _out(self, replica, now, why, retry=True):
        if not replica.said_out:
            logger.warning("Replica %s out of rotation: %s.", replica.alias, why)
        replica.in_rotation, replica.said_out = False, True
        replica.checked_at = now
        if retry:
            replica.dead_until = now + settings.REPLICA_RETRY_SECONDS
            replica.checked_at = -float("inf")  # checked in full when tried again
            replica.history.clear()


replicas = Replicas()
