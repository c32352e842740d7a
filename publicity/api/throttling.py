"""The API's per-client limit: ``API_RATE_LIMIT`` requests a minute (0 turns
it off), counted in the ``default`` cache that every server process shares,
each client told apart as the search limit does (``publicity.ratelimit``:
its address, behind ``TRUSTED_PROXY_COUNT`` proxies). Past it, a 429 with
``Retry-After`` and a JSON body that says when to come back
(``errors.handle``)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from publicity.ratelimit import client_address


class ApiThrottle(AnonRateThrottle):
    scope = "api"

    def get_rate(self):
        limit = settings.API_RATE_LIMIT
        return f"{limit}/min" if limit > 0 else None

    def allow_request(self, request, view):
        # The rate is read on each request, so that a changed setting applies.
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_ident(self, request):
        return client_address(request)
