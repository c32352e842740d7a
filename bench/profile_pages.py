"""Where one page's time goes, request by request, under production settings:

    DATABASE_URL=... .venv/bin/python bench/profile_pages.py [--pages N] [--top 25] [--sort tottime]

It serves, in this process (``django.test.Client``, DEBUG off, the cached
template loader, persistent connection, the search rate limit off as in
``bench/web.py``), N search pages going round ``bench/queries.tsv`` and N
company pages of companies with many records (``bench/probe.py``'s choice),
after a first pass that warms the caches. Pages are built every time (the
page cache off); with ``--page-cache`` every page is served once first and the
figures are those of the same pages served again from the page cache. For
each kind of page it prints the median and mean wall time, the queries per
page and their time (measured around each query with
``connection.execute_wrapper``), the time in templates (the outermost
``Template.render``, less the queries run from inside it), the rest (Python:
the view, selectors, model instances, middleware), their split of the wall
time, the CPU time of this process per page (what
the page costs a worker, least affected by other work on the machine), with
``--pgdata DIR`` the CPU the PostgreSQL server of that cluster spent per page,
and then cProfile's top functions over the same pages.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SEARCH_RATE_LIMIT", "0")
os.environ.setdefault("PLAIN_STATIC_STORAGE", "true")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.pop("DEBUG", None)
# Pages built every time (the cost of building one) unless --page-cache is
# given: then every page is served once first, and the figures are those of
# pages served from publicity/caching/pages.py.
if "--page-cache" not in sys.argv:
    os.environ["SEARCH_PAGE_CACHE_SECONDS"] = "0"
    os.environ["COMPANY_PAGE_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template.backends.django import Template as BackendTemplate  # noqa: E402
from django.test import Client  # noqa: E402

from bench.probe import companies, random_companies  # noqa: E402


class QueryTimer:
    """Queries of one page and their time, and how much of it ran while a
    template was being rendered (a lazy query read by the template)."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.in_templates = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.seconds += spent
            self.count += 1
            if TemplateTimer.depth:
                self.in_templates += spent


class TemplateTimer:
    """Wall time inside the outermost template renders of a page (the
    backend's ``Template.render``: views' ``render`` and ``render_to_string``)."""

    depth = 0
    seconds = 0.0
    original = BackendTemplate.render

    @classmethod
    def install(cls):
        def render(template, *args, **kwargs):
            cls.depth += 1
            started = time.perf_counter()
            try:
                return cls.original(template, *args, **kwargs)
            finally:
                cls.depth -= 1
                if not cls.depth:
                    cls.seconds += time.perf_counter() - started

        BackendTemplate.render = render


def read_queries() -> list[str]:
    lines = (ROOT / "bench" / "queries.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[1] for line in lines if line and not line.startswith("#")]


def server_cpu(pgdata: str | None) -> float | None:
    """The CPU seconds the PostgreSQL server in ``pgdata`` (a cluster on this
    machine) has used so far: its postmaster and every process it started."""
    if not pgdata:
        return None
    master = Path(pgdata, "postmaster.pid").read_text().split("\n", 1)[0].strip()
    ticks = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if pid == master or fields[1] == master:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(client, paths, top, sort, profiled=True, pgdata=None):
    walls, cpus, counts, db, templates = [], [], [], [], []
    profile = cProfile.Profile()
    server_before = server_cpu(pgdata)
    for path in paths:
        timer = QueryTimer()
        TemplateTimer.seconds = 0.0
        with connection.execute_wrapper(timer):
            started, cpu = time.perf_counter(), time.process_time()
            if profiled:
                profile.enable()
            response = client.get(path)
            if profiled:
                profile.disable()
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code in (200, 302), (path, response.status_code)
        counts.append(timer.count)
        db.append(timer.seconds * 1000)
        templates.append((TemplateTimer.seconds - timer.in_templates) * 1000)
    python = [w - d - t for w, d, t in zip(walls, db, templates, strict=True)]
    total = sum(walls)
    print(
        f"  {len(paths)} pages: wall median {statistics.median(walls):.1f} ms, "
        f"mean {statistics.mean(walls):.1f}; queries median {statistics.median(counts)}, "
        f"max {max(counts)}; database median {statistics.median(db):.1f} ms; "
        f"templates (their queries apart) median {statistics.median(templates):.1f} ms; "
        f"the rest (Python: view, selectors, models, middleware) median "
        f"{statistics.median(python):.1f} ms; this process's CPU median "
        f"{statistics.median(cpus):.1f} ms, mean {statistics.mean(cpus):.1f}"
        + (" (profiled: slower than served)" if profiled else "")
    )
    print(
        f"  split of the wall time: database {100 * sum(db) / total:.0f}%, "
        f"templates {100 * sum(templates) / total:.0f}%, "
        f"Python {100 * sum(python) / total:.0f}%"
    )
    if pgdata:
        server = (server_cpu(pgdata) - server_before) * 1000 / len(paths)
        print(
            f"  CPU per page, mean: this process {statistics.mean(cpus):.2f} ms, the "
            f"PostgreSQL server {server:.2f} ms (all its processes: run nothing else on it)"
        )
    if not profiled:
        return
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(sort).print_stats(top)
    print(out.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=114)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", choices=["search", "company", "random"])
    parser.add_argument("--no-profile", action="store_true", help="times only, no cProfile")
    parser.add_argument(
        "--pgdata",
        help="the data directory of the cluster (on this machine) the pages read: "
        "its server's CPU per page is reported too",
    )
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="measure pages served again from the page cache (default: built every time)",
    )
    options = parser.parse_args()
    client = Client()
    queries = read_queries()
    search = [f"/search/?q={urllib.parse.quote(q)}" for q in queries]
    search = (search * (options.pages // len(search) + 1))[: options.pages]
    company = [f"/companies/{code}/" for code in companies(options.pages)]
    # Companies drawn from all of them, each once (the long tail, bench/longtail.py).
    drawn = random_companies(options.pages + 20, seed=7)
    warm_random, drawn = drawn[:20], drawn[20:]
    random_pages = [f"/companies/{code}/" for code in drawn]
    kinds = {"search": search, "company": company, "random": random_pages}
    TemplateTimer.install()
    if options.only:
        kinds = {options.only: kinds[options.only]}
    for name, paths in kinds.items():  # warm: templates, caches, the connection
        if name == "random":  # other companies: each measured page is asked for once
            paths = [f"/companies/{code}/" for code in warm_random]
        for path in paths if options.page_cache and name != "random" else paths[:20]:
            client.get(path)
    for name, paths in kinds.items():
        print(f"{name}:")
        measure(
            client,
            paths,
            options.top,
            options.sort,
            profiled=not options.no_profile,
            pgdata=options.pgdata,
        )


if __name__ == "__main__":
    main()
