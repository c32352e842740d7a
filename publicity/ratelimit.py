"""A per-client limit on searches: the answer to scraping, never a captcha or a login.

Counts are kept by django-ratelimit in the ``default`` cache, which every server
process shares (a database table by default, see ``CACHES`` in settings). The
limit is ``SEARCH_RATE_LIMIT`` searches a minute (0 turns it off).

The client is its IP address (an IPv6 client by its /64 network, which one
household or server usually holds whole). Behind reverse proxies, set
``TRUSTED_PROXY_COUNT`` to their number: the client is then the address the
outermost trusted proxy put in ``X-Forwarded-For``; earlier entries in that
header are written by the client and cannot be trusted.

The database cache increments in two steps (read, then write), so two
searches at the very same instant may count as one: the limit is a brake on
bulk scraping, not an exact quota.
"""

import ipaddress
import logging

from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import render
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

GROUP = "publicity.search"
IPV6_PREFIX = 64


def client_address(request) -> str:
    """The address searches are counted under."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def login_client_address(request) -> str | None:
    """The address django-axes counts failed staff logins under
    (``AXES_CLIENT_IP_CALLABLE``): the same client as for searches, so that
    ``TRUSTED_PROXY_COUNT`` is honoured by both; None when it is unknown."""
    address = client_address(request)
    return None if address == "unknown" else address


def _key(group, request) -> str:
    return client_address(request)


def _rate(group, request) -> str | None:
    limit = settings.SEARCH_RATE_LIMIT
    return f"{limit}/m" if limit > 0 else None


def search_usage(request) -> dict | None:
    """Count this search; return django-ratelimit's usage (``should_limit``,
    ``limit``, ``time_left`` in seconds), or None when no limit applies.

    A cache that fails (a missing table, a lost connection) lets the search
    through: the records are public, and a broken counter must not take the
    site down with it."""
    try:
        usage = get_usage(request, group=GROUP, key=_key, rate=_rate, increment=True)
    except DatabaseError:
        logger.exception("The search rate-limit cache failed; the search is let through.")
        return None
    if usage is not None and usage["limit"] == 0:
        # django-ratelimit's answer when it could not read or write the count.
        logger.error("The search rate-limit cache gave no count; the search is let through.")
        return None
    return usage


def too_many_requests(request, usage: dict):
    """The 429 page: how many searches a minute, when to search again, and
    that nothing else is asked of the user."""
    seconds = max(1, int(usage["time_left"]))
    ctx = {"limit": usage["limit"], "seconds": seconds}
    response = render(request, "publicity/too_many_requests.html", ctx, status=429)
    response["Retry-After"] = str(seconds)
    return response
