"""A cache server that cannot be reached (Redis stopped, or a port nobody
listens on) never takes a page down: the page is built without the cache
(``publicity.caching.store``), the limits let the request through, and each
kind of failure is logged once, not once per request."""

import logging
import socket

import pytest
from django.core.cache import caches
from django.urls import reverse

from publicity.caching import store
from tests.factories import PenaltyFactory
from tests.factories_browse import TODAY

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def unreachable_redis(settings, time_machine):
    time_machine.move_to(TODAY, tick=False)
    location = f"redis://127.0.0.1:{closed_port()}/0"
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    settings.CACHES = {"default": redis, "pages": {**redis, "KEY_PREFIX": "pages"}}
    settings.PAGE_CACHE_FRESHNESS = "check"
    settings.SEARCH_PAGE_CACHE_SECONDS = 60
    for alias in ("default", "pages"):
        caches[alias].close()
        del caches[alias]
    store._failing.clear()
    yield
    for alias in ("default", "pages"):
        del caches[alias]
    store._failing.clear()


def test_pages_are_served_while_the_cache_server_is_gone(client, unreachable_redis, caplog):
    penalty = PenaltyFactory()
    paths = [
        reverse("publicity:home"),
        reverse("publicity:search") + "?q=有限公司",
        penalty.company.get_absolute_url(),
        reverse("publicity:penalty-list") + "?province=110000",
        reverse("publicity:list-index"),
        "/api/v1/penalties/",
    ]
    with caplog.at_level(logging.WARNING):
        for _round in range(3):
            for path in paths:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
    assert penalty.decision_number in client.get(penalty.company.get_absolute_url()).text
    said = [r.getMessage() for r in caplog.records if r.name == "publicity.caching.store"]
    # One line per cache, not one per request.
    assert len(said) == 2 and all("cannot be reached" in line for line in said), said
    assert not [r for r in caplog.records if r.name == "django.request"]
