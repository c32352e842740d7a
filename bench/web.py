"""Web benchmark: the site under gunicorn on a seeded PostgreSQL, measured with wrk.

    make bench N=1000000
    .venv/bin/python bench/web.py --companies 1000000      # the same

One run does everything, in this order:

1. the database: a PostgreSQL 15 cluster of its own in ``--cluster`` (started by
   ``scripts/pg_cluster.sh``), seeded once with ``seed_demo --companies N`` and
   kept for the next runs (a cluster seeded with another N is refused: stop it
   with ``scripts/pg_cluster.sh stop DIR`` or give another ``--cluster``). The
   seeding runs on the whole schema with the search indexes of migration 0006
   dropped, which are then built by that migration's own code and timed (the
   bulk-load procedure of docs/scaling.md); its shared buffers are set to
   ``--shared-buffers`` (4 GB: a quarter of this machine's memory, where
   PostgreSQL's manual starts, against its default of 128 MB);
   ``--database-url`` uses a seeded database elsewhere instead;
2. import throughput: ``import_records`` of ``--import-rows`` new companies and
   as many penalties into the full, indexed database (each run adds its rows
   under credit codes of its own);
3. the check: for every query of the mix (``bench/queries.tsv``), the indexed
   matching must find exactly the companies plain matching finds, and the
   bounded candidates must be among them with the right capped count;
4. the site under gunicorn (``gunicorn.conf.py``, ``--workers`` sync workers,
   production settings: DEBUG off, hashed and compressed static files,
   persistent connections; the search rate limit off, since every request
   comes from one address) and, alternating, ``--rounds`` times each, wrk on
   loopback (``--connections`` connections, ``--duration`` seconds) against:
   the minimal page (no database) and the same with one ``SELECT 1``; the
   search page over the query mix and the company page of companies with many
   records, served again (kept by ``publicity/caching/pages.py`` until a change
   is announced; after an uncounted warm-up) and built every time; the
   company page kept and checked against the database on every request; the
   naive search over the same mix; and the JSON API (never kept): the
   companies list over the mix, one company (the same companies), and the
   penalties list's first page, whole and by province; the statistics page;
   and the long tail (``bench/longtail.py``): company pages and the API's
   company of companies drawn from all N, each asked for once, the same for
   company pages stored ready-made (``bench/stored_pages.py``: rendered and
   stored before the site is served), and a crawler walking the sitemap's
   company addresses in order;
5. the table: req/s and p50/p99 latency (medians of the rounds), the ratios
   search/minimal, company/minimal and search/naive, the peak resident memory
   of each web worker, the database and index sizes, seeding and import
   throughput, and the load average (other work on the machine skews figures).

wrk comes from Debian's package, installed with apt-get when missing.
"""

