"""An objection from submission to decision, in chromium: a citizen objects to
a penalty on a company page (in Chinese, the default language), gets the form
back with the errors and what they typed, sends it, keeps the reference
number; the penalty shows "under objection"; a staff member of the deciding
agency starts the review and upholds it, withdrawing the penalty; the
citizen's status page then shows the decision and the agency's reply, and
the penalty is no longer public."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from tests.factories import AgencyFactory, CompanyFactory, PenaltyFactory
from tests.staff import login, make_staff

pytestmark = pytest.mark.browser

DESCRIPTION = "处罚决定书载明罚款二万元，此处公示为二十万元，金额有误。"
REPLY = "经核查，公示金额录入有误，原记录已撤下，将按决定书重新公示。"


def chinese(message):
    with translation.override("zh-hans"):
        return gettext(message)


def objection_state(label):
    with translation.override("zh-hans"):
        return pgettext("objection state", label)


def log_browser_in(context, live_server, user):
    """The browser gets the session of a test client logged in through
    ``tests.staff.login`` (the one way tests log into the admin)."""
    client = login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_an_objection_goes_from_the_company_page_to_the_agencys_decision(
    page, context, live_server
):
    agency = AgencyFactory(name="北京市海淀区市场监督管理局", name_en="Haidian AMR")
    company = CompanyFactory(name="北京华信科技有限公司")
    penalty = PenaltyFactory(
        company=company,
        agency=agency,
        decision_number="京海市监罚〔2025〕88号",
        # Inside its publicity period whatever the day the test runs.
        decided_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    clerk = make_staff(agency, "haidian-clerk")
    with translation.override("zh-hans"):
        company_url = live_server.url + company.get_absolute_url()

    # The citizen opens the penalty and follows "object to this record".
    page.goto(company_url)
    record = page.locator(f"#penalty-{penalty.pk}")
    record.locator("summary").click()
    record.get_by_role("link", name=chinese("Object to this record")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(chinese("Object to a record"))
    expect(page.get_by_role("main")).to_contain_text(penalty.decision_number)

    # A first try without grounds or contact: the errors at the top and by
    # their fields, the description kept.
    page.get_by_label(chinese("What is wrong with the record?")).fill(DESCRIPTION)
    page.get_by_role("button", name=chinese("Send the objection")).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(chinese("There is a problem"))
    expect(summary).to_contain_text(chinese("Choose the grounds of your objection."))
    expect(page).to_have_title(re.compile("^" + re.escape(chinese("Error:"))))
    expect(page.get_by_label(chinese("What is wrong with the record?"))).to_have_value(DESCRIPTION)
    summary.get_by_role(
        "link",
        name=chinese(
            "Give an email address or a telephone number, so that the agency can reach you."
        ),
    ).click()
    expect(page.get_by_label(chinese("Your email address or telephone number"))).to_be_focused()

    page.get_by_label(chinese("The record is wrong or incomplete")).check()
    page.get_by_label(chinese("Your email address or telephone number")).fill("13800138000")
    page.get_by_role("button", name=chinese("Send the objection")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(chinese("Objection received"))
    reference = page.locator("#reference-number").inner_text()
    assert re.fullmatch(r"\d\d-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    status_url = page.url.split("?")[0]
    expect(page.locator("#objection-state")).to_have_text(objection_state("received"))
    expect(page.get_by_role("main")).not_to_contain_text("13800138000")

    # The company page marks the penalty while the objection waits.
    page.goto(company_url)
    expect(page.locator(f"#penalty-{penalty.pk} summary")).to_contain_text(
        chinese("Under objection")
    )

    # The agency's clerk finds it in the queue, starts the review and upholds it.
    log_browser_in(context, live_server, clerk)
    page.goto(live_server.url + reverse("admin:registry_objection_changelist"))
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("main")).to_contain_text(DESCRIPTION)
    expect(page.get_by_role("main")).to_contain_text("13800138000")
    page.get_by_role("button", name=chinese("Start the review")).click()
    expect(page.locator("#redress-state")).to_have_text(objection_state("under review"))

    page.goto(status_url)
    expect(page.locator("#objection-state")).to_have_text(objection_state("under review"))

    page.go_back()
    page.get_by_label(
        chinese("Uphold, and withdraw the record now (corrected by the agency)")
    ).check()
    page.get_by_label(chinese("Reply to the objector")).fill(REPLY)
    page.get_by_role("button", name=chinese("Record the decision")).click()
    expect(page.locator("#redress-state")).to_have_text(objection_state("upheld"))

    # The citizen's status page shows the decision and the reply; the
    # penalty is no longer public.
    page.goto(status_url)
    expect(page.locator("#objection-state")).to_have_text(objection_state("upheld"))
    expect(page.locator("#objection-reply")).to_have_text(REPLY)
    page.goto(company_url)
    expect(page.get_by_role("main")).not_to_contain_text(penalty.decision_number)
