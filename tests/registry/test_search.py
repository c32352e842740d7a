import pytest

from registry import pinyin, search
from registry.models import Company
from tests.factories import CompanyFactory, valid_code

CODE = valid_code(1)


def test_a_whole_valid_code_is_read_as_a_code_whatever_its_spacing_and_case():
    typed = f" {CODE[:6].lower()} {CODE[6:12]}-{CODE[12:].lower()} "

    query = search.parse(typed)

    assert query.kind == search.Kind.CODE
    assert query.code == CODE


def test_full_width_characters_from_a_chinese_input_method_are_read_as_a_code():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in CODE)

    assert search.parse(full_width).code == CODE


def test_a_code_with_a_wrong_check_character_says_what_the_check_character_should_be():
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")

    query = search.parse(wrong)

    assert query.kind == search.Kind.BAD_CODE
    assert query.problem.kind == "checksum"
    assert query.problem.expected_check == CODE[17]


def test_the_first_characters_of_a_code_are_a_code_prefix_and_still_a_text_search():
    query = search.parse("9111 0108")

    assert query.kind == search.Kind.TEXT
    assert query.code == "91110108"


def test_pinyin_initials_are_not_mistaken_for_a_code_prefix():
    query = search.parse("hwjs")

    assert query.code == ""
    assert query.pinyin == "hwjs"


def test_pinyin_is_read_without_spaces_apostrophes_or_capitals():
    assert search.parse("Xi'an Hua Wei").pinyin == "xianhuawei"


def test_a_chinese_query_has_no_pinyin_form():
    assert search.parse("华为").pinyin == ""


def test_eighteen_latin_letters_are_pinyin_not_a_code():
    query = search.parse("hangzhouhuaxinkeji")

    assert query.kind == search.Kind.TEXT
    assert query.pinyin == "hangzhouhuaxinkeji"


def test_a_long_query_is_cut_and_says_so():
    query = search.parse("华" * 10_000)

    assert query.truncated
    assert len(query.text) == search.MAX_QUERY_LENGTH


def test_whitespace_is_collapsed_and_trimmed():
    assert search.parse("  Huawei \t Technologies \n").text == "Huawei Technologies"


@pytest.mark.parametrize("text", ["!!!", "。，、", "%_%", "—", "★☆"])
def test_punctuation_and_symbols_alone_are_not_words(text):
    assert not search.has_words(text)


@pytest.mark.parametrize("text", ["华", "a", "1", "' OR 1=1 --"])
def test_a_letter_character_or_digit_makes_words(text):
    assert search.has_words(text)


def _company(name, **fields):
    return CompanyFactory(
        name=name, name_pinyin=pinyin.full(name), name_initials=pinyin.initials(name), **fields
    )


def _matches(text):
    return set(search.company_candidates(search.parse(text)).values_list("name", flat=True))


@pytest.mark.django_db
def test_candidates_match_names_english_names_pinyin_and_code_prefixes():
    _company("杭州华鑫科技有限公司", name_en="Hangzhou Huaxin Technology Co., Ltd.")
    _company("北京明远贸易有限公司", uscc=valid_code(7, division="110105"))

    assert _matches("鑫") == {"杭州华鑫科技有限公司"}
    assert _matches("technology") == {"杭州华鑫科技有限公司"}
    assert _matches("huaxin") == {"杭州华鑫科技有限公司"}
    assert _matches("hzhx") == {"杭州华鑫科技有限公司"}
    assert _matches("91110105") == {"北京明远贸易有限公司"}


@pytest.mark.django_db
def test_relevance_puts_the_exact_name_first_then_name_prefixes_in_operation_first():
    _company("华鑫有限公司")
    _company("杭州华鑫")
    _company("华鑫")
    _company("华鑫一号公司", status=Company.Status.REVOKED)  # first by name alone
    _company("华鑫科技")

    query = search.parse("华鑫")
    ranked = search.with_relevance(search.company_candidates(query), query).order_by(
        "relevance", "closed", "name"
    )

    assert [c.name for c in ranked] == [
        "华鑫",
        "华鑫有限公司",
        "华鑫科技",
        "华鑫一号公司",
        "杭州华鑫",
    ]
