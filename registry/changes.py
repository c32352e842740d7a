"""Announcements of changes to the register (PostgreSQL's NOTIFY).

The triggers of migration ``0011_change_notifications`` announce every change
to what the public pages show, on ``CHANNEL``, when the writing transaction
commits; ``publicity.caching.change_feed`` listens.

For bulk loaders: rows written inside ``quiet()`` are not announced one by one
(a trigger per row cost about 70 us, three times the seeder's own time per
row); the loader calls ``announce_everything()`` in each transaction that
wrote, so listening processes hear of each batch when it commits. ``quiet()``
announces once more when it ends, whatever happened.
"""

from contextlib import contextmanager

from django.db import connection

CHANNEL = "registry_changes"
EVERYTHING = "*"


def listener_params(connection) -> dict:
    """psycopg's connection parameters of Django's ``connection`` for a
    connection of one's own that LISTENs (Django's own options left out)."""
    params = connection.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(key, None)
    return params


def announce_everything():
    """Tell listening processes that anything may have changed (when the
    current transaction commits, or at once outside one)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, EVERYTHING])


@contextmanager
def quiet():
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET registry.quiet_changes = on")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET registry.quiet_changes")
        announce_everything()
