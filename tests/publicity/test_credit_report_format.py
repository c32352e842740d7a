"""The credit report carries the company page's status box (its verdict and
each fact with its severity word) and the shareholding tree; a report issued
in the earlier format (``credit-report/1``) still verifies, and is compared
with today's record on the sections both formats share."""

import datetime
import json
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from publicity.models import IssuedReport
from registry.selectors.report import canonical_bytes, content_sha256
from tests.factories import CompanyFactory, ListEntryFactory, PenaltyFactory, credit_list
from tests.pdf_reading import pdf_text
from tests.publicity.test_ownership import chain, holds
from tests.publicity.test_status_box import status_box

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def black_listed():
    company = CompanyFactory(name="北京黑名单测试有限公司")
    ListEntryFactory(
        company=company,
        credit_list=credit_list("serious_violation"),
        listed_on=datetime.date(2024, 5, 6),
        reason="提交虚假材料取得登记",
    )
    PenaltyFactory(company=company)
    return company


def url(name, *args, language="zh-hans"):
    with translation.override(language):
        return reverse(name, args=args)


def issue(client, company, language="zh-hans"):
    """Download the company's PDF: its text, on one line, and the report kept."""
    response = client.get(url("publicity:company-report-pdf", company.uscc, language=language))
    assert response.status_code == 200
    text = re.sub(r"\s+", "", pdf_text(response.content))
    return text, IssuedReport.objects.get(number=response["X-Report-Number"])


def squeeze(text):
    return re.sub(r"\s+", "", text)


def status_of_content(issued):
    return next(s for s in json.loads(issued.content)["sections"] if s["key"] == "status")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_report_s_status_is_the_company_page_s_status_box(client, black_listed, language):
    text, issued = issue(client, black_listed, language)

    _tone, verdict, facts = status_box(client, black_listed, language)
    status = status_of_content(issued)
    # The same verdict and the same facts, with the same severity words, in
    # the same order as the page (whose facts start with an icon).
    assert status["verdict"] == verdict
    assert [f"{fact['severity']} {fact['text']}".strip() for fact in status["facts"]] == [
        text.split(" ", 1)[1] for _tone, text in facts
    ]
    assert [fact["tone"] for fact in status["facts"]] == [tone for tone, _text in facts]
    # And the paper shows them.
    assert squeeze(verdict) in text
    if language == "en":
        assert "Thiscompanyisonablacklist:theSeriousViolationandDishonestyList." in text
        assert (
            "Serious:OntheSeriousViolationandDishonestyListsince2024-05-06:提交虚假材料取得登记"
        ) in text
    else:
        assert "严重：自2024-05-06起列入严重违法失信名单：提交虚假材料取得登记" in text
    assert squeeze(facts[0][1].split(" ", 1)[1]) in text


def test_the_report_shows_a_shareholder_two_levels_up_with_the_markers(client):
    company, parent, grandparent = chain(3, name="穿透")
    holds(company, grandparent)  # a cycle: 穿透0级 holds its own grandparent

    text, issued = issue(client, company)

    assert "穿透1级有限公司" in text and "穿透2级有限公司" in text
    assert "股权穿透" in text
    assert squeeze("（循环持股，不再展开）") in text
    tree = next(s for s in json.loads(issued.content)["sections"] if s["key"] == "ownership")
    top = tree["tree"]["up"][0]
    assert top["name"] == "穿透1级有限公司"
    assert top["children"][0]["name"] == "穿透2级有限公司"
    assert top["children"][0]["children"][0]["reference"] == "cycle"
    # The check page shows the same tree, from what was kept, as nested lists.
    page = client.get(issued.get_absolute_url()).content.decode()
    nested = re.search(r'<ul class="report-tree">(.*?)</ul>\s*<h3', page, re.S)[1]
    assert re.search(r"穿透1级有限公司.*<ul>\s*<li>穿透2级有限公司", nested, re.S)


def test_a_level_cut_short_says_how_many_more(client):
    company = CompanyFactory()
    for n in range(12):
        holds(CompanyFactory(name=f"股东{n:02d}有限公司"), company, percent=str(50 - n))

    text, _issued = issue(client, company, "en")

    assert "and2moreshareholders,notshownhere" in text


def old_format(content):
    """The content as format 1 laid it out: the status a list of fields, no tree."""
    sections = [s for s in content["sections"] if s["key"] != "ownership"]
    for section in sections:
        if section["key"] == "status":
            for key in ("verdict", "facts"):
                section.pop(key)
            section["fields"] = [["当前是否列入名单", "严重违法失信名单 · 2024-05-06"]]
    return {**content, "format": "credit-report/1", "sections": sections}


def issued_in_format_1(client, company):
    _text, issued = issue(client, company)
    data = canonical_bytes(old_format(json.loads(issued.content)))
    issued.content, issued.sha256 = data.decode(), content_sha256(data)
    issued.save()
    return issued


def test_a_report_of_the_earlier_format_verifies_and_compares_the_shared_sections(
    client, black_listed
):
    issued = issued_in_format_1(client, black_listed)

    page = client.get(issued.get_absolute_url()).content.decode()

    assert "本报告真实有效" in page
    # Nothing changed but the format: the record is unchanged in what is compared.
    assert "自出具以来，该企业的公示信息没有变化" in page
    assert "有变化" not in page.replace("没有变化", "")
    note = page[page.index('id="report-format-changed"') :]
    not_compared = re.search(r'<ul class="report-since__sections">(.*?)</ul>', note, re.S)[1]
    assert "当前信用状况" in not_compared
    assert "行政处罚" not in not_compared
    # What the report held is shown as it was kept: the old status fields.
    assert "严重违法失信名单 · 2024-05-06" in page


def test_a_report_of_the_earlier_format_says_which_shared_section_changed(client, black_listed):
    issued = issued_in_format_1(client, black_listed)
    PenaltyFactory(company=black_listed, decided_on=datetime.date(2026, 1, 10))

    page = client.get(url("publicity:report-detail", issued.number, language="en")).content
    page = page.decode()

    assert "This report is genuine" in page
    assert "The company&#x27;s public record has changed since issue." in page or (
        "The company's public record has changed since issue." in page
    )
    changed = re.search(r'<ul class="report-since__sections">(.*?)</ul>', page, re.S)[1]
    assert "行政处罚" in changed and "当前信用状况" not in changed
    assert 'id="report-format-changed"' in page
