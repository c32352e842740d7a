"""Beyond one machine, on loopback: the primary alone against HAProxy, two app
processes and a streaming replica (docs/scaling.md), in one run.

    .venv/bin/python bench/replicas.py --companies 20000

1. a PostgreSQL cluster of its own in ``--cluster`` (``scripts/pg_cluster.sh``),
   migrated and seeded with ``seed_demo --companies N`` once, kept for the next
   run with the same N;
2. the site on the primary alone: one gunicorn (gunicorn.conf.py, ``--workers``
   sync workers, ``DATABASE_URL`` only); and the stack of
   ``scripts/replica_stack.py``: a replica made by ``pg_basebackup``, Redis, two
   gunicorns of ``--workers`` / 2 workers each with ``DATABASE_REPLICA_URLS`` and
   ``REDIS_URL``, HAProxy in front (deploy/haproxy.cfg). Both with the page
   cache off (every page built: what reads the database) and the rate limits
   off (one client address);
3. the same pages: the bodies of 50 company pages and the search mix, from both;
4. ``--rounds`` times, alternating, wrk (``--connections``, ``--duration``) on
   company pages of 200 random companies and on the search mix
   (bench/queries.tsv), against each; medians;
5. the replica stopped mid-run: ``--connections`` clients asking for the
   company pages through the proxy for ``3 x --duration`` seconds, the replica
   halted after a third and started again after two thirds; every answer
   counted by status (a Python client, not wrk, to count each status).

Two cores run everything here (wrk, HAProxy, two or three gunicorns, two
PostgreSQL servers): the stack cannot be faster on this machine, and shows its
cost; docs/scaling.md says what the per-page costs predict with a machine per tier.
"""

import argparse
import collections
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

# Progress as it comes.
print = functools.partial(print, flush=True)
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import web  # noqa: E402  (bench/web.py: wrk and its scripts)
from replica_stack import GUNICORN, PG_CLUSTER, Stack, fetch, free_port  # noqa: E402

