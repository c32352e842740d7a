"""Pages kept ready on the server (publicity/caching/pages.py), checked against
the database (PAGE_CACHE_FRESHNESS "check"): a page served again is the same
page, cheaper; a company page shows every change to the company and its
records at once; a search page is at most SEARCH_PAGE_CACHE_SECONDS old; staff
never get a kept page.

The clock runs in these tests (the page's version is read from the rows'
times); the suite elsewhere builds every page afresh (tests/settings.py)."""

import datetime
import gzip

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from publicity.caching import pages
from registry import services
from registry.models.base import RecordState, WithdrawalKind
from registry.selectors import company_version
from tests.factories import AgencyFactory, CasePartyFactory, CompanyFactory, PenaltyFactory
from tests.factories_company_page import FormerNameFactory, OfficerFactory
from tests.publicity.kept_pages import company_page, company_url, page_text, recent, search
from tests.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_kept(settings):
    # Checked against the database, which sees this test's own uncommitted
    # writes; test_page_cache_notified.py has the pages kept until announced.
    settings.PAGE_CACHE_FRESHNESS = "check"
    settings.SEARCH_PAGE_CACHE_SECONDS = 60
    settings.COMPANY_PAGE_CACHE_SECONDS = 600
    settings.SEARCH_RATE_LIMIT = 0
    cache.clear()


@pytest.mark.smoke
def test_a_company_page_served_again_is_the_same_page_for_one_small_query(
    client, django_assert_num_queries
):
    company = CompanyFactory()
    PenaltyFactory(company=company, decided_on=recent(), decision_number="京海市监罚〔2026〕7号")
    first = page_text(client, company)

    with django_assert_num_queries(1):
        again = page_text(client, company)

    assert again == first
    assert "京海市监罚〔2026〕7号" in again


@pytest.mark.smoke
def test_a_penalty_published_after_the_page_was_served_shows_at_once(client):
    company = CompanyFactory()
    penalty = PenaltyFactory(
        company=company,
        decided_on=recent(),
        decision_number="京海市监罚〔2026〕8号",
        state=RecordState.DRAFT,
    )
    maker = make_staff(penalty.agency, "maker")
    checker = make_staff(penalty.agency, "checker")
    assert "京海市监罚〔2026〕8号" not in page_text(client, company)

    services.record_submit(record=penalty, user=maker)
    assert "京海市监罚〔2026〕8号" not in page_text(client, company)
    services.record_approve(record=penalty, user=checker)

    assert "京海市监罚〔2026〕8号" in page_text(client, company)


def test_a_withdrawn_penalty_leaves_the_page_at_once(client):
    company = CompanyFactory()
    penalty = PenaltyFactory(
        company=company, decided_on=recent(), decision_number="京海市监罚〔2026〕9号"
    )
    staff = make_staff(penalty.agency, "staff")
    assert "京海市监罚〔2026〕9号" in page_text(client, company)

    services.record_withdraw(
        record=penalty, user=staff, kind=WithdrawalKind.CORRECTED, reason="金额有误"
    )

    assert "京海市监罚〔2026〕9号" not in page_text(client, company)


def test_an_objection_shows_its_badge_at_once_and_loses_it_when_decided(client):
    company = CompanyFactory()
    penalty = PenaltyFactory(company=company, decided_on=recent())
    assert "Under objection" not in page_text(client, company, "en")

    objection = services.objection_submit(
        record=penalty, grounds="wrong", description="x", contact="y"
    )
    assert "Under objection" in page_text(client, company, "en")

    staff = make_staff(penalty.agency, "reviewer")
    services.objection_reject(objection=objection, user=staff, reply="核对无误。")
    assert "Under objection" not in page_text(client, company, "en")


def test_a_new_court_case_former_name_or_officer_shows_at_once(client):
    company = CompanyFactory()
    page_text(client, company)

    CasePartyFactory(company=company, case__case_number="(2026)京0108民初4242号")
    assert "(2026)京0108民初4242号" in page_text(client, company)

    FormerNameFactory(company=company, name="北京旧名字贸易有限公司")
    assert "北京旧名字贸易有限公司" in page_text(client, company)

    OfficerFactory(company=company, person__name="欧阳娜娜")
    assert "欧阳娜娜" in page_text(client, company)


def test_a_change_to_the_company_itself_shows_at_once(client):
    company = CompanyFactory(address="北京市海淀区中关村大街1号")
    assert "中关村大街1号" in page_text(client, company)

    company.address = "北京市海淀区学院路30号"
    company.save()

    page = page_text(client, company)
    assert "学院路30号" in page
    assert "中关村大街1号" in page  # now as the old value in the change history


def test_a_page_kept_yesterday_is_not_served_the_day_its_penalty_leaves_public_view(
    client, settings
):
    settings.COMPANY_PAGE_CACHE_SECONDS = 3 * 24 * 60 * 60
    with time_machine.travel(datetime.datetime(2026, 3, 31, 8, 0), tick=True):
        company = CompanyFactory()
        PenaltyFactory(
            company=company,
            decided_on=datetime.date(2026, 1, 2),
            severity="minor",
            publicity_until=datetime.date(2026, 3, 31),
            decision_number="京海市监罚〔2026〕10号",
        )
        assert "京海市监罚〔2026〕10号" in page_text(client, company)

    with time_machine.travel(datetime.datetime(2026, 4, 1, 2, 0), tick=True):
        assert "京海市监罚〔2026〕10号" not in page_text(client, company)


def test_the_chinese_and_the_english_page_are_kept_apart(client):
    company = CompanyFactory()

    chinese = company_page(client, company, "zh-hans")
    english = company_page(client, company, "en")
    english_again = company_page(client, company, "en")

    assert chinese["Content-Language"] == "zh-hans"
    assert english_again["Content-Language"] == "en"
    assert english_again.content == english.content != chinese.content


