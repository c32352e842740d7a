"""The statistics page on a 360-px phone: nothing wider than the screen (the
charts scale down, the tables scroll inside their own labelled regions), every
chart drawn. A screenshot is left in /tmp for a person to look at."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.pages import build_site

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/statistics-360px.png"


def test_the_statistics_page_fits_a_360_px_phone_with_every_chart_drawn(live_server, browser):
    build_site()  # and the statistics summaries
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        phone = context.new_page()
        phone.goto(live_server.url + reverse("publicity:statistics"))

        charts = phone.locator("img.statistics-chart__image")
        assert charts.count() == 8
        for index in range(charts.count()):
            chart = charts.nth(index)
            chart.scroll_into_view_if_needed()
            expect(chart).to_be_visible()
            phone.wait_for_function("image => image.complete", arg=chart.element_handle())
            assert chart.evaluate("image => image.naturalWidth") > 0  # the SVG was drawn
            assert chart.bounding_box()["width"] <= 360
        tables = phone.locator("[role=region].statistics-chart__table")
        assert tables.count() == 8
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        phone.screenshot(path=SCREENSHOT, full_page=True)
    finally:
        context.close()
