"""A newcomer's first minutes: `make demo` says at once when its address is
taken, and commands print what they do, not a library's banner."""

import os
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_the_demo_says_at_once_when_its_port_is_taken():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        result = subprocess.run(
            ["make", "--no-print-directory", "_demo-address", f"DEMO_ADDRESS={address}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert result.returncode != 0
    assert f"Cannot serve on {address}: Address already in use." in result.stderr
    assert "make demo DEMO_ADDRESS=127.0.0.1:8001" in result.stderr


def test_a_free_address_lets_the_demo_go_on():
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    result = subprocess.run(
        [sys.executable, "scripts/address_free.py", f"127.0.0.1:{port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr


def test_a_management_command_prints_no_axes_banner():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "SECRET_KEY": "test-secret-key"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr
