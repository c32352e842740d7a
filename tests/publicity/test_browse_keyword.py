"""What a journalist finds with the browse pages' keyword (a company, or the
beginning of a decision or case number), a list page's sort orders, what a
bad keyword gets, and the page navigation (total pages, capped as stated,
first and last page links). The same keyword on the CSV, feed and API:
``test_open_data_channels``."""

import datetime
import re

import factory
import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import Company, ListEntry
from tests.factories import (
    AgencyFactory,
    CasePartyFactory,
    CompanyFactory,
    CourtFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
    credit_list,
)
from tests.factories_browse import bulk_penalties, freeze_today, page_of

with translation.override("en"):
    PENALTIES = reverse("publicity:penalty-list")
    CASES = reverse("publicity:case-list")
    ABNORMAL = reverse("publicity:list-detail", args=["abnormal_operations"])
    DEBTORS = reverse("publicity:list-detail", args=["dishonest_debtor"])
PENALTIES_ZH = reverse("publicity:penalty-list")


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


# --- The keyword ----------------------------------------------------------------------


def test_a_name_fragment_finds_the_penalties_of_the_companies_it_names(client):
    PenaltyFactory(company__name="杭州钱塘湾食品有限公司", decision_number="杭市监罚〔2025〕1号")
    PenaltyFactory(company__name="宁波甬江食品有限公司", decision_number="甬市监罚〔2025〕2号")

    page = page_of(client, PENALTIES, q="钱塘湾")

    assert "杭市监罚〔2025〕1号" in page
    assert "甬市监罚〔2025〕2号" not in page
    assert "1 penalty" in page


def test_a_former_name_or_a_credit_code_finds_the_company_as_the_search_does(client):
    penalty = PenaltyFactory(decision_number="杭市监罚〔2025〕1号")
    penalty.company.former_names.create(name="旧名西子商行")
    PenaltyFactory(decision_number="甬市监罚〔2025〕2号")

    by_former_name = page_of(client, PENALTIES, q="西子商行")
    by_code = page_of(client, PENALTIES, q=penalty.company.uscc)

    for page in (by_former_name, by_code):
        assert "杭市监罚〔2025〕1号" in page and "甬市监罚〔2025〕2号" not in page


def test_a_decision_number_finds_its_penalty_whatever_the_brackets(client):
    PenaltyFactory(decision_number="京海市监罚〔2025〕12号")
    PenaltyFactory(decision_number="京海市监罚〔2025〕3号")

    whole = page_of(client, PENALTIES, q="京海市监罚〔2025〕12号")
    typed = page_of(client, PENALTIES, q="京海市监罚[2025]1")

    for page in (whole, typed):
        assert "京海市监罚〔2025〕12号" in page and "京海市监罚〔2025〕3号" not in page


def test_a_party_or_a_case_number_finds_the_court_case(client):
    court = CourtFactory(court_code="京0901")
    CasePartyFactory(case__court=court, case__serial=501, company__name="南湖机电设备有限公司")
    CasePartyFactory(case__court=court, case__serial=777, company__name="北湖机电设备有限公司")
    first, second = (f"(2024)京0901民初{n}号" for n in (501, 777))

    by_party = page_of(client, CASES, q="南湖机电")
    by_number = page_of(client, CASES, q="（2024）京0901民初77")

    assert first in by_party and second not in by_party
    assert second in by_number and first not in by_number


def test_a_keyword_finds_the_entries_of_a_list(client):
    ListEntryFactory(company__name="钱塘湾电子商务有限公司", decision_number="杭异〔2025〕8号")
    ListEntryFactory(company__name="甬江电子商务有限公司", decision_number="甬异〔2025〕9号")

    by_name = page_of(client, ABNORMAL, q="钱塘湾")
    by_number = page_of(client, ABNORMAL, q="甬异(2025)")

    assert "杭异〔2025〕8号" in by_name and "甬异〔2025〕9号" not in by_name
    assert "甬异〔2025〕9号" in by_number and "杭异〔2025〕8号" not in by_number


def test_a_name_without_a_digit_is_not_read_as_a_decision_number(client):
    PenaltyFactory(company__name="西湖商贸有限公司", decision_number="京海市监罚〔2025〕1号")

    page = page_of(client, PENALTIES, q="京海市监罚")

    assert "京海市监罚〔2025〕1号" not in page
    assert "No public penalties match these filters." in page


def test_a_keyword_naming_more_companies_than_are_looked_at_says_so(client):
    PenaltyFactory(company__name="常见商贸有限公司", decision_number="常罚〔2025〕1号")
    few = page_of(client, PENALTIES, q="常见商贸")
    Company.objects.bulk_create(
        CompanyFactory.build(name=f"第{n}常见商贸有限公司") for n in range(1000)
    )

    many = page_of(client, PENALTIES, q="常见商贸")

    assert "best matches" not in few and "常罚〔2025〕1号" in few
    assert "More than 1,000 companies match this keyword" in many
    # Names starting with the keyword come first among the companies looked at.
    assert "常罚〔2025〕1号" in many


def named(stem):
    return factory.Sequence(lambda n: f"{stem}{n}号有限公司")


BAD_KEYWORDS = [
    ("x" * 101, "at most 100 characters"),
    ("西湖\x07商贸", "characters that cannot be shown"),
    ("\x00", "characters that cannot be shown"),
    ("〔〕！？…", "only punctuation or symbols"),
]


