"""Journeys through the site in chromium, as a citizen and a journalist would
take them: by the labels, buttons and links they see, with JavaScript on.

The data is ``tests/browser/pages.py``'s: two companies whose names share the
fragment 华信, one in Beijing (with a penalty of ¥200,000.00 and on the
abnormal-operations list) and one in Shanghai (a penalty of ¥5,000.00).
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.browser.pages import NAME_FRAGMENT, build_site

pytestmark = pytest.mark.browser


def chinese(message):
    with translation.override("zh-hans"):
        return gettext(message)


def chinese_path(name, *args):
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def english_path(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_citizen_finds_a_company_by_a_fragment_and_reads_its_record_in_both_languages(
    page, live_server
):
    site = build_site()
    company, elsewhere = site.company, site.holding

    page.goto(live_server.url + chinese_path("publicity:home"))
    page.get_by_label(chinese("Company name, person, pinyin or credit code")).fill(NAME_FRAGMENT)
    page.get_by_role("button", name=chinese("Search"), exact=True).click()

    results = page.locator(".search-results")
    expect(results.get_by_role("link", name=company.name, exact=True)).to_be_visible()
    expect(results.get_by_role("link", name=elsewhere.name, exact=True)).to_be_visible()

    # Narrow to Beijing: the Shanghai company goes.
    page.get_by_text(chinese("Filter and sort the results")).click()
    page.get_by_label(chinese("Province"), exact=True).select_option("110000")
    page.get_by_role("button", name=chinese("Apply"), exact=True).click()
    expect(page).to_have_url(re.compile(r"province=110000"))
    expect(results.get_by_role("link", name=elsewhere.name, exact=True)).to_have_count(0)

    results.get_by_role("link", name=company.name, exact=True).click()
    expect(page).to_have_url(
        live_server.url + chinese_path("publicity:company-detail", company.uscc)
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(company.name)
    status = page.locator(".status-summary")
    expect(status).to_contain_text("经营异常名录")
    expect(status).to_contain_text("2025-04-01")
    penalty = page.locator(f"#penalty-{site.large_penalty.pk}")
    expect(penalty).to_contain_text(site.large_penalty.decision_number)
    expect(penalty).to_contain_text("¥200,000.00")

    page.get_by_role("navigation", name=chinese("Language")).get_by_role(
        "link", name="English"
    ).click()
    expect(page).to_have_url(
        live_server.url + english_path("publicity:company-detail", company.uscc)
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text(company.name_en)
    expect(status).to_contain_text("Abnormal Operations List")
    expect(penalty).to_contain_text("¥200,000.00")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(
        live_server.url + chinese_path("publicity:company-detail", company.uscc)
    )
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(status).to_contain_text("经营异常名录")


def test_journalist_filters_penalties_by_amount_and_opens_the_deciding_agency(page, live_server):
    site = build_site()
    large, small = site.large_penalty, site.small_penalty

    page.goto(live_server.url + english_path("publicity:penalty-list"))
    penalties = page.get_by_role("table")
    expect(penalties).to_contain_text(large.decision_number)
    expect(penalties).to_contain_text(small.decision_number)

    page.get_by_label("Fine at least (yuan)").fill("100000")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"fine_min=100000"))
    expect(penalties).to_contain_text(large.decision_number)
    expect(penalties).to_contain_text("¥200,000.00")
    expect(penalties).not_to_contain_text(small.decision_number)

    row = penalties.get_by_role("row").filter(has_text=large.decision_number)
    row.get_by_role("link", name=site.agency.name_en).click()
    expect(page).to_have_url(
        live_server.url + english_path("publicity:agency-detail", site.agency.pk)
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(site.agency.name_en)
    expect(page.get_by_role("main")).to_contain_text(large.decision_number)
