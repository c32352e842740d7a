"""The long tail, for ``bench/web.py``: pages each asked for once.

A national register's traffic is not 200 companies visited over and over: most
company pages are asked for once in a while, and search engines' crawlers walk
all of them. Three kinds of run measure what those visitors get:

- ``company_random``: the company pages of companies drawn uniformly from all
  N (``bench/probe.py random``), each asked for once: the page cache can keep
  each page but never serve it again (each page reads the company's read
  model, ``registry/selectors/company_documents.py``);
- ``company_random_tables``: the same for other random companies, each page
  read from the tables (its read model not read): what a page costs whose
  model is out of date, and what every page cost before read models;
- ``api_company_random``: the same through the API's detail endpoint;
- ``crawler``: the company addresses of the sitemap (``/sitemap.xml``, then its
  company sections in order), walked in order at the rate wrk can push.

Each round of each kind gets addresses of its own (``ROUND_SIZE`` of them), and
each wrk thread walks its own share of them (thread t takes addresses t, t + T,
t + 2T...), so no address is asked for twice in a run unless a round outruns
its share (then the script starts its share again and the report says so).
"""

import json
import re
import urllib.request
from pathlib import Path

# Addresses per round: more than wrk asks for in a round at 0.2 of the minimal
# page (600 req/s x 10 s); a faster page starts its share again (reported).
ROUND_SIZE = 8_000
THREADS = 2  # as run_wrk

SITEMAP_LOC = re.compile(r"<loc>([^<]+)</loc>")


def once_script(path: Path, paths: list[str]) -> Path:
    """A wrk script in which each thread walks its own share of ``paths`` in
    order, once; a thread that comes to the end of its share counts a lap
    (printed by ``done``) and starts again."""
    quoted = ",\n".join(json.dumps(p, ensure_ascii=True) for p in paths)
    path.write_text(
        "local paths = {\n" + quoted + "\n}\n"
        "local threads = {}\n"
        "local counter = 0\n"
        "function setup(thread)\n"
        "  thread:set('first', counter)\n"
        "  counter = counter + 1\n"
        "  table.insert(threads, thread)\n"
        "end\n"
        f"local step = {THREADS}\n"
        "local i = 0\n"
        "laps = 0\n"
        "function init(args) i = tonumber(first) or 0 end\n"
        "local headers = {['Accept-Encoding'] = 'gzip, deflate, br'}\n"
        "function request()\n"
        "  if i >= #paths then i = i % step; laps = laps + 1 end\n"
        "  local p = paths[i + 1]\n"
        "  i = i + step\n"
        "  return wrk.format('GET', p, headers)\n"
        "end\n"
        "function done(summary, latency, requests)\n"
        "  local total = 0\n"
        "  for _, thread in ipairs(threads) do total = total + (thread:get('laps') or 0) end\n"
        "  io.write(string.format('laps over the addresses: %d\\n', total))\n"
        "end\n"
    )
    return path


LAPS = re.compile(r"laps over the addresses: (\d+)")


def laps(wrk_output: str) -> int:
    found = LAPS.search(wrk_output)
    return int(found.group(1)) if found else 0


def rounds_of(paths: list[str], rounds: int) -> list[list[str]]:
    """``rounds`` disjoint lists of up to ROUND_SIZE addresses."""
    return [paths[n * ROUND_SIZE : (n + 1) * ROUND_SIZE] for n in range(rounds)]


def random_company_paths(probe, env, rounds: int, seed: int) -> tuple[list, list, list]:
    """Page addresses, the same pages read from the tables (``/bench/tables/``:
    the company's read model not read) and API addresses of distinct random
    companies, per round (each drawn apart, so none warms another's data)."""
    codes = probe(env, "random", str(3 * rounds * ROUND_SIZE), str(seed))
    third = len(codes) // 3
    pages = [f"/companies/{code}/" for code in codes[:third]]
    tables = [f"/bench/tables/companies/{code}/" for code in codes[third : 2 * third]]
    api = [f"/api/v1/companies/{code}/" for code in codes[2 * third :]]
    return rounds_of(pages, rounds), rounds_of(tables, rounds), rounds_of(api, rounds)


def sitemap_company_paths(base: str, rounds: int) -> list[list[str]]:
    """The company addresses of the sitemap, in its order, per round."""
    wanted = rounds * ROUND_SIZE
    index = _get(base + "/sitemap.xml")
    sections = [u for u in SITEMAP_LOC.findall(index) if "/sitemap-companies-" in u]
    paths = []
    for section in sections:
        for address in SITEMAP_LOC.findall(_get(_local(base, section))):
            paths.append(_path(address))
            if len(paths) >= wanted:
                return rounds_of(paths, rounds)
    return rounds_of(paths, rounds)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode()


def _path(address: str) -> str:
    return "/" + address.split("://", 1)[1].split("/", 1)[1]


def _local(base: str, address: str) -> str:
    return base + _path(address)
