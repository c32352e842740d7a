"""The company page's annual reports: by year, newest first, the figures only
where the company chose to publish them, amendments with their date, each
report in the timeline, and a fact in the status box when last year's report
is missing after 30 June."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from registry import services
from tests.factories import AgencyFactory, CompanyFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def page(client, company, language="en"):
    with translation.override(language):
        url = reverse("publicity:company-detail", args=[company.uscc])
    return client.get(url).content.decode()


def section(html):
    start = html.index('<section aria-labelledby="annual-reports">')
    return html[start : html.index("</section>", start)]


def status_box(html):
    start = html.index('<section class="status-summary')
    return " ".join(re.sub(r"<[^>]+>", "", html[start : html.index("</section>", start)]).split())


@pytest.fixture
def company():
    return CompanyFactory(established_on=D(2019, 3, 1), registration_authority=AgencyFactory())


@time_machine.travel("2025-12-01 10:00 +0800", tick=False)
def test_reports_are_shown_by_year_newest_first_with_their_amendments(client, company):
    for year in (2022, 2024, 2023):
        services.annual_report_file(
            company=company,
            year=year,
            filed_on=D(year + 1, 4, 1),
            employees=10 + year - 2022,
            revenue=Decimal("1234567.00"),
            postal_address="北京市海淀区中关村大街1号",
        )
    report = company.annual_reports.get(year=2024)
    services.annual_report_amend(
        report=report, amended_on=D(2025, 8, 3), changes={"operating_status": "suspended"}
    )
    html = section(page(client, company))
    assert re.findall(r'id="annual-report-(\d+)"', html) == ["2024", "2023", "2022"]
    assert "Revenue" in html and "¥1,234,567.00" in html
    assert "2025-08-03" in html and "Operating" in html and "Business suspended" in html
    assert '<span lang="zh-Hans">北京市海淀区中关村大街1号</span>' in html


@time_machine.travel("2025-12-01 10:00 +0800", tick=False)
def test_withheld_figures_are_shown_nowhere_on_the_page(client, company):
    report = services.annual_report_file(
        company=company,
        year=2024,
        filed_on=D(2025, 4, 1),
        revenue=Decimal("7654321.00"),
        figures_published=False,
    ).obj
    services.annual_report_amend(
        report=report, amended_on=D(2025, 9, 1), changes={"net_profit": "5555555"}
    )
    english, chinese = page(client, company), page(client, company, "zh-hans")
    assert "Financial figures not published by the company." in section(english)
    assert "企业选择不公示" in section(chinese)
    for html in (english, chinese):
        assert "7,654,321" not in html and "7654321" not in html
        assert "5555555" not in html and "5,555,555" not in html
    assert "Not published by the company." in section(english)


@time_machine.travel("2025-12-01 10:00 +0800", tick=False)
def test_a_filed_report_is_in_the_timeline(client, company):
    services.annual_report_file(company=company, year=2024, filed_on=D(2025, 4, 9))
    html = page(client, company)
    timeline = html[html.index('id="timeline"') :]
    assert re.search(
        r'2025-04-09</time>\s*<span class="timeline__text">\s*'
        r'<a href="#annual-report-2024">Annual report for 2024 filed',
        timeline,
    )


def test_the_status_box_says_last_years_report_is_missing_from_1_july(client, company):
    with time_machine.travel("2026-06-30 10:00 +0800", tick=False):
        assert "annual report" not in status_box(page(client, company))
    with time_machine.travel("2026-07-01 10:00 +0800", tick=False):
        box = status_box(page(client, company))
        assert "No annual report for 2025 is public: it was due by 30 June." in box
        assert "2025年度报告" in status_box(page(client, company, "zh-hans"))
    services.annual_report_file(company=company, year=2025, filed_on=D(2026, 6, 20))
    with time_machine.travel("2026-07-01 10:00 +0800", tick=False):
        assert "annual report" not in status_box(page(client, company))


def test_a_company_established_this_year_or_last_has_no_missing_report_fact(client):
    young = CompanyFactory(established_on=D(2026, 2, 1))
    with time_machine.travel("2026-07-01 10:00 +0800", tick=False):
        assert "annual report" not in status_box(page(client, young))
