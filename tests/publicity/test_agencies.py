"""The agency page: its facts, and what it has published with capped counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import Licence
from tests.factories import (
    AgencyFactory,
    CasePartyFactory,
    CompanyFactory,
    CourtFactory,
    ListEntryFactory,
    PenaltyFactory,
    region,
)
from tests.factories_browse import bulk_penalties, freeze_today, removed_entry


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


def agency_page(client, agency, language="zh-hans"):
    with translation.override(language):
        url = reverse("publicity:agency-detail", args=[agency.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.smoke
def test_agency_page_shows_the_agency_facts(client):
    agency = AgencyFactory(
        name="杭州市市场监督管理局",
        name_en="Hangzhou Administration for Market Regulation",
        level="prefecture",
        region=region("330100"),
        credit_code="11330100MB0000000X",
    )

    page = agency_page(client, agency)

    assert "<h1>" in page and "杭州市市场监督管理局" in page
    assert "Hangzhou Administration for Market Regulation" in page
    assert "浙江省" in page and "杭州市" in page
    assert "11330100MB0000000X" in page


def test_agency_page_lists_its_public_penalties_only(client):
    agency = AgencyFactory()
    shown = PenaltyFactory(agency=agency, fine_amount=Decimal("8800"))
    PenaltyFactory(agency=agency, decision_number="期满罚〔2025〕1号", publicity_until="2025-11-01")
    PenaltyFactory(
        agency=agency,
        decision_number="简易警告〔2025〕1号",
        simple_procedure=True,
        categories=["warning"],
    )
    PenaltyFactory(decision_number="别的机关罚〔2025〕1号")

    page = agency_page(client, agency, "en")

    assert shown.decision_number in page
    assert "¥8,800.00" in page
    assert reverse("publicity:company-detail", args=[shown.company.uscc]) in page
    assert "期满罚" not in page and "简易警告" not in page and "别的机关罚" not in page
    assert f"{reverse('publicity:penalty-list')}?authority={agency.pk}" in page


def test_agency_page_shows_list_entries_and_licence_count(client):
    agency = AgencyFactory()
    entry = ListEntryFactory(authority=agency, company__name="被列入公司")
    removed_entry(authority=agency, company__name="已移出公司")
    Licence.objects.create(
        agency=agency,
        company=CompanyFactory(),
        decision_number="许可〔2025〕1号",
        licence_name="食品经营许可证",
        decided_on=datetime.date(2025, 1, 1),
    )

    page = agency_page(client, agency, "en")

    assert "被列入公司" in page and "已移出公司" in page
    assert "Removed on 2025-10-01" in page
    assert (
        reverse("publicity:list-detail", args=[entry.credit_list.code]) + f"?authority={agency.pk}"
        in page
    )
    assert "Administrative licences</dt><dd>1</dd>" in page.replace("\n", "")


def test_court_page_shows_its_cases(client):
    court = CourtFactory()
    party = CasePartyFactory(case__court=court, case__court_code=court.court_code)

    page = agency_page(client, court)

    assert party.case.case_number in page
    assert reverse("publicity:company-detail", args=[party.company.uscc]) in page
    assert f"{reverse('publicity:case-list')}?court={court.pk}" in page


def test_counts_past_a_thousand_are_capped(client):
    agency = AgencyFactory()
    bulk_penalties(1001, agency=agency)

    page = agency_page(client, agency, "en")

    assert "more than 1,000" in page
    assert page.count("批量罚") == 20


def test_agency_text_is_shown_escaped(client):
    agency = AgencyFactory(name="<em>机关</em>", name_en="<b>Bureau</b>")

    page = agency_page(client, agency)

    assert "<em>机关" not in page and "<b>Bureau" not in page
    assert "&lt;em&gt;机关&lt;/em&gt;" in page


def test_agency_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    court = CourtFactory()
    for _ in range(5):
        PenaltyFactory(agency=court, categories=["fine", "warning"])
        ListEntryFactory(authority=court)
        CasePartyFactory(case__court=court, case__court_code=court.court_code)

    # The agency; per kind a capped count and the rows; categories; parties.
    with django_assert_max_num_queries(10):
        agency_page(client, court)


def test_unknown_agency_is_a_404_page(client):
    agency = AgencyFactory()

    response = client.get(reverse("publicity:agency-detail", args=[agency.pk + 1]))

    assert response.status_code == 404


def test_agency_page_in_english(client):
    agency = AgencyFactory()

    page = agency_page(client, agency, "en")

    assert '<html lang="en">' in page
    assert "Published records" in page
    assert "market regulation" in page


def test_an_agency_id_past_the_database_range_is_a_404_page(client):
    response = client.get(reverse("publicity:agency-detail", args=[10**30]))

    assert response.status_code == 404
