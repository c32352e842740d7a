"""Pages kept until PostgreSQL announces a change to them (PAGE_CACHE_FRESHNESS
"notify", publicity/caching/change_feed.py): a page served again costs no query at all,
and every committed change to what a page shows reaches it.

The writes here are committed (transactional tests), as announcements are
sent only on commit; ``heard()`` waits until the feed has read everything
committed before it, which on one machine takes well under a millisecond. The
clock runs, as in test_page_cache.py."""

import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from publicity.caching import change_feed
from publicity.caching.change_feed import APPLICATION_NAME, feed
from registry import services
from registry.models import Company, CreditList
from registry.models.base import RecordState
from tests.factories import CasePartyFactory, CompanyFactory, PenaltyFactory
from tests.factories_company_page import FormerNameFactory, OfficerFactory
from tests.publicity.kept_pages import company_url, page_text, recent, search
from tests.staff import make_staff

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL announces changes; SQLite cannot"
    ),
]


@pytest.fixture(autouse=True)
def _pages_kept_until_announced(settings):
    settings.PAGE_CACHE_FRESHNESS = "notify"
    settings.SEARCH_PAGE_CACHE_SECONDS = 600
    settings.SEARCH_PAGE_CHANGE_SECONDS = 0
    settings.COMPANY_PAGE_CACHE_SECONDS = 600
    settings.SEARCH_RATE_LIMIT = 0


def heard():
    assert feed.sync(), "the feed is not listening"


def test_a_company_page_served_again_asks_the_database_nothing(client, django_assert_num_queries):
    company = CompanyFactory()
    PenaltyFactory(company=company, decided_on=recent(), decision_number="京海市监罚〔2026〕7号")
    first = page_text(client, company)

    with django_assert_num_queries(0):
        again = page_text(client, company)

    assert again == first
    assert "京海市监罚〔2026〕7号" in again


def test_a_search_page_served_again_asks_the_database_nothing(client, django_assert_num_queries):
    company = CompanyFactory(name="北京星辰科技有限公司")
    first = search(client, "星辰")

    with django_assert_num_queries(0):
        again = search(client, "星辰")

    assert again == first
    assert company.uscc in again


def test_a_penalty_approved_shows_once_committed(client):
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
    heard()
    assert "京海市监罚〔2026〕8号" not in page_text(client, company)
    services.record_approve(record=penalty, user=checker)
    heard()

    assert "京海市监罚〔2026〕8号" in page_text(client, company)


def test_an_objection_shows_its_badge_once_committed(client):
    company = CompanyFactory()
    penalty = PenaltyFactory(company=company, decided_on=recent())
    assert "Under objection" not in page_text(client, company, "en")

    services.objection_submit(record=penalty, grounds="wrong", description="x", contact="y")
    heard()

    assert "Under objection" in page_text(client, company, "en")


def test_a_court_case_corrected_shows_on_the_page_of_every_party(client):
    party = CasePartyFactory(case__case_number="(2026)京0108民初4242号")
    other = CasePartyFactory(case=party.case, role="plaintiff")
    for company in (party.company, other.company):
        assert "(2026)京0108民初4242号" in page_text(client, company)

    party.case.case_number = "(2026)京0108民初4243号"
    party.case.save()
    heard()

    for company in (party.company, other.company):
        assert "(2026)京0108民初4243号" in page_text(client, company)


def test_an_officer_renamed_and_an_agency_renamed_show_at_once(client):
    company = CompanyFactory()
    officer = OfficerFactory(company=company, person__name="欧阳娜娜")
    penalty = PenaltyFactory(
        company=company, decided_on=recent(), agency__name="京海市市场监督管理局"
    )
    page = page_text(client, company)
    assert "欧阳娜娜" in page and "京海市市场监督管理局" in page

    officer.person.name = "欧阳菲菲"
    officer.person.save()
    penalty.agency.name = "京海市市场监管局"
    penalty.agency.save()
    heard()

    page = page_text(client, company)
    assert "欧阳菲菲" in page and "京海市市场监管局" in page


def test_a_deleted_company_is_gone_at_once(client):
    company = CompanyFactory()
    url = company_url(company)
    assert client.get(url).status_code == 200

    Company.objects.filter(pk=company.pk).delete()
    heard()

    assert client.get(url).status_code == 404


def test_a_search_shows_a_new_company_and_a_new_former_name_at_once(client):
    first = CompanyFactory(name="北京星辰科技有限公司")
    older = CompanyFactory(name="北京远方贸易有限公司")
    assert first.uscc in search(client, "星辰")
    assert older.uscc not in search(client, "星辰")

    later = CompanyFactory(name="上海星辰贸易有限公司")
    FormerNameFactory(company=older, name="北京星辰贸易有限公司")
    heard()

    page = search(client, "星辰")
    assert later.uscc in page
    assert older.uscc in page


