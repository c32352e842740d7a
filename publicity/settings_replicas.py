"""Read replicas (``publicity.replicas``): the databases named by
``DATABASE_REPLICA_URLS`` and the router that sends reads to them.

With the variable empty (the default) there is no replica, no router and no
middleware: the site behaves exactly as with ``DATABASE_URL`` alone.
"""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from publicity.env import env_int, env_list

PREFIX = "replica_"


def replica_settings(databases: dict, middleware: list) -> dict:
    """Adds an alias ``replica_0``, ``replica_1``... to ``databases`` for each
    URL, with the primary's options, and the router's middleware after the
    database-outage middleware; returns the settings to define."""
    urls = env_list("DATABASE_REPLICA_URLS", [])
    found = {
        "DATABASE_ROUTERS": [],
        # Seconds a replica may be behind the primary and stay in rotation.
        "REPLICA_MAX_LAG_SECONDS": env_int("REPLICA_MAX_LAG_SECONDS", 5),
        # Seconds between a process's checks of a replica's lag; and how long a
        # replica that failed is left out before it is tried again.
        "REPLICA_CHECK_SECONDS": env_int("REPLICA_CHECK_SECONDS", 2),
        "REPLICA_RETRY_SECONDS": env_int("REPLICA_RETRY_SECONDS", 5),
        # Seconds a request waits to connect to a replica before reading the primary.
        "REPLICA_CONNECT_TIMEOUT": env_int("REPLICA_CONNECT_TIMEOUT", 1),
        # Seconds a client reads the primary after a request of theirs wrote.
        "READ_YOUR_WRITES_SECONDS": env_int("READ_YOUR_WRITES_SECONDS", 30),
    }
    if min(v for k, v in found.items() if k.startswith(("REPLICA", "READ"))) < 0:
        raise ImproperlyConfigured("The REPLICA_* and READ_YOUR_WRITES_SECONDS cannot be negative.")
    if not urls:
        return found
    primary = databases["default"]
    if primary["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs DATABASE_URL on PostgreSQL.")
    for number, url in enumerate(urls):
        replica = dj_database_url.parse(
            url, conn_max_age=primary["CONN_MAX_AGE"], conn_health_checks=True
        )
        if replica["ENGINE"] != primary["ENGINE"]:
            raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS: {url!r} is not PostgreSQL.")
        replica["OPTIONS"] = {**primary.get("OPTIONS", {}), **replica.get("OPTIONS", {})}
        # A replica whose host is gone costs a request this long (then the primary).
        replica["OPTIONS"]["connect_timeout"] = found["REPLICA_CONNECT_TIMEOUT"]
        # A test run makes no database of its own for a replica: it reads the primary's.
        replica["TEST"] = {"MIRROR": "default"}
        databases[f"{PREFIX}{number}"] = replica
    found["DATABASE_ROUTERS"] = ["publicity.replicas.router.ReplicaRouter"]
    at = middleware.index("publicity.outage.middleware.DatabaseOutageMiddleware") + 1
    middleware.insert(at, "publicity.replicas.middleware.ReadRoutingMiddleware")
    return found
