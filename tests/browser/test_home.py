import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def site_name(language_code):
    with translation.override(language_code):
        return str(settings.SITE_NAME)


def chinese(message):
    with translation.override("zh-hans"):
        return gettext(message)


def test_home_page_shows_the_site_name_in_chinese_by_default(page, live_server):
    page.goto(live_server.url + reverse("publicity:home"))

    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text(site_name("zh-hans"))
    expect(page.get_by_role("listitem").filter(has_text="经营异常名录")).to_be_visible()


def test_language_switcher_changes_the_page_to_english(page, live_server):
    page.goto(live_server.url + reverse("publicity:home"))

    page.get_by_role("navigation", name=chinese("Language")).get_by_role(
        "link", name="English"
    ).click()

    with translation.override("en"):
        english_home = reverse("publicity:home")
    expect(page).to_have_url(live_server.url + english_home)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(site_name("en"))
    expect(page.get_by_role("listitem").filter(has_text="Abnormal Operations List")).to_be_visible()
