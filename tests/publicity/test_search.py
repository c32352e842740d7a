import datetime
import html

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from registry import pinyin
from registry.models import Company, FormerName, Industry, Officer, Shareholding
from tests.factories import (
    CompanyFactory,
    ListEntryFactory,
    PersonFactory,
    credit_list,
    region,
    valid_code,
)

with translation.override("zh-hans"):
    SEARCH = reverse("publicity:search")
# Most tests read the English page: their assertions name interface strings,
# which the Chinese page shows translated.
with translation.override("en"):
    SEARCH_EN = reverse("publicity:search")


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    """Each test starts with no searches counted, and a limit no test reaches
    unless it sets its own."""
    settings.SEARCH_RATE_LIMIT = 1000
    cache.clear()


def company(name, **fields):
    return CompanyFactory(
        name=name, name_pinyin=pinyin.full(name), name_initials=pinyin.initials(name), **fields
    )


def search(client, q=None, **params):
    if q is not None:
        params["q"] = q
    return client.get(SEARCH_EN, params)


def text(response) -> str:
    return response.content.decode()


def result_names(response) -> list[str]:
    return [c.name for c in response.context["results"]]


# --- What can be searched for -----------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.django_db
def test_an_empty_search_page_explains_what_can_be_searched_for(client):
    response = client.get(SEARCH_EN)

    assert response.status_code == 200
    assert "What you can search for" in text(response)
    assert 'id="search-q"' in text(response)


@pytest.mark.django_db
def test_an_empty_query_gives_the_guidance_not_every_company(client):
    company("杭州华鑫科技有限公司")

    response = search(client, "")

    assert response.status_code == 200
    assert "What you can search for" in text(response)
    assert "杭州华鑫科技有限公司" not in text(response)


@pytest.mark.smoke
@pytest.mark.django_db
def test_one_chinese_character_finds_every_company_with_it_in_the_name(client):
    company("杭州华鑫科技有限公司")
    company("北京明远贸易有限公司")

    response = search(client, "鑫")

    assert response.status_code == 200
    assert result_names(response) == ["杭州华鑫科技有限公司"]
    assert "杭州华<mark>鑫</mark>科技有限公司" in text(response)


@pytest.mark.django_db
def test_a_two_character_fragment_finds_a_former_name_and_shows_it(client):
    renamed = company("杭州新名字有限公司")
    FormerName.objects.create(company=renamed, name="杭州华鑫科技有限公司")
    company("北京明远贸易有限公司")

    response = search(client, "华鑫")

    assert result_names(response) == ["杭州新名字有限公司"]
    assert "Former name:" in text(response)
    assert "杭州<mark>华鑫</mark>科技有限公司" in text(response)


@pytest.mark.django_db
def test_an_english_word_finds_the_english_name_whatever_its_case(client):
    company("杭州华鑫科技有限公司", name_en="Hangzhou Huaxin Technology Co., Ltd.")
    company("北京明远贸易有限公司", name_en="Beijing Mingyuan Trading Co., Ltd.")

    response = search(client, "technology")

    assert result_names(response) == ["杭州华鑫科技有限公司"]
    assert "Hangzhou Huaxin <mark>Technology</mark> Co., Ltd." in text(response)


@pytest.mark.parametrize("typed", ["huaxin", "HuaXin", "hua xin", "hzhxkj"])
@pytest.mark.django_db
def test_pinyin_in_full_or_by_initials_finds_the_company(client, typed):
    company("杭州华鑫科技有限公司")
    company("北京明远贸易有限公司")

    response = search(client, typed)

    assert result_names(response) == ["杭州华鑫科技有限公司"]
    assert "Pinyin:" in text(response)


