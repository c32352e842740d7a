"""The API's per-client limit: ``API_RATE_LIMIT`` requests a minute (0 turns
it off), by the site's one limiter (``publicity.ratelimit``: a token bucket
per client, atomic in Redis or the database; the client told apart by its
address, behind ``TRUSTED_PROXY_COUNT`` proxies). Past it, a 429 with
``Retry-After`` and a JSON body that says when to come back
(``errors.handle``).

Not DRF's ``AnonRateThrottle``: it reads a client's list of timestamps from
the cache and writes it back, so concurrent requests each write their own
list over the others' and all but one go uncounted."""

from rest_framework.throttling import BaseThrottle

from publicity import ratelimit


class ApiThrottle(BaseThrottle):
    refusal = None

    def allow_request(self, request, view):
        self.refusal = ratelimit.hit(request, ratelimit.API)
        return self.refusal is None

    def wait(self):
        return self.refusal.retry_after if self.refusal else None
