"""Browsing penalties and court cases: what is listed and hidden, each filter
and sort order, pagination that keeps the filters, capped counts, escaping,
both languages, and a bounded number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import (
    AgencyFactory,
    CasePartyFactory,
    CompanyFactory,
    CourtCaseFactory,
    CourtFactory,
    PenaltyFactory,
    region,
)
from tests.factories_browse import bulk_penalties, freeze_today, page_of

PENALTIES = reverse("publicity:penalty-list")
CASES = reverse("publicity:case-list")
with translation.override("en"):
    # For the interface's own words (counts), which the Chinese pages translate.
    PENALTIES_EN = reverse("publicity:penalty-list")


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


def order_in(page, *needles):
    """The needles in the order they appear on the page."""
    return sorted(needles, key=page.index)


# --- Penalties: shown and hidden ---------------------------------------------


@pytest.mark.smoke
def test_penalty_list_shows_a_public_penalty_with_links_and_the_fine(client):
    penalty = PenaltyFactory(fine_amount=Decimal("123456"), categories=["fine", "confiscation"])

    page = page_of(client, PENALTIES_EN)

    assert "2025-06-01" in page
    assert penalty.decision_number in page
    assert reverse("publicity:company-detail", args=[penalty.company.uscc]) in page
    assert reverse("publicity:agency-detail", args=[penalty.agency.pk]) in page
    assert "¥123,456.00" in page
    assert "1 penalty" in page


def test_penalty_list_hides_warning_only_simple_procedure_and_expired_penalties(client):
    shown = PenaltyFactory(decision_number="公开罚〔2025〕1号")
    PenaltyFactory(
        decision_number="简易警告〔2025〕1号",
        simple_procedure=True,
        categories=["warning"],
        fine_amount=None,
    )
    PenaltyFactory(decision_number="期满罚〔2025〕1号", publicity_until=datetime.date(2025, 11, 30))

    page = page_of(client, PENALTIES_EN)

    assert shown.decision_number in page
    assert "简易警告" not in page
    assert "期满罚" not in page
    assert "1 penalty" in page


def test_record_text_is_shown_escaped(client):
    company = CompanyFactory(name="<script>alert(1)</script>有限公司")
    PenaltyFactory(company=company, decision_number="<b>罚</b>〔2025〕1号")

    page = page_of(client, PENALTIES)

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;有限公司" in page
    assert "&lt;b&gt;罚&lt;/b&gt;" in page


# --- Penalties: filters and sorting -------------------------------------------


def test_penalties_filtered_by_authority(client):
    mine = PenaltyFactory(decision_number="甲罚〔2025〕1号")
    PenaltyFactory(decision_number="乙罚〔2025〕1号")

    page = page_of(client, PENALTIES, authority=mine.agency.pk)

    assert "甲罚" in page
    assert "乙罚" not in page


def test_authority_choices_are_only_agencies_with_penalties(client):
    penalty = PenaltyFactory()
    idle = AgencyFactory(name="没有处罚的机关")

    page = page_of(client, PENALTIES)

    assert f'<option value="{penalty.agency.pk}">{penalty.agency.name}</option>' in page
    assert idle.name not in page


def test_penalties_filtered_by_violation_type_and_category(client):
    PenaltyFactory(decision_number="环境罚〔2025〕1号", violation_type="environment")
    PenaltyFactory(decision_number="停业罚〔2025〕1号", categories=["fine", "suspension"])

    by_type = page_of(client, PENALTIES, violation_type="environment")
    by_category = page_of(client, PENALTIES, category="suspension")

    assert "环境罚" in by_type and "停业罚" not in by_type
    assert "停业罚" in by_category and "环境罚" not in by_category


def test_penalties_filtered_by_province_and_city_of_the_company(client):
    PenaltyFactory(decision_number="京罚〔2025〕1号")  # 110108, Beijing
    PenaltyFactory(decision_number="杭罚〔2025〕1号", company__region=region("330106"))
    PenaltyFactory(decision_number="甬罚〔2025〕1号", company__region=region("330212"))

    zhejiang = page_of(client, PENALTIES, province="330000")
    hangzhou = page_of(client, PENALTIES, province="330000", city="330100")

    assert "杭罚" in zhejiang and "甬罚" in zhejiang and "京罚" not in zhejiang
    assert "杭罚" in hangzhou and "甬罚" not in hangzhou
    assert '<option value="330200">宁波市</option>' in zhejiang


def test_a_city_of_another_province_is_ignored(client):
    PenaltyFactory(decision_number="杭罚〔2025〕1号", company__region=region("330106"))

    page = page_of(client, PENALTIES, province="330000", city="440300")

    assert "杭罚" in page


def test_penalties_filtered_by_fine_range_and_decision_dates(client):
    PenaltyFactory(decision_number="小罚〔2025〕1号", fine_amount=Decimal("500"))
    PenaltyFactory(
        decision_number="中罚〔2025〕1号",
        fine_amount=Decimal("5000"),
        decided_on=datetime.date(2025, 3, 1),
    )
    PenaltyFactory(decision_number="大罚〔2025〕1号", fine_amount=Decimal("50000"))

    by_fine = page_of(client, PENALTIES, fine_min="1000", fine_max="10000")
    by_date = page_of(client, PENALTIES, decided_from="2025-02-01", decided_to="2025-04-30")

    assert "中罚" in by_fine and "小罚" not in by_fine and "大罚" not in by_fine
    assert "中罚" in by_date and "小罚" not in by_date and "大罚" not in by_date


def test_penalties_sorted_by_fine_and_by_date(client):
    PenaltyFactory(decision_number="旧大罚", fine_amount=9000, decided_on=datetime.date(2025, 1, 1))
    PenaltyFactory(decision_number="新小罚", fine_amount=10, decided_on=datetime.date(2025, 9, 1))
    PenaltyFactory(decision_number="中中罚", fine_amount=500, decided_on=datetime.date(2025, 5, 1))
    names = ("旧大罚", "新小罚", "中中罚")

    newest = order_in(page_of(client, PENALTIES), *names)
    oldest = order_in(page_of(client, PENALTIES, sort="oldest"), *names)
    largest = order_in(page_of(client, PENALTIES, sort="largest"), *names)
    smallest = order_in(page_of(client, PENALTIES, sort="smallest"), *names)

    assert newest == ["新小罚", "中中罚", "旧大罚"]
    assert oldest == ["旧大罚", "中中罚", "新小罚"]
    assert largest == ["旧大罚", "中中罚", "新小罚"]
    assert smallest == ["新小罚", "中中罚", "旧大罚"]


def test_a_bad_filter_value_is_an_error_shown_at_the_top(client):
    response = client.get(PENALTIES, {"fine_min": "<b>lots</b>", "decided_from": "yesterday"})

    page = response.content.decode()
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert re.search(r"<title>\s*" + re.escape(gettext("Error:")), page)
    assert 'class="browse-errors"' in page
    assert 'href="#id_fine_min"' in page
    assert "<b>lots</b>" not in page


# --- Pagination and counts ----------------------------------------------------


def test_pagination_links_keep_the_filters(client):
    bulk_penalties(30)

    page = page_of(client, PENALTIES_EN, violation_type="market_order", sort="largest")

    assert "30 penalties" in page
    next_link = re.search(r'rel="next" href="([^"]+)"', page).group(1)
    assert "violation_type=market_order" in next_link
    assert "sort=largest" in next_link
    assert "page=2" in next_link
    second = page_of(client, PENALTIES_EN + next_link.replace("&amp;", "&"))
    assert 'rel="prev"' in second
    assert "showing 26 to 30" in second


def test_counts_stop_at_a_thousand_and_deep_pages_are_not_served(client):
    bulk_penalties(1001)

    first = page_of(client, PENALTIES_EN)
    last = page_of(client, PENALTIES_EN, page=40)
    too_deep = page_of(client, PENALTIES_EN, page=41)

    assert "More than 1,000 penalties" in first
    assert 'rel="next"' not in last
    assert "Narrow the filters" in last
    assert "Only the first 40 pages" in too_deep
    assert "批量罚" not in too_deep


def test_penalty_list_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for n in range(12):
        PenaltyFactory(categories=["fine", "warning"], company__name=f"公司{n}")
    params = {"province": "110000", "sort": "largest"}
    client.get(PENALTIES, params)  # the choices are now in the cache

    # The cached choices, the capped count, the rows, their categories.
    with django_assert_max_num_queries(4):
        response = client.get(PENALTIES, params)

    assert response.status_code == 200


# --- Penalties in English ---------------------------------------------------


def test_penalty_list_in_english(client):
    PenaltyFactory(violation_type="environment")
    with translation.override("en"):
        url = reverse("publicity:penalty-list")

    page = page_of(client, url)

    assert url.startswith("/en/")
    assert '<html lang="en">' in page
    assert "Administrative penalties" in page
    assert "environmental violation" in page
    assert "Test Administration for Market Regulation" in page


# --- Court cases ------------------------------------------------------------


@pytest.mark.smoke
def test_case_list_shows_cases_with_their_parties(client):
    party = CasePartyFactory(case__cause_of_action="买卖合同纠纷")
    CasePartyFactory(case=party.case, company=None, name="王某", role="plaintiff")

    page = page_of(client, CASES)

    assert party.case.case_number in page
    assert "买卖合同纠纷" in page
    assert reverse("publicity:company-detail", args=[party.company.uscc]) in page
    assert "王某" in page
    assert reverse("publicity:agency-detail", args=[party.case.court.pk]) in page


def test_cases_filtered_by_court_type_cause_and_date(client):
    court = CourtFactory()
    CourtCaseFactory(court=court, cause_of_action="借款合同纠纷", case_number="(2024)京0001民初1号")
    CourtCaseFactory(
        cause_of_action="劳动争议",
        case_type="enforcement",
        type_code="执",
        filed_on=datetime.date(2025, 5, 1),
        case_number="(2024)京0002执1号",
    )

    by_court = page_of(client, CASES, court=court.pk)
    by_type = page_of(client, CASES, case_type="enforcement")
    by_cause = page_of(client, CASES, cause="借款")
    by_date = page_of(client, CASES, filed_from="2025-01-01", filed_to="2025-12-31")

    assert "民初1号" in by_court and "执1号" not in by_court
    assert "执1号" in by_type and "民初1号" not in by_type
    assert "民初1号" in by_cause and "执1号" not in by_cause
    assert "执1号" in by_date and "民初1号" not in by_date


def test_cases_sorted_by_filing_date(client):
    CourtCaseFactory(case_number="(2024)京0001民初1号", filed_on=datetime.date(2024, 1, 1))
    CourtCaseFactory(case_number="(2024)京0002民初2号", filed_on=datetime.date(2024, 9, 1))

    newest = order_in(page_of(client, CASES), "民初1号", "民初2号")
    oldest = order_in(page_of(client, CASES, sort="oldest"), "民初1号", "民初2号")

    assert newest == ["民初2号", "民初1号"]
    assert oldest == ["民初1号", "民初2号"]


def test_court_choices_are_only_courts_with_cases(client):
    case = CourtCaseFactory()
    idle = CourtFactory(name="没有案件的法院")

    page = page_of(client, CASES)

    assert f'<option value="{case.court.pk}">' in page
    assert idle.name not in page


def test_case_text_is_shown_escaped(client):
    CourtCaseFactory(cause_of_action="<img src=x onerror=alert(1)>纠纷")

    page = page_of(client, CASES)

    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;纠纷" in page


def test_case_list_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(10):
        case = CasePartyFactory().case
        CasePartyFactory(case=case, role="plaintiff")
    client.get(CASES, {"case_type": "civil"})

    # The cached choices, the capped count, the rows, their parties.
    with django_assert_max_num_queries(4):
        response = client.get(CASES, {"case_type": "civil"})

    assert response.status_code == 200
    assert response.content.decode().count("民初") == 10


def test_odd_parameters_are_errors_or_ignored_never_a_crash(client):
    PenaltyFactory()

    huge_authority = client.get(PENALTIES, {"authority": "9" * 30})
    bad_sort = client.get(PENALTIES, {"sort": "<script>"})
    bad_page = page_of(client, PENALTIES_EN, page="-3")
    nul = client.get(CASES, {"cause": "纠纷\x00"})

    assert huge_authority.status_code == 400
    assert bad_sort.status_code == 400
    assert "<script>" not in bad_sort.content.decode()
    assert "1 penalty" in bad_page
    assert nul.status_code == 400


def test_many_authorities_are_offered_only_once_a_province_is_chosen(client, monkeypatch):
    monkeypatch.setattr("publicity.browse_filters.AGENCY_SELECT_MAX", 1)
    beijing = PenaltyFactory(agency__name="北京某局").agency
    zhejiang = PenaltyFactory(agency__name="浙江某局", agency__region=region("330106")).agency
    national = PenaltyFactory(agency__name="国家某局", agency__region=None).agency

    everywhere = page_of(client, PENALTIES_EN)
    in_zhejiang = page_of(client, PENALTIES_EN, province="330000")
    linked = page_of(client, PENALTIES_EN, authority=beijing.pk)

    assert "To choose an authority, choose a province" in everywhere
    assert 'name="authority"' not in everywhere
    assert f'<option value="{zhejiang.pk}">' in in_zhejiang
    assert f'<option value="{national.pk}">' in in_zhejiang
    assert f'<option value="{beijing.pk}">' not in in_zhejiang
    assert f'<option value="{beijing.pk}" selected>' in linked


def test_cases_filtered_by_the_province_of_the_court(client):
    CourtCaseFactory(case_number="(2024)京0001民初1号")  # a Beijing court
    CourtCaseFactory(case_number="(2024)浙0106民初2号", court__region=region("330106"))

    page = page_of(client, CASES, province="330000")

    assert "浙0106民初2号" in page
    assert "京0001民初1号" not in page


def test_cases_without_a_filing_date_come_last(client):
    CourtCaseFactory(case_number="(2024)京0001民初1号", filed_on=None)
    CourtCaseFactory(case_number="(2024)京0002民初2号", filed_on=datetime.date(2024, 1, 1))

    newest = order_in(page_of(client, CASES), "民初1号", "民初2号")
    oldest = order_in(page_of(client, CASES, sort="oldest"), "民初1号", "民初2号")

    assert newest == ["民初2号", "民初1号"]
    assert oldest == ["民初2号", "民初1号"]