@pytest.mark.django_db
def test_two_letters_that_are_initials_and_in_the_english_name_show_the_pinyin_they_matched(
    client,
):
    # Two letters match the initials, never the English name (registry.search
    # reads English words from MIN_ENGLISH letters): the result shows the pinyin.
    company("杭州华鑫科技有限公司", name_en="HX Technology Co., Ltd.")
    company("北京明远贸易有限公司", name_en="Beijing Mingyuan Trading Co., Ltd.")

    response = search(client, "hx")

    assert result_names(response) == ["杭州华鑫科技有限公司"]
    assert "Pinyin:" in text(response)
    assert "hz<mark>hx</mark>kjyxgs" in text(response)


@pytest.mark.django_db
def test_a_persons_name_lists_the_person_with_their_companies(client):
    person = PersonFactory(name="欧阳明远", name_pinyin="ouyangmingyuan")
    represented = company(
        "北京明远贸易有限公司", legal_representative=person, legal_representative_name="欧阳明远"
    )
    served = company("杭州华鑫科技有限公司")
    Officer.objects.create(company=served, person=person, role=Officer.Role.SUPERVISOR)
    held = company("上海启祥花卉有限公司")
    Shareholding.objects.create(company=held, holder_person=person)
    company("无关有限公司")

    response = search(client, "欧阳明远")

    page = text(response)
    assert [p.name for p in response.context["people"]] == ["欧阳明远"]
    assert reverse("publicity:person-detail", args=[person.pk]) in page
    for listed in (represented, served, held):
        assert reverse("publicity:company-detail", args=[listed.uscc]) in page
    assert "supervisor" in page
    # The company the person represents is a result in its own right.
    assert result_names(response) == ["北京明远贸易有限公司"]


@pytest.mark.django_db
def test_a_persons_name_in_pinyin_finds_the_person(client):
    PersonFactory(name="欧阳明远", name_pinyin="ouyangmingyuan")

    response = search(client, "ouyang mingyuan")

    assert [p.name for p in response.context["people"]] == ["欧阳明远"]


@pytest.mark.django_db
def test_one_character_does_not_list_every_person_with_that_family_name(client):
    PersonFactory(name="欧阳明远")

    response = search(client, "欧")

    assert "people" not in response.context or not response.context["people"]


# --- Credit codes -----------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.django_db
def test_a_whole_credit_code_opens_the_company_page(client):
    found = company("杭州华鑫科技有限公司")

    response = search(client, found.uscc)

    assert response.status_code == 302
    assert response["Location"] == reverse("publicity:company-detail", args=[found.uscc])


@pytest.mark.django_db
def test_a_code_typed_with_spaces_dashes_and_lower_case_opens_the_company_page(client):
    found = company("杭州华鑫科技有限公司")
    typed = f"{found.uscc[:6].lower()} {found.uscc[6:12]}-{found.uscc[12:].lower()}"

    response = search(client, typed)

    assert response.status_code == 302
    assert response["Location"] == reverse("publicity:company-detail", args=[found.uscc])


@pytest.mark.django_db
def test_a_valid_code_that_no_company_has_says_so(client):
    response = search(client, valid_code(999))

    assert response.status_code == 200
    assert "is valid, but no company in the register has it" in text(response)


@pytest.mark.django_db
def test_the_first_characters_of_a_code_list_the_companies_whose_code_starts_so(client):
    company("朝阳区公司", uscc=valid_code(1, division="110105"))
    company("海淀区公司", uscc=valid_code(2, division="110108"))

    response = search(client, "9111 0105")

    assert result_names(response) == ["朝阳区公司"]
    assert "<mark>91110105</mark>" in text(response)


@pytest.mark.django_db
def test_a_wrong_check_character_is_named_and_codes_one_character_away_offered(client):
    meant = company("杭州华鑫科技有限公司", uscc=valid_code(5))
    company("北京明远贸易有限公司", uscc=valid_code(6))
    wrong = meant.uscc[:17] + ("0" if meant.uscc[17] != "0" else "1")

    response = search(client, wrong)

    page = text(response)
    assert response.status_code == 200
    assert f"it would be {meant.uscc[17]}, not {wrong[17]}" in page
    assert "differs from it in one character" in page
    assert result_names(response) == ["杭州华鑫科技有限公司"]


