"""A day's work in the agency workspace, in chromium: a staff member logs in
with both factors, enters a penalty choosing the company through the
autocomplete, submits it; a colleague approves it from the review queue; the
public company page then shows it."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from tests import factories
from tests.otp import enrol, fill_admin_login, totp_code
from tests.staff import PASSWORD, make_staff

pytestmark = pytest.mark.browser

NUMBER = "京海市监罚〔2026〕88号"


def chinese(message, context=None):
    with translation.override("zh-hans"):
        return pgettext(context, message) if context else gettext(message)


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("admin:index"))
    fill_admin_login(page, user.username, PASSWORD, totp_code(enrol(user)))
    expect(page.locator("#agency-dashboard")).to_be_visible()


def test_a_penalty_entered_by_one_and_approved_by_another_reaches_the_public(
    page, browser, live_server
):
    bureau = factories.AgencyFactory(name="北京市海淀区市场监督管理局")
    company = factories.CompanyFactory(name="北京华信云测试科技有限公司")
    maker = make_staff(bureau, "maker")
    checker = make_staff(bureau, "checker")

    # The maker enters the penalty.
    log_in(page, live_server, maker)
    page.goto(live_server.url + reverse("admin:registry_penalty_add"))
    page.fill("#id_decision_number", NUMBER)
    page.locator("#id_company").locator("xpath=..").locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("华信云")
    page.locator(".select2-results__option", has_text=company.name).click()
    page.select_option("#id_violation_type", "food_safety")
    page.fill("#id_violation_facts", "销售超过保质期的食品")
    page.fill("#id_legal_basis", "《中华人民共和国食品安全法》第一百二十四条")
    page.fill("#id_penalty_content", "罚款人民币二万元")
    page.get_by_label(chinese("fine"), exact=True).check()
    page.fill("#id_fine_amount", "20000")
    page.fill("#id_decided_on", "2026-11-02")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".review-panel")).to_contain_text(chinese("draft", "record state"))
    page.get_by_role("button", name=chinese("Submit for review"), exact=True).click()
    expect(page.locator(".review-panel")).to_contain_text(chinese("pending review", "record state"))

    # Not public yet.
    public = live_server.url + reverse("publicity:company-detail", args=[company.uscc])
    visitor = browser.new_page()
    visitor.goto(public)
    expect(visitor.locator("main")).not_to_contain_text(NUMBER)

    # A colleague approves it from the review queue.
    colleague = browser.new_page()
    log_in(colleague, live_server, checker)
    colleague.goto(live_server.url + reverse("review-queue"))
    colleague.get_by_role("link", name=NUMBER).click()
    colleague.get_by_role("button", name=chinese("Approve and publish")).click()
    expect(colleague.locator(".review-panel")).to_contain_text(chinese("published", "record state"))

    visitor.goto(public)
    expect(visitor.locator("main")).to_contain_text(NUMBER)
    expect(visitor.locator("main")).to_contain_text("20,000.00")
