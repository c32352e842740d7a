"""Settings for the test suite: the site's own settings, with defaults for the
variables a test run needs, so that a plain ``.venv/bin/pytest`` works.

Only defaults: a variable already set in the environment wins (``make test`` sets
``DATABASE_URL`` to run the suite on PostgreSQL).
"""

import atexit
import os
import shutil
import tempfile

TEST_ENVIRONMENT_DEFAULTS = {
    # Any value: settings refuse to start with DEBUG off and no SECRET_KEY.
    "SECRET_KEY": "test-secret-key",
    # The manifest storage needs collectstatic to have run.
    "PLAIN_STATIC_STORAGE": "true",
    # Playwright's sync API runs an event loop in the test's thread; without this
    # Django refuses ORM calls from it (SynchronousOnlyOperation).
    "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    # Pages built afresh for every request: most tests freeze the clock, and a
    # change made at the same frozen instant would not change a company page's
    # version. tests/publicity/test_page_cache.py turns the page cache on.
    "SEARCH_PAGE_CACHE_SECONDS": "0",
    "COMPANY_PAGE_CACHE_SECONDS": "0",
}

for _name, _value in TEST_ENVIRONMENT_DEFAULTS.items():
    os.environ.setdefault(_name, _value)

from publicity.settings import *  # noqa: E402, F403

# A fast hasher: the default one takes a noticeable fraction of a second per
# password, on purpose. Never outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Files the admin's import keeps: a directory of this run's own.
MEDIA_ROOT = tempfile.mkdtemp(prefix="test-files-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
