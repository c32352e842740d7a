"""Reads from PostgreSQL streaming replicas, writes to the primary.

Set ``DATABASE_REPLICA_URLS`` (comma-separated) to hot standbys of
``DATABASE_URL`` (``scripts/pg_cluster.sh replica`` makes one); empty, the
default, leaves the site exactly as with the primary alone: no router, no
middleware (``publicity/settings_replicas.py``).

**Who reads where** (``middleware``, ``router``). Each request is bound to one
database when it starts, and every read of the ORM in it goes there:

- the primary for the admin, every request but GET, HEAD and OPTIONS, every
  request with a session cookie (staff: they see their own writes at once,
  and never get kept pages anyway), and a client whose request wrote, for
  ``READ_YOUR_WRITES_SECONDS`` (30) after it: the response that wrote sets a
  cookie ``read_primary`` with that ``Max-Age`` (public forms: an objection,
  a credit-repair application; a PDF report issued);
- otherwise a replica in rotation, taken in turn (round robin, per process);
- within a request bound to a replica, the primary still serves every write,
  every read inside a transaction (``atomic``) and every read after the
  request first wrote; raw SQL on ``django.db.connection`` is the primary's.

The dumps (``manage.py export_dumps``) only read: run them with
``DATABASE_URL`` set to a replica's address.

**In rotation** (``state``): a replica answers, is in recovery, and has
not been seen behind the primary for more than ``REPLICA_MAX_LAG_SECONDS``
(5). Each process checks each replica every ``REPLICA_CHECK_SECONDS`` (2)
while it serves: one query on the primary (``pg_current_wal_lsn()``, noted
with the time) and one on the replica (``pg_last_wal_replay_lsn()``); the
replica's lag is the time since the earliest primary position noted that it
has not replayed yet. This needs no clock shared between machines and is not
fooled by a primary that writes nothing for a while; a replica that stops
replaying is left out within the two settings' sum of a process noticing.
A replica that fails to connect (within ``REPLICA_CONNECT_TIMEOUT``, 1 s),
or whose connection breaks, is left out for ``REPLICA_RETRY_SECONDS`` (5)
and checked again; one log line when a
replica leaves rotation, one when it is back. With no replica in rotation
the primary serves.

**No 5xx from a replica.** The replica's connection is checked when the
request is bound (Django's own health check, the one query it would make
anyway), so a stopped replica is seen before the view runs. A replica lost
during a GET's view makes the view run again on the primary
(``ReadRoutingMiddleware.process_exception``); only when the primary fails
too does the database-outage handling (``publicity.outage``) answer.

**Change announcements** (``PAGE_CACHE_FRESHNESS``). A standby does not
deliver ``NOTIFY``; the change feed (``publicity.caching.change_feed``)
always listens on the primary (``DATABASE_URL``), whatever a request reads.

- ``"notify"``: a change heard moves the version of the pages it touches at
  once, as without replicas. So that the page is not built again from a
  replica that has not replayed the change yet (and kept, stale, under the
  new version), the next request after a change is heard reads the
  primary's WAL position, and a replica serves again only once it has
  replayed past it (one small query on the replica per request until then:
  milliseconds, on loopback). A change heard while a page was being built
  from a replica keeps that page from being kept (``page_may_be_kept``).
- ``"check"`` (the default with ``REDIS_URL``, pages shared by every
  process): a company page's version is read from the database the request
  reads, the replica (``company_version``): the page and its version come
  from the same database, so a page is kept under the version it shows, and
  a replica that replays a change moves the version and the page is built
  again. Search pages are kept ``SEARCH_PAGE_CACHE_SECONDS`` as without
  replicas; a replica in rotation adds at most ``REPLICA_MAX_LAG_SECONDS``.
"""
