import pytest


@pytest.fixture(autouse=True)
def _forget_search_counts(request, django_db_blocker):
    """Live-server tests commit what they write, and the flush after each of
    them empties the models' tables only (the rate limits' buckets among them):
    what the default cache keeps in its own table (counts, choices) would
    outlive the data it was read from."""
    yield
    if "live_server" in request.fixturenames:
        from django.core.cache import cache

        with django_db_blocker.unblock():
            cache.clear()
