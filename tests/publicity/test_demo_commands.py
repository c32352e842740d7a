import stat
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


@pytest.fixture
def demo_settings(settings, tmp_path):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    return settings


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def printed_password(output):
    lines = [line for line in output.splitlines() if "Password:" in line]
    assert len(lines) == 1, output
    return lines[0].split("Password:")[1].strip()


def test_demo_admin_creates_a_superuser_and_prints_its_login(demo_settings, tmp_path):
    output = run("demo_admin")

    password = printed_password(output)
    assert "Username: admin" in output
    assert "http://127.0.0.1:8000/admin/" in output
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password(password)
    login_file = tmp_path / "demo-admin.txt"
    assert stat.S_IMODE(login_file.stat().st_mode) == 0o600
    assert f"password={password}" in login_file.read_text()


def test_demo_admin_prints_the_same_login_when_run_again(demo_settings):
    first = printed_password(run("demo_admin"))

    output = run("demo_admin")

    assert printed_password(output) == first
    assert "Reusing" in output
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_demo_admin_resets_a_changed_password_to_the_stored_one(demo_settings):
    stored = printed_password(run("demo_admin"))
    user = get_user_model().objects.get(username="admin")
    user.set_password("changed-in-the-admin")
    user.save()

    output = run("demo_admin")

    assert "Reset" in output
    user.refresh_from_db()
    assert user.check_password(stored)


def test_demo_admin_dry_run_writes_nothing(demo_settings, tmp_path):
    output = run("demo_admin", "--dry-run")

    assert "would create 'admin'" in output
    assert not get_user_model().objects.exists()
    assert not (tmp_path / "demo-admin.txt").exists()


def test_demo_admin_refuses_to_run_with_debug_off(settings, tmp_path):
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path

    with pytest.raises(CommandError, match="only runs with DEBUG=true"):
        run("demo_admin")

    assert not get_user_model().objects.exists()
    assert not (tmp_path / "demo-admin.txt").exists()


def test_demo_status_counts_companies_for_scripts():
    assert run("demo_status", "--company-count").strip() == "0"


def test_demo_status_summarises_the_database():
    output = run("demo_status")

    assert "Companies: 0" in output
    assert "Administrative penalties: 0" in output
    assert "Current list entries: 0" in output
