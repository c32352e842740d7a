"""The admin's second factor: a code from an authenticator app (TOTP) at every
staff login, the enrol_otp command, and django-axes counting both factors."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.otp import base32_secret, new_backup_codes, terminal_qr
from tests.otp import enrol, login_with_otp, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "a long and correct horse battery"
HERE = "203.0.113.7"


@pytest.fixture
def clerk():
    return get_user_model().objects.create_user(
        username="clerk", password=PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def device(clerk):
    return enrol(clerk)


def log_in(client, code=None, password=PASSWORD, username="clerk", **extra):
    data = {"username": username, "password": password, "next": reverse("admin:index")}
    if code is not None:
        data["otp_token"] = code
    return client.post(reverse("admin:login"), {**data, **extra}, REMOTE_ADDR=HERE)


def is_logged_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


# --- The login page -------------------------------------------------------------


def test_the_right_password_and_code_open_the_admin(client, device):
    assert is_logged_in(log_in(client, totp_code(device)))
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("admin:registry_penalty_changelist")).status_code == 200


def test_the_code_may_be_typed_with_the_space_apps_show(client, device):
    code = totp_code(device)
    assert is_logged_in(log_in(client, f" {code[:3]} {code[3:]} "))


def test_the_password_alone_logs_nobody_in_and_asks_for_the_code(client, device):
    response = log_in(client)
    assert response.status_code == 200
    assert "请输入身份验证器应用中的6位验证码。" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_wrong_code_is_refused_with_a_message(client, device):
    response = log_in(client, wrong(totp_code(device)))
    assert response.status_code == 200
    assert "验证码错误或已使用过" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_code_is_good_only_once(client, device):
    code = totp_code(device)
    assert is_logged_in(log_in(client, code))
    client.logout()
    response = log_in(client, code)
    assert "验证码错误或已使用过" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_the_right_code_with_a_wrong_password_is_refused(client, device):
    response = log_in(client, totp_code(device), password="not the password")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_another_users_device_cannot_be_chosen(client, device):
    """A forged otp_device naming someone else's device with their code."""
    other = get_user_model().objects.create_user(username="other", password=PASSWORD)
    theirs = enrol(other)
    response = log_in(client, totp_code(theirs), otp_device=theirs.persistent_id)
    assert SESSION_KEY not in client.session
    assert "验证码错误或已使用过" in response.content.decode()


def test_the_login_page_asks_for_the_code_accessibly_and_names_no_device(client, device):
    page = client.get(reverse("admin:login")).content.decode()
    field = re.search(r"<input[^>]*name=\"otp_token\"[^>]*>", page).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert 'id="id_otp_token"' in field
    assert 'aria-describedby="id_otp_token_helptext"' in field
    assert '<label for="id_otp_token">验证码' in page
    assert 'id="id_otp_token_helptext"' in page
    assert 'name="otp_device"' not in page
    # Also after a wrong code: one device, so no choice to make.
    page = log_in(client, wrong(totp_code(device))).content.decode()
    assert 'name="otp_device"' not in page


def test_a_user_with_two_devices_chooses_one_after_the_password(client, clerk):
    phone = enrol(clerk)
    tablet = TOTPDevice.objects.create(user=clerk, name="tablet", confirmed=True)
    response = log_in(client, totp_code(tablet))
    page = response.content.decode()
    assert SESSION_KEY not in client.session
    assert '<select name="otp_device"' in page
    assert phone.persistent_id in page and tablet.persistent_id in page
    assert is_logged_in(log_in(client, totp_code(tablet), otp_device=tablet.persistent_id))


# --- Sessions without the second factor ----------------------------------------------


def test_a_session_with_the_password_only_reaches_no_admin_page(client, device, clerk):
    client.force_login(clerk)
    for name in ("admin:index", "admin:registry_penalty_changelist", "admin:password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin:login")), name


def test_the_test_helper_passes_both_factors(client, clerk):
    login_with_otp(client, clerk)
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_unconfirmed_device_does_not_verify_a_session(client, clerk):
    device = login_with_otp(client, clerk)
    device.confirmed = False
    device.save()
    assert client.get(reverse("admin:index")).status_code == 302


# --- Staff without a device -----------------------------------------------------------


def test_staff_without_a_device_cannot_log_in_and_are_told_to_ask_for_enrolment(client, clerk):
    response = log_in(client, "123456")
    page = response.content.decode()
    assert response.status_code == 403
    assert "您的账号尚未设置两步验证登录" in page
    assert "请联系本网站的中央管理员为您登记" in page
    assert "clerk" in page
    assert SESSION_KEY not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_enrolment_page_in_english():
    with translation.override("en"):
        page = render_to_string("registry/admin_no_device.html", {"username": "clerk"})
    assert "no authenticator app is enrolled for the account clerk yet" in page
    assert "Ask a central administrator of the site to enrol you" in page


def test_a_password_only_session_without_a_device_gets_the_enrolment_page(client, clerk):
    client.force_login(clerk)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 302
    response = client.get(index["Location"])
    assert response.status_code == 403
    assert "您的账号尚未设置两步验证登录" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_wrong_password_for_staff_without_a_device_says_nothing_of_devices(client, clerk):
    response = log_in(client, "123456", password="not the password")
    assert response.status_code == 200
    assert "两步验证" not in response.content.decode()


# --- django-axes counts both factors ------------------------------------------------


