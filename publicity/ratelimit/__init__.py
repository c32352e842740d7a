"""Per-client rate limits: the answer to scraping and flooding, never a captcha
or a login. One limiter for the five things limited:

=============  =======================  ===========  ==========================
limit          setting (default)        per          past it
=============  =======================  ===========  ==========================
``SEARCH``     ``SEARCH_RATE_LIMIT``    minute       429 page (``views.refusals``)
               (60)
``FORMS``      ``REDRESS_RATE_LIMIT``   hour         the form back, 429
               (10)                                  (``views.redress``)
``API``        ``API_RATE_LIMIT``       minute       429 JSON (``api.throttling``)
               (120)
``DOWNLOADS``  ``DOWNLOAD_RATE_LIMIT``  hour         429 page (``views.refusals``)
               (30)
``REPORTS``    ``REPORT_RATE_LIMIT``    minute       429 page (``views.refusals``)
               (10)
=============  =======================  ===========  ==========================

``0`` turns a limit off. A download from the search page is a search too: it
counts against both.

**The rule: a token bucket** (the "generic cell rate algorithm"). A limit of
N per period W gives each client a bucket of N tokens, refilled one every
W/N; each request takes one, and a request that finds the bucket empty is
refused with the wait until the next token (``Retry-After``). So a client may
send N at once, then one every W/N (search: 60 at once, then one a second;
forms: 10 at once, then one every 6 minutes). What that guarantees:

- in any t seconds, at most N + N * t / W requests are accepted: "10 an hour"
  accepts 10 in 90 seconds, never 20 as the fixed windows of old did across
  a window's edge; there is no edge;
- a refused client has had at least N requests accepted in the last W, so
  "more than N in the last minute" on the 429 page is true;
- ``Retry-After`` is exact: a request sent that many seconds later is accepted
  (unless others were sent meanwhile). Refused requests take nothing.

Each bucket is keyed by the limit, its rate and the client
(``clients.client_address``: its address, behind ``TRUSTED_PROXY_COUNT``
proxies), so changing a limit starts every client afresh.

**Where, and how atomic** (``buckets``): in Redis when the ``default`` cache
is Redis (``REDIS_URL``), by a Lua script; otherwise in the database (table
``publicity_ratelimitbucket``), by one ``INSERT ... ON CONFLICT DO UPDATE``
statement, which PostgreSQL runs under the row's lock and SQLite under its
write lock. Either way no two requests can both take the last token.

**When the store fails** (Redis or the database unreachable), requests are let
through uncounted: the records are public, and a broken counter must not take
the site down with it. The failure is logged once, not per request, and its
end once.
"""

import math
from dataclasses import dataclass

from django.conf import settings

from publicity.ratelimit import buckets
from publicity.ratelimit.clients import client_address, login_client_address

__all__ = [
    "API",
    "DOWNLOADS",
    "FORMS",
    "SEARCH",
    "Limit",
    "Refusal",
    "client_address",
    "hit",
    "login_client_address",
]


@dataclass(frozen=True)
class Limit:
    name: str
    setting: str  # the setting that holds how many a period; 0 turns it off
    period: int  # seconds

    @property
    def count(self) -> int:
        return getattr(settings, self.setting)


SEARCH = Limit("search", "SEARCH_RATE_LIMIT", 60)
FORMS = Limit("redress", "REDRESS_RATE_LIMIT", 3600)
API = Limit("api", "API_RATE_LIMIT", 60)
DOWNLOADS = Limit("downloads", "DOWNLOAD_RATE_LIMIT", 3600)
REPORTS = Limit("reports", "REPORT_RATE_LIMIT", 60)


@dataclass(frozen=True)
class Refusal:
    """A request over its limit: the limit (how many a period) and the whole
    seconds to wait before the next is accepted."""

    limit: int
    period: int
    retry_after: int


def hit(request, limit: Limit) -> Refusal | None:
    """Count ``request`` against ``limit``: a Refusal when it is over it; None
    when it may go ahead (also when the limit is off or its store failed)."""
    count = limit.count
    if count <= 0:
        return None
    period_ms = limit.period * 1000
    interval = max(1, period_ms // count)
    key = f"{limit.name}:{count}/{limit.period}:{client_address(request)}"
    try:
        wait = buckets.take(key, now=buckets.now_ms(), interval=interval, capacity=count)
    except buckets.Unavailable:
        return None
    if wait == 0:
        return None
    return Refusal(limit=count, period=limit.period, retry_after=max(1, math.ceil(wait / 1000)))
