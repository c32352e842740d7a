"""While the database cannot be reached (publicity/outage): a page the site
kept is served, marked as possibly out of date; any other page is a 503 in
the reader's language with Retry-After, the API a JSON 503; /healthz answers,
/readyz says 503; the log has one line when the database goes and one when it
comes back; and afterwards the kept pages are checked, not thrown away.

The database is a PostgreSQL cluster of this module's own
(tests/publicity/outage_cluster.py), stopped and started again in the middle
of each test. Pages are kept until a change is announced, as in production
(PAGE_CACHE_FRESHNESS "notify"); writes are committed (no test transaction)."""

import datetime
import logging
import re
from collections import Counter

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from publicity.caching.change_feed import feed
from publicity.outage.state import connection_lost
from registry.models import Agency
from tests.factories import CompanyFactory, PenaltyFactory
from tests.factories_company_page import FormerNameFactory
from tests.publicity.kept_pages import company_url, page_text, recent
from tests.publicity.outage_cluster import Cluster
from tests.staff import login, make_superuser

# No django_db mark: these tests never touch the test database, only the
# cluster's (unblocked by the fixtures below), and leave nothing to undo.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL server is stopped and started"
)

STALE_ZH = "本页面保存于"
STALE_EN = "This page was saved at"


@pytest.fixture(scope="module")
def cluster(django_db_blocker):
    cluster = Cluster()
    try:
        cluster.start()
        with django_db_blocker.unblock():
            cluster.migrate()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def site(cluster, django_db_blocker, settings):
    """The site on the cluster, with pages kept as in production."""
    settings.PAGE_CACHE_FRESHNESS = "notify"
    settings.COMPANY_PAGE_CACHE_SECONDS = 600
    settings.SEARCH_PAGE_CACHE_SECONDS = 600
    settings.SEARCH_PAGE_CHANGE_SECONDS = 0
    settings.SEARCH_RATE_LIMIT = 0
    with django_db_blocker.unblock(), cluster.serving():
        yield cluster


def heard():
    assert feed.sync(), "the feed is not listening"


def test_a_page_never_kept_is_a_503_with_retry_after_in_the_readers_language(site, client):
    company = CompanyFactory()
    site.halt()

    chinese = client.get(company_url(company))
    english = client.get(company_url(company, "en"))

    for response in (chinese, english):
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
    assert '<html lang="zh-Hans">' in chinese.content.decode()
    assert "抱歉，服务暂时无法使用" in chinese.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "Sorry, the service is unavailable" in english.content.decode()
    assert "Try again in a few minutes" in english.content.decode()


def test_the_admin_gets_the_503_page_and_the_api_a_json_503(site, client):
    company = CompanyFactory()
    login(client, make_superuser())
    site.halt()

    admin = client.get(reverse("admin:registry_penalty_changelist"))
    api = client.get(f"/api/v1/companies/{company.uscc}/", HTTP_ACCEPT_LANGUAGE="en")

    assert admin.status_code == 503
    assert admin["Retry-After"] == "30"
    assert "抱歉，服务暂时无法使用" in admin.content.decode()
    assert api.status_code == 503
    assert api["Retry-After"] == "30"
    assert api["Content-Type"] == "application/json"
    assert api.json() == {
        "detail": "The register cannot be reached right now: try again in 30 seconds.",
        "retry_after": 30,
    }


def test_a_kept_company_page_is_served_marked_stale_in_both_languages(site, client):
    company = CompanyFactory(name="北京星辰科技有限公司")
    PenaltyFactory(company=company, decided_on=recent(), decision_number="京海市监罚〔2026〕7号")
    page_text(client, company)
    page_text(client, company, "en")
    site.halt()

    chinese = client.get(company_url(company))
    english = client.get(company_url(company, "en"))

    for response in (chinese, english):
        assert response.status_code == 200
        assert response["Warning"] == '110 - "Response is Stale"'
        assert "s-maxage=10" in response["Cache-Control"]
        assert "京海市监罚〔2026〕7号" in response.content.decode()
    assert STALE_ZH in chinese.content.decode()
    assert "目前无法连接登记库，本页内容可能不是最新的。" in chinese.content.decode()
    html = english.content.decode()
    assert "may be out of date" in html
    saved = re.search(STALE_EN + r" (\d{4}-\d\d-\d\d \d\d:\d\d)\.", html).group(1)
    saved_at = datetime.datetime.strptime(saved, "%Y-%m-%d %H:%M")
    assert abs(timezone.localtime().replace(tzinfo=None) - saved_at) < datetime.timedelta(minutes=2)
    # At the top of the main content, not somewhere in the page.
    assert html.index('id="main-content"') < html.index(STALE_EN) < html.index("<h1")


