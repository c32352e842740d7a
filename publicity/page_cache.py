"""Whole public pages kept ready on the server, for the next reader of the same page.

A search page costs a worker about 30 ms of CPU and a company page about
45 ms (building the queries with their publication rules, and rendering), the
database's part being a few milliseconds; the same bytes served again cost a
fraction of a millisecond. The pages kept are the two that readers ask for
most, company pages and search pages (``bench/README.md`` measures both ways).

How a kept page learns that it changed (``PAGE_CACHE_FRESHNESS``):

- ``"notify"`` (the default on PostgreSQL with pages kept in each process's
  memory): triggers announce every committed change to what the pages show,
  and each process listens (``publicity.change_feed``). A **company page** is
  kept until a change to the company, its records, objections to them, its
  former names, shareholders, officers, branches, the people and agencies on
  it, or the day (publicity windows end at midnight): a record approved,
  withdrawn or objected to shows at once, and a kept page costs no query.
  **Search pages** are kept until a change to what search shows (companies,
  former names, list entries, people, officers, shareholders) or the day,
  renewed for changes at most once in ``SEARCH_PAGE_CHANGE_SECONDS`` (60 s),
  so that a stream of changes does not rebuild every search page for each.
  While a process is not listening (the database unreachable, a lost
  connection), it falls back to the next way, and never serves a page kept
  before it stopped listening.
- ``"check"`` (SQLite, Redis, or a pooler in transaction mode, which does not
  pass ``LISTEN`` on): a **company page** by a *version* read from the
  database in one small query on every request
  (``publicity.company_version``): the company's row and the time of the last
  change to each kind of its records, objections to them, its former names,
  shareholders, officers, branches and legal representative, with the day.
  What that does not cover (an agency or a region renamed, a shareholder's own
  name) shows within ``COMPANY_PAGE_CACHE_SECONDS`` (600 by default).
  **Search pages** for ``SEARCH_PAGE_CACHE_SECONDS`` (by default
  ``PUBLIC_CACHE_SECONDS``, 60): the time a shared cache in front of the site
  may keep them anyway (``publicity.cache_headers``). Results may be that old;
  the company page they lead to never is.

The per-client search limit is counted before the cache is asked.

Only a GET or HEAD from a reader without a session (no member of staff) is
served from or stored in the cache, and only a 200 answer that sets no cookie
is stored. The key holds the language, the host and the whole path with its
query string. Pages are kept gzip-compressed (about a sixth of their size) in
the ``pages`` cache: Redis when ``REDIS_URL`` is set, shared by every process;
otherwise each process's memory (``PAGE_CACHE_ENTRIES`` pages at most). A
client that accepts gzip (every browser) gets the compressed bytes, the
first time too; the others the page as it was built.
"""

import gzip
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

ALIAS = "pages"
METHODS = ("GET", "HEAD")


def serve(request, kind: str, build, *, seconds: int, version: str = ""):
    """The page from the cache when it is there, else ``build()``'s response
    (stored when it may be). ``version`` is part of the key: a page whose
    version changed is never served."""
    if seconds <= 0 or not usable(request):
        return build()
    cache = caches[ALIAS]
    key = page_key(request, kind, version)
    kept = cache.get(key)
    if kept is not None:
        return _from_kept(request, kept)
    response = build()
    if not _may_keep(response):
        return response
    kept = (response["Content-Type"], gzip.compress(response.content, 6, mtime=0))
    cache.set(key, kept, seconds)
    return _from_kept(request, kept)


def page_key(request, kind: str, version: str = "") -> str:
    raw = "\x1f".join(
        [get_language() or "", request.scheme, request.get_host(), request.get_full_path(), version]
    )
    return f"page:{kind}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def usable(request) -> bool:
    return request.method in METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _may_keep(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Encoding")
    )


def _from_kept(request, kept) -> HttpResponse:
    content_type, compressed = kept
    if _accepts_gzip(request):
        response = HttpResponse(compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(compressed), content_type=content_type)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _accepts_gzip(request) -> bool:
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    for part in accepted.split(","):
        coding, _sep, params = part.strip().partition(";")
        if coding.strip().lower() == "gzip":
            quality = params.replace(" ", "").lower()
            return quality not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False
