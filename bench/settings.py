"""The production settings (``publicity.settings``, read from the environment
as in production), with the benchmark's own URLs (``bench/urls.py``)."""

from publicity.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