@pytest.mark.django_db
def test_a_mistyped_character_inside_the_code_is_offered_its_company(client):
    meant = company("杭州华鑫科技有限公司", uscc=valid_code(5))
    position = 12
    typo = "1" if meant.uscc[position] != "1" else "2"
    wrong = meant.uscc[:position] + typo + meant.uscc[position + 1 :]

    response = search(client, wrong)

    assert "check character" in text(response)
    assert result_names(response) == ["杭州华鑫科技有限公司"]
    marked = (
        f"{meant.uscc[:position]}<mark>{meant.uscc[position]}</mark>{meant.uscc[position + 1 :]}"
    )
    assert marked in text(response)


# --- Filters, order and pages -----------------------------------------------------------


def _filtered(client, **params):
    return set(result_names(search(client, "公司", **params)))


@pytest.mark.django_db
def test_province_and_city_filters_keep_companies_of_that_region(client):
    company("海淀公司", region=region("110108"))
    company("杭州西湖公司", region=region("330106"))
    company("宁波海曙公司", region=region("330203"))

    assert _filtered(client, province="330000") == {"杭州西湖公司", "宁波海曙公司"}
    assert _filtered(client, city="330100") == {"杭州西湖公司"}
    assert _filtered(client, province="110000", city="330100") == set()


@pytest.mark.django_db
def test_status_and_entity_type_filters(client):
    company("在营公司")
    company("吊销公司", status=Company.Status.REVOKED)
    company("合伙公司", entity_type=Company.EntityType.PARTNERSHIP)

    assert _filtered(client, status="revoked") == {"吊销公司"}
    assert _filtered(client, entity_type="partnership") == {"合伙公司"}


@pytest.mark.django_db
def test_industry_section_filter_keeps_companies_of_its_divisions(client):
    company("软件公司", industry=Industry.objects.get(code="65"))  # division of section I
    company("农业公司", industry=Industry.objects.get(code="01"))  # division of section A

    assert _filtered(client, industry="I") == {"软件公司"}


@pytest.mark.django_db
def test_established_year_range_filter(client):
    company("老公司", established_on=datetime.date(1999, 12, 31))
    company("中公司", established_on=datetime.date(2010, 1, 1))
    company("新公司", established_on=datetime.date(2024, 6, 1))

    assert _filtered(client, established_from="2000", established_to="2020") == {"中公司"}
    assert _filtered(client, established_to="1999") == {"老公司"}


@pytest.mark.django_db
def test_a_from_year_after_the_to_year_is_an_error(client):
    response = search(client, "公司", established_from="2020", established_to="2000")

    assert response.status_code == 400
    assert "must be the same as or later" in text(response)


@pytest.mark.django_db
def test_list_filters_keep_companies_on_a_black_list_or_on_a_given_list_now(client):
    blacklisted = company("严重违法公司")
    ListEntryFactory(company=blacklisted, credit_list=credit_list("serious_violation"))
    abnormal = company("异常公司")
    ListEntryFactory(company=abnormal, credit_list=credit_list("abnormal_operations"))
    removed = company("已移出公司")
    ListEntryFactory(
        company=removed,
        credit_list=credit_list("serious_violation"),
        removed_on=datetime.date(2025, 5, 1),
        removal_reason="期满",
    )
    company("清白公司")

    assert _filtered(client, on_list="black") == {"严重违法公司"}
    assert _filtered(client, on_list="abnormal_operations") == {"异常公司"}


@pytest.mark.django_db
def test_filters_combine_and_stay_in_the_pagination_links(client):
    for n in range(25):
        company(f"杭州第{n:02d}公司", region=region("330106"), status=Company.Status.REVOKED)
    company("杭州在营公司", region=region("330106"))
    company("北京吊销公司", status=Company.Status.REVOKED)

    response = search(client, "公司", province="330000", status="revoked", sort="name")

    assert response.context["count"] == 25
    page = text(response)
    assert 'rel="next"' in page
    next_link = html.unescape(page.split('rel="next" href="')[1].split('"')[0])
    for kept in ("province=330000", "status=revoked", "sort=name", "page=2"):
        assert kept in next_link
    second = client.get(SEARCH_EN + next_link)
    assert len(result_names(second)) == 5
    assert "Showing 21 to 25." in text(second)
    assert 'rel="prev"' in text(second)
    assert all(name.startswith("杭州第") for name in result_names(second))


