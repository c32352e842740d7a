"""The credit report (信用报告): a PDF with a number, its time, the SHA-256 of
its content and a QR code, and the page that says whether a report is
genuine and whether the company's record changed since."""

import datetime
import hashlib
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import translation

from publicity.models import IssuedReport
from publicity.reports import pdf as report_pdf
from registry.selectors.report import canonical_bytes
from tests.factories import (
    CasePartyFactory,
    CompanyFactory,
    ListEntryFactory,
    PenaltyFactory,
)
from tests.factories_company_page import (
    DishonestDebtorFactory,
    FormerNameFactory,
    LicenceFactory,
    OfficerFactory,
    RatingFactory,
    ShareholdingFactory,
)
from tests.pdf_reading import pdf_text as read_pdf_text
from tests.pdf_reading import qr_holds

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
NUMBER = re.compile(r"CR\d{8}-[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def company():
    """A company with a record of every kind the report shows."""
    company = CompanyFactory(name="北京信达测试科技有限公司", name_en="Xinda Test Technology")
    PenaltyFactory(company=company, fine_amount=Decimal("12345.60"))
    LicenceFactory(company=company)
    CasePartyFactory(company=company)
    ListEntryFactory(company=company)
    DishonestDebtorFactory(entry__company=company)
    RatingFactory(company=company)
    ShareholdingFactory(company=company)
    OfficerFactory(company=company)
    FormerNameFactory(company=company)
    return company


def url(name, *args, language="zh-hans"):
    with translation.override(language):
        return reverse(name, args=args)


def download(client, company, language="zh-hans", **extra):
    return client.get(url("publicity:company-report-pdf", company.uscc, language=language), **extra)


def pdf_text(response) -> str:
    return read_pdf_text(response.content)


def test_the_pdf_holds_the_company_name_its_number_and_the_hash_of_what_is_kept(client, company):
    response = download(client, company)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        f'attachment; filename="credit-report-{company.uscc}.pdf"'
    )
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    issued = IssuedReport.objects.get()
    text = pdf_text(response)
    assert "北京信达测试科技有限公司" in text
    assert issued.number in text and NUMBER.fullmatch(issued.number)
    assert issued.sha256 in text
    assert hashlib.sha256(issued.content.encode("utf-8")).hexdigest() == issued.sha256
    # What was kept is what the paper shows: the fine, as written in both.
    assert "¥12,345.60" in issued.content and "¥12,345.60" in text
    assert "信用报告" in text and "行政处罚" in text


def test_the_english_pdf_is_in_english(client, company):
    response = download(client, company, language="en")

    text = pdf_text(response)
    issued = IssuedReport.objects.get()
    assert issued.language == "en"
    assert "Credit report" in text and "Report number" in text
    assert "Administrative penalties" in text and "Registration" in text
    assert "北京信达测试科技有限公司" in text and issued.sha256 in text


def test_each_download_is_a_new_report_with_a_number_of_its_own(client, company):
    first, second = download(client, company), download(client, company)

    numbers = [first["X-Report-Number"], second["X-Report-Number"]]
    assert numbers[0] != numbers[1]
    assert sorted(IssuedReport.objects.values_list("number", flat=True)) == sorted(numbers)


def test_the_qr_code_holds_the_address_printed_under_it(client, company):
    response = download(client, company, language="en")

    issued = IssuedReport.objects.get()
    printed = "http://testserver" + url("publicity:report-detail", issued.number, language="en")
    assert printed in pdf_text(response).replace("\n", "")
    # The QR code's image, read module by module, is segno's code of that address.
    assert qr_holds(response.content, printed)
    assert not qr_holds(response.content, printed.replace("/reports/", "/report/"))


def test_a_report_just_issued_is_genuine_and_its_record_unchanged(
    client, company, django_assert_max_num_queries
):
    download(client, company)
    issued = IssuedReport.objects.get()

    # The content built afresh: the company page's queries, the status box's and the
    # shareholding tree's (at most five, whatever the company).
    with django_assert_max_num_queries(25):
        response = client.get(issued.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "本报告真实有效" in page
    assert "自出具以来，该企业的公示信息没有变化" in page
    assert issued.sha256 in page
    assert "北京信达测试科技有限公司" in page and "京海市监罚" in page
    assert response["Cache-Control"] == "no-cache"


def test_the_english_page_says_genuine_in_english(client, company):
    download(client, company, language="en")
    issued = IssuedReport.objects.get()

    page = client.get(url("publicity:report-detail", issued.number, language="en")).content.decode()

    assert "This report is genuine" in page
    assert "The company's public record is unchanged since issue." in page


def test_a_report_altered_after_issue_does_not_verify(client, company):
    download(client, company)
    issued = IssuedReport.objects.get()
    # A database administrator lowers the fine in the kept content, by hand.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publicity_issuedreport SET content = replace(content, %s, %s) WHERE id = %s",
            ["¥12,345.60", "¥1.00", issued.pk],
        )

    page = client.get(url("publicity:report-detail", issued.number, language="en")).content
    page = page.decode()

    assert "This report does NOT verify" in page
    assert "This report is genuine" not in page
    assert "unchanged since issue" not in page


