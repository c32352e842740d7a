"""The staff login: lockout by username and address (django-axes), the unlock
command, expiring sessions and the configurable admin path. Every login here
also gives the right code from the user's authenticator app (the second factor
itself is tested in test_admin_otp.py)."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.otp import enrol, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "a long and correct horse battery"
WRONG = "not the password"
HERE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def staff():
    user = get_user_model().objects.create_user(
        username="clerk", password=PASSWORD, is_staff=True, is_superuser=True
    )
    enrol(user)
    return user


def code_for(username):
    return totp_code(enrol(get_user_model().objects.get(username=username)))


def log_in(client, username, password, address=HERE):
    return client.post(
        reverse("admin:login"),
        {
            "username": username,
            "password": password,
            "otp_token": code_for(username),
            "next": reverse("admin:index"),
        },
        REMOTE_ADDR=address,
    )


def fail_until_locked(client, username, address=HERE):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, username, WRONG, address)


def is_logged_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_a_right_password_logs_in(client, staff):
    assert is_logged_in(log_in(client, "clerk", PASSWORD))


def test_after_the_failure_limit_even_the_right_password_is_refused_with_the_lockout_page(
    client, staff
):
    fail_until_locked(client, "clerk")
    response = log_in(client, "clerk", PASSWORD)
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_how_long_to_wait_and_whom_to_ask(client, staff):
    """The admin speaks the site's default language, Chinese."""
    fail_until_locked(client, "clerk")
    response = log_in(client, "clerk", PASSWORD)
    page = response.content.decode()
    assert f"登录失败已达{settings.AXES_FAILURE_LIMIT}次" in page
    assert f"请等待{settings.AXES_COOLOFF_TIME}小时后再登录" in page
    assert "中央管理员" in page


def test_the_lockout_page_in_english_counts_hours():
    with translation.override("en"):
        page = render_to_string(
            "registry/admin_locked_out.html",
            {"failure_limit": 5, "cooloff_timedelta": timedelta(hours=2)},
        )
    assert "failed to log in 5 times from your address" in page
    assert "Please wait 2 hours, then log in again." in page
    assert "ask a central administrator" in page


def test_a_lock_without_cool_off_names_no_wait():
    with translation.override("en"):
        page = render_to_string("registry/admin_locked_out.html", {"failure_limit": 1})
    assert "failed to log in 1 time from your address" in page
    assert "Please wait" not in page
    assert "ask a central administrator" in page


def test_a_lockout_does_not_stop_another_username_at_the_same_address(client, staff):
    get_user_model().objects.create_user(username="colleague", password=PASSWORD, is_staff=True)
    fail_until_locked(client, "clerk")
    assert is_logged_in(log_in(client, "colleague", PASSWORD, HERE))


def test_a_lockout_does_not_stop_the_same_username_from_another_address(client, staff):
    fail_until_locked(client, "clerk", HERE)
    assert is_logged_in(log_in(client, "clerk", PASSWORD, ELSEWHERE))
    assert log_in(client, "clerk", PASSWORD, HERE).status_code == 429


def test_the_unlock_command_lets_the_user_in_again(client, staff):
    fail_until_locked(client, "clerk")
    assert log_in(client, "clerk", PASSWORD).status_code == 429
    call_command("axes_reset_username", "clerk")
    assert is_logged_in(log_in(client, "clerk", PASSWORD))


def test_a_successful_login_resets_the_count_of_failures(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "clerk", WRONG)
    assert is_logged_in(log_in(client, "clerk", PASSWORD))
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "clerk", WRONG)
    assert is_logged_in(log_in(client, "clerk", PASSWORD))


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_locked(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "clerk", "password": WRONG, "otp_token": code_for("clerk")},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=HERE,
        )
    locked = client.post(
        reverse("admin:login"),
        {"username": "clerk", "password": PASSWORD, "otp_token": code_for("clerk")},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=HERE,
    )
    assert locked.status_code == 429
    other_client = client.post(
        reverse("admin:login"),
        {
            "username": "clerk",
            "password": PASSWORD,
            "otp_token": code_for("clerk"),
            "next": reverse("admin:index"),
        },
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
    )
    assert is_logged_in(other_client)


def test_a_staff_session_ends_with_the_browser_and_after_the_session_age(client, staff):
    response = log_in(client, "clerk", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_the_admin_path_setting_moves_the_admin():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import django; django.setup();"
        "from django.urls import reverse; print(reverse('admin:index'))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "ADMIN_PATH": "office/"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "/office/"