@pytest.mark.django_db
def test_results_sort_by_name_in_pinyin_order_and_by_date_established(client):
    company("乙公司", established_on=datetime.date(2001, 1, 1))
    company("甲公司", established_on=datetime.date(2020, 1, 1))
    company("丙公司", established_on=datetime.date(2010, 1, 1))

    by_name = result_names(search(client, "公司", sort="name"))
    newest = result_names(search(client, "公司", sort="-established"))
    oldest = result_names(search(client, "公司", sort="established"))

    assert by_name == ["丙公司", "甲公司", "乙公司"]  # bing, jia, yi: by pinyin
    assert newest == ["甲公司", "丙公司", "乙公司"]
    assert oldest == ["乙公司", "丙公司", "甲公司"]


@pytest.mark.django_db
def test_best_match_puts_the_exact_name_first_and_companies_in_operation_before_others(client):
    company("华鑫一号", status=Company.Status.DEREGISTERED)
    company("杭州华鑫")
    company("华鑫二号")
    company("华鑫")

    assert result_names(search(client, "华鑫")) == ["华鑫", "华鑫二号", "华鑫一号", "杭州华鑫"]


@pytest.mark.django_db
def test_past_a_thousand_matches_the_count_says_more_than_1000(client):
    Company.objects.bulk_create(
        Company(uscc=valid_code(n), name=f"批量公司{n:04d}", entity_type="limited_liability")
        for n in range(1001)
    )

    response = search(client, "批量")

    assert "More than 1,000 companies match" in text(response)
    assert len(result_names(response)) == 20


@pytest.mark.django_db
def test_a_page_past_the_fiftieth_asks_to_narrow_the_search(client):
    company("华鑫公司")

    response = search(client, "华鑫", page="51")

    assert response.status_code == 200
    assert "Only the first 50 pages of results are shown" in text(response)
    assert response.context["results"] == []


@pytest.mark.django_db
def test_a_page_past_the_last_one_says_there_are_no_more_results(client):
    company("华鑫公司")

    response = search(client, "华鑫", page="3")

    assert response.status_code == 200
    assert "There are no more results" in text(response)
    assert "Only the first 50 pages" not in text(response)


@pytest.mark.django_db
def test_a_page_number_that_is_not_a_number_gives_the_first_page(client):
    company("华鑫公司")

    response = search(client, "华鑫", page="abc")

    assert result_names(response) == ["华鑫公司"]


@pytest.mark.django_db
def test_each_result_shows_its_facts_and_the_lists_it_is_on_now(client):
    listed = company(
        "杭州华鑫科技有限公司",
        legal_representative_name="李四",
        established_on=datetime.date(2015, 3, 1),
        region=region("330106"),
    )
    ListEntryFactory(company=listed, credit_list=credit_list("abnormal_operations"))
    ListEntryFactory(
        company=listed,
        credit_list=credit_list("serious_violation"),
        removed_on=datetime.date(2025, 5, 1),
        removal_reason="期满",
    )

    page = text(search(client, "华鑫"))

    for shown in (
        listed.uscc,
        "李四",
        "2015-03-01",
        "Xihu District",
        "Zhejiang",
        "Abnormal Operations List",
    ):
        assert shown in page
    assert "Serious Violation" not in page.split('id="companies-heading"')[1]


