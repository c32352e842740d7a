"""The API's companies endpoint is the site's search: for a grid of queries,
filters and orders it finds the same companies, in the same order, as the
search page, and pages through them the same way."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from registry import pinyin
from registry.models import Company
from tests.factories import CompanyFactory, ListEntryFactory, credit_list, region

pytestmark = pytest.mark.django_db

with translation.override("zh-hans"):
    SEARCH = reverse("publicity:search")
COMPANIES = reverse("api:company-list")

NAMES = [
    "北京星光科技有限公司",
    "北京星辰贸易有限公司",
    "杭州星光食品有限公司",
    "杭州明月咨询有限公司",
]


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.SEARCH_RATE_LIMIT = 0
    settings.API_RATE_LIMIT = 0
    cache.clear()


@pytest.fixture
def companies():
    made = []
    for n, name in enumerate(NAMES):
        made.append(
            CompanyFactory(
                name=name,
                name_pinyin=pinyin.full(name),
                name_initials=pinyin.initials(name),
                region=region("110108" if name.startswith("北京") else "330106"),
                status=Company.Status.REVOKED if n == 3 else Company.Status.IN_OPERATION,
                established_on=datetime.date(2010 + n, 1, 1),
            )
        )
    ListEntryFactory(company=made[0], credit_list=credit_list("serious_violation"))
    return made


def page_results(client, params) -> list[str]:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return [company.uscc for company in response.context.get("results") or []]


def api_results(client, params) -> list[str]:
    response = client.get(COMPANIES, params)
    assert response.status_code == 200, response.content
    return [company["uscc"] for company in response.json()["results"]]


NOTHING = {"q": "不存在的公司"}
GRID = [
    {"q": "星光"},
    {"q": "北京"},
    {"q": "xingguang"},
    {"q": "bjxg"},
    {"q": "有限公司", "sort": "name"},
    {"q": "有限公司", "sort": "-established"},
    {"q": "有限公司", "sort": "established"},
    {"q": "星", "province": "110000"},
    {"q": "有限", "city": "330100"},
    {"status": "revoked"},
    {"province": "330000"},
    {"on_list": "black"},
    {"on_list": "serious_violation"},
    {"established_from": "2011", "established_to": "2012"},
    {"q": "星", "status": "in_operation", "sort": "name"},
    NOTHING,
]


@pytest.mark.parametrize("params", GRID, ids=lambda params: repr(params))
def test_the_api_finds_what_the_search_page_finds(client, companies, params):
    on_page = page_results(client, params)
    assert on_page or params == NOTHING  # the grid compares results, not two empty lists
    assert api_results(client, params) == on_page


def test_a_whole_credit_code_gives_its_company_only(client, companies):
    assert api_results(client, {"q": companies[2].uscc}) == [companies[2].uscc]


def test_a_search_result_says_what_it_matched_on(client, companies):
    results = client.get(COMPANIES, {"q": "xingguang"}).json()["results"]
    assert {result["matched_by"] for result in results} == {"pinyin"}


def test_search_pages_are_numbered_and_stop_before_a_deep_offset(client, companies, settings):
    body = client.get(COMPANIES, {"q": "有限公司"}).json()
    assert (body["count"], body["next"], body["previous"]) == (4, None, None)
    response = client.get(COMPANIES, {"q": "有限公司", "page": "51"})
    assert response.status_code == 400
    assert "page" in response.json()["errors"]


def test_without_a_search_every_company_is_walked_by_credit_code(client, companies):
    seen, url = [], COMPANIES + "?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [company["uscc"] for company in body["results"]]
        url = body["next"]
    assert seen == sorted(company.uscc for company in companies)


def test_a_page_of_results_costs_the_same_queries_whatever_its_length(
    client, companies, django_assert_max_num_queries
):
    from registry.models import Industry

    divisions = list(Industry.objects.filter(parent__isnull=False)[:20])
    for n in range(20):
        CompanyFactory(name=f"北京星光第{n}分公司", industry=divisions[n % len(divisions)])
    cache.clear()
    with django_assert_max_num_queries(8):
        answer = client.get(COMPANIES, {"q": "星光"})
    results = answer.json()["results"]
    assert len(results) == 20 and len({r["industry"] for r in results}) > 10
