"""``/healthz`` and ``/readyz``, for a load balancer (the scheme:
``publicity.outage``).

Answered by the first middleware, before anything else: no host check (a
probe may give the server's address as its host), no session, language, page
cache or rate limit; in plain text, never cached, in no language. Only GET
and HEAD; robots.txt keeps crawlers off them.

- ``/healthz``: the process answers (liveness), without touching the database.
- ``/readyz``: the database answers ``SELECT 1`` on a new connection within
  ``PROBE_SECONDS`` (readiness), else 503 with ``Retry-After``. Its answer
  also tells ``publicity.outage.state``: an idle process learns that the
  database is gone, or back, from its load balancer's probes.
"""

import math

import psycopg
from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from publicity.outage.state import RETRY_AFTER_SECONDS, outage

LIVENESS = "/healthz"
READINESS = "/readyz"
PROBE_SECONDS = 2
# How the probe's connection shows in pg_stat_activity.
APPLICATION_NAME = "publicity-readyz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path_info == LIVENESS:
                return _plain(200, "ok: the process answers\n")
            if request.path_info == READINESS:
                return readiness()
        return self.get_response(request)


def readiness():
    error = probe()
    if error is None:
        outage.reachable()
        return _plain(200, "ready: the database answers\n")
    outage.unreachable(error)
    response = _plain(503, "not ready: the database does not answer\n")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Said once by ``outage.unreachable``, not per probe by django.request.
    response._has_been_logged = True  # read by django.utils.log.log_response
    return response


def probe(seconds: float = PROBE_SECONDS) -> Exception | None:
    """None when the database answers ``SELECT 1`` on a new connection within
    about ``seconds``, else the error."""
    database = connections["default"]
    if database.vendor != "postgresql":
        try:
            with database.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            return error
        return None
    params = database.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(key, None)
    params["connect_timeout"] = max(2, math.ceil(seconds))  # libpq waits 2 s at least
    params["application_name"] = APPLICATION_NAME
    limit = f"-c statement_timeout={round(seconds * 1000)}"
    params["options"] = f"{params.get('options') or ''} {limit}".strip()
    try:
        with psycopg.connect(**params, autocommit=True) as answering:
            answering.execute("SELECT 1")
    except psycopg.Error as error:
        return error
    return None


def _plain(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8", status=status)
    patch_cache_control(response, no_store=True)
    return response