def test_a_browser_gets_the_kept_page_compressed(client):
    company = CompanyFactory()
    browser = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
    first = company_page(client, company, **browser)
    plain = company_page(client, company)
    again = company_page(client, company, **browser)

    for response in (first, again):
        assert response["Content-Encoding"] == "gzip"
        assert len(response.content) < len(plain.content) / 2
        assert gzip.decompress(response.content) == plain.content
    assert plain.content.startswith(b"<!DOCTYPE html>")
    assert not plain.has_header("Content-Encoding")
    for response in (first, again, plain):
        assert "Accept-Encoding" in response["Vary"]
    refused = company_page(client, company, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert refused.content == plain.content


def test_a_page_not_found_is_not_kept(client):
    company = CompanyFactory.build()
    url = company_url(company)
    assert client.get(url).status_code == 404

    company.save()

    assert client.get(url).status_code == 200


def test_a_search_is_served_again_for_a_minute_then_built_afresh(client):
    first = CompanyFactory(name="北京星辰科技有限公司")
    with time_machine.travel(timezone.now(), tick=True) as clock:
        assert first.uscc in search(client, "星辰")
        later = CompanyFactory(name="上海星辰贸易有限公司")

        assert later.uscc not in search(client, "星辰")
        assert later.uscc in search(client, "星辰 ")  # another query: built now

        clock.shift(61)
        assert later.uscc in search(client, "星辰")


def test_staff_always_get_pages_built_afresh(client):
    CompanyFactory(name="北京星辰科技有限公司")
    company = CompanyFactory()
    staff = make_staff(AgencyFactory(), "staff")
    search(client, "星辰")
    page_text(client, company)
    client.force_login(staff)

    later = CompanyFactory(name="上海星辰贸易有限公司")
    FormerNameFactory(company=company, name="北京旧名字贸易有限公司")

    assert later.uscc in search(client, "星辰")
    assert "北京旧名字贸易有限公司" in page_text(client, company)


def test_searches_served_again_still_count_towards_the_limit(client, settings):
    settings.SEARCH_RATE_LIMIT = 2
    CompanyFactory(name="北京星辰科技有限公司")

    search(client, "星辰")
    search(client, "星辰")
    with translation.override("en"):
        refused = client.get(reverse("publicity:search"), {"q": "星辰"})

    assert refused.status_code == 429


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_company_pages_are_still_served_when_prepared_statements_do_not_hold(client):
    """Behind a pooler in transaction mode a statement prepared on one server
    connection is not there for the next request: the page must still come,
    and still show a change at once."""
    company = CompanyFactory()
    page_text(client, company)
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DEALLOCATE {company_version.STATEMENT}")
        FormerNameFactory(company=company, name="北京旧名字贸易有限公司")

        assert "北京旧名字贸易有限公司" in page_text(client, company)
        FormerNameFactory(company=company, name="北京更旧名字贸易有限公司")
        assert "北京更旧名字贸易有限公司" in page_text(client, company)
    finally:
        company_version._unprepared.clear()


def test_an_annual_report_filed_or_amended_shows_at_once(client):
    company = CompanyFactory(established_on=datetime.date(2019, 1, 1))
    assert "filed on 2025-04-01" not in page_text(client, company, "en")
    report = services.annual_report_file(
        company=company, year=2024, filed_on=datetime.date(2025, 4, 1), employees=7
    ).obj
    assert "filed on 2025-04-01" in page_text(client, company, "en")
    services.annual_report_amend(
        report=report, amended_on=datetime.date(2025, 5, 2), changes={"phone": "010-1234"}
    )
    assert "010-1234" in page_text(client, company, "en")


def test_filings_and_a_decided_deregistration_objection_show_at_once(client):
    from tests.factories_filings import DeregistrationNoticeFactory, SpotCheckFactory

    company = CompanyFactory()
    page_text(client, company)

    SpotCheckFactory(company=company, remarks="消防通道堵塞")
    assert "消防通道堵塞" in page_text(client, company)

    notice = DeregistrationNoticeFactory(company=company, starts_on=recent())
    objection = services.deregistration_objection_submit(
        notice=notice, objector_kind="creditor", reason="尚欠货款一万元", contact="x@example.org"
    )
    assert "尚欠货款一万元" not in page_text(client, company)
    staff = make_staff(notice.agency, "registrar")
    services.deregistration_objection_decide(
        objection=objection, user=staff, upheld=False, reply="债务已清偿"
    )
    assert "尚欠货款一万元" in page_text(client, company)


def _queries(client, company):
    with CaptureQueriesContext(connection) as queries:
        page_text(client, company)
    return len(queries)


def test_a_page_is_kept_from_the_second_time_its_address_is_asked_for(client, settings):
    settings.PAGE_CACHE_ADMIT_AFTER = 2
    pages._seen.clear()
    company = CompanyFactory()
    PenaltyFactory(company=company, decided_on=recent())

    built = _queries(client, company)
    assert built > 1
    assert _queries(client, company) == built  # built again, and now kept
    assert _queries(client, company) == 1  # served again: its version only


def test_pages_asked_for_once_are_not_kept(client, settings):
    # A crawler walking every company: none of its pages is kept, so none
    # pushes out the pages readers come back to.
    settings.PAGE_CACHE_ADMIT_AFTER = 2
    pages._seen.clear()
    walked = [CompanyFactory() for _ in range(5)]
    busy = CompanyFactory()
    page_text(client, busy)
    page_text(client, busy)

    for company in walked:
        page_text(client, company)

    assert all(_queries(client, company) > 1 for company in walked[:1])
    assert _queries(client, busy) == 1
