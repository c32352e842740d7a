"""Fixtures and hooks shared by the whole test suite.

Browser tests (marked ``@pytest.mark.browser``) use pytest-playwright's ``page``
fixture against pytest-django's ``live_server``, in Debian's chromium
(``/usr/bin/chromium``, installed by ``make test``). Never run ``playwright
install``: it downloads a browser build, which this project does not use.
"""

import pytest

# --- Browser -----------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"

# Without the background-networking flags chromium keeps trying to reach Google's
# hosts, which a closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


# --- Reference data for live-server tests --------------------------------------
#
# Live-server tests run outside a transaction and end with a flush of every table,
# which also wipes the reference data that the migrations load (regions,
# industries, credit lists) for every such test after them. Django's
# serialized_rollback reloads that data before each of them, from a copy it keeps
# on the database connection. Playwright's sync API, once started, leaves an
# event loop marked as running in the test thread, and from then on Django hands
# out a second set of connections (asgiref's Local switches from thread-local to
# context-local storage) that lacks that copy. The hooks below put it back on
# whichever connection Django hands out.

_serialized_contents = {}


def pytest_collection_modifyitems(items):
    """Live-server tests get serialized_rollback, unless they set their own
    ``django_db`` marker."""
    for item in items:
        uses_live_server = "live_server" in getattr(item, "fixturenames", ())
        if uses_live_server and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            _serialized_contents[alias] = contents
    yield
    # The connection that listens for changes (publicity/caching/change_feed.py), which
    # would keep the test database from being dropped.
    from publicity.caching.change_feed import feed

    feed.close()


def _share_serialized_contents():
    if _serialized_contents:
        from django.db import connections

        for alias, contents in _serialized_contents.items():
            connections[alias]._test_serialized_contents = contents


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _share_serialized_contents()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    _share_serialized_contents()


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Each test starts with no page kept by publicity/caching/pages.py."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to an /en/ page leaves English active in the test's thread;
    put the default back so that the next test's reverse() is not /en/."""
    from django.utils import translation

    yield
    translation.deactivate()


# --- The admin's two-factor login ------------------------------------------------


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's ``admin_client``, logged in with both factors: a
    superuser whose session passed the password and a TOTP code, as every admin
    page requires (registry/admin/site.py). For any other user, call
    ``tests.otp.login_with_otp(client, user)``; for the login form itself, see
    ``tests.otp.totp_code``."""
    from django.test import Client

    from tests.otp import login_with_otp

    client = Client()
    login_with_otp(client, admin_user)
    return client


# --- Kept pages ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _pages_kept_at_first_request(settings):
    """The tests of kept pages count on a page kept from its first request;
    the site keeps it from its second (``PAGE_CACHE_ADMIT_AFTER``), which
    tests/publicity/test_page_cache.py tests on its own."""
    settings.PAGE_CACHE_ADMIT_AFTER = 1