@pytest.mark.parametrize("keyword, message", BAD_KEYWORDS, ids=["long", "bell", "nul", "punct"])
@pytest.mark.parametrize("url", [PENALTIES, CASES, ABNORMAL], ids=["penalties", "cases", "list"])
def test_a_bad_keyword_gets_a_page_saying_what_to_type(client, url, keyword, message):
    PenaltyFactory()

    response = client.get(url, {"q": keyword})

    body = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"<title>\s*Error:", body)
    assert 'class="browse-errors"' in body and 'href="#id_q"' in body
    assert message in body
    assert "\x07" not in body and "\x00" not in body


def test_a_bad_keyword_is_a_named_error_in_the_api_and_a_bad_request_in_the_feed(client):
    for url in ("/api/v1/penalties/", "/api/v1/cases/"):
        response = client.get(url, {"q": "！？"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["q"]
    assert client.get(reverse("publicity:penalty-feed"), {"q": "\x07"}).status_code == 400


def test_the_keyword_field_is_labelled_in_chinese(client):
    page = page_of(client, PENALTIES_ZH)

    assert '<label class="browse-field__label" for="id_q">企业或决定书文号' in page


# --- Sorting a list's entries --------------------------------------------------------


@pytest.fixture
def sortable():
    """Three entries: listed on different days, by two authorities, of
    companies whose names sort differently by pinyin and by date; and a person."""
    first, second = AgencyFactory(name="测试1人民法院"), AgencyFactory(name="测试2人民法院")
    rows = [
        ("排〔2025〕1号", "张江科技有限公司", "zhangjiangkejiyouxiangongsi", second, "2025-09-01"),
        ("排〔2025〕2号", "安徽贸易有限公司", "anhuimaoyiyouxiangongsi", first, "2025-03-01"),
        ("排〔2025〕3号", "明珠食品有限公司", "mingzhushipinyouxiangongsi", second, "2025-06-01"),
    ]
    debtors = credit_list("dishonest_debtor")
    for number, name, pinyin, authority, listed_on in rows:
        ListEntryFactory(
            credit_list=debtors,
            decision_number=number,
            company=CompanyFactory(name=name, name_pinyin=pinyin),
            authority=authority,
            listed_on=datetime.date.fromisoformat(listed_on),
        )
    ListEntryFactory(
        credit_list=debtors,
        decision_number="排〔2025〕4号",
        company=None,
        person=PersonFactory(),
        subject_name="张某",
        authority=first,
        listed_on=datetime.date(2025, 1, 1),
    )


NUMBERS = re.compile(r"排〔2025〕(\d)号")


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("", "1324"),
        ("newest", "1324"),
        ("oldest", "4231"),
        ("company", "2314"),  # anhui, mingzhu, zhangjiang; the person last
        ("authority", "2413"),  # 测试1 (newest first), then 测试2
    ],
)
def test_a_lists_entries_sort_on_the_page_and_in_its_csv(client, sortable, sort, expected):
    params = {"sort": sort} if sort else {}
    page = page_of(client, DEBTORS, **params)
    shown = "".join(NUMBERS.findall(page.split('id="removals"')[0]))

    response = client.get(DEBTORS, {**params, "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")

    assert shown == expected
    assert "".join(NUMBERS.findall(body)) == expected


def test_the_sort_is_kept_in_the_page_links(client):
    for n in range(30):
        ListEntryFactory(listed_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n))

    page = page_of(client, ABNORMAL, sort="oldest", q="北京测试")

    next_link = re.search(r'rel="next" href="([^"]+)"', page).group(1)
    assert "sort=oldest" in next_link and "q=" in next_link and "page=2" in next_link
    assert 'id="id_sort"' in page and '<option value="oldest" selected>' in page


def test_an_unknown_sort_is_a_bad_filter(client):
    response = client.get(ABNORMAL, {"sort": "id; drop table"})

    assert response.status_code == 400
    assert 'href="#id_sort"' in response.content.decode()


# --- Page navigation -----------------------------------------------------------------


def nav_of(page: str) -> str:
    return re.search(r'<nav class="pagination".*?</nav>', page, re.S).group(0)


def test_the_page_navigation_gives_the_total_and_links_the_last_page(client):
    bulk_penalties(160)  # 7 pages of 25

    second = nav_of(page_of(client, PENALTIES, page=2))
    last = nav_of(page_of(client, PENALTIES, page=7))
    in_chinese = nav_of(page_of(client, PENALTIES_ZH, page=2))

    assert 'aria-label="Pages of results"' in second
    assert re.search(
        r'<span class="pagination__current" aria-current="page">Page 2 of 7</span>', second
    )
    assert re.search(r'href="\?page=7">Last page \(7\)</a>', second)
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert "Page 7 of 7" in last and "Last page" not in last and 'rel="next"' not in last
    assert "First page</a>" in last and "First page" not in second
    assert "第2页，共7页" in in_chinese and "最后一页（第7页）" in in_chinese


def test_a_capped_count_says_more_than_the_pages_shown_and_has_no_last_page_link(client):
    bulk_penalties(1001)

    nav = nav_of(page_of(client, PENALTIES, page=3))

    assert "Page 3 of more than 40" in nav
    assert "Last page" not in nav
    assert "First page</a>" in nav


def test_the_search_page_shows_the_total_pages_too(client):
    CompanyFactory.create_batch(30, name=named("翻页测试"))
    with translation.override("en"):
        url = reverse("publicity:search")

    nav = nav_of(page_of(client, url, q="翻页测试"))

    assert "Page 1 of 2" in nav and "Last page (2)" in nav


def test_a_list_page_shows_the_total_pages(client):
    ListEntryFactory.create_batch(26)

    nav = nav_of(page_of(client, ABNORMAL))

    assert ListEntry.objects.count() == 26
    assert "Page 1 of 2" in nav and "Last page (2)" in nav
