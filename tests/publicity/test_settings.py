"""The settings refuse to start on a dangerous or mistyped environment.

Each case imports the settings module in a fresh interpreter with a clean
environment, as a deployment would, since the test process has its settings
loaded already.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.smoke


def import_settings(**environ):
    return subprocess.run(
        [sys.executable, "-c", "import publicity.settings"],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_start_with_debug_off_and_a_secret_key():
    result = import_settings(DEBUG="false", SECRET_KEY="a-long-random-string")

    assert result.returncode == 0, result.stderr


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = import_settings(DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_refuse_to_start_without_secret_key_when_debug_is_unset():
    result = import_settings()

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_reject_a_debug_value_other_than_true_or_false():
    result = import_settings(DEBUG="maybe", SECRET_KEY="a-long-random-string")

    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_the_rate_limits_and_kept_pages_move_to_redis_when_redis_url_is_set():
    script = (
        "import publicity.settings as s, django; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], "
        "s.CACHES['pages']['BACKEND'])"
    )
    env = {"PATH": os.environ.get("PATH", ""), "DEBUG": "true"}
    shown = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**env, "REDIS_URL": "redis://127.0.0.1:6379/3"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
        "django.core.cache.backends.redis.RedisCache",
    ], shown.stderr
    default = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    backends = default.stdout.split()
    assert backends[0] == "django.core.cache.backends.db.DatabaseCache", default.stderr
    assert backends[2] == "django.core.cache.backends.locmem.LocMemCache"


def show_settings(names, **environ):
    script = "import publicity.settings as s; print(" + ", ".join(f"s.{n}" for n in names) + ")"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), "SECRET_KEY": "x", **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_kept_pages_hear_of_changes_on_postgresql_and_check_with_sqlite_or_redis():
    names = ["PAGE_CACHE_FRESHNESS", "SEARCH_PAGE_CACHE_SECONDS", "SEARCH_PAGE_CHANGE_SECONDS"]
    postgresql = "postgres://u@127.0.0.1:5432/db"

    assert show_settings(names, DATABASE_URL=postgresql) == ["notify", "600", "60"]
    assert show_settings(names) == ["check", "60", "60"]
    assert show_settings(names, DATABASE_URL=postgresql, REDIS_URL="redis://127.0.0.1:6379/3") == [
        "check",
        "60",
        "60",
    ]
    assert show_settings(names, DATABASE_URL=postgresql, PAGE_CACHE_FRESHNESS="check") == [
        "check",
        "60",
        "60",
    ]


def test_settings_reject_an_unknown_way_of_keeping_pages_fresh():
    result = import_settings(SECRET_KEY="x", DEBUG="false", PAGE_CACHE_FRESHNESS="always")

    assert result.returncode != 0
    assert 'PAGE_CACHE_FRESHNESS is "notify" or "check"' in result.stderr


def test_manage_py_says_in_one_line_why_it_will_not_start():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("manage.py: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr
