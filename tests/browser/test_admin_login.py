"""The admin's login page in chromium: a staff member types the username, the
password and the code from the authenticator app, by the labels they see; the
page, with and without errors, and the enrol-me page have no serious or critical
axe-core violation."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.otp import enrol, fill_admin_login, totp_code

pytestmark = [
    pytest.mark.browser,
    # axe-core is injected as an inline script, which the site's Content-Security-
    # Policy refuses; tests/browser/test_content_security_policy.py checks the policy.
    pytest.mark.browser_context_args(bypass_csp=True),
]

PASSWORD = "a long and correct horse battery"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def chinese(message):
    with translation.override("zh-hans"):
        return gettext(message)


def staff(username="clerk", with_device=True):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, is_superuser=True
    )
    return enrol(user) if with_device else user


def fill_login(page, username, code):
    fill_admin_login(page, username, PASSWORD, code)


def wrong_code(device):
    return f"{(int(totp_code(device)) + 1) % 10**6:06d}"


def serious_axe_violations(page):
    page.add_script_tag(path=AXE)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']}: {[n['html'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_staff_log_in_with_password_and_code_after_a_wrong_code(page, live_server):
    device = staff()
    page.goto(live_server.url + reverse("admin:index"))
    expect(page).to_have_url(live_server.url + reverse("admin:login") + "?next=/admin/")

    fill_login(page, "clerk", wrong_code(device))
    expect(page.locator(".errornote")).to_contain_text(
        chinese(
            "That code is wrong or was already used. Enter the code your authenticator "
            "app shows now."
        )
    )
    # django-otp makes one wait a second after a wrong code; a person types slower.
    device.throttle_reset()
    fill_login(page, "clerk", totp_code(device))

    expect(page).to_have_url(live_server.url + reverse("admin:index"))
    expect(page.get_by_role("button", name=chinese("Log out"))).to_be_visible()


def test_staff_without_a_device_are_told_to_ask_for_enrolment(page, live_server):
    staff(with_device=False)
    page.goto(live_server.url + reverse("admin:login"))
    fill_login(page, "clerk", "123456")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        chinese("Two-factor login is not set up for your account")
    )
    expect(page.get_by_role("link", name=chinese("Back to the login page"))).to_be_visible()


def test_the_login_and_enrolment_pages_have_no_serious_axe_violation(page, live_server):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci --ignore-scripts` (make test does).")
    device = staff()
    staff("newcomer", with_device=False)
    login = live_server.url + reverse("admin:login")

    page.goto(login)
    assert serious_axe_violations(page) == []

    fill_login(page, "clerk", wrong_code(device))
    expect(page.locator(".errornote")).to_be_visible()
    assert serious_axe_violations(page) == []

    page.goto(login)
    fill_login(page, "newcomer", "000000")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert serious_axe_violations(page) == []
