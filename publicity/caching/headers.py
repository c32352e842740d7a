"""``Cache-Control`` for the public pages, so that a shared cache (a reverse
proxy or a CDN) can answer repeated requests for popular pages (the scheme:
``publicity.caching``).

The public pages are the same for every reader (the language is in the URL),
so a successful GET of one is marked ``public, max-age=0,
s-maxage=PUBLIC_CACHE_SECONDS``: a shared cache keeps it that long, a browser
asks again each time (a reader who searches again, or is past the search limit,
sees the page of now, not the one kept from a minute ago).
Nothing is marked public that could be personal or must be fresh: responses
that set a cookie or already say how to be cached, anything under the admin,
any request that carries a session cookie (a logged-in member of staff), and
every status but 200 (a "too many searches" page, an error). Static files are
served by WhiteNoise with headers of their own (hashed names: cached for a
year, immutable).
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

CACHEABLE_METHODS = ("GET", "HEAD")


class PublicCacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        response = self.get_response(request)
        seconds = settings.PUBLIC_CACHE_SECONDS
        if (
            seconds > 0
            and request.method in CACHEABLE_METHODS
            and response.status_code == 200
            and not response.has_header("Cache-Control")
            and not response.cookies
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(self.admin_prefix)
        ):
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        return response
