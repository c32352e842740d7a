"""A PostgreSQL cluster of the outage tests' own (test_database_outage.py),
stopped and started again in the middle of a test: the database outage is
real, nothing is mocked.

``Cluster.start()`` makes it with ``scripts/pg_cluster.sh`` (a free port);
``migrate()`` makes the site's tables in it, with their triggers and the
reference data of the migrations; ``serving()`` points the site's default
connection at it for one test, and back at the test database afterwards;
``halt()`` and ``resume()`` stop and start the server, keeping its data."""

import contextlib
import subprocess
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import close_old_connections, connections

from publicity.caching.change_feed import feed
from publicity.outage.state import outage

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = str(ROOT / "scripts" / "pg_cluster.sh")


class Cluster:
    def __init__(self):
        # In /tmp itself: the server's user must reach it (pytest's own
        # temporary directories are private to the user running the tests).
        self.directory = tempfile.mkdtemp(prefix="outage-pg-")
        self.port = None
        self.halted = False

    def start(self):
        url = _run(SCRIPT, "start", self.directory)
        self.port = url.rsplit(":", 1)[1].split("/", 1)[0]

    def stop(self):
        _run(SCRIPT, "stop", self.directory)

    def halt(self):
        """Stop the server as a restart does: clients' sessions are ended."""
        _run(SCRIPT, "halt", self.directory)
        self.halted = True

    def resume(self):
        """Start the server again. The next request's connection is checked
        first, as Django does when a request starts (``request_started``),
        which the test client leaves out."""
        _run(SCRIPT, "resume", self.directory)
        self.halted = False
        close_old_connections()

    def migrate(self):
        """The site's tables, triggers and reference data (regions,
        industries, credit lists), made by its migrations as in production,
        and the cache's table."""
        with self.serving():
            call_command("migrate", verbosity=0, interactive=False)
            call_command("createcachetable", verbosity=0)

    @contextlib.contextmanager
    def serving(self):
        """The site's default connection (requests, the test's own queries,
        the change feed) on this cluster, for the time of the block."""
        database = connections["default"]
        saved = dict(database.settings_dict)
        _disconnect()
        database.settings_dict.update(
            HOST="127.0.0.1", PORT=self.port, NAME="postgres", USER="postgres", PASSWORD=""
        )
        try:
            yield self
        finally:
            if self.halted:
                self.resume()
            _disconnect()
            database.settings_dict.clear()
            database.settings_dict.update(saved)
            outage.reachable()  # whatever the test left


def _disconnect():
    feed.close()
    connections["default"].close()


def _run(*command) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
