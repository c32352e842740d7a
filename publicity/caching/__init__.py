"""What the public site keeps ready, keyed by what, and how it learns that it changed.

A search page costs a worker about 30 ms of CPU and a company page about
45 ms (building the queries with their publication rules, and rendering), the
database's part being a few milliseconds; the same bytes served again cost a
fraction of a millisecond (``bench/README.md`` measures both ways). So the
site keeps:

- **Whole pages** (``pages``): company pages and search pages, the two that
  readers ask for most, gzip-compressed (about a sixth of their size), in the
  ``pages`` cache: Redis when ``REDIS_URL`` is set, shared by every process;
  otherwise each process's memory (``PAGE_CACHE_ENTRIES`` pages at most). A
  client that accepts gzip (every browser) gets the compressed bytes, the
  first time too (``Vary: Accept-Encoding``); the others the page as it was
  built; a page is kept from the second time its address is built
  (``PAGE_CACHE_ADMIT_AFTER``), so that pages asked for once, a crawler's,
  do not push out the busy ones. ``COMPANY_PAGE_CACHE_SECONDS`` and
  ``SEARCH_PAGE_CACHE_SECONDS`` bound how long; ``0`` turns either off.
- **Renderings** (``renderings``), per process: the HTML of the search form's
  widgets, and its whole filter section, reused while what they show is the
  same.
- **Choices** (``choices``): the search form's province, city, industry and
  list choices, per process and language; the browse pages' region and
  authority choices, in the default cache for ten minutes.
- **Counts** (``counts``): whole-table counts for headlines (the home page,
  the lists' index), in the default cache, made again at most every ten
  minutes.

And it tells a shared cache in front of it (a reverse proxy, a CDN) what it may
keep (``headers``).

**Keyed by what.** Each address keeps one page: its key holds the language,
the scheme, the host and the whole path with its query string (with
``"notify"``, also a token of the process: the counts below are each
process's own). The page is kept with a *version*, which the view gives on
every request: a page kept under another version is not served as it is. A
company page's version is the day (publicity windows end at midnight) and
either what the change feed heard of that company
(``change_feed.feed.company(code)``) or its version read from the database
(``registry.selectors.company_version.of(code)``). A search page's is the day and the change
feed's count of changes to what search shows (``change_feed.feed.search()``),
or nothing: it is then kept for its time (``SEARCH_PAGE_CACHE_SECONDS``). The
views choose the version: ``publicity.views.companies.kept_page`` and
``publicity.views.search``.

**How a kept page learns that it changed** (``PAGE_CACHE_FRESHNESS``):

- ``"notify"`` (the default on PostgreSQL with pages kept in each process's
  memory): the triggers of migration ``registry.0011_change_notifications``
  ``NOTIFY`` every committed change to what the pages show, and each process
  listens on a connection of its own, read between requests by a thread of
  the process (``change_feed``). A **company page** is kept until a change to
  the company, its records, objections to them, its former names,
  shareholders, officers, branches, the people and agencies on it, or the day:
  a record approved, withdrawn or objected to shows at once, and a kept page
  costs no query. (Not announced to it: the farther parts of its shareholding
  tree, ``registry.selectors.ownership``: its shareholders' own shareholders
  and the list entries of the other companies in the tree, which show within
  ``COMPANY_PAGE_CACHE_SECONDS``.) **Search pages** are kept until a change to what search
  shows (companies, former names, list entries, people, officers,
  shareholders) or the day, renewed for changes at most once in
  ``SEARCH_PAGE_CHANGE_SECONDS`` (60 s), so that a stream of changes does not
  rebuild every search page for each. While a process is not listening (the
  database unreachable, a lost connection), it falls back to the next way,
  under versions of that outage (``change_feed.feed.outage()``), and keeps
  search pages no longer than ``PUBLIC_CACHE_SECONDS``; a page kept before
  it stopped listening is *carried over* (below) or built again.
- ``"check"`` (SQLite, Redis, or a pooler in transaction mode, which does not
  pass ``LISTEN`` on): a **company page** by its version, read from the
  database in one small query on every request (``company_version``): the
  company's row and the time of the last change to each kind of its records,
  objections to them, its former names, shareholders, officers, branches and
  legal representative. What that does not cover (an agency or a region
  renamed, a shareholder's own name) shows within
  ``COMPANY_PAGE_CACHE_SECONDS`` (600 by default). **Search pages** for
  ``SEARCH_PAGE_CACHE_SECONDS`` (by default ``PUBLIC_CACHE_SECONDS``, 60): the
  time a shared cache in front of the site may keep them anyway. Results may
  be that old; the company page they lead to never is.

**Carried over, not thrown away** (with ``"notify"``). What changed while a
process was not listening (the database restarted, a failover, the feed's
connection lost) is unknown, so every connection lost or made moves the
feed's epoch, and with it every version: no kept page is served again as it
is. But a page is kept with what it was built from (``pages.serve``'s
``basis``): the day, what the process had heard of the company (of search
pages) when it was built (``change_feed.feed.heard()``, a count that outlasts
a lost connection), and, for a company page, its version in the database.
When nothing was heard of it since and the day is the same, a **company
page** missed only what changed while the process was not listening: it is
checked against its version in the database (one small query) and, when that
is the same, served again and kept under the new version for the rest of its
time, not built again; what the version query does not cover (an agency
renamed meanwhile) then shows within ``COMPANY_PAGE_CACHE_SECONDS``, as with
``"check"``. A **search page**, which cannot be checked in a query, is served
again until it is ``PUBLIC_CACHE_SECONDS`` old. A change heard since the page
was built, a ``*`` or a new day means building it again. So after an outage
the busy pages cost one small query each, not a build each, and the site does
not restart cold. Building a company page costs that query too, for the check
(a fraction of a millisecond, against some 45 for the build).

**While the database cannot be reached** (``publicity.outage``), the page last
kept for an address is served whatever its version, with a notice that it was
saved at such a time and may be out of date; an address with no kept page
gets a 503 page with ``Retry-After``.

A ``*`` announced (reference data changed: agencies, regions, lists) forgets
every kept page of the process and makes the search form read its choices
again; saving a region, an industry or a list in this process empties them at
once, other processes without announcements see it within ``CHOICES_SECONDS``.

**What staff never get.** Only a GET or HEAD from a reader without a session
cookie (no member of staff) is served from or stored in the page cache, and
only a 200 answer that sets no cookie is stored: staff always get pages built
afresh, and a page built for them is never kept. The per-client search limit
is counted before the cache is asked.

**Cache-Control** (``headers``): a successful GET or HEAD of a public page is
marked ``public, max-age=0, s-maxage=PUBLIC_CACHE_SECONDS``: a shared cache
keeps it that long, a browser asks again each time. Never the admin, a request
with a session cookie, a response that sets a cookie or says already how to
be cached, or any status but 200 (a "too many searches" page, an error).
Static files get WhiteNoise's own headers (hashed names: immutable).

The modules, each named by what it keeps:

- ``pages``: whole pages, compressed (``serve()``, ``usable()``, and
  ``last_kept()`` for an outage);
- ``change_feed``: the listening connection and its watching thread;
- ``headers``: the ``Cache-Control`` middleware;
- ``renderings``: the search form's widgets and filter section;
- ``choices``: the choices of the search and browse selects;
- ``counts``: headline counts of whole tables.
"""
