"""Fixtures shared by the whole test suite.

Browser tests (marked ``@pytest.mark.browser``) use pytest-playwright's ``page``
fixture against pytest-django's ``live_server``, in Debian's chromium
(``/usr/bin/chromium``, installed by ``make test``). Never run ``playwright
install``: it downloads a browser build, which this project does not use.
"""

import pytest

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


def pytest_collection_modifyitems(items):
    """Live-server tests run outside a transaction and end with a flush of every
    table, which would also wipe the reference data that the migrations load
    (regions, industries, credit lists) for every such test after them.
    ``serialized_rollback`` reloads that data before each of them. A test that
    sets its own ``django_db`` marker decides for itself."""
    for item in items:
        uses_live_server = "live_server" in getattr(item, "fixturenames", ())
        if uses_live_server and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
