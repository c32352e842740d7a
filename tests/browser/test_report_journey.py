"""A citizen's credit report in chromium: download the PDF from the company
page, read it (its text, its QR code), and open the address it gives, as a
bank would, to see that the report is genuine.

The data is ``tests/browser/pages.py``'s."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from publicity.models import IssuedReport
from tests.browser.pages import build_site
from tests.pdf_reading import pdf_text, qr_holds

pytestmark = pytest.mark.browser


def chinese(message):
    with translation.override("zh-hans"):
        return gettext(message)


def test_citizen_downloads_a_credit_report_and_a_bank_checks_it(page, live_server):
    site = build_site()
    company = site.company
    with translation.override("zh-hans"):
        company_path = reverse("publicity:company-detail", args=[company.uscc])

    page.goto(live_server.url + company_path)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=chinese("Download credit report (PDF)")).click()
    download = download_info.value
    assert download.suggested_filename == f"credit-report-{company.uscc}.pdf"
    data = open(download.path(), "rb").read()

    # The paper: the company's name, its number, and the hash of what was kept.
    text = pdf_text(data)
    number = re.search(r"CR\d{8}-[0-9A-Z]{5}-[0-9A-Z]{5}", text)[0]
    issued = IssuedReport.objects.get(number=number)
    assert company.name in text
    assert issued.sha256 in text
    # The address printed under the QR code is the one the code holds.
    address = re.search(r"https?://\S+/reports/" + number + "/", text.replace("\n", ""))[0]
    assert address == live_server.url + issued.get_absolute_url()
    assert qr_holds(data, address)

    # The bank scans the code: the report is genuine, and the same as today.
    page.goto(address)
    verdict = page.locator("#report-verdict")
    expect(verdict).to_contain_text(chinese("This report is genuine"))
    expect(page.locator("#report-since")).to_contain_text(
        chinese("The company's public record is unchanged since issue.")
    )
    expect(page.locator("#report-sha256")).to_have_text(issued.sha256)
    expect(page.get_by_text(company.name).first).to_be_visible()
