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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
