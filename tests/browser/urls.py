"""The site's URLs and two that fail, for checking the 500 and 400 pages (the
page checks of ``tests/browser/pages.py`` switch ROOT_URLCONF to this module),
with the site's own error views."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import BadRequest
from django.urls import path

from publicity.urls import handler400, handler404, handler500  # noqa: F401
from publicity.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("A failure on purpose, to show the 500 page.")


def refuse(request):
    raise BadRequest("A request refused on purpose, to show the 400 page.")


urlpatterns = [
    *site_urlpatterns,
    *i18n_patterns(
        path("test-failure/", fail, name="test-failure"),
        path("test-bad-request/", refuse, name="test-bad-request"),
        prefix_default_language=False,
    ),
]
