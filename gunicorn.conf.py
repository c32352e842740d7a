"""Gunicorn settings for production: ``.venv/bin/gunicorn publicity.wsgi``
reads this file from the project directory.

Every value can be changed from the environment (GUNICORN_BIND,
GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_ACCESS_LOG), or
on the command line, which wins. Measured on the 2-core development box
(bench/web.py, docs/scaling.md): one synchronous worker per core keeps the
cores busy, since a search costs a few milliseconds of database time and the
rest is Python; more workers only add memory.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
# 1: the sync worker. More: the gthread worker, for slow clients without a
# buffering proxy in front.
threads = int(os.environ.get("GUNICORN_THREADS", 1))
worker_class = "sync" if threads == 1 else "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (at a random point in the last
# tenth), so that no slow growth of memory lasts.
max_requests = 20_000
max_requests_jitter = 2_000
# The application is loaded once before the workers fork: they share its
# memory until they write to it. Django opens no database connection on import.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Ask the kernel not to keep worker heartbeat files on disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
