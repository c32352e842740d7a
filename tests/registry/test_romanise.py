"""English forms of names on English pages: places, people, companies, and
the standard texts of the records."""

import pytest

from registry import record_vocabulary, romanise
from registry.models import Region

PLACES = {
    "110000": "Beijing", "330000": "Zhejiang", "330100": "Hangzhou",
    "110108": "Haidian District", "330106": "Xihu District", "330110": "Yuhang District",
    "330127": "Chun'an County", "330782": "Yiwu",
    "222400": "Yanbian Korean Autonomous Prefecture", "150000": "Inner Mongolia",
    "540000": "Tibet (Xizang)", "450000": "Guangxi", "640000": "Ningxia",
    "650000": "Xinjiang", "610000": "Shaanxi", "610100": "Xi'an", "341500": "Lu'an",
    "340300": "Bengbu", "440113": "Panyu District", "331100": "Lishui",
    "330382": "Yueqing", "140400": "Changzhi", "500000": "Chongqing",
    "500240": "Shizhu Tujia Autonomous County", "429021": "Shennongjia Forestry District",
    "152900": "Alashan League", "542500": "Ali Prefecture", "520203": "Liuzhi Special District",
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "english"), PLACES.items())
def test_regions_have_their_official_romanisation(code, english):
    assert Region.objects.get(code=code).name_en == english


@pytest.mark.django_db
def test_every_region_has_an_english_name_without_chinese():
    names = Region.objects.values_list("name_en", flat=True)
    assert all(name and name.isascii() or "ü" in name for name in names)


@pytest.mark.parametrize(
    ("chinese", "pinyin"),
    [
        ("张三", "Zhang San"),
        ("王小明", "Wang Xiaoming"),
        ("欧阳娜娜", "Ouyang Nana"),
        ("诸葛亮", "Zhuge Liang"),
        ("司马光", "Sima Guang"),
        ("单田芳", "Shan Tianfang"),
    ],
)
def test_people_s_names_in_pinyin_surname_first(chinese, pinyin):
    assert romanise.person_name(chinese) == pinyin


def test_company_names_in_pinyin_with_words_joined():
    assert romanise.company_name("北京星河科技有限公司") == "Beijing Xinghe Keji Youxian Gongsi"
    assert (
        romanise.company_name("北京华信科技有限公司朝阳分公司")
        == "Beijing Huaxin Keji Youxian Gongsi Chaoyang Fengongsi"
    )


def test_standard_record_texts_have_english_and_others_none():
    assert record_vocabulary.english("买卖合同纠纷") == "Sales contract dispute"
    assert record_vocabulary.english(
        "未依照《企业信息公示暂行条例》第八条规定的期限公示2023年度报告"
    ).startswith("Did not publish its 2023 annual report in time")
    assert record_vocabulary.english("因为别的原因") == ""
