"""The credit report holds what the company page shows of annual reports and
of spot checks, pledges, court orders, mortgages and deregistration notices;
a company's unpublished figures stay out of it, and a new filing after issue
makes the record changed since issue."""

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from publicity.models import IssuedReport
from registry import services
from tests.factories import CompanyFactory
from tests.factories_filings import (
    DeregistrationNoticeFactory,
    EquityPledgeFactory,
    JudicialAssistanceFactory,
    SpotCheckFactory,
)
from tests.pdf_reading import pdf_text

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name, *args, language="zh-hans"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def company():
    company = CompanyFactory(
        name="北京年报测试科技有限公司", established_on=datetime.date(2019, 3, 1)
    )
    published = services.annual_report_file(
        company=company,
        year=2024,
        filed_on=datetime.date(2025, 4, 1),
        employees=12,
        total_assets=Decimal("7654321"),
    ).obj
    services.annual_report_amend(
        report=published, amended_on=datetime.date(2025, 6, 2), changes={"employees": "15"}
    )
    withheld = services.annual_report_file(
        company=company,
        year=2023,
        filed_on=datetime.date(2024, 5, 1),
        figures_published=False,
        total_assets=Decimal("9876543"),
    ).obj
    services.annual_report_amend(
        report=withheld,
        amended_on=datetime.date(2024, 8, 1),
        changes={"total_assets": "9870000"},
    )
    EquityPledgeFactory(company=company, pledgee_name="北京测试银行股份有限公司")
    JudicialAssistanceFactory(company=company, notice_number="(2025)京0108执77号")
    DeregistrationNoticeFactory(company=company, starts_on=datetime.date(2025, 9, 1))
    return company


def issued_content(client, company, language):
    response = client.get(url("publicity:company-report-pdf", company.uscc, language=language))
    assert response.status_code == 200
    issued = IssuedReport.objects.get(language=language)
    content = json.loads(client.get(url("publicity:report-content", issued.number)).content)
    return response, issued, content


def test_the_report_holds_annual_reports_and_filings_without_unpublished_figures(client, company):
    response, _issued, content = issued_content(client, company, "en")

    sections = {section["key"]: section for section in content["sections"]}
    reports = sections["annual_reports"]["records"]
    assert [r["heading"] for r in reports] == ["Annual report for 2024", "Annual report for 2023"]
    published = dict(reports[0]["fields"])
    assert published["Total assets"] == "¥7,654,321.00"
    assert published["Amended 2025-06-02: Number of employees"] == "12 → 15"
    withheld = dict(reports[1]["fields"])
    assert withheld["Financial figures"] == "Not published by the company."
    assert withheld["Amended 2024-08-01: Total assets"] == "Not published by the company."
    raw = json.dumps(content, ensure_ascii=False)
    assert "9,876,543" not in raw and "9876543" not in raw and "9870000" not in raw

    assert "北京测试银行股份有限公司" in json.dumps(sections["equity_pledges"], ensure_ascii=False)
    assert "(2025)京0108执77号" in json.dumps(sections["judicial_assistance"], ensure_ascii=False)
    assert sections["deregistration_notices"]["records"][0]["date"] == "2025-09-01"
    # Kinds the company has none of are left out, as on the page.
    assert "spot_checks" not in sections and "chattel_mortgages" not in sections

    text = pdf_text(response.content)
    assert "Annual report for 2024" in text
    assert "北京测试银行股份有限公司" in text


def test_the_chinese_report_names_the_sections_in_chinese(client, company):
    response, _issued, content = issued_content(client, company, "zh-hans")

    titles = [section["title"] for section in content["sections"]]
    assert "年度报告" in titles
    assert "股权出质登记" in titles
    assert "2024年度报告" in pdf_text(response.content)


def test_a_spot_check_published_after_issue_makes_the_record_changed(client, company):
    _response, issued, _content = issued_content(client, company, "en")
    SpotCheckFactory(company=company, checked_on=datetime.date(2026, 1, 10))

    page = client.get(url("publicity:report-detail", issued.number, language="en")).content
    page = page.decode()

    assert "This report is genuine" in page
    assert "The company's public record has changed since issue." in page
    assert "Spot-check results" in page
