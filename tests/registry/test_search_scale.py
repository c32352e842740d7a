"""Search at scale: the indexed matching finds exactly what plain matching finds,
the indexes can serve every kind of query, and a common term costs a bounded
set of candidates (exact names first, a capped count)."""

import pytest
from django.db import connection

from registry import pinyin, search
from registry.models import Company, FormerName
from tests.factories import CompanyFactory, PersonFactory, valid_code

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the indexes exist on PostgreSQL only"
)

NAMES = [
    "杭州华鑫科技有限公司",
    "北京华为技术有限公司",
    "深圳市腾讯计算机系统有限公司",
    "TCL科技集团股份有限公司",
    "上海 B&Q 百安居装饰建材有限公司",
    "广州第2号仓储有限公司",
    "北京（中关村）华鑫软件有限公司",
    "O'Neil贸易有限公司",
    "华",
]

QUERIES = [
    "华",
    "鑫",
    "华鑫",
    "华鑫科技",
    "有限公司",
    "中关村",
    "（中关村）",
    "tcl",
    "TCL科技",
    "b&q",
    "B&Q 百安居",
    "第2号",
    "2",
    "o'neil",
    "huaxin",
    "hx",
    "hzhxkj",
    "technology",
    "张三",
    "91110108",
    "不存在的公司",
]


def _company(n, name, **fields):
    return CompanyFactory(
        name=name,
        name_pinyin=pinyin.full(name),
        name_initials=pinyin.initials(name),
        uscc=valid_code(n),
        **fields,
    )


@pytest.fixture
def register(db):
    for n, name in enumerate(NAMES):
        _company(n, name, name_en="Hangzhou Technology Co." if n == 0 else "")
    renamed = _company(100, "杭州新名字有限公司", legal_representative_name="张三")
    FormerName.objects.create(company=renamed, name="杭州华鑫老字号")
    PersonFactory(name="张三")


def _names(queryset):
    return set(queryset.values_list("name", flat=True))


@pytest.mark.parametrize("typed", QUERIES)
def test_indexed_matching_finds_exactly_what_plain_matching_finds(register, typed):
    query = search.parse(typed)

    indexed = _names(search.company_candidates(query, indexed=connection.vendor == "postgresql"))
    plain = _names(search.company_candidates(query, indexed=False))
    bounded = search.bounded_candidates(query, cap=1000)

    assert indexed == plain
    assert _names(Company.objects.filter(pk__in=bounded.ids)) == plain
    assert bounded.count == len(plain) and not bounded.capped


@pytest.mark.django_db
def test_a_former_name_fragment_finds_the_renamed_company():
    _company(1, "杭州新名字有限公司")
    FormerName.objects.create(company=Company.objects.get(), name="杭州华鑫老字号")

    found = search.bounded_candidates(search.parse("老字号"), cap=10)

    assert _names(Company.objects.filter(pk__in=found.ids)) == {"杭州新名字有限公司"}


@pytest.mark.django_db
def test_a_common_term_gives_a_bounded_set_with_the_exact_name_and_prefixes_first():
    for n in range(30):
        _company(n, f"杭州华鑫{n:02d}有限公司")
    _company(98, "华鑫科技")
    _company(99, "华鑫")

    found = search.bounded_candidates(search.parse("华鑫"), cap=5, limit=10)

    assert found.capped and found.count == 6
    assert len(found.ids) == 10
    first = list(Company.objects.filter(pk__in=found.ids[:2]).values_list("name", flat=True))
    assert set(first) == {"华鑫", "华鑫科技"}


@pytest.mark.django_db
def test_a_count_under_the_cap_is_exact():
    for n in range(7):
        _company(n, f"杭州华鑫{n:02d}有限公司")

    found = search.bounded_candidates(search.parse("华鑫"), cap=10)

    assert (found.count, found.capped) == (7, False)


@pytest.mark.django_db
def test_autocomplete_puts_the_exact_name_and_prefixes_first_and_stops_at_the_limit():
    for n in range(30):
        _company(n, f"杭州华鑫{n:02d}有限公司")
    _company(98, "华鑫科技有限公司")
    _company(99, "华鑫")

    found = [company.name for company in search.company_autocomplete("华鑫", limit=5)]

    assert found[:2] == ["华鑫", "华鑫科技有限公司"]
    assert len(found) == 5
    assert all("华鑫" in name for name in found)


@pytest.mark.django_db
def test_autocomplete_takes_a_credit_code_pinyin_or_initials():
    _company(1, "杭州华鑫科技有限公司")
    _company(2, "北京明远贸易有限公司")
    code = Company.objects.get(name="北京明远贸易有限公司").uscc

    assert [c.name for c in search.company_autocomplete(code)] == ["北京明远贸易有限公司"]
    assert [c.name for c in search.company_autocomplete("huaxin")] == ["杭州华鑫科技有限公司"]
    assert [c.name for c in search.company_autocomplete("bjmy")] == ["北京明远贸易有限公司"]
    assert search.company_autocomplete("。，") == []
    assert search.company_autocomplete("") == []


def test_query_grams_are_pairs_of_characters_covering_it_or_the_character_alone():
    assert search.grams("华为技术") == sorted(["华为", "技术"])
    assert search.grams("华为技术有限") == sorted(["华为", "技术", "有限"])
    assert search.grams("华为技") == sorted(["华为", "为技"])
    assert search.grams("鑫") == ["鑫"]
    assert search.grams("tcl") == ["CL", "TC"]
    assert search.grams("B&Q 百") == ["B&"]  # pairs with a space left out


@postgres_only
@pytest.mark.django_db
def test_the_database_tokeniser_holds_every_pair_the_query_side_asks_for():
    text = "北京（中关村）TCL 第2号 O'Neil"
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(registry_search_grams(%s))", [text])
        stored = set(cursor.fetchone()[0])

    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            assert set(search.grams(text[start:end])) <= stored, text[start:end]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows is read faster without an index; what is checked
        # here is that the index can serve the query at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgres_only
@pytest.mark.parametrize(
    ("typed", "index"),
    [
        ("华", "registry_company_name_grams"),
        ("华鑫科技", "registry_company_name_grams"),
        ("hx", "registry_company_initials_grams"),
        ("hzhx", "registry_company_initials_trgm"),
        ("huaxin", "registry_company_pinyin_trgm"),
        ("technology", "registry_company_name_en_trgm"),
        # Two identical pattern indexes serve a code prefix (migration 0006's
        # registry_company_uscc_prefix and Django's own ..._like of the
        # unique column); the planner takes either.
        ("91110108", "registry_company_uscc_"),
        ("张三", "registry_company_legal_rep_name"),
    ],
)
def test_every_kind_of_query_can_be_served_by_an_index(register, typed, index):
    query = search.parse(typed)

    plan = _plan(Company.objects.filter(search.direct_match(query, indexed=True)).order_by())

    assert index in plan
    assert "Seq Scan on registry_company" not in plan


@postgres_only
def test_former_names_and_people_can_be_served_by_an_index(register):
    query = search.parse("老字号")

    assert "registry_formername_name_grams" in _plan(
        search.former_names_matching(query, indexed=True)
    )
    assert "registry_person_name_prefix" in _plan(search.people_candidates(search.parse("张三")))


@pytest.mark.django_db
def test_a_company_without_initials_or_english_name_is_stored_and_found():
    Company.objects.create(uscc=valid_code(1), name="批量公司", entity_type="limited_liability")

    assert _names(search.company_candidates(search.parse("批量"))) == {"批量公司"}