def test_staff_get_the_503_page_not_a_kept_page(site, client):
    company = CompanyFactory()
    page_text(client, company)
    site.halt()
    client.cookies["sessionid"] = "a-session"

    assert client.get(company_url(company)).status_code == 503


def test_healthz_answers_and_readyz_says_503_while_the_database_is_down(site, client):
    assert client.get("/readyz").status_code == 200
    site.halt()

    live = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")  # the server's address, say
    ready = client.get("/readyz")

    assert live.status_code == 200
    assert ready.status_code == 503
    assert ready["Retry-After"] == "30"
    for response in (live, ready):
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "no-store" in response["Cache-Control"]
    site.resume()
    assert client.get("/readyz").status_code == 200


def test_after_the_outage_a_kept_page_is_served_again_without_being_built_again(
    site, client, django_assert_max_num_queries, django_assert_num_queries
):
    company = CompanyFactory()
    PenaltyFactory(company=company, decided_on=recent(), decision_number="京海市监罚〔2026〕8号")
    first = page_text(client, company)
    site.halt()
    assert STALE_ZH in page_text(client, company)
    site.resume()

    # Checked once by its version in the database before the process listens
    # again, once after (building it takes some twenty queries).
    for _ in range(2):
        with django_assert_max_num_queries(2):
            assert page_text(client, company) == first
    with django_assert_num_queries(0):
        assert page_text(client, company) == first


def test_after_the_outage_a_company_changed_meanwhile_shows_the_change(site, client):
    """Changed after the database came back but before the site listens
    again: its announcement reached no one."""
    company = CompanyFactory()
    page_text(client, company)
    site.halt()
    client.get(company_url(company))
    site.resume()

    FormerNameFactory(company=company, name="北京旧名字贸易有限公司")

    assert "北京旧名字贸易有限公司" in page_text(client, company)


def test_a_change_heard_before_the_outage_is_not_lost_with_the_kept_page(site, client):
    """An agency renamed (announced for the companies it names, not in the
    company's version in the database): the page kept before is never served
    again, outage or not."""
    company = CompanyFactory()
    penalty = PenaltyFactory(
        company=company, decided_on=recent(), agency__name="京海市市场监督管理局"
    )
    assert "京海市市场监督管理局" in page_text(client, company)
    Agency.objects.filter(pk=penalty.agency_id).update(name="京海市市场监管局")
    heard()
    site.halt()
    site.resume()

    assert "京海市市场监管局" in page_text(client, company)


def test_an_outage_logs_one_line_when_it_starts_and_one_when_it_ends(site, client, caplog):
    kept, other = CompanyFactory(), CompanyFactory()
    page_text(client, kept)
    page_text(client, kept, "en")
    paths = [
        company_url(kept),
        company_url(kept, "en"),
        company_url(other),
        company_url(other, "en"),
        f"/api/v1/companies/{kept.uscc}/",
    ]
    caplog.set_level(logging.INFO)
    site.halt()

    statuses = Counter(client.get(paths[n % len(paths)]).status_code for n in range(50))
    # A load balancer asking every second logs nothing more either.
    assert {client.get("/readyz").status_code for _ in range(10)} == {503}

    assert statuses == {200: 20, 503: 30}
    during = caplog.records[:]
    described = [f"{record.name}: {record.getMessage()}" for record in during]
    outage_lines = [line for line in described if line.startswith("publicity.outage")]
    assert len(outage_lines) == 1, described
    assert "Database unreachable since" in outage_lines[0]
    # Besides it, each part says so once in its own words: the change feed (the
    # connection lost, the first try failed), the rate limits' store.
    by_logger = Counter(record.name for record in during)
    assert by_logger["publicity.caching.change_feed"] <= 2, described
    assert set(by_logger) <= {
        "publicity.outage.state",
        "publicity.caching.change_feed",
        "publicity.ratelimit.buckets",
    }, described
    assert by_logger["publicity.ratelimit.buckets"] <= 1, described
    assert not [record for record in during if record.exc_info], described
    assert not [line for line in described if line.startswith("django")], described

    caplog.clear()
    site.resume()
    page_text(client, kept)

    back = [r.getMessage() for r in caplog.records if r.name.startswith("publicity.outage")]
    assert len(back) == 1
    assert re.fullmatch(
        r"Database reachable again after \d+ s; 50 requests answered meanwhile: "
        r"20 with a kept page marked stale, 30 with 503\.",
        back[0],
    )


def test_a_query_that_fails_on_a_working_connection_is_not_an_outage(site):
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 10")
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(1)")
        cursor.execute("RESET statement_timeout")

    assert not connection_lost()
    site.halt()
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert connection_lost()
