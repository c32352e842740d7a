"""Phones and print (issue 15, part 4), in chromium, on one data set
(``build_site``: each live-server test reloads the reference data).

At 360 px: the company page's tables are labelled cards and nothing makes
the body scroll sideways; the header's sections fold behind "Menu"; the
penalties' filters are folded and the results come before them. In print:
every record is open and no link prints its address."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.pages import build_site

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 900}


def _no_sideways_scroll(browser_page):
    return browser_page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _display(locator):
    return locator.evaluate("element => getComputedStyle(element).display")


def test_phones_and_print(live_server, context, subtests):
    site = build_site()
    company_url = live_server.url + reverse("publicity:company-detail", args=[site.company.uscc])
    with translation.override("en"):
        penalties_url = live_server.url + reverse("publicity:penalty-list")

    with subtests.test(msg="company page at 360 px: tables as labelled cards"):
        browser_page = context.new_page()
        browser_page.set_viewport_size(PHONE)
        browser_page.goto(company_url)
        shareholders = browser_page.locator("table", has_text="上海华信投资控股有限公司").first
        officers = browser_page.locator("table", has=browser_page.locator("td", has_text="监事"))
        for table in (shareholders, officers.first):
            expect(table).to_be_visible()
            assert _display(table) == "block"
            assert _display(table.locator("tbody tr").first) == "block"
            # Each value says what it is: the column's name before it.
            label = table.locator("td[data-label]").first.evaluate(
                "cell => getComputedStyle(cell, '::before').content"
            )
            assert label.strip('"').endswith("：") and len(label) > 3  # a Chinese page
        assert _no_sideways_scroll(browser_page)
        # The header's sections fold behind "Menu"; the search box stays.
        expect(browser_page.locator(".site-nav__list")).to_be_hidden()
        expect(browser_page.locator("#site-search-q")).to_be_visible()
        browser_page.get_by_text("菜单").click()
        expect(browser_page.locator(".site-nav__list")).to_be_visible()
        browser_page.close()

    with subtests.test(msg="penalties at 360 px: filters folded, results first"):
        browser_page = context.new_page()
        browser_page.set_viewport_size(PHONE)
        browser_page.goto(penalties_url)
        filters = browser_page.locator("details.browse-filters__details")
        expect(filters).not_to_have_attribute("open", "")
        expect(browser_page.get_by_label("Fine at least (yuan)")).to_be_hidden()
        table_top = browser_page.locator("table.table--cards").first.bounding_box()["y"]
        apply_top = browser_page.locator("summary.browse-filters__summary").bounding_box()["y"]
        assert apply_top < table_top  # only the summary comes before the results
        assert table_top < 740 * 2  # within two screens, not after the whole form
        browser_page.get_by_role("heading", name="Filters").click()
        expect(browser_page.get_by_label("Fine at least (yuan)")).to_be_visible()
        assert _no_sideways_scroll(browser_page)
        browser_page.close()

    with subtests.test(msg="penalties on a wide screen: filters open, sections shown"):
        browser_page = context.new_page()
        browser_page.set_viewport_size(WIDE)
        browser_page.goto(penalties_url)
        expect(browser_page.get_by_label("Fine at least (yuan)")).to_be_visible()
        expect(browser_page.locator(".site-nav__toggle")).to_be_hidden()
        current = browser_page.locator(".site-nav__link[aria-current='page']")
        expect(current).to_have_text("Penalties")
        browser_page.close()

    with subtests.test(msg="company page in print: every record open, no addresses"):
        browser_page = context.new_page()
        browser_page.set_viewport_size(WIDE)
        browser_page.goto(company_url)
        assert browser_page.locator("details.record").count() > 0
        browser_page.emulate_media(media="print")
        browser_page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        closed = browser_page.locator("details:not([open])")
        assert closed.count() == 0
        # The violation facts of the first penalty, folded on screen, print.
        expect(browser_page.get_by_text("无事实依据", exact=False).first).to_be_visible()
        printed_addresses = browser_page.evaluate(
            """() => [...document.querySelectorAll('a[href]')].filter(link => {
                   const after = getComputedStyle(link, '::after').content;
                   return after && after !== 'none' && after !== 'normal';
               }).length"""
        )
        assert printed_addresses == 0
        for hidden in (".site-search", ".site-nav", ".breadcrumbs", ".site-footer"):
            expect(browser_page.locator(hidden)).to_be_hidden()
        browser_page.close()
