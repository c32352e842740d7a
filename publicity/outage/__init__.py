"""What the site does while its database cannot be reached, and how a load
balancer learns of it.

**What counts as unreachable.** A request whose view fails with
``OperationalError`` or ``InterfaceError`` (Django's or psycopg's) on a
connection that is then gone: the connect failed (the server is stopped,
restarting, refusing connections), or the connection broke and no longer
answers ``SELECT 1`` (it is closed, so that the next query connects afresh).
A query that fails on a connection that still works (a deadlock, a statement
timeout) gets the same answer, but is logged as an error of its own, with its
traceback: it is not an outage (``state``).

**What a reader gets** (``middleware``, the handler of the views' errors):

- for a page the site keeps (``publicity.caching.pages``: company and search
  pages), the page last kept for that address, whatever it was kept under,
  with a notice at the top of its main content in the page's language (when
  it was saved; that the register cannot be reached, so that it may be out of
  date). Its headers say so too (``Warning: 110``), and let a shared cache
  keep it ``STALE_SHARED_SECONDS`` at most. Only for readers who would get a
  kept page anyway (no session: staff get the 503 page). A search page kept
  less than ``PUBLIC_CACHE_SECONDS`` ago is served as it is, without the
  notice: that is how old it may be whenever the site cannot hear changes;
- otherwise a 503 page in the site's style and the reader's language
  (``templates/503.html``), with ``Retry-After`` and never cached; the admin
  gets it too, the API (``/api/v1/``) a JSON 503 (``detail`` and
  ``retry_after``) in the language the client asks for.

Every request still tries the database, so the first one after it comes back
finds it; a connect gives up after ``DATABASE_CONNECT_TIMEOUT`` seconds (3)
when the database's host does not answer at all.

**One log line per change of state**, per process (``state``): "database
unreachable since ..." when the first request fails, "database reachable
again after N s; M requests answered ..." when a connection is made again
(any request's, or ``/readyz``'s). Requests in between log nothing, neither
Django's "Service Unavailable" line nor a traceback. The change feed's own
lines are bounded too (``publicity.caching.change_feed``), and it tries to
listen again at once when the database answers.

**After the outage** no kept page is thrown away for it: a company page is
checked against its version in the database (one small query) and served
again when nothing changed; a search page is served again while it is young
(``publicity.caching``, "carried over").

**Health** (``health``), answered before anything else (no host check, no
session, language, page cache or rate limit; never cached): ``/healthz``, the
process is alive, without touching the database; ``/readyz``, the database
answers ``SELECT 1`` on a new connection within ``PROBE_SECONDS``, else 503
with ``Retry-After``.
"""
