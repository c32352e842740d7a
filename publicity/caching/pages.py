"""Whole public pages kept ready on the server, for the next reader of the same
page (the scheme: ``publicity.caching``).

``serve()`` answers from the ``pages`` cache when the page is there, else
builds it and keeps it when it may: a GET or HEAD from a reader without a
session (``usable()``), a 200 answer that sets no cookie and is neither
streamed nor already encoded. Pages are kept gzip-compressed; a client that
accepts gzip gets those bytes, the others the page decompressed.

A page is kept from the second time its address is built
(``PAGE_CACHE_ADMIT_AFTER``): pages asked for once, a crawler's, never push
out the ones readers come back to.

Each address keeps one page (``Kept``): the key holds the language, the
scheme, the host, the whole path with its query string and, with changes
announced, the process (``change_feed.feed.scope()``, as the counts in its
versions are the process's own). The page holds the *version* it was kept
under, which the caller gives for each request: a page kept under another
version is not served as it is. The caller may give what the page is built
from as far as a check can tell (``basis``, read before the page is built)
and a check (``still_good``) that tells whether a page kept under another
version is right all the same: it is then served and kept under the new
version for the rest of its time, not built again. That is how pages outlast
an outage of the database or of the change feed (the views say what they
check).

While the database cannot be reached, ``last_kept()`` finds the page last kept
for an address whatever its version, and ``from_kept()`` serves it with a
notice at the top of its main content (``publicity.outage``).
"""

import gzip
import hashlib
import re
import time
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from publicity.caching import change_feed
from publicity.caching.store import attempt
from publicity.replicas.middleware import page_may_be_kept

ALIAS = "pages"
METHODS = ("GET", "HEAD")
# The first item of what is stored: a page kept by an older layout is not read.
LAYOUT = "page/2"
MAIN = re.compile(rb"<main\b[^>]*>")
BODY = re.compile(rb"<body\b[^>]*>")


class Kept(NamedTuple):
    version: str
    basis: object  # what a check compares (the caller's), or None
    saved_at: float  # time.time() when it was built
    expires_at: float
    content_type: str
    compressed: bytes


def serve(request, build, *, seconds: int, version: str = "", basis=None, still_good=None):
    """The page from the cache when it is there under this ``version``, else
    ``build()``'s response (kept when it may be).

    ``basis()``, when given, is called before ``build()`` and kept with the
    page. ``still_good(kept)``, when given, is asked about a page kept under
    another version: the seconds it may still be kept, or 0 (or None) when it
    must be built again."""
    if seconds <= 0 or not usable(request):
        return build()
    key = page_key(request)
    kept = _read(attempt(ALIAS, lambda cache: cache.get(key)))
    if kept is not None and kept.version == version:
        return from_kept(request, kept)
    if kept is not None and still_good is not None:
        left = min(still_good(kept) or 0, kept.expires_at - time.time())
        if left >= 1:
            kept = kept._replace(version=version)
            attempt(ALIAS, lambda cache: cache.set(key, (LAYOUT, *kept), left))
            return from_kept(request, kept)
    known = basis() if basis is not None else None
    saved_at = time.time()
    response = build()
    if not _may_keep(response) or not page_may_be_kept(request) or not _admitted(key):
        return response
    compressed = gzip.compress(response.content, 6, mtime=0)
    kept = Kept(version, known, saved_at, saved_at + seconds, response["Content-Type"], compressed)
    attempt(ALIAS, lambda cache: cache.set(key, (LAYOUT, *kept), seconds))
    return from_kept(request, kept)


def last_kept(request) -> Kept | None:
    """The page last kept for this request's address, whatever its version:
    None when there is none, or when this request may not get kept pages."""
    if not usable(request):
        return None
    key = page_key(request)
    return _read(attempt(ALIAS, lambda cache: cache.get(key)))


def from_kept(request, kept: Kept, *, notice: str = "") -> HttpResponse:
    """The kept page, as the client accepts it; ``notice`` (HTML) goes at the
    top of its main content."""
    compressed = kept.compressed
    if notice:
        html = gzip.decompress(compressed)
        found = MAIN.search(html) or BODY.search(html)
        at = found.end() if found else 0
        html = html[:at] + notice.encode() + html[at:]
        compressed = gzip.compress(html, 1, mtime=0)
    if _accepts_gzip(request):
        response = HttpResponse(compressed, content_type=kept.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(compressed), content_type=kept.content_type)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _admitted(key: str) -> bool:
    """Whether a page just built may be kept: once its address has been asked
    for ``PAGE_CACHE_ADMIT_AFTER`` times (2 by default) among the last
    ``ADDRESSES_SEEN`` addresses this process built. A page asked for once
    (a crawler walking every company, the long tail) is not kept, so it does
    not push out the pages that readers ask for again and again."""
    wanted = settings.PAGE_CACHE_ADMIT_AFTER
    if wanted <= 1:
        return True
    asked = _seen.pop(key, 0) + 1
    if asked >= wanted:
        return True
    _seen[key] = asked
    while len(_seen) > ADDRESSES_SEEN:
        _seen.popitem(last=False)
    return False


# Addresses built but not yet kept, in the order last built (this process's).
ADDRESSES_SEEN = 50_000
_seen: OrderedDict[str, int] = OrderedDict()


def page_key(request) -> str:
    parts = [get_language() or "", request.scheme, request.get_host(), request.get_full_path()]
    raw = "\x1f".join([*parts, _scope()])
    return f"page:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def usable(request) -> bool:
    return request.method in METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _scope() -> str:
    """Whose pages: with changes announced, this process's (its versions count
    what it heard); else every process's, which a shared cache serves to all."""
    if settings.PAGE_CACHE_FRESHNESS == "notify":
        return change_feed.feed.scope()
    return ""


def _read(stored) -> Kept | None:
    if isinstance(stored, tuple) and len(stored) == len(Kept._fields) + 1 and stored[0] == LAYOUT:
        return Kept(*stored[1:])
    return None


def _may_keep(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Encoding")
    )


def _accepts_gzip(request) -> bool:
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    for part in accepted.split(","):
        coding, _sep, params = part.strip().partition(";")
        if coding.strip().lower() == "gzip":
            quality = params.replace(" ", "").lower()
            return quality not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False