SITE_ENV = {
    "COMPANY_PAGE_CACHE_SECONDS": "0",
    "SEARCH_PAGE_CACHE_SECONDS": "0",
    "SEARCH_RATE_LIMIT": "0",
    "API_RATE_LIMIT": "0",
    "LOG_LEVEL": "WARNING",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--cluster", default="/tmp/pg-bench-replicas")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    web.ensure_wrk()
    options.load_before = os.getloadavg()[0]
    url = cluster(Path(options.cluster), options.companies)
    work = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
    # 200 companies spread over the register, the same in every run.
    companies = Stack.sql(
        url, "SELECT uscc FROM registry_company ORDER BY md5(uscc) LIMIT 200"
    ).split()
    searches = [
        "/search/?" + urllib.parse.urlencode({"q": query}) for _kind, query in web.read_queries()
    ]
    company_paths = [f"/companies/{code}/" for code in companies]
    scripts = {
        "company": web.lua_script(work / "company.lua", company_paths),
        "search": web.lua_script(work / "search.lua", searches),
    }
    workers = max(options.workers // 2, 1)
    stack = Stack(options.cluster, workers=workers, extra_env=SITE_ENV, work=work)
    alone = None
    try:
        stack.start()
        alone, alone_address = serve_alone(stack, url, options.workers, work)
        same = same_pages(stack.address, alone_address, company_paths[:50] + searches)
        print(f"same pages: {same[0]}/{same[1]}", flush=True)
        runs = {(t, k): [] for t in ("alone", "stack") for k in scripts}
        for number in range(options.rounds):
            for kind, script in scripts.items():
                for target, address in (("alone", alone_address), ("stack", stack.address)):
                    result = web.run_wrk(address, script, options)
                    runs[(target, kind)].append(result)
                    line = f"round {number + 1} {target} {kind}: {result['rps']:.0f} req/s"
                    print(f"{line}, p99 {result['p99']:.0f} ms, {result['errors']} not 2xx")
        stopped = replica_stopped(stack, company_paths, options)
    finally:
        if alone is not None:
            alone.terminate()
            alone.wait(30)
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)
    report(options, same, runs, stopped)


def cluster(directory: Path, companies: int) -> str:
    if (directory / "port").exists():
        url = web.ensure_running(directory)
        count = int(Stack.sql(url, "SELECT count(*) FROM registry_company"))
        if count != companies:
            sys.exit(f"{directory} holds {count} companies, not {companies}: stop it first")
        return url
    url = subprocess.run(
        [PG_CLUSTER, "start", str(directory)], check=True, capture_output=True, text=True
    ).stdout.strip()
    env = web.base_environment(url)
    print(f"seeding {companies:,} companies...", flush=True)
    web.run_manage(["migrate", "--no-input", "-v0"], env)
    web.run_manage(["createcachetable"], env)
    web.run_manage(["seed_demo", "--companies", str(companies), "--seed", "1"], env)
    return url


def serve_alone(stack, url, workers, work):
    port = free_port()
    env = {**stack.env(), "GUNICORN_WORKERS": str(workers)}
    for name in ("DATABASE_REPLICA_URLS", "REDIS_URL", "TRUSTED_PROXY_COUNT"):
        env.pop(name)
    app = subprocess.Popen(
        [
            GUNICORN,
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "publicity.wsgi:application",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=open(work / "alone.log", "a"),
        stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    stack._wait(lambda: fetch(address + "/healthz")[0] == 200, "the primary alone")
    return app, address


def same_pages(stack_address, alone_address, paths) -> tuple[int, int]:
    host = {"Host": "localhost"}
    same = 0
    for path in paths:
        through = fetch(stack_address + path, host)
        alone = fetch(alone_address + path, host)
        same += through[0] == alone[0] == 200 and through[1] == alone[1]
    return same, len(paths)


def replica_stopped(stack, paths, options) -> dict:
    """``--connections`` clients (threads, one request at a time each) asking
    for company pages through the proxy for three durations; the replica
    halted during the second. Every answer counted by status and phase."""
    phases = ("before", "halted", "after")
    counts = {phase: collections.Counter() for phase in phases}
    phase = ["before"]
    stop = threading.Event()

    def client(offset):
        number = offset
        while not stop.is_set():
            status = fetch(stack.address + paths[number % len(paths)])[0]
            counts[phase[0]][status] += 1
            number += options.connections

    clients = [threading.Thread(target=client, args=(n,)) for n in range(options.connections)]
    for thread in clients:
        thread.start()
    time.sleep(options.duration)
    stack.halt_replica()
    phase[0] = "halted"
    time.sleep(options.duration)
    stack.resume_replica()
    phase[0] = "after"
    time.sleep(options.duration)
    stop.set()
    for thread in clients:
        thread.join()
    return {"duration": options.duration, "counts": counts}


def report(options, same, runs, stopped):
    def median(target, kind, field):
        return statistics.median(r[field] for r in runs[(target, kind)])

    print()
    print(f"## {options.companies:,} companies, {options.rounds} rounds of "
          f"{options.duration} s, {options.connections} connections")  # fmt: skip
    print()
    print(f"Load average (1 min) {options.load_before:.2f} before, {os.getloadavg()[0]:.2f} after.")
    print(f"Same pages through the proxy as from the primary alone: {same[0]}/{same[1]}")
    print()
    print("| page (built) | primary alone req/s | p99 ms | proxy + 2 apps + replica req/s "
          "| p99 ms | ratio | not 2xx |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in ("company", "search"):
        a, s = median("alone", kind, "rps"), median("stack", kind, "rps")
        errors = sum(r["errors"] for t in ("alone", "stack") for r in runs[(t, kind)])
        print(f"| {kind} | {a:.0f} | {median('alone', kind, 'p99'):.0f} | {s:.0f} | "
              f"{median('stack', kind, 'p99'):.0f} | {s / a:.2f} | {errors} |")  # fmt: skip
    print()
    seconds = stopped["duration"]
    print(f"Replica halted for {seconds} s in the middle of {3 * seconds} s of company pages "
          f"through the proxy ({options.connections} clients):")  # fmt: skip
    print()
    print("| phase | answers | a second | 200 | 5xx | failed (no answer) |")
    print("|---|---:|---:|---:|---:|---:|")
    for phase, counts in stopped["counts"].items():
        total = sum(counts.values())
        server_errors = sum(n for status, n in counts.items() if status >= 500)
        print(f"| {phase} | {total} | {total / seconds:.1f} | {counts[200]} | "
              f"{server_errors} | {counts[0]} |")  # fmt: skip


if __name__ == "__main__":
    main()
