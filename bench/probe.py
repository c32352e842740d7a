"""What ``bench/web.py`` asks the database, in a process of its own:

    DATABASE_URL=... .venv/bin/python bench/probe.py check < queries.json
    DATABASE_URL=... .venv/bin/python bench/probe.py sizes
    DATABASE_URL=... .venv/bin/python bench/probe.py companies N
    DATABASE_URL=... .venv/bin/python bench/probe.py random N SEED

Each prints one line of JSON.
"""

import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "publicity.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from registry import search  # noqa: E402

COUNT_CAP = 1000


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def check(queries) -> list:
    """For each (kind, text): the number of plain matches, whether indexed
    matching finds the same companies and the bounded candidates are right,
    and the milliseconds of each way."""
    out = []
    with connection.cursor() as cursor:
        # Compiling the plain queries (a scan of every row) costs more than it saves.
        cursor.execute("SET jit = off")
    for kind, text in queries:
        query = search.parse(text)
        started = time.perf_counter()
        plain = set(
            search.company_candidates(query, indexed=False).order_by().values_list("pk", flat=True)
        )
        plain_ms = _ms(started)
        started = time.perf_counter()
        indexed = set(
            search.company_candidates(query, indexed=True).order_by().values_list("pk", flat=True)
        )
        indexed_ms = _ms(started)
        started = time.perf_counter()
        bounded = search.bounded_candidates(query, cap=COUNT_CAP)
        bounded_ms = _ms(started)
        ok = (
            indexed == plain
            and set(bounded.ids) <= plain
            and bounded.count == min(len(plain), COUNT_CAP + 1)
            and len(bounded.ids) == min(len(plain), search.CANDIDATES)
        )
        out.append([kind, text, len(plain), ok, plain_ms, indexed_ms, bounded_ms])
    return out


SEARCH_INDEXES = [
    "registry_company_%_grams",
    "registry_formername_%_grams",
    "registry_company_%_trgm",
    "registry_company_%_prefix",
    "registry_company_legal_rep_name",
    "registry_person_name_p%",
]


def sizes() -> dict:
    with connection.cursor() as c:
        c.execute("SELECT pg_database_size(current_database())")
        database = c.fetchone()[0]
        c.execute(
            "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'i' AND c.relname LIKE ANY (%s)"
            " ORDER BY 2 DESC",
            [SEARCH_INDEXES],
        )
        search_indexes = c.fetchall()
        c.execute(
            "SELECT sum(pg_relation_size(c.oid)) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind = 'i'"
        )
        all_indexes = int(c.fetchone()[0])
        c.execute(
            "SELECT pg_total_relation_size('registry_company'),"
            " pg_relation_size('registry_company')"
        )
        company_total, company_heap = c.fetchone()
    return {
        "database": database,
        "search_indexes": search_indexes,
        "all_indexes": all_indexes,
        "company_total": company_total,
        "company_heap": company_heap,
    }


def companies(n: int) -> list[str]:
    """N credit codes, drawn (fixed seed) from the 2,000 companies with the
    most penalties, licences and list entries."""
    with connection.cursor() as c:
        c.execute(
            "SELECT co.uscc FROM registry_company co JOIN ("
            "  SELECT company_id, count(*) AS n FROM ("
            "    SELECT company_id FROM registry_penalty UNION ALL"
            "    SELECT company_id FROM registry_listentry UNION ALL"
            "    SELECT company_id FROM registry_licence"
            "  ) r GROUP BY company_id ORDER BY n DESC, company_id LIMIT 2000"
            ") top ON top.company_id = co.id ORDER BY co.id"
        )
        codes = [row[0] for row in c.fetchall()]
    random.Random(1).shuffle(codes)
    return codes[:n]


def random_companies(n: int, seed: int) -> list[str]:
    """N credit codes drawn uniformly (fixed seed) from every company, in a
    random order: the long tail of a national register, most pages asked for
    once in a while."""
    with connection.cursor() as c:
        c.execute("SELECT setseed(%s)", [1 / (seed + 1)])
        c.execute("SELECT uscc FROM registry_company ORDER BY random() LIMIT %s", [n])
        return [row[0] for row in c.fetchall()]


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "check":
        result = check(json.loads(sys.stdin.read()))
    elif command == "sizes":
        result = sizes()
    elif command == "random":
        result = random_companies(int(sys.argv[2]), int(sys.argv[3]))
    else:
        result = companies(int(sys.argv[2]))
    print(json.dumps(result))