import argparse
import csv
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import longtail  # noqa: E402  (bench/longtail.py)
import seed as seeding  # noqa: E402  (bench/seed.py)
import stored_pages  # noqa: E402  (bench/stored_pages.py)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
MANAGE = str(ROOT / "manage.py")
PG_CLUSTER = str(ROOT / "scripts" / "pg_cluster.sh")
QUERIES = ROOT / "bench" / "queries.tsv"
COMPANY_PAGES = 200
# The pages served from the page cache (publicity/caching/pages.py) after a warm-up run.
KEPT = ("search", "company", "company_checked")
SEARCH_MIGRATION = "0006_search_indexes"
# Drops or builds the indexes of migration 0006 (its own code) in a seeded database.
SEARCH_INDEXES = """
import importlib
from django.db import connection
migration = importlib.import_module("registry.migrations.0006_search_indexes")
def drop_indexes():
    with connection.cursor() as cursor:
        for name, _definition in migration.INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {{name}}")
with connection.schema_editor() as editor:
    {call}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cluster", default="/tmp/pg-bench", help="the cluster's directory")
    parser.add_argument("--port", type=int, default=55440, help="the cluster's port")
    parser.add_argument("--database-url", help="a database seeded already, instead of a cluster")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument(
        "--shared-buffers",
        default="4GB",
        help="PostgreSQL's shared_buffers for the cluster (a quarter of this machine's memory)",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument(
        "--no-check", action="store_true", help="skip the check of the mix (a few minutes)"
    )
    options = parser.parse_args()

    ensure_wrk()
    load_before = os.getloadavg()
    url, seeded = database(options)
    env = site_environment(url)
    print(f"database: {redact(url)}; {seeded['companies']:,} companies", flush=True)
    imported = import_throughput(env, options, Path(options.cluster))
    documents = read_models(env)
    check = [] if options.no_check else check_same_results(env)
    sizes = database_sizes(env)
    companies = company_paths(env)
    queries = [q for _kind, q in read_queries()]
    work = Path(tempfile.mkdtemp(prefix="bench-web-"))
    try:
        static = work / "static"
        run_manage(["collectstatic", "--no-input", "-v", "0"], {**env, "STATIC_ROOT": str(static)})
        env["STATIC_ROOT"] = str(static)
        search_paths = [f"/search/?q={urllib.parse.quote(q)}" for q in queries]
        targets = {
            "minimal": ["/bench/minimal/"],
            "one_query": ["/bench/one-query/"],
            "search": search_paths,
            "company": companies,
            "company_checked": [f"/bench/checked{p}" for p in companies],
            "search_built": [f"/bench/built{p}" for p in search_paths],
            "company_built": [f"/bench/built{p}" for p in companies],
            "naive": [f"/bench/naive-search/?q={urllib.parse.quote(q)}" for q in queries],
            # The API (publicity/api/), never kept by the page cache: the
            # companies list is the site's search over the same mix, the
            # detail is the same companies with every public section, and the
            # penalties list is its first page, whole and by province.
            "api_search": [f"/api/v1/companies/?q={urllib.parse.quote(q)}" for q in queries],
            "api_company": [f"/api/v1{p}" for p in companies],
            "api_penalties": ["/api/v1/penalties/"]
            + [f"/api/v1/penalties/?province={code}" for code in province_codes(env)],
            # The statistics page (its HTML; the charts are images of their own),
            # read from the summaries of refresh_statistics: whole country and
            # by province, over the default 36 months and the last 12.
            "statistics": ["/statistics/", "/statistics/?period=12m"]
            + [f"/statistics/?province={code}" for code in province_codes(env)],
        }
        scripts = {
            name: [lua_script(work / f"{name}.lua", paths)] * options.rounds
            for name, paths in targets.items()
        }
        # The long tail (bench/longtail.py): addresses asked for once each, a
        # list of its own per round; the crawler's are read from the sitemap
        # once the site is up.
        pages, tables, api = longtail.random_company_paths(probe, env, options.rounds, options.seed)
        # Company pages stored ready-made (bench/stored_pages.py), for other
        # random companies: rendered and stored before the site is served.
        stored_codes = probe(
            env, "random", str(options.rounds * longtail.ROUND_SIZE), str(options.seed + 1)
        )
        print(f"rendering and storing {len(stored_codes):,} company pages...", flush=True)
        stored = stored_pages.prepare(PYTHON, env, stored_codes)
        once = {
            "company_random": pages,
            "company_random_tables": tables,
            "company_stored": longtail.rounds_of(
                [f"/bench/stored/companies/{code}/" for code in stored_codes], options.rounds
            ),
            "api_company_random": api,
            "crawler": None,
        }
        results, workers_rss = serve_and_measure(env, options, scripts, targets, once, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    report(options, seeded, imported, check, sizes, results, workers_rss, load_before, load_after)
    print_read_models(documents, seeded["companies"])
    print_stored(stored, results, seeded["companies"])


# --- The database -------------------------------------------------------------------


def database(options) -> tuple[str, dict]:
    """The URL of a seeded database with every migration applied, and the
    seeding figures (from the run that seeded it)."""
    if options.database_url:
        env = base_environment(options.database_url)
        run_manage(["migrate", "-v", "0"], env)
        count = int(
            django_eval(env, "from registry.models import Company; print(Company.objects.count())")
        )
        print("refresh_statistics on the given database...", flush=True)
        return options.database_url, {
            "companies": count,
            "statistics_seconds": seeding.refresh_statistics(env),
        }
    cluster = Path(options.cluster)
    figures_file = cluster / "seed.json"
    if figures_file.exists():
        figures = json.loads(figures_file.read_text())
        if figures["companies"] != options.companies:
            sys.exit(
                f"{cluster} holds {figures['companies']:,} companies, not {options.companies:,}: "
                f"stop it (scripts/pg_cluster.sh stop {cluster}) or give another --cluster"
            )
        url = ensure_running(cluster)
    else:
        if cluster.exists() and any(cluster.iterdir()):
            sys.exit(f"{cluster} holds no seeded cluster (no seed.json): remove it first")
        url = subprocess.run(
            [PG_CLUSTER, "start", str(cluster), str(options.port)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        env = base_environment(url)
        print(f"seeding {options.companies:,} companies into {cluster} (once)...", flush=True)
        # The whole schema (the seeder writes every table), without the search
        # indexes while it loads: built once afterwards, as for any bulk load
        # (docs/scaling.md). Their generated columns are filled by the COPY.
        run_manage(["migrate", "-v", "0"], env)
        run_manage(["createcachetable"], env)
        django_eval(env, SEARCH_INDEXES.format(call="drop_indexes()"))
        args = ["--companies", str(options.companies), "--seed", str(options.seed)]
        figures = seeding.seed_once(args, env)
        figures_file.write_text(json.dumps(figures))
        print("building the search indexes (migration 0006) on the full database...", flush=True)
        started = time.perf_counter()
        django_eval(env, SEARCH_INDEXES.format(call="migration.create(None, editor)"))
        figures["index_build_seconds"] = time.perf_counter() - started
        figures_file.write_text(json.dumps(figures))
    env = base_environment(url)
    if SEARCH_MIGRATION in applied_migrations(env):
        # A cluster seeded by an earlier run: the migrations since (cheap when none).
        run_manage(["migrate", "-v", "0"], env)
    else:
        print("applying migration 0006 (the search indexes) to the full database...", flush=True)
        started = time.perf_counter()
        run_manage(["migrate", "-v", "0"], env)
        figures["index_build_seconds"] = time.perf_counter() - started
        figures_file.write_text(json.dumps(figures))
    run_manage(["createcachetable"], env)
    shared_buffers(cluster, url, options.shared_buffers)
    # The statistics page's summaries, made again for this run (and timed).
    print("refresh_statistics on the full database...", flush=True)
    figures["statistics_seconds"] = seeding.refresh_statistics(env)
    return url, figures


def shared_buffers(cluster: Path, url: str, size: str):
    """PostgreSQL's shared buffers set to ``size`` (its default, 128 MB, is
    for a small machine; its manual's starting point is a quarter of the
    memory), the cluster restarted when that changes them."""
    psql = ["psql", url, "-X", "-q", "-A", "-t", "-c"]
    current = subprocess.run(
        [*psql, "SHOW shared_buffers"], check=True, capture_output=True, text=True
    ).stdout.strip()
    if current.lower() == size.lower():
        return
    subprocess.run([*psql, f"ALTER SYSTEM SET shared_buffers = '{size}'"], check=True)
    subprocess.run([PG_CLUSTER, "halt", str(cluster)], check=True)
    subprocess.run([PG_CLUSTER, "resume", str(cluster)], check=True, stdout=subprocess.DEVNULL)


def ensure_running(cluster: Path) -> str:
    url = subprocess.run(
        [PG_CLUSTER, "url", str(cluster)], check=True, capture_output=True, text=True
    ).stdout.strip()
    if not (cluster / "data" / "postmaster.pid").exists():
        # As the data directory's owner (root may not run the server).
        owner = cluster.joinpath("data").owner()
        as_owner = ["runuser", "-u", owner, "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [
                *as_owner,
                "/usr/lib/postgresql/15/bin/pg_ctl",
                f"--pgdata={cluster / 'data'}",
                f"--log={cluster / 'postgres.log'}",
                "--wait",
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return url


def applied_migrations(env) -> str:
    shown = subprocess.run(
        [PYTHON, MANAGE, "showmigrations", "registry"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return "\n".join(line for line in shown.splitlines() if "[X]" in line)


def base_environment(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
    env.pop("DEBUG", None)
    return env


def site_environment(url: str) -> dict:
    return {
        **base_environment(url),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SEARCH_RATE_LIMIT": "0",
        "API_RATE_LIMIT": "0",
        "PLAIN_STATIC_STORAGE": "false",
        "LOG_LEVEL": "WARNING",
    }


def run_manage(args, env, exclude=()):
    if exclude:  # migrate every app but these
        apps = django_eval(
            env,
            "from django.db.migrations.loader import MigrationLoader; "
            "loader = MigrationLoader(None, ignore_no_migrations=True); "
            "print(' '.join(sorted(loader.migrated_apps)))",
        ).split()
        for app in apps:
            if app not in exclude:
                subprocess.run([PYTHON, MANAGE, *args, app], env=env, check=True)
        return
    subprocess.run([PYTHON, MANAGE, *args], env=env, check=True)


def django_eval(env, code: str) -> str:
    """What the code printed last (start-up messages, e.g. django-axes's, come
    before it)."""
    printed = subprocess.run(
        [PYTHON, MANAGE, "shell", "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    return printed.splitlines()[-1] if printed else ""


def redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(parts.password, "***"))
    return urllib.parse.urlunsplit(parts)


# --- Import throughput ---------------------------------------------------------------


def import_throughput(env, options, cluster: Path) -> dict:
    """Import ROWS companies and ROWS penalties into the full database, each
    command a process of its own; rows/s and peak RSS."""
    rows = options.import_rows
    counter_file = cluster / "import-runs" if cluster.exists() else None
    run = int(counter_file.read_text()) + 1 if counter_file and counter_file.exists() else 0
    if counter_file:
        counter_file.write_text(str(run))
    from registry import uscc

    work = Path(tempfile.mkdtemp(prefix="bench-web-import-"))
    try:
        authority = "北京市海淀区市场监督管理局"
        files = {k: work / f"{k}.csv" for k in ("agencies", "companies", "penalties")}
        with open(files["agencies"], "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out)
            w.writerow(["name", "name_en", "kind", "region_code"])
            w.writerow([authority, "Haidian Market Regulation", "market_regulation", "110108"])
        # Org codes starting "QB" are never issued by the seeder.
        codes = [
            uscc.with_check_character(f"91110108QB{run % 1000:03d}{n:04d}") for n in range(rows)
        ]
        with open(files["companies"], "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out)
            w.writerow(
                [
                    "uscc",
                    "name",
                    "entity_type",
                    "legal_representative",
                    "registered_capital",
                    "established_on",
                    "region_code",
                    "industry_code",
                    "registration_authority",
                ]
            )
            for n, code in enumerate(codes):
                name = f"北京导入测试{run}批{n}号科技有限公司"
                w.writerow(
                    [code, name, "limited_liability", "张三", "1000000", "2015-03-01"]
                    + ["110108", "65", authority]
                )
        with open(files["penalties"], "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out)
            w.writerow(
                [
                    "decision_number",
                    "uscc",
                    "violation_type",
                    "violation_facts",
                    "legal_basis",
                    "penalty_category",
                    "penalty_content",
                    "fine_amount",
                    "decided_on",
                    "authority",
                ]
            )
            for n, code in enumerate(codes):
                w.writerow(
                    [f"京海市监罚〔2025〕导{run}-{n}号", code, "market_order", "虚假宣传"]
                    + ["《反不正当竞争法》第八条", "warning;fine", "警告并罚款", "5000"]
                    + ["2025-06-01", authority]
                )
        timed_process([PYTHON, MANAGE, "import_records", "agencies", str(files["agencies"])], env)
        out = {"rows": rows}
        for kind in ("companies", "penalties"):
            seconds, rss = timed_process(
                [PYTHON, MANAGE, "import_records", kind, str(files[kind])], env
            )
            out[kind] = {"seconds": seconds, "rss_mb": rss}
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_models(env) -> dict:
    """The companies' read models made current before the run
    (``refresh_company_documents``: those missing or out of date, among them
    the companies and penalties the import step wrote), timed, and the
    table's size."""
    print("refresh_company_documents (read models missing or out of date)...", flush=True)
    started = time.perf_counter()
    out = subprocess.run(
        [PYTHON, MANAGE, "refresh_company_documents", "-v", "0"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds = time.perf_counter() - started
    built = int(re.search(r"Built ([\d,]+) read models", out).group(1).replace(",", ""))
    size = django_eval(
        env,
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute(\"SELECT count(*), pg_total_relation_size('registry_companydocument'),"
        ' avg(length(content)) FROM registry_companydocument")\n'
        "    print(*c.fetchone())",
    ).split()
    return {
        "seconds": seconds,
        "built": built,
        "rows": int(size[0]),
        "bytes": int(size[1]),
        "content": float(size[2] or 0),
    }


def print_read_models(documents, companies):
    per_million = documents["bytes"] / max(companies, 1) * 1_000_000
    print(
        f"read models: {documents['rows']:,} rows, {mb(documents['bytes'])} with the index "
        f"({mb(per_million)} per million companies; content {documents['content']:,.0f} bytes "
        f"a company, compressed); before the run refresh_company_documents built "
        f"{documents['built']:,} in {documents['seconds']:,.1f} s (checking every other one's "
        "version)"
    )


def print_stored(stored, results, companies):
    """The pages stored ready-made: what rendering them cost, their size, and
    their speed against the minimal page and the page built."""
    rps = {name: statistics.median(r["rps"] for r in results[name]) for name in results}
    per_million = stored["table_bytes"] / max(companies, 1) * 1_000_000
    print(
        f"company pages stored ready-made: {rps['company_stored'] / rps['minimal']:.3f} of the "
        f"minimal page ({rps['company_stored'] / rps['company_random']:.1f} times the page built "
        f"from its read model); {stored['rendered']:,} pages rendered in "
        f"{stored['render_seconds']:,.1f} s ({stored['render_cpu_ms']:.1f} ms of CPU a page, in "
        f"one process), {stored['average_bytes'] / 1024:.1f} kB a page gzip-compressed; the "
        f"table padded to {stored['rows']:,} rows in {stored['pad_seconds']:,.1f} s: "
        f"{mb(stored['table_bytes'])} ({mb(per_million)} per million companies, one language)"
    )


def timed_process(command, env) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"failed: {' '.join(command)}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


# --- The query mix and the check ------------------------------------------------------


def read_queries() -> list[tuple[str, str]]:
    out = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, query = line.split("\t", 1)
            out.append((kind, query))
    return out


def probe(env, *args, stdin=None):
    """bench/probe.py in a process of its own, on the plain production settings."""
    process = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "probe.py"), *args],
        input=stdin,
        env=base_environment(env["DATABASE_URL"]),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(process.stdout.strip().splitlines()[-1])


def check_same_results(env) -> list:
    """For every query of the mix: indexed matching == plain matching, and the
    bounded candidates are plain matches with the right capped count."""
    print("checking the query mix against plain matching...", flush=True)
    return probe(env, "check", stdin=json.dumps(read_queries()))


def database_sizes(env) -> dict:
    return probe(env, "sizes")


def province_codes(env) -> list[str]:
    return django_eval(
        env,
        "from registry.models import Region; print(' '.join(Region.objects.filter("
        "level=Region.Level.PROVINCE).order_by('code').values_list('code', flat=True)))",
    ).split()


def company_paths(env) -> list[str]:
    return [f"/companies/{code}/" for code in probe(env, "companies", str(COMPANY_PAGES))]


# --- Serving and measuring --------------------------------------------------------------


def lua_script(path: Path, paths: list[str]) -> Path:
    """A wrk script that goes round the paths, each thread from its own place."""
    quoted = ",\n".join(json.dumps(p, ensure_ascii=True) for p in paths)
    path.write_text(
        "local paths = {\n" + quoted + "\n}\n"
        "local i = 0\n"
        "function setup(thread) thread:set('offset', math.random(#paths)) end\n"
        "function init(args) i = tonumber(offset) or 0 end\n"
        "local headers = {['Accept-Encoding'] = 'gzip, deflate, br'}\n"
        "function request()\n"
        "  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1], headers)\n"
        "end\n"
    )
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_and_measure(env, options, scripts, targets, once, work):
    port = free_port()
    command = [
        GUNICORN,
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(options.workers),
        # No recycling during the run: the peak memory then covers all of it.
        "--max-requests",
        "0",
        "publicity.wsgi:application",
    ]
    master = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/bench/minimal/", master)
        # Every kind of page answers 200 before anything is measured.
        for name, paths in targets.items():
            for p in paths[:3]:
                with urllib.request.urlopen(base + p, timeout=60) as response:
                    assert response.status == 200, (name, p, response.status)
        once["crawler"] = longtail.sitemap_company_paths(base, options.rounds)
        for name, rounds in once.items():
            scripts[name] = [
                longtail.once_script(work / f"{name}-{n}.lua", paths)
                for n, paths in enumerate(rounds)
            ]
            targets[name] = rounds[0]
        # The pages kept by publicity/caching/pages.py: runs of each mix first,
        # not counted, until a run is no longer faster than the one before
        # (each worker has then built every page of it once, however slowly
        # pages are built on a loaded machine).
        for name in KEPT:
            warm_up(base, env, targets[name][0], scripts[name][0], options)
        results = {name: [] for name in scripts}
        for round_number in range(options.rounds):
            for name, per_round in scripts.items():
                drain(base + "/bench/minimal/", env["DATABASE_URL"])
                figures = run_wrk(base + targets[name][0], per_round[round_number], options)
                results[name].append(figures)
                print(
                    f"round {round_number + 1} {name:>8}: {figures['rps']:9.1f} req/s  "
                    f"p50 {figures['p50']:8.2f} ms  p99 {figures['p99']:8.2f} ms"
                    + (f"  NON-2xx {figures['errors']}" if figures["errors"] else "")
                    + (f"  LAPS {figures['laps']}" if figures["laps"] else ""),
                    flush=True,
                )
        rss = workers_peak_rss(master.pid)
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=60)
    return results, rss


