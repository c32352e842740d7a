"""The site's URLs and one that fails, for checking the 500 page (the page
checks of ``tests/browser/pages.py`` switch ROOT_URLCONF to this module)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from publicity.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("A failure on purpose, to show the 500 page.")


urlpatterns = [
    *site_urlpatterns,
    *i18n_patterns(path("test-failure/", fail, name="test-failure"), prefix_default_language=False),
]
