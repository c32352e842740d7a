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
