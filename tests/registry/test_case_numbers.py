import pytest

from registry import case_numbers


@pytest.mark.smoke
def test_a_basic_court_civil_number_is_parsed_into_its_parts():
    parsed = case_numbers.parse("(2016)辽1204民初143号")
    assert (parsed.year, parsed.court_code, parsed.type_code, parsed.serial) == (
        2016,
        "辽1204",
        "民初",
        143,
    )
    assert parsed.case_type == "civil"


@pytest.mark.parametrize(
    ("number", "court", "type_code", "case_type"),
    [
        ("（2023）沪01民终1234号", "沪01", "民终", "civil"),
        ("(2022)京执恢12号", "京", "执恢", "enforcement"),
        ("(2021)最高法民申5号", "最高法", "民申", "civil"),
        ("(2020)浙0106刑初88号", "浙0106", "刑初", "criminal"),
        ("(2019)粤03行初7号", "粤03", "行初", "administrative"),
        ("(2018)苏0508执100号", "苏0508", "执", "enforcement"),
        ("(2024)京0108破1号", "京0108", "破", "other"),
    ],
)
def test_numbers_of_every_court_level_and_type(number, court, type_code, case_type):
    parsed = case_numbers.parse(number)
    assert parsed.court_code == court
    assert parsed.type_code == type_code
    assert parsed.case_type == case_type


def test_full_width_brackets_and_spaces_are_normalised():
    assert case_numbers.parse(" （2016） 辽1204民初143号 ").text == "(2016)辽1204民初143号"


@pytest.mark.parametrize(
    "number",
    [
        "2016辽1204民初143号",
        "(2016)辽1204民初143",
        "(2016)X1204民初143号",
        "(16)辽1204民初143号",
        "(2016)辽1204143号",
        "hello",
        "",
    ],
)
def test_invalid_numbers_are_rejected_with_a_clear_message(number):
    with pytest.raises(case_numbers.CaseNumberError) as error:
        case_numbers.parse(number)
    assert "case number" in str(error.value)


def test_an_implausible_year_is_rejected():
    with pytest.raises(case_numbers.CaseNumberError, match="1900"):
        case_numbers.parse("(1900)辽1204民初143号")
