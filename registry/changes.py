"""Announcements of changes to the register (PostgreSQL's NOTIFY).

The triggers of migration ``0011_change_notifications`` announce every change
to what the public pages show, on ``CHANNEL``, when the writing transaction
commits; ``publicity.change_feed`` listens. ``announced_once()`` is for bulk
loaders: rows written inside it are not announced one by one (a trigger per
row cost about 70 us, three times the seeder's own time per row), and one
announcement that anything may have changed is sent at the end, whatever
happened.
"""

from contextlib import contextmanager

from django.db import connection

CHANNEL = "registry_changes"
EVERYTHING = "*"


@contextmanager
def announced_once():
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
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, EVERYTHING])