@pytest.mark.django_db
def test_a_results_page_runs_the_same_few_queries_however_many_companies(
    client, django_assert_max_num_queries
):
    person = PersonFactory(name="华鑫")
    for n in range(30):
        listed = company(f"华鑫{n:02d}有限公司", region=region("330106"))
        FormerName.objects.create(company=listed, name=f"旧华鑫{n:02d}")
        ListEntryFactory(company=listed)
        Officer.objects.create(company=listed, person=person, role=Officer.Role.DIRECTOR)
    search(client, "华鑫")  # the rate-limit counter exists from now on

    # 3 for the rate limit (its statement in the test's savepoint; 1 more when it
    # purges full buckets), 3 for the filters' choices, the capped count, the page,
    # its list entries and former names, and 4 for the people with their companies.
    with django_assert_max_num_queries(15):
        response = search(client, "华鑫", province="330000", on_list="abnormal_operations")
    with django_assert_max_num_queries(15):
        response = search(client, "华鑫", page="2")

    assert len(result_names(response)) == 10


# --- Bad input --------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.django_db
def test_punctuation_alone_is_refused_with_an_error_summary(client):
    response = search(client, "。，！？")

    page = text(response)
    assert response.status_code == 400
    assert "<title>Error:" in page
    assert "There is a problem" in page
    assert 'href="#search-q"' in page
    assert "only punctuation or symbols" in page


@pytest.mark.django_db
def test_a_nul_byte_is_refused_with_a_helpful_page(client):
    response = search(client, "华鑫\x00科技")

    page = text(response)
    assert response.status_code == 400
    assert "NUL character" in page
    assert "\x00" not in page


@pytest.mark.django_db
def test_a_ten_thousand_character_query_is_cut_and_says_so(client):
    company("华鑫公司")

    response = search(client, "华鑫" + "x" * 10_000)

    page = text(response)
    assert response.status_code == 200
    assert "only its first 100 characters were searched for" in page
    search_box = page.split('id="search-q"')[1].split(">")[0]
    assert 'value="华鑫' + "x" * 98 + '"' in search_box


@pytest.mark.django_db
def test_sql_in_the_query_is_searched_for_as_text(client):
    company("华鑫公司")

    response = search(client, "'; DROP TABLE registry_company; --")

    assert response.status_code == 200
    assert "No company matches" in text(response)
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_like_wildcards_in_the_query_match_only_themselves(client):
    company("华鑫公司")

    assert result_names(search(client, "华%")) == []
    assert result_names(search(client, "华_")) == []


@pytest.mark.django_db
def test_html_in_the_query_is_shown_back_as_text(client):
    response = search(client, '<script>alert("x")</script>')

    page = text(response)
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_html_in_a_company_name_is_shown_as_text_around_the_highlight(client):
    company('<img src=x onerror="alert(1)">华鑫<b>公司</b>', name_en="<i>Huaxin</i>")

    page = text(search(client, "华鑫"))

    assert "<img src=x" not in page
    assert "<b>公司</b>" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<mark>华鑫</mark>&lt;b&gt;公司" in page
    assert "&lt;i&gt;Huaxin&lt;/i&gt;" in page


@pytest.mark.django_db
def test_filters_without_a_query_list_the_companies_they_keep(client):
    company("杭州西湖公司", region=region("330106"))
    company("海淀公司", region=region("110108"))

    response = search(client, "", province="330000")

    assert response.status_code == 200
    assert result_names(response) == ["杭州西湖公司"]


@pytest.mark.django_db
def test_an_unknown_filter_value_is_an_error_not_a_crash(client):
    response = search(client, "公司", province="999999", industry="ZZ")

    assert response.status_code == 400
    assert 'href="#id_province"' in text(response)


# --- Languages --------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.django_db
def test_the_search_page_in_english(client):
    company("杭州华鑫科技有限公司", name_en="Hangzhou Huaxin Technology Co., Ltd.")

    response = client.get(SEARCH_EN, {"q": "华鑫"})

    assert SEARCH_EN == "/en/search/"
    assert response.status_code == 200
    page = text(response)
    assert '<html lang="en">' in page
    assert "1 company matches." in page


@pytest.mark.django_db
def test_the_search_page_in_chinese_by_default(client):
    response = client.get(SEARCH, {"q": "华鑫"})

    assert SEARCH == "/search/"
    assert '<html lang="zh-Hans">' in text(response)