def warm_up(base, env, url_path, script, options, most=12):
    previous = 0.0
    for _ in range(most):
        drain(base + "/bench/minimal/", env["DATABASE_URL"])
        rps = run_wrk(base + url_path, script, options)["rps"]
        if rps < previous * 1.1:
            return
        previous = rps


def drain(url: str, database_url: str):
    """Wait until the workers are idle: when wrk stops, sync workers still
    answer the requests queued before (seconds of naive searches), which
    would otherwise land in the next measurement. Idle: no query running in
    the database but ours, and quick answers to a few requests in a row."""
    import psycopg

    deadline = time.monotonic() + 180
    quick = 0
    with psycopg.connect(database_url, autocommit=True) as connection:
        while time.monotonic() < deadline and quick < 5:
            busy = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                " AND datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()[0]
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=180):
                pass
            fast = time.perf_counter() - started < 0.05
            quick = quick + 1 if fast and not busy else 0
            time.sleep(0.2)
    time.sleep(1)


def wait_until_up(url: str, master):
    for _ in range(300):
        if master.poll() is not None:
            sys.exit("gunicorn stopped before serving")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer")


LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_ERRORS = re.compile(r"Socket errors: (.*)")
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(url: str, script: Path, options) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(options.connections),
            "--duration",
            f"{options.duration}s",
            "--timeout",
            "10s",
            "--latency",
            "--script",
            str(script),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    latency = {p: float(v) * UNIT[u] for p, v, u in LATENCY.findall(output)}
    errors = int(NON_2XX.search(output).group(1)) if NON_2XX.search(output) else 0
    socket_errors = SOCKET_ERRORS.search(output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return {
        "rps": float(RPS.search(output).group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "errors": errors,
        "laps": longtail.laps(output),
    }


def workers_peak_rss(master_pid: int) -> list[float]:
    """Peak resident memory (VmHWM) of each worker, in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    out = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                out.append(int(line.split()[1]) / 1024)
    return out


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("installing wrk (Debian package)...", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "wrk"], env=env, check=False)
    if not shutil.which("wrk"):
        subprocess.run([*sudo, "apt-get", "update", "-q"], env=env, check=True)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "wrk"], env=env, check=True)


# --- The report -------------------------------------------------------------------------


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def report(options, seeded, imported, check, sizes, results, rss, load_before, load_after):
    median = {
        name: {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50", "p99")}
        for name, runs in results.items()
    }
    errors = {name: sum(r["errors"] for r in runs) for name, runs in results.items()}
    labels = {
        "minimal": "1 minimal page (no database)",
        "one_query": "1b minimal page with one query (SELECT 1)",
        "search": "2 search page, query mix, served again",
        "company": "3 company page, many records, served again",
        "company_checked": "3c company page, served again, checked against the database",
        "search_built": "2b search page, query mix, built every time",
        "company_built": "3b company page, many records, built every time",
        "naive": "4 naive search, query mix",
        "api_search": "5 API companies list (the search), query mix",
        "api_company": "6 API one company, many records",
        "api_penalties": "7 API penalties list, first page, whole and by province",
        "statistics": "8 statistics page, whole country and by province",
        "company_random": "9 company page, random companies, each asked for once",
        "company_random_tables": "9c the same, read from the tables (read models not read)",
        "company_stored": "9s the same, stored ready-made (bench/stored_pages.py)",
        "api_company_random": "9b API one company, random companies, each once",
        "crawler": "10 crawler: the sitemap's company addresses in order",
    }
    print()
    print(
        f"{seeded['companies']:,} companies; PostgreSQL shared_buffers {options.shared_buffers}; "
        f"gunicorn {options.workers} sync workers; "
        f"wrk {options.connections} connections, {options.duration} s, median of "
        f"{options.rounds} alternating rounds; {os.cpu_count()} CPUs"
    )
    print("| page | req/s | p50 ms | p99 ms | non-2xx |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, label in labels.items():
        m = median[name]
        print(f"| {label} | {m['rps']:,.1f} | {m['p50']:.2f} | {m['p99']:.2f} | {errors[name]} |")
    ceiling = median["minimal"]["rps"]
    print(
        f"ratios: search/minimal {median['search']['rps'] / ceiling:.2f}, "
        f"company/minimal {median['company']['rps'] / ceiling:.2f}, "
        f"search/naive {median['search']['rps'] / median['naive']['rps']:.1f}, "
        f"company/one-query {median['company']['rps'] / median['one_query']['rps']:.2f}, "
        f"company checked/minimal {median['company_checked']['rps'] / ceiling:.2f}; "
        f"built every time: search/minimal {median['search_built']['rps'] / ceiling:.3f}, "
        f"company/minimal {median['company_built']['rps'] / ceiling:.3f}, "
        f"search/naive {median['search_built']['rps'] / median['naive']['rps']:.1f}"
    )
    print(
        "API against the minimal page: "
        f"companies list {median['api_search']['rps'] / ceiling:.3f}, "
        f"one company {median['api_company']['rps'] / ceiling:.3f}, "
        f"penalties list {median['api_penalties']['rps'] / ceiling:.3f}; "
        f"one company against the company page built: "
        f"{median['api_company']['rps'] / median['company_built']['rps']:.2f}; "
        f"companies list against the search page built: "
        f"{median['api_search']['rps'] / median['search_built']['rps']:.2f}"
    )
    print(
        f"statistics page against the minimal page: {median['statistics']['rps'] / ceiling:.3f}; "
        f"refresh_statistics on the full database: {seeded.get('statistics_seconds', 0):,.1f} s"
    )
    print(
        "the long tail against the minimal page: "
        f"random company pages {median['company_random']['rps'] / ceiling:.3f} "
        f"(from the tables {median['company_random_tables']['rps'] / ceiling:.3f}), "
        f"API one random company {median['api_company_random']['rps'] / ceiling:.3f}, "
        f"crawler {median['crawler']['rps'] / ceiling:.3f}; laps over the addresses "
        "(a page asked for again): "
        + ", ".join(
            f"{name} {sum(r['laps'] for r in results[name])}"
            for name in (
                "company_random",
                "company_random_tables",
                "company_stored",
                "api_company_random",
                "crawler",
            )
        )
    )
    print("peak RSS of each web worker: " + ", ".join(f"{r:.0f} MB" for r in rss))
    failed = [row for row in check if not row[3]]
    if not check:
        print("same companies as plain matching: NOT CHECKED (--no-check)")
    else:
        print(
            f"same companies as plain matching: {len(check) - len(failed)} of {len(check)} queries"
            + ("" if not failed else "; DIFFERENT: " + ", ".join(repr(r[1]) for r in failed))
        )
        slowest = sorted(check, key=lambda r: -r[6])[:3]
        print(
            "bounded candidates, slowest of the mix (one process, no load, ms): "
            + ", ".join(f"{r[1]!r} {r[6]:.1f}" for r in slowest)
        )
    print(
        f"database {mb(sizes['database'])}; company table {mb(sizes['company_heap'])} "
        f"(with its indexes {mb(sizes['company_total'])}); all indexes {mb(sizes['all_indexes'])}"
    )
    print(
        "search indexes (migration 0006): "
        + ", ".join(f"{name} {mb(size)}" for name, size in sizes["search_indexes"])
        + f"; total {mb(sum(size for _n, size in sizes['search_indexes']))}"
    )
    if "seconds" in seeded:
        s = seeded["seconds"]
        print(
            f"seeding: {s:,.0f} s, {seeded['companies'] / s:,.0f} companies/s, "
            f"{seeded['records'] / s:,.0f} records/s, {seeded['rows'] / s:,.0f} rows/s, "
            f"peak RSS {seeded['rss_mb']:,.0f} MB"
        )
    if "index_build_seconds" in seeded:
        print(f"migration 0006 on the full database: {seeded['index_build_seconds']:,.0f} s")
    rows = imported["rows"]
    print(
        "import into the full database: "
        + "; ".join(
            f"{kind} {rows / imported[kind]['seconds']:,.0f} rows/s "
            f"({imported[kind]['seconds']:.1f} s for {rows:,}, "
            f"peak RSS {imported[kind]['rss_mb']:.0f} MB)"
            for kind in ("companies", "penalties")
        )
    )
    print(
        "load average (1, 5, 15 min): before "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ", after "
        + " ".join(f"{x:.2f}" for x in load_after)
    )


if __name__ == "__main__":
    main()
