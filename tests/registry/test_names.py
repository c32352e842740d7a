from types import SimpleNamespace

from django.utils import translation

from registry.names import display_name, is_english

REGION = SimpleNamespace(name="浙江省", name_en="Zhejiang")
LIST_WITHOUT_ENGLISH = SimpleNamespace(name="严重失信主体名单", name_en="")
AGENCY = SimpleNamespace(name="市场监督管理局", name_en=None, title="局", title_en="Bureau")


def test_an_english_page_shows_the_english_name_where_there_is_one():
    with translation.override("en"):
        assert is_english()
        assert display_name(REGION) == "Zhejiang"
        assert display_name(LIST_WITHOUT_ENGLISH) == "严重失信主体名单"
        assert display_name(AGENCY) == "市场监督管理局"


def test_a_chinese_page_shows_the_chinese_name():
    with translation.override("zh-hans"):
        assert not is_english()
        assert display_name(REGION) == "浙江省"


def test_the_language_and_the_field_can_be_named():
    with translation.override("zh-hans"):
        assert is_english("en-gb")
        assert display_name(REGION, language="en") == "Zhejiang"
        assert display_name(AGENCY, field="title", language="en") == "Bureau"
        assert display_name(AGENCY, field="title", language="zh-hans") == "局"
