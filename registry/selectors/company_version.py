"""The version of a company's public page: what must change for the page to change.

Used where changes are not announced (``PAGE_CACHE_FRESHNESS`` "check", or
while a process is not listening: ``publicity.caching.change_feed``).

``of(code)`` reads, in one query, every part of the database the company page
is built from that belongs to the company:

- the company's row and its legal representative's;
- for each kind of its records (penalties, licences, list entries, ratings,
  court cases through their parties) and for objections to them, the sum of
  their ``updated_at``: every change saves the row, so the sum moves, whatever
  order concurrent writers commit in, and a row added or deleted moves it too;
- its former names, shareholders, officers and branches (rows without a
  timestamp; editing one saves the company);
- its annual reports (the sum of their ``updated_at``; an amendment saves
  its report as well).

Each part is an index lookup by the company's id. ``publicity.caching.pages``
keys the page by it, with the day, so a page is never served again once any
of them changed. What it does not cover (reference data: an agency's or a
region's name; other companies and people named on the page) shows within
``COMPANY_PAGE_CACHE_SECONDS``.

On PostgreSQL the query is prepared once per connection: planning its
twenty-five subqueries took three times as long as running them (0.6 ms
against 0.2 at a million companies). Where prepared statements do not hold
(a pooler such as PgBouncer in transaction mode), the process falls back to
the plain query.
"""

import functools
import logging
import weakref

from django.db import ProgrammingError, connections, router

from registry.models import (
    AnnualReport,
    CaseParty,
    Company,
    CourtCase,
    DeregistrationObjection,
    FormerName,
    Licence,
    ListEntry,
    Objection,
    Officer,
    Penalty,
    Person,
    Rating,
    Shareholding,
)
from registry.models.deregistration import filing_models

STATEMENT = "publicity_company_page_version"
# psycopg connections the statement is prepared on (it lasts as long as the
# connection, and outlives a rolled-back transaction).
_prepared_on = weakref.WeakSet()
# Not empty once prepared statements failed in this process (see of()).
_unprepared = []
logger = logging.getLogger(__name__)


def of(code: str) -> str | None:
    """The version of the page of the company with this credit code, or None
    when no company has it. Read where the request reads (a replica, with
    ``DATABASE_REPLICA_URLS``: the page is built from the same database)."""
    connection = connections[router.db_for_read(Company)]
    sql = _sql(connection.vendor)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not _unprepared:
            try:
                _execute_prepared(connection, cursor, sql, code)
            except ProgrammingError:
                # The statement vanished or was there already: a pooler in
                # transaction mode (PgBouncer) hands each statement to any
                # server connection. Plain queries from now on, in this process.
                _prepared_on.discard(connection.connection)
                if connection.in_atomic_block:
                    raise
                logger.warning("Prepared statements do not hold here; plain queries instead.")
                _unprepared.append(True)
                cursor.execute(sql, [code])
        else:
            cursor.execute(sql, [code])
        row = cursor.fetchone()
    return None if row is None else "|".join(str(part) for part in row)


def _execute_prepared(connection, cursor, sql, code):
    raw = connection.connection
    if raw not in _prepared_on:
        cursor.execute(f"PREPARE {STATEMENT}(text) AS {sql % '$1'}")
        _prepared_on.add(raw)
    cursor.execute(f"EXECUTE {STATEMENT}(%s)", [code])


@functools.cache
def _sql(vendor: str) -> str:
    table = {
        model: model._meta.db_table
        for model in (
            AnnualReport,
            Company,
            Penalty,
            Licence,
            ListEntry,
            Rating,
            CourtCase,
            CaseParty,
            FormerName,
            Shareholding,
            Officer,
            Objection,
            Person,
        )
    }

    def stamps(alias):
        """Every row's time, summed exactly (PostgreSQL) or listed (SQLite)."""
        if vendor == "postgresql":
            return f"sum(extract(epoch FROM {alias}.updated_at))"
        return f"group_concat({alias}.updated_at)"

    records = [
        ("penalty_id", Penalty),
        ("licence_id", Licence),
        ("list_entry_id", ListEntry),
        ("rating_id", Rating),
    ]
    cases = f"SELECT p.case_id FROM {table[CaseParty]} p WHERE p.company_id = c.id"
    parts = ["c.id", "c.updated_at"]
    parts += [
        f"(SELECT {stamps('r')} FROM {table[model]} r WHERE r.company_id = c.id)"
        for _column, model in records
    ]
    parts.append(f"(SELECT {stamps('k')} FROM {table[CourtCase]} k WHERE k.id IN ({cases}))")
    objected = " OR ".join(
        f"o.{column} IN (SELECT r.id FROM {table[model]} r WHERE r.company_id = c.id)"
        for column, model in records
    )
    parts.append(
        f"(SELECT {stamps('o')} FROM {table[Objection]} o "
        f"WHERE {objected} OR o.court_case_id IN ({cases}))"
    )
    # The rest of the national system's page (spot checks, pledges, orders,
    # mortgages, deregistration notices) and objections to the notices.
    parts += [
        f"(SELECT {stamps('r')} FROM {model._meta.db_table} r WHERE r.company_id = c.id)"
        for model in (*filing_models(), DeregistrationObjection)
    ]
    parts += [
        f"(SELECT count(*) || ':' || coalesce(sum(r.id), 0) FROM {table[model]} r "
        "WHERE r.company_id = c.id)"
        for model in (FormerName, Shareholding, Officer)
    ]
    parts.append(f"(SELECT {stamps('b')} FROM {table[Company]} b WHERE b.head_office_id = c.id)")
    # Annual reports: an amendment saves its report too, so the reports' times cover it.
    parts.append(f"(SELECT {stamps('a')} FROM {table[AnnualReport]} a WHERE a.company_id = c.id)")
    parts.append(
        f"(SELECT l.updated_at FROM {table[Person]} l WHERE l.id = c.legal_representative_id)"
    )
    return f"SELECT {', '.join(parts)} FROM {table[Company]} c WHERE c.uscc = %s"
