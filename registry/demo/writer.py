"""Writing batches of seeded rows: ``bulk_create`` on SQLite, ``COPY`` on PostgreSQL.

Rows carry their primary keys (see ``tables.Ids``). On PostgreSQL each table's
rows stream through ``COPY ... FROM STDIN`` (psycopg 3), several times faster
than INSERTs, and each table's id sequence is moved past the ids used, in the
same transaction, so that rows added later by the ORM never collide with them.
SQLite's AUTOINCREMENT counter follows explicit ids by itself.
"""

import json

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from registry.demo.tables import COLUMNS, MODELS, TIMESTAMPS, Ids
from registry.models.base import TimeStamped

JSON_COLUMNS = {
    ("registry_ratingscheme", "grades"),
    ("registry_annualreport", "contributions"),
    ("registry_annualreport", "equity_transfers"),
}


def largest_ids() -> dict:
    """The next free primary key of each seeded table."""
    return {model: (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1 for model in MODELS}


class Writer:
    """Writes one batch at a time, in table order, on the default connection."""

    def __init__(self):
        self.copy = connection.vendor == "postgresql"

    def write(self, batch, ids: Ids):
        now = timezone.now()
        for model in MODELS:
            rows = batch.rows[model]
            if not rows:
                continue
            if self.copy:
                self._copy(model, rows, now)
            else:
                self._bulk_create(model, rows)
        if self.copy:
            self._move_sequences(batch, ids)

    @staticmethod
    def _bulk_create(model, rows):
        columns = COLUMNS[model]
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000
        )

    @staticmethod
    def _copy(model, rows, now):
        table = model._meta.db_table
        columns = list(COLUMNS[model])
        stamped = issubclass(model, TimeStamped)
        if stamped:
            columns += TIMESTAMPS
        json_at = [i for i, c in enumerate(columns) if (table, c) in JSON_COLUMNS]
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, under Django's wrappers
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    if json_at:
                        row = tuple(
                            json.dumps(v, ensure_ascii=False) if i in json_at else v
                            for i, v in enumerate(row)
                        )
                    copy.write_row(row + (now, now) if stamped else row)

    @staticmethod
    def _move_sequences(batch, ids):
        with connection.cursor() as cursor:
            for model in MODELS:
                if batch.rows[model]:
                    table = model._meta.db_table
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                        [table, ids.last(model)],
                    )