def test_lockout_after_wrong_passwords_sent_with_the_right_code(client, device):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, totp_code(device), password="not the password")
    assert log_in(client, totp_code(device)).status_code == 429
    assert SESSION_KEY not in client.session


def test_lockout_after_wrong_passwords_sent_without_a_code(client, device):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, password="not the password")
    response = log_in(client, totp_code(device))
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()


def test_lockout_after_wrong_codes_with_the_right_password(client, device):
    responses = [
        log_in(client, wrong(totp_code(device))) for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    device.throttle_reset()
    assert log_in(client, totp_code(device)).status_code == 429
    assert SESSION_KEY not in client.session


def test_the_password_alone_does_not_count_as_a_failure(client, device):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client)
    assert is_logged_in(log_in(client, totp_code(device)))


# --- enrol_otp --------------------------------------------------------------------


def enrol_otp(*args):
    out = StringIO()
    call_command("enrol_otp", *args, stdout=out)
    return out.getvalue()


def test_enrol_otp_creates_a_confirmed_device_and_prints_its_qr_code_secret_and_uri(clerk):
    output = enrol_otp("clerk", "--name", "phone")

    device = TOTPDevice.objects.get(user=clerk)
    assert device.confirmed and device.name == "phone"
    secret = base32_secret(device)
    uri = re.search(r"otpauth://totp/\S+", output).group(0)
    assert uri == device.config_url
    assert f"secret={secret}" in uri
    assert "issuer=Public%20Credit%20Information" in uri
    assert f"  {secret}\n" in output
    # The QR code drawn is the one of the address printed.
    assert "█" in output
    assert terminal_qr(uri) in output


def test_the_enrolled_device_logs_in(client, clerk):
    enrol_otp("clerk")
    assert is_logged_in(log_in(client, totp_code(TOTPDevice.objects.get(user=clerk))))


def test_enrol_otp_refuses_a_second_device_without_force(clerk):
    enrol_otp("clerk")
    first = TOTPDevice.objects.get(user=clerk)

    with pytest.raises(CommandError, match="already has an authenticator app enrolled"):
        enrol_otp("clerk")

    assert list(TOTPDevice.objects.filter(user=clerk)) == [first]
    assert TOTPDevice.objects.get(user=clerk).key == first.key


def test_enrol_otp_force_replaces_the_device(client, clerk):
    enrol_otp("clerk")
    old = TOTPDevice.objects.get(user=clerk)
    old_code = totp_code(old)

    output = enrol_otp("clerk", "--force")

    new = TOTPDevice.objects.get(user=clerk)
    assert new.key != old.key
    assert base32_secret(new) in output
    assert "Replaced" in output
    response = log_in(client, old_code)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    new.throttle_reset()  # after a wrong code, django-otp makes one wait a second
    assert is_logged_in(log_in(client, totp_code(new)))


def test_re_enrolment_ends_the_sessions_the_old_device_verified(client, clerk):
    login_with_otp(client, clerk)
    assert client.get(reverse("admin:index")).status_code == 200

    enrol_otp("clerk", "--force")

    assert client.get(reverse("admin:index")).status_code == 302


def test_enrol_otp_names_an_unknown_user():
    with pytest.raises(CommandError, match="There is no user nobody"):
        enrol_otp("nobody")
    assert not TOTPDevice.objects.exists()


def test_enrol_otp_warns_when_the_user_cannot_use_the_admin():
    get_user_model().objects.create_user(username="citizen", password=PASSWORD)
    assert "is not an active staff member" in enrol_otp("citizen")


def printed_backup_codes(output):
    after = output.split("Backup codes")[1]
    return re.findall(r"\b\d{8}\b", after)


def test_enrol_otp_prints_ten_backup_codes_that_each_log_in_once(client, clerk):
    codes = printed_backup_codes(enrol_otp("clerk"))
    assert len(codes) == len(set(codes)) == 10

    assert is_logged_in(log_in(client, codes[0]))
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    response = log_in(client, codes[0])
    assert "验证码错误或已使用过" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_enrol_otp_force_replaces_the_backup_codes(client, clerk):
    old_codes = printed_backup_codes(enrol_otp("clerk"))
    new_codes = printed_backup_codes(enrol_otp("clerk", "--force"))
    assert not set(old_codes) & set(new_codes)
    log_in(client, old_codes[0])
    assert SESSION_KEY not in client.session


# --- Backup codes -------------------------------------------------------------------


def test_backup_codes_do_not_make_the_form_ask_for_a_device(client, device, clerk):
    new_backup_codes(clerk)
    page = log_in(client, wrong(totp_code(device))).content.decode()
    assert 'name="otp_device"' not in page
    device.throttle_reset()
    assert is_logged_in(log_in(client, totp_code(device)))


def test_an_eight_digit_code_without_backup_codes_is_a_wrong_code(client, device):
    response = log_in(client, "12345678")
    assert "验证码错误或已使用过" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_backup_codes_alone_are_no_way_in(client, clerk):
    codes = new_backup_codes(clerk)
    response = log_in(client, codes[0])
    assert response.status_code == 403
    assert "您的账号尚未设置两步验证登录" in response.content.decode()
    assert SESSION_KEY not in client.session


# --- Passwords ----------------------------------------------------------------------


def test_an_administrator_cannot_give_a_new_account_a_weak_password(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newclerk",
            "usable_password": "true",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    with translation.override("zh-hans"):
        assert gettext("This password is too common.") in page
        assert gettext("This password is entirely numeric.") in page
    assert not get_user_model().objects.filter(username="newclerk").exists()
