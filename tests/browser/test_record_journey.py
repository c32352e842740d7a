"""A journalist cites one record: opens a penalty from the company page,
copies its permanent link with the "Copy link" button, and opens the link in
a new page; and a reader follows a link into the company page that opens and
highlights the record it names. In chromium, with JavaScript on.

The data is ``tests/browser/pages.py``'s (a company with a penalty of
¥200,000.00, folded in a <details> on its page).
"""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.pages import build_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.browser_context_args(permissions=["clipboard-read", "clipboard-write"]),
]


def english_path(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_journalist_opens_a_penalty_copies_its_link_and_opens_it_in_a_new_page(
    page, context, live_server
):
    site = build_site()
    penalty = site.large_penalty

    page.goto(live_server.url + english_path("publicity:company-detail", site.company.uscc))
    record = page.locator(f"#penalty-{penalty.pk}")
    record.get_by_text(penalty.decision_number).first.click()  # unfold it
    record.get_by_role("link", name="Permanent link to this record").click()

    expect(page).to_have_url(live_server.url + english_path("publicity:penalty-detail", penalty.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Administrative penalty {penalty.decision_number}"
    )
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs.get_by_role("link", name=site.company.name)).to_be_visible()

    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status")).to_have_text("Link copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    # The permanent address: no language prefix.
    assert copied == live_server.url + f"/penalties/{penalty.pk}/"

    cited = context.new_page()
    cited.goto(copied)
    expect(cited.get_by_role("heading", level=1)).to_contain_text(penalty.decision_number)
    expect(cited.get_by_role("main")).to_contain_text("¥200,000.00")
    expect(cited.locator("html")).to_have_attribute("lang", "zh-Hans")
    cited.close()


def test_a_deep_link_into_the_company_page_opens_and_highlights_the_record(page, live_server):
    site = build_site()
    penalty, case = site.large_penalty, site.case
    company_page = live_server.url + english_path("publicity:company-detail", site.company.uscc)

    page.goto(f"{company_page}#penalty-{penalty.pk}")
    record = page.locator(f"#penalty-{penalty.pk}")
    expect(record).to_have_attribute("open", "")
    expect(record.get_by_text("¥12,000.00")).to_be_visible()
    assert record.evaluate("element => element.matches(':target')")
    highlight = record.evaluate("element => getComputedStyle(element).backgroundColor")
    assert highlight == "rgb(255, 247, 191)"

    # Another record named in the address, without reloading the page.
    other = page.locator(f"#case-{case.pk}")
    expect(other).not_to_have_attribute("open", "")
    page.evaluate(f"window.location.hash = 'case-{case.pk}'")
    expect(other).to_have_attribute("open", "")
    expect(other.get_by_text(case.outcome)).to_be_visible()


def test_a_record_page_and_a_tombstone_fit_a_360_pixel_phone(page, live_server):
    site = build_site()
    page.set_viewport_size({"width": 360, "height": 740})
    for record, status in ((site.large_penalty, 200), (site.case, 200), (site.old_entry, 410)):
        response = page.goto(live_server.url + english_path_of(record))
        assert response.status == status
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (record, width)


def english_path_of(record):
    with translation.override("en"):
        return record.get_absolute_url()
