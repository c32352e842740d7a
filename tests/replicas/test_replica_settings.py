"""DATABASE_REPLICA_URLS: none set changes nothing; set, a replica alias per URL."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from publicity.settings_replicas import replica_settings

OUTAGE = "publicity.outage.middleware.DatabaseOutageMiddleware"
ROUTING = "publicity.replicas.middleware.ReadRoutingMiddleware"


def primary(engine="django.db.backends.postgresql"):
    return {"ENGINE": engine, "CONN_MAX_AGE": 600, "OPTIONS": {"connect_timeout": 3}}


@pytest.mark.smoke
def test_without_replicas_the_site_has_no_router_and_no_routing_middleware():
    assert settings.DATABASE_ROUTERS == []
    assert ROUTING not in settings.MIDDLEWARE
    assert list(settings.DATABASES) == ["default"]


def test_each_replica_url_becomes_an_alias_read_after_the_outage_middleware(monkeypatch):
    monkeypatch.setenv("DATABASE_REPLICA_URLS", "postgres://u@r1:5432/db, postgres://u@r2/db")
    databases, middleware = {"default": primary()}, ["x", OUTAGE, "y"]

    found = replica_settings(databases, middleware)

    assert found["DATABASE_ROUTERS"] == ["publicity.replicas.router.ReplicaRouter"]
    assert middleware == ["x", OUTAGE, ROUTING, "y"]
    assert [databases[a]["HOST"] for a in ("replica_0", "replica_1")] == ["r1", "r2"]
    assert databases["replica_1"]["OPTIONS"] == {"connect_timeout": 1}
    assert databases["default"]["OPTIONS"] == {"connect_timeout": 3}
    assert databases["replica_0"]["CONN_HEALTH_CHECKS"] is True


def test_replicas_need_postgresql_as_the_primary(monkeypatch):
    monkeypatch.setenv("DATABASE_REPLICA_URLS", "postgres://u@r1/db")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        replica_settings({"default": primary("django.db.backends.sqlite3")}, [OUTAGE])
