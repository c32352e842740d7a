"""The answer to a request whose view could not reach the database (the scheme:
``publicity.outage``): the page kept for its address, marked as possibly out
of date; else a 503 page, or the API's JSON 503, with ``Retry-After``."""

import datetime
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from publicity.caching import pages
from publicity.outage.state import FAILURES, RETRY_AFTER_SECONDS, connection_lost, outage

API_PREFIX = "/api/"
# Seconds at most a shared cache may keep a page served stale.
STALE_SHARED_SECONDS = 10

logger = logging.getLogger(__name__)


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, FAILURES):
            return None
        if connection_lost():
            outage.unreachable(exception)  # logged once, when it starts
        else:  # a query failed on a working connection: not an outage
            logger.error("Database error on %s", request.path, exc_info=exception)
        kept = None if request.path.startswith(API_PREFIX) else _last_kept(request)
        if kept is not None:
            response = _stale(request, kept)
            outage.answered("stale")
        else:
            response = _unavailable(request)
            outage.answered("503")
        # Django logs every 5xx; this one is counted in the outage's line instead.
        response._has_been_logged = True
        return response


def _last_kept(request):
    try:
        return pages.last_kept(request)
    except Exception:  # the page cache (Redis) may be unreachable too
        logger.debug("No kept page for %s.", request.path, exc_info=True)
        return None


def _stale(request, kept):
    saved_at = datetime.datetime.fromtimestamp(kept.saved_at, tz=datetime.UTC)
    notice = render_to_string("includes/stale_notice.html", {"saved_at": saved_at})
    response = pages.from_kept(request, kept, notice=notice)
    response["Warning"] = '110 - "Response is Stale"'
    shared = min(STALE_SHARED_SECONDS, settings.PUBLIC_CACHE_SECONDS)
    patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
    return response


def _unavailable(request):
    if request.path.startswith(API_PREFIX):
        # In the language the client asks for, as the API's other errors.
        seconds = RETRY_AFTER_SECONDS
        with translation.override(translation.get_language_from_request(request)):
            detail = _(
                "The register cannot be reached right now: try again in %(seconds)s seconds."
            )
        body = {"detail": detail % {"seconds": seconds}, "retry_after": seconds}
        response = JsonResponse(body, status=503)
        patch_vary_headers(response, ["Accept-Language"])
    else:
        try:
            ctx = {"posted": request.method not in ("GET", "HEAD")}
            response = render(request, "503.html", ctx, status=503)
        except Exception:  # the page itself failed: plain words rather than a 500
            logger.exception("The 503 page failed on %s.", request.path)
            response = HttpResponse(
                _("The register cannot be reached right now. Try again in a few minutes."),
                content_type="text/plain; charset=utf-8",
                status=503,
            )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response
