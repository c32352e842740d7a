"""What a company page stored ready-made would cost to serve: a measurement
for ``bench/web.py``, not a feature of the site.

Issue 17 asks 0.20 of the minimal page for company pages of random companies.
A page built for its request costs a worker about 8 ms of CPU (its read model
read, the day's rules applied, the templates rendered) and the database a
few more; no trimming brings that near a fifth of a page that costs a third
of a millisecond. A page rendered ahead, when its company changes (a
pre-rendered page, as static site generators make them), would cost one
indexed read and a check of its version. This module measures that:

- ``prepare()`` (before the site is served): renders the company pages of
  the run's ``company_stored`` addresses (``/bench/built/companies/<code>/``,
  what a visitor would get built), gzip-compressed as the page cache keeps
  them, with the company's version, into a table of their own
  (``bench_storedpage``), then gives every other company of the database a
  row of the same size (a copy of a rendered page), so that the table is
  the size it would be and random rows are as far from each other as they
  would be;
- ``/bench/stored/companies/<code>/`` (``bench/urls.py``, ``serve()``): reads
  the company's version (the page cache's one query,
  ``registry.selectors.company_version``) and its stored row (one indexed
  read), and serves the stored bytes when the version is the one the page
  was rendered at and the day is the day it was rendered on; otherwise the
  page is built.

Run as ``python bench/stored_pages.py CODE...`` (``prepare()`` does) with the
bench's environment.
"""

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = "bench_storedpage"
CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (uscc varchar(18) PRIMARY KEY, version text NOT NULL, "
    "built_on date NOT NULL, content_type text NOT NULL, body bytea NOT NULL)"
)
SELECT = f"SELECT version, built_on, content_type, body FROM {TABLE} WHERE uscc = %s"


def prepare(python: str, env: dict, codes: list[str]) -> dict:
    """Renders and stores the pages of ``codes`` (in a process of its own),
    pads the table to one row per company; returns its figures."""
    done = subprocess.run(
        [python, str(Path(__file__).resolve()), *codes],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def serve(request, uscc: str):
    from django.db import connection
    from django.utils import timezone

    from publicity.caching import pages
    from publicity.views import companies as company_view
    from registry.selectors import company_version

    today = timezone.localdate()
    version = company_version.of(uscc)
    with connection.cursor() as cursor:
        cursor.execute(SELECT, [uscc])
        row = cursor.fetchone()
    if row is not None and row[0] == version and row[1] == today:
        kept = pages.Kept(version, None, 0.0, 0.0, row[2], bytes(row[3]))
        return pages.from_kept(request, kept)
    return company_view._company_page(request, uscc, today, version=version)


def _render_and_store(codes: list[str]) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ["COMPANY_PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from registry.selectors import company_version

    client = Client(HTTP_HOST="127.0.0.1")
    today = timezone.localdate()
    started = time.perf_counter()
    cpu = time.process_time()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(CREATE)
        rows = []
        for code in codes:
            version = company_version.of(code)
            response = client.get(f"/bench/built/companies/{code}/")
            assert response.status_code == 200, (code, response.status_code)
            body = gzip.compress(response.content, 6, mtime=0)
            rows.append((code, version, today, response["Content-Type"], body))
            if len(rows) == 500:
                cursor.executemany(f"INSERT INTO {TABLE} VALUES (%s, %s, %s, %s, %s)", rows)
                rows = []
        if rows:
            cursor.executemany(f"INSERT INTO {TABLE} VALUES (%s, %s, %s, %s, %s)", rows)
        rendered_seconds = time.perf_counter() - started
        rendered_cpu = time.process_time() - cpu
        cursor.execute(f"SELECT count(*), avg(octet_length(body)) FROM {TABLE}")
        rendered, average = cursor.fetchone()
        # Every other company: a row of the size its page would have.
        started = time.perf_counter()
        cursor.execute(
            f"INSERT INTO {TABLE} SELECT c.uscc, '', %s, s.content_type, s.body "
            "FROM registry_company c JOIN (SELECT row_number() OVER () - 1 AS n, content_type, "
            f"body FROM {TABLE}) s ON s.n = c.id %% %s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} p WHERE p.uscc = c.uscc)",
            [today, rendered],
        )
        cursor.execute(f"VACUUM ANALYZE {TABLE}")
        cursor.execute(f"SELECT count(*), pg_total_relation_size('{TABLE}') FROM {TABLE}")
        total, size = cursor.fetchone()
    return {
        "rendered": rendered,
        "render_seconds": rendered_seconds,
        "render_cpu_ms": 1000 * rendered_cpu / max(rendered, 1),
        "average_bytes": float(average or 0),
        "rows": total,
        "table_bytes": size,
        "pad_seconds": time.perf_counter() - started,
    }


if __name__ == "__main__":
    print(json.dumps(_render_and_store(sys.argv[1:])))