def test_a_stream_of_changes_renews_search_pages_once_in_a_while_not_for_each(client, settings):
    settings.SEARCH_PAGE_CHANGE_SECONDS = 1
    CompanyFactory(name="北京星辰科技有限公司")
    heard()
    search(client, "星辰")  # renewed for that change now
    later = CompanyFactory(name="上海星辰贸易有限公司")
    heard()

    assert later.uscc not in search(client, "星辰")
    time.sleep(1.1)
    assert later.uscc in search(client, "星辰")


def test_a_change_made_while_the_listening_connection_was_lost_is_not_missed(client):
    """The server ends the feed's connection (a restart, a failover); a change
    is committed before the feed reconnects: its announcement is lost, and no
    page kept before may be served."""
    company = CompanyFactory()
    page_text(client, company)
    heard()
    end_the_feeds_connection()

    FormerNameFactory(company=company, name="北京旧名字贸易有限公司")

    assert "北京旧名字贸易有限公司" in page_text(client, company)


def test_a_page_kept_before_the_listening_connection_was_lost_is_checked_not_built_again(
    client, django_assert_max_num_queries
):
    """What changed while the process was not listening is unknown: the page
    kept before is checked against its version in the database (one small
    query), and served again as nothing changed."""
    company = CompanyFactory()
    PenaltyFactory(company=company, decided_on=recent(), decision_number="京海市监罚〔2026〕9号")
    first = page_text(client, company)
    heard()
    end_the_feeds_connection()

    with django_assert_max_num_queries(1):
        assert page_text(client, company) == first


def end_the_feeds_connection():
    """As the server does in a restart or a failover; returns once the
    connection's server process has ended."""
    feeds = "FROM pg_stat_activity WHERE application_name = %s AND datname = current_database()"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_terminate_backend(pid) {feeds}", [APPLICATION_NAME])
        assert cursor.fetchone() == (True,)
        for _ in range(100):
            cursor.execute(f"SELECT count(*) {feeds}", [APPLICATION_NAME])
            if cursor.fetchone() == (0,):
                return
            time.sleep(0.05)
    raise AssertionError("the feed's connection did not end")


def test_a_connection_that_stops_delivering_announcements_is_counted_lost(client, monkeypatch):
    """As behind a pooler in transaction mode, or with a backend that no longer
    answers: the connection looks open, but nothing arrives. The feed's own
    pings stop coming back, and within CHECK_SECONDS + PING_SECONDS the
    process stops serving what it kept."""
    company = CompanyFactory()
    page_text(client, company)
    heard()
    with feed._lock:  # no ping of the feed's own in flight (heard() waited for it)
        assert feed._ping is None and not feed._ping_result
        feed._connection.pgconn.exec_(b"UNLISTEN registry_changes")
    monkeypatch.setattr(change_feed, "CHECK_SECONDS", 0.2)
    monkeypatch.setattr(change_feed, "PING_SECONDS", 0.3)

    FormerNameFactory(company=company, name="北京旧名字贸易有限公司")  # announced to no one
    time.sleep(2)

    assert "北京旧名字贸易有限公司" in page_text(client, company)


def test_a_credit_list_renamed_by_another_process_shows_in_the_search_filters(client):
    """Another process's write (here a bulk UPDATE, which sends no signal in
    this one) reaches the search form's list of credit lists."""
    CompanyFactory(name="北京星辰科技有限公司")
    black_list = CreditList.objects.get(code="abnormal_operations")
    with translation.override("zh-hans"):
        url = reverse("publicity:search")
    page = client.get(url, {"q": "星辰"}).content.decode()
    assert black_list.name in page

    CreditList.objects.filter(pk=black_list.pk).update(name="经营异常名录（新）")
    heard()

    assert "经营异常名录（新）" in client.get(url, {"q": "星辰"}).content.decode()


def test_an_annual_report_and_its_amendment_show_once_committed(client):
    import datetime

    company = CompanyFactory(established_on=datetime.date(2019, 1, 1))
    assert "010-5678" not in page_text(client, company)
    report = services.annual_report_file(
        company=company, year=2024, filed_on=datetime.date(2025, 4, 1), phone="010-5678"
    ).obj
    heard()
    assert "010-5678" in page_text(client, company)
    services.annual_report_amend(
        report=report, amended_on=datetime.date(2025, 5, 2), changes={"phone": "010-9999"}
    )
    heard()
    assert "010-9999" in page_text(client, company)


def test_a_filing_shows_once_committed(client):
    from tests.factories_filings import EquityPledgeFactory

    company = CompanyFactory()
    assert "110108209900001" not in page_text(client, company)

    EquityPledgeFactory(company=company, registration_number="110108209900001")
    heard()

    assert "110108209900001" in page_text(client, company)
