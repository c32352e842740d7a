"""A journalist's open-data journey in chromium: filter the penalties, download
what the page shows as CSV (and open it), follow the page's feed, and open the
API's documentation page, all from links the page shows.

The data is ``tests/browser/pages.py``'s: a penalty of ¥200,000.00 and one of
¥5,000.00."""

import csv
import io
import re

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.pages import build_site

pytestmark = pytest.mark.browser


def english_path(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_journalist_downloads_follows_and_reads_the_api_docs(page, live_server):
    site = build_site()
    large, small = site.large_penalty, site.small_penalty

    page.goto(live_server.url + english_path("publicity:penalty-list"))
    page.get_by_label("Fine at least (yuan)").fill("100000")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"fine_min=100000"))

    # The CSV of what the page shows: the large fine only.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    numbers = {row["decision_number"] for row in rows}
    assert numbers == {large.decision_number}
    assert small.decision_number not in text

    # The feed with the same filters, as a feed reader would read it.
    feed_link = page.get_by_role("link", name="Follow (Atom feed)")
    href = feed_link.get_attribute("href")
    assert "fine_min=100000" in href
    response = page.request.get(live_server.url + href if href.startswith("/") else href)
    assert response.ok and "atom" in response.headers["content-type"]
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    titles = " ".join(entry.title + entry.summary for entry in feed.entries)
    assert large.decision_number in titles and small.decision_number not in titles

    # The data page, then the API's documentation, served from our own files.
    page.get_by_role("link", name=re.compile("open data", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scripts = []
    page.on("request", lambda request: scripts.append(request.url))
    page.get_by_role("link", name=re.compile("API", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/api/v1/docs/"))
    expect(page.locator(".swagger-ui")).to_be_visible()
    expect(page.get_by_text("/api/v1/penalties/").first).to_be_visible()
    assert scripts and all(url.startswith(live_server.url) for url in scripts)
