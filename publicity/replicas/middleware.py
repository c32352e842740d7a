"""Binds each request to the database it reads (the scheme:
``publicity.replicas``)."""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from publicity.outage.state import FAILURES
from publicity.replicas import router
from publicity.replicas.state import replicas

# Set on a response whose request wrote: the client reads the primary while it lasts.
PIN_COOKIE = "read_primary"
READS = ("GET", "HEAD", "OPTIONS")

logger = logging.getLogger(__name__)


class ReadRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        # Read before choosing: a change heard meanwhile keeps the page unkept.
        request.changes_at_start = replicas.changes()
        alias = DEFAULT_DB_ALIAS if self.reads_primary(request) else replicas.choose()
        started = (router.bound.set(alias), router.wrote.set(False))
        request.reads_from = alias
        try:
            response = self.get_response(request)
            wrote = router.wrote.get()
        finally:
            router.bound.reset(started[0])
            router.wrote.reset(started[1])
        if wrote or request.method not in READS:
            seconds = settings.READ_YOUR_WRITES_SECONDS
            if seconds:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=seconds,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response

    def reads_primary(self, request) -> bool:
        return (
            request.method not in READS
            or request.path.startswith(self.admin_prefix)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or PIN_COOKIE in request.COOKIES
        )

    def process_exception(self, request, exception):
        """A GET whose replica failed during its view: the view again, on
        the primary. Else (or when the primary fails too) the outage
        handling answers."""
        alias = router.bound.get()
        if alias in (None, DEFAULT_DB_ALIAS) or not isinstance(exception, FAILURES):
            return None
        if request.method not in READS or request.resolver_match is None:
            return None
        replicas.failed(alias, exception)
        router.bound.set(DEFAULT_DB_ALIAS)
        request.reads_from = DEFAULT_DB_ALIAS
        match = request.resolver_match
        try:
            response = match.func(request, *match.args, **match.kwargs)
            if not getattr(response, "is_rendered", True):
                response = response.render()
        except FAILURES:
            return None
        return response


def page_may_be_kept(request) -> bool:
    """False when the page was built from a replica while a change was heard:
    the replica may not have had it (``publicity.caching.pages``)."""
    if getattr(request, "reads_from", DEFAULT_DB_ALIAS) == DEFAULT_DB_ALIAS:
        return True
    return request.changes_at_start == replicas.changes()
