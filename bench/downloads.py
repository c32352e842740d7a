"""Open-data downloads and dumps on a seeded database, each in a process of
its own whose peak resident memory is read with ``os.wait4``.

    DATABASE_URL=postgres://... .venv/bin/python bench/downloads.py [--limits 10000,100000,0]

The database must be migrated and seeded (``manage.py seed_demo --companies N``).
For each limit (0: every public penalty), a process downloads
``/penalties/?format=csv`` through the whole Django stack (middleware, view,
streaming) with DOWNLOAD_MAX_ROWS at that limit, reading the streamed body as a
client would, and reports rows/s and its peak RSS: the RSS must stay flat as
the rows grow. Then ``manage.py export_dumps`` writes a dump of every kind to a
temporary directory: its time, peak RSS and bytes written.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ENV = {
    "SECRET_KEY": "bench-secret-key",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "localhost",
    "PUBLIC_CACHE_SECONDS": "0",
    "PLAIN_STATIC_STORAGE": "true",
}


def child_download() -> None:
    """Runs in the measured process: one download, its rows and bytes on stdout."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "publicity.settings")
    django.setup()
    from django.test import Client

    started = time.perf_counter()
    response = Client(HTTP_HOST="localhost").get("/penalties/", {"format": "csv"})
    assert response.status_code == 200, response.status_code
    lines = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": lines - 1, "bytes": size, "seconds": seconds}))


def measured(args: list[str], env: dict) -> tuple[str, float, int]:
    """Runs ``args``; its stdout, wall seconds and peak RSS in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{args} failed")
    return out, seconds, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", default="10000,100000,0", help="DOWNLOAD_MAX_ROWS values")
    parser.add_argument("--no-dumps", action="store_true", help="downloads only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        return child_download()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a seeded database.")
    env = {**os.environ, **ENV}
    # Every migration (the rate limits' table among them); the filter form's
    # choices are kept in the database cache.
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    print("CSV download of /penalties/ (whole stack, one process each)")
    for limit in [int(n) for n in options.limits.split(",")]:
        run_env = {**env, "DOWNLOAD_MAX_ROWS": str(limit or 100_000_000)}
        out, wall, rss = measured([PYTHON, __file__, "--child"], run_env)
        got = json.loads(out)
        print(
            f"  limit {limit or 'none':>9}: {got['rows']:>9,} rows, {got['bytes'] / 1e6:7.1f} MB"
            f" in {got['seconds']:6.2f} s = {got['rows'] / got['seconds']:9,.0f} rows/s;"
            f" peak RSS {rss} MB (process {wall:.1f} s)"
        )
    if options.no_dumps:
        return
    with tempfile.TemporaryDirectory() as folder:
        _, wall, rss = measured([PYTHON, "manage.py", "export_dumps", folder], env)
        manifest = json.loads((Path(folder) / "latest" / "manifest.json").read_text())
        size = sum(item["bytes"] for item in manifest["files"])
        rows = {item["kind"]: item["rows"] for item in manifest["files"]}
        print(f"export_dumps: {wall:.1f} s, peak RSS {rss} MB, {size / 1e6:.1f} MB gzip")
        print("  rows: " + ", ".join(f"{kind} {n:,}" for kind, n in rows.items()))


if __name__ == "__main__":
    main()