def test_content_that_is_no_json_any_more_does_not_verify_either(client, company):
    download(client, company)
    IssuedReport.objects.update(content="{")

    response = client.get(url("publicity:report-detail", IssuedReport.objects.get().number))

    assert response.status_code == 200
    assert "本报告未通过核验" in response.content.decode()


def test_a_penalty_published_after_issue_makes_the_record_changed_since_issue(client, company):
    download(client, company, language="en")
    issued = IssuedReport.objects.get()
    PenaltyFactory(company=company, decided_on=datetime.date(2026, 1, 10))

    page = client.get(url("publicity:report-detail", issued.number, language="en")).content
    page = page.decode()

    assert "This report is genuine" in page
    assert "The company's public record has changed since issue." in page
    assert f'href="{url("publicity:company-detail", company.uscc, language="en")}"' in page
    sections = re.search(r'<ul class="report-since__sections">(.*?)</ul>', page, re.S)[1]
    assert "Administrative penalties" in sections
    assert "Court cases" not in sections
    # The report itself still shows one penalty: what it held when issued.
    assert page.count('id="report-penalty-') == 1


def test_the_canonical_content_is_served_as_the_bytes_hashed(client, company):
    download(client, company)
    issued = IssuedReport.objects.get()

    response = client.get(url("publicity:report-content", issued.number))

    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == issued.sha256
    content = json.loads(response.content)
    assert content["report"] == {
        "number": issued.number,
        "issued_at": "2026-01-15T12:00:00+00:00",
        "language": "zh-hans",
    }
    assert canonical_bytes(content) == response.content


def test_the_canonical_content_sorts_keys_and_refuses_floats():
    assert canonical_bytes({"b": "二", "a": [1, True, None]}) == (
        '{"a":[1,true,null],"b":"二"}'.encode()
    )
    with pytest.raises(TypeError):
        canonical_bytes({"amount": 1.5})


def test_a_made_up_number_is_not_found(client, company):
    download(client, company)

    assert client.get(url("publicity:report-detail", "CR20260115-AAAAA-BBBBB")).status_code == 404
    assert client.get(url("publicity:report-detail", "not-a-number")).status_code == 404
    assert client.get(url("publicity:report-content", "CR20260115-AAAAA-BBBBB")).status_code == 404


def test_a_number_typed_loosely_is_found_from_the_form(client, company):
    download(client, company)
    number = IssuedReport.objects.get().number
    typed = " " + number.lower().replace("-", " ") + " "

    response = client.get(url("publicity:report-lookup"), {"number": typed})

    assert response.status_code == 302
    assert response["Location"] == url("publicity:report-detail", number)


def test_an_unknown_number_in_the_form_says_so(client):
    response = client.get(
        url("publicity:report-lookup", language="en"), {"number": "CR20260115-AAAAA-BBBBB"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in page
    assert "No report has this number" in page
    assert 'value="CR20260115-AAAAA-BBBBB"' in page


def test_past_the_limit_a_report_gets_a_429_page(client, company, settings):
    settings.REPORT_RATE_LIMIT = 2

    assert [download(client, company).status_code for _ in range(2)] == [200, 200]
    response = download(client, company, language="en")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "more than 2 credit reports or report checks in the last minute" in (
        response.content.decode()
    )
    assert IssuedReport.objects.count() == 2


def test_checking_reports_counts_against_the_same_limit(client, company, settings):
    download(client, company)
    settings.REPORT_RATE_LIMIT = 1
    number = IssuedReport.objects.get().number

    assert client.get(url("publicity:report-detail", number)).status_code == 200
    assert client.get(url("publicity:report-detail", number)).status_code == 429


def test_a_pdf_that_cannot_be_drawn_gives_the_error_page_and_keeps_no_report(
    client, company, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(report_pdf, "HTML", broken)
    client.raise_request_exception = False

    response = download(client, company, language="en")

    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    assert "<title>" in response.content.decode()
    assert IssuedReport.objects.count() == 0


def test_without_weasyprint_s_libraries_a_report_is_refused_plainly_and_none_kept(
    client, company, monkeypatch
):
    # As on a server without Pango: publicity/reports/pdf.py could not import
    # WeasyPrint, and the rest of the site runs.
    monkeypatch.setattr(report_pdf, "HTML", None)

    response = download(client, company, language="en")

    assert response.status_code == 503
    assert "Credit reports are unavailable" in response.content.decode()
    assert f'href="/en/companies/{company.uscc}/"' in response.content.decode()
    assert IssuedReport.objects.count() == 0


def test_the_report_fetches_nothing_from_the_network():
    fetcher = report_pdf.local_only_fetcher()

    for address in ("https://example.com/font.woff", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="fetches nothing"):
            fetcher(address)


def test_the_company_page_links_to_the_pdf_in_both_languages(client, company):
    chinese = client.get(url("publicity:company-detail", company.uscc)).content.decode()
    english = client.get(
        url("publicity:company-detail", company.uscc, language="en")
    ).content.decode()

    assert f'href="{url("publicity:company-report-pdf", company.uscc)}"' in chinese
    assert "下载信用报告（PDF）" in chinese
    pdf_en = url("publicity:company-report-pdf", company.uscc, language="en")
    assert f'href="{pdf_en}"' in english and "Download credit report (PDF)" in english
