"""Seeding throughput of ``manage.py seed_demo``, whole process.

    .venv/bin/python bench/seed.py --companies 10000                 # fresh SQLite files
    .venv/bin/python bench/seed.py --companies 1000000 --postgres    # a throwaway PostgreSQL
    .venv/bin/python bench/seed.py --companies 100000 --database-url postgres://u@host:5432/db

Each run seeds COMPANIES companies into an empty, migrated database:

- SQLite (the default): a copy of a freshly migrated file, with DEBUG=true as
  ``make demo`` runs it;
- ``--database-url``: a scratch database created next to the one named
  (``<name>_seedbench``, on the same server, so the user needs CREATEDB),
  migrated, seeded and dropped; the named database itself is not touched;
- ``--postgres``: the same, on a throwaway cluster started by
  ``scripts/pg_cluster.sh`` (PostgreSQL 15, fsync off) and deleted afterwards.

Migrating is not timed. The time is the whole ``manage.py seed_demo`` process,
start-up included; the peak memory is that process's own maximum resident set
(``os.wait4``'s rusage, not the largest of all children). Prints each run, then
the median: seconds, companies/s, records/s (penalties, licences, court cases,
list entries, ratings) and rows/s (every table), and the peak RSS; then the time
of ``refresh_statistics`` on the seeded data (not counted in the seeding time).
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
MANAGE = str(ROOT / "manage.py")
PG_CLUSTER = str(ROOT / "scripts" / "pg_cluster.sh")
SUMMARY = re.compile(
    r"Seeded ([\d,]+) companies and ([\d,]+) records \([\d.]+ per company; ([\d,]+) rows\)"
)


def manage(args, env, **kwargs):
    return subprocess.run([PYTHON, MANAGE, *args], env=env, check=True, **kwargs)


def seed_once(args, env) -> dict:
    """One timed ``seed_demo`` process: wall time, peak RSS, counts from its summary;
    then ``refresh_statistics`` (which seed_demo would run at its end), timed on its own."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, MANAGE, "seed_demo", "--no-statistics", *args],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"seed_demo failed (exit {process.returncode}):\n{output}")
    match = SUMMARY.search(output)
    if not match:
        sys.exit(f"no summary line in the output of seed_demo:\n{output}")
    companies, records, rows = (int(group.replace(",", "")) for group in match.groups())
    # ru_maxrss is in KiB on Linux.
    return {
        "seconds": elapsed,
        "rss_mb": usage.ru_maxrss / 1024,
        "companies": companies,
        "records": records,
        "rows": rows,
        "statistics_seconds": refresh_statistics(env),
    }


def refresh_statistics(env) -> float:
    """``manage.py refresh_statistics``, whole process: its wall time in seconds."""
    started = time.perf_counter()
    manage(["refresh_statistics"], env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


class SQLiteTarget:
    """A fresh copy of a migrated SQLite file for every run."""

    name = "SQLite (DEBUG=true)"

    def __init__(self, work: Path, env: dict):
        self.work, self.env = work, {**env, "DEBUG": "true"}
        self.env.pop("DATABASE_URL", None)
        self.template = work / "template"
        self.template.mkdir()
        manage(["migrate", "-v", "0"], {**self.env, "VAR_DIR": str(self.template)})

    def prepare(self, run: int) -> dict:
        var = self.work / f"run{run}"
        shutil.copytree(self.template, var)
        return {**self.env, "VAR_DIR": str(var)}

    def cleanup(self, run: int, keep: bool):
        if not keep:
            shutil.rmtree(self.work / f"run{run}")

    def close(self):
        pass


class PostgresTarget:
    """A scratch database next to the one named by the URL, for every run."""

    def __init__(self, url: str, env: dict):
        import psycopg

        self.psycopg = psycopg
        parts = urlsplit(url)
        self.scratch = (parts.path.lstrip("/") or "postgres") + "_seedbench"
        self.url = urlunsplit(parts._replace(path="/" + self.scratch))
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        self.env = {**env, "DATABASE_URL": self.url}
        self.env.pop("DEBUG", None)
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
            fsync = connection.execute("SHOW fsync").fetchone()[0]
        self.name = f"PostgreSQL {version} (fsync {fsync})"

    def _admin(self, statement: str):
        with self.psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def prepare(self, run: int) -> dict:
        self._admin(f'DROP DATABASE IF EXISTS "{self.scratch}"')
        self._admin(f"CREATE DATABASE \"{self.scratch}\" TEMPLATE template0 ENCODING 'UTF8'")
        manage(["migrate", "-v", "0"], self.env)
        return self.env

    def cleanup(self, run: int, keep: bool):
        if not keep:
            self._admin(f'DROP DATABASE IF EXISTS "{self.scratch}"')

    def close(self):
        pass


class ThrowawayPostgres(PostgresTarget):
    """A cluster of its own, started by scripts/pg_cluster.sh and deleted at the end."""

    def __init__(self, env: dict):
        # A directory of its own: the server's user must be able to reach it.
        self.cluster = tempfile.mkdtemp(prefix="bench-seed-pg-")
        try:
            url = subprocess.run(
                [PG_CLUSTER, "start", self.cluster], check=True, capture_output=True, text=True
            ).stdout.strip()
            super().__init__(url, env)
        except BaseException:
            self.close()  # pg_cluster.sh stop is safe after a failed start
            raise

    def close(self):
        subprocess.run([PG_CLUSTER, "stop", self.cluster], check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--runs", type=int, help="default: 3 up to 100,000 companies, else 1")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="a PostgreSQL server (see above)")
    where.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL cluster")
    parser.add_argument("--keep", action="store_true", help="keep the last seeded database")
    options = parser.parse_args()
    runs = options.runs or (3 if options.companies <= 100_000 else 1)

    work = Path(tempfile.mkdtemp(prefix="bench-seed-"))
    env = {**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY", "bench")}
    args = [
        "--companies",
        str(options.companies),
        "--seed",
        str(options.seed),
        "--batch-size",
        str(options.batch_size),
    ]
    results = []
    target = None
    try:
        if options.postgres:
            target = ThrowawayPostgres(env)
        elif options.database_url:
            target = PostgresTarget(options.database_url, env)
        else:
            target = SQLiteTarget(work, env)
        print(
            f"seed_demo --companies {options.companies:,} on {target.name}, {runs} run(s), "
            f"{os.cpu_count()} CPUs"
        )
        for run in range(runs):
            run_env = target.prepare(run)
            result = seed_once(args, run_env)
            target.cleanup(run, keep=options.keep and run == runs - 1)
            results.append(result)
            report(f"run {run + 1}", result)
    finally:
        if target is not None:
            target.close()
        shutil.rmtree(work, ignore_errors=True)
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    median["rss_mb"] = max(r["rss_mb"] for r in results)
    report("median", median)
    per_company = median["records"] / median["companies"]
    print(f"records per company: {per_company:.2f}; peak RSS is the largest of the runs")


def report(label: str, result: dict):
    seconds = result["seconds"]
    print(
        f"{label:>8}: {seconds:8.1f} s  {result['companies'] / seconds:8,.0f} companies/s  "
        f"{result['records'] / seconds:9,.0f} records/s  {result['rows'] / seconds:10,.0f} rows/s  "
        f"peak RSS {result['rss_mb']:,.0f} MB; then refresh_statistics "
        f"{result['statistics_seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
