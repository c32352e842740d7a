"""The site's Content-Security-Policy breaks nothing, in chromium: on the key
public pages, the admin's (login, dashboard, a penalty's form with its
autocomplete and calendar, its history, the export page) and the API docs, the
browser refuses nothing and reports no Permissions-Policy error; the API docs'
scripts run (Swagger UI shows the API's title).

A refused script or style breaks a page silently (a console message, nothing
on screen), so the console is what is checked. The pages are visited within
ONE live-server test, each a subtest of its own (a live-server test reloads the
reference data, seconds each)."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.pages import build_site
from tests.staff import login, make_superuser

pytestmark = pytest.mark.browser

# What chromium writes to the console when a policy refuses something, and
# about a Permissions-Policy it does not understand.
PROBLEMS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


def public_pages(site):
    return {
        "home": reverse("publicity:home"),
        "search": reverse("publicity:search") + "?q=华信",
        "company": reverse("publicity:company-detail", args=[site.company.uscc]),
        "penalties": reverse("publicity:penalty-list"),
        "penalty page": site.large_penalty.get_absolute_url(),
        "statistics (with its SVG charts)": reverse("publicity:statistics"),
        "english company": "/en" + reverse("publicity:company-detail", args=[site.company.uscc]),
        "admin login": reverse("admin:login"),
    }


def admin_pages(site):
    penalty = site.large_penalty.pk
    return {
        "admin dashboard": reverse("admin:index"),
        "penalty form": reverse("admin:registry_penalty_change", args=[penalty]),
        "new penalty": reverse("admin:registry_penalty_add"),
        "penalty history": reverse("admin:registry_penalty_history", args=[penalty]),
        "penalty export": reverse("admin:registry_penalty_export"),
    }


def test_no_page_breaks_the_content_security_policy(live_server, browser, subtests):
    site = build_site()
    context = browser.new_context()  # the policy enforced (no bypass_csp)
    try:
        for name, path in public_pages(site).items():
            with subtests.test(msg=f"{name} {path}"):
                assert_nothing_refused(context, live_server.url + path)

        with subtests.test(msg="API docs"):
            shown = assert_nothing_refused(
                context,
                live_server.url + reverse("api:docs"),
                ready=".swagger-ui .info .title",
            )
            assert "Public Credit Information API" in shown

        with subtests.test(msg="500 page"):
            with override_settings(ROOT_URLCONF="tests.browser.urls"):
                url = live_server.url + reverse("test-failure")
                assert_nothing_refused(context, url, status=500)

        client = login(Client(), make_superuser())
        context.add_cookies(
            [
                {"name": name, "value": morsel.value, "url": live_server.url}
                for name, morsel in client.cookies.items()
            ]
        )
        for name, path in admin_pages(site).items():
            with subtests.test(msg=f"{name} {path}"):
                assert_nothing_refused(context, live_server.url + path)
    finally:
        context.close()


def assert_nothing_refused(context, url, status=200, ready=None):
    """Opens ``url``, waits for the page (and ``ready``, a selector, to show);
    fails naming every console message about a refusal or a script error.
    Returns the text of ``ready``."""
    browser_page = context.new_page()
    messages = []
    browser_page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if any(problem in message.text for problem in PROBLEMS)
            else None
        ),
    )
    browser_page.on("pageerror", lambda error: messages.append(f"script error: {error}"))
    try:
        response = browser_page.goto(url, wait_until="networkidle")
        assert response.status == status, f"{url}: status {response.status}"
        shown = ""
        if ready:
            expect(browser_page.locator(ready)).to_be_visible()
            shown = browser_page.locator(ready).inner_text()
    finally:
        browser_page.close()
    assert messages == [], "\n".join(messages)
    return shown
