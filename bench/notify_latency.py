"""How long after a commit a listening web process can read its announcement.

    DATABASE_URL=postgres://... .venv/bin/python bench/notify_latency.py [--writes 200]

On a migrated, seeded PostgreSQL (migration 0011's triggers): one connection
listens on ``registry_changes`` as ``publicity/caching/change_feed.py`` does; another
saves a penalty (autocommit: the update commits at once), then the time from
the writer's commit returning to the announcement being read on the
listener's socket is taken, once per penalty. Prints the median, the p99 and
the maximum in milliseconds. A reader whose request starts after the writer's
commit returned sees the change if the announcement was there by then.
"""

import argparse
import os
import select
import statistics
import time

import psycopg


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=200)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a migrated, seeded PostgreSQL database.")
    with (
        psycopg.connect(url, autocommit=True) as listener,
        psycopg.connect(url, autocommit=True) as writer,
    ):
        listener.execute("LISTEN registry_changes")
        ids = [
            row[0]
            for row in writer.execute(
                "SELECT id FROM registry_penalty WHERE company_id IS NOT NULL LIMIT %s",
                [options.writes],
            )
        ]
        if not ids:
            raise SystemExit("No penalty to save: seed the database first (seed_demo).")
        waits = []
        for penalty in ids:
            writer.execute(
                "UPDATE registry_penalty SET updated_at = now() WHERE id = %s", [penalty]
            )
            committed = time.perf_counter()
            heard = False
            while not heard:
                if not select.select([listener.pgconn.socket], [], [], 5)[0]:
                    raise SystemExit("No announcement within 5 s: is migration 0011 applied?")
                listener.pgconn.consume_input()
                while listener.pgconn.notifies() is not None:
                    heard = True
            waits.append((time.perf_counter() - committed) * 1000)
    waits.sort()
    print(
        f"{len(waits)} commits: announcement read {statistics.median(waits):.3f} ms after the "
        f"commit returned (median), p99 {waits[max(0, round(len(waits) * 0.99) - 1)]:.3f} ms, "
        f"max {waits[-1]:.3f} ms"
    )


if __name__ == "__main__":
    main()
