"""Two-factor login in tests: every admin page needs a session that passed the
password *and* a TOTP code (registry/admin/site.py).

For a test that is about something else than the login, log the user in with
both factors in one call::

    from tests.otp import login_with_otp

    def test_clerk_sees_the_review_queue(client, clerk):
        login_with_otp(client, clerk)          # enrols a device if needed
        assert client.get(reverse("admin:index")).status_code == 200

``admin_client`` (tests/conftest.py) is pytest-django's fixture redone this
way: a superuser with both factors. In a browser test, type both factors into
the login page as a person would::

    device = enrol(user)
    fill_admin_login(page, "clerk", PASSWORD, totp_code(device))
"""

from django.contrib.auth import SESSION_KEY
from django.utils import translation
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.otp import code_now


def enrol(user, name="authenticator"):
    """The user's confirmed TOTP device, created if the user has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def totp_code(device):
    """A 6-digit code the device accepts now, as an authenticator app shows it:
    the current one, or the next if the current one was already used (a code is
    good once), so a test can log the same user in twice in a row."""
    device.refresh_from_db()
    code = code_now(device)
    assert code is not None, "every code the device accepts now was already used"
    return code


def login_with_otp(client, user):
    """Logs ``user`` in on the test ``client`` as if they had passed both
    factors at the login page; enrols a TOTP device first if they have none.
    Returns the device."""
    device = enrol(user)
    client.force_login(user)
    session = client.session
    assert session[SESSION_KEY] == str(user.pk)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def fill_admin_login(page, username, password, code):
    """Fills the admin's login page, open in a playwright ``page``, by its
    (Chinese) labels, and submits it."""
    with translation.override("zh-hans"):
        labels = [gettext(text) for text in ("username", "password", "Verification code")]
        button = gettext("Log in")
    for label, value in zip(labels, (username, password, code), strict=True):
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name=button).click()
