"""Whole public pages kept ready on the server, for the next reader of the same
page (the scheme: ``publicity.caching``).

``serve()`` answers from the ``pages`` cache when the page is there, else
builds it and keeps it when it may: a GET or HEAD from a reader without a
session (``usable()``), a 200 answer that sets no cookie and is neither
streamed nor already encoded. The key holds the language, the scheme, the
host, the whole path with its query string, and the version the caller gives.
Pages are kept gzip-compressed; a client that accepts gzip gets those bytes,
the others the page decompressed.
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
