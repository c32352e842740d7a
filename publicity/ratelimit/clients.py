"""Who a request comes from, for the rate limits and the login lockout.

The client is its IP address (an IPv6 client by its /64 network, which one
household or server usually holds whole). Behind reverse proxies, set
``TRUSTED_PROXY_COUNT`` to their number: the client is then the address the
outermost trusted proxy put in ``X-Forwarded-For``; earlier entries in that
header are written by the client and cannot be trusted.
"""

import ipaddress

from django.conf import settings

IPV6_PREFIX = 64


def client_address(request) -> str:
    """The address a request is counted under."""
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
    (``AXES_CLIENT_IP_CALLABLE``): the same client as for the rate limits, so
    that ``TRUSTED_PROXY_COUNT`` is honoured by both; None when it is unknown."""
    address = client_address(request)
    return None if address == "unknown" else address
