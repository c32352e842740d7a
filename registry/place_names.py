"""Official English forms of China's administrative divisions (GB/T 2260
names): Hanyu Pinyin without tones, the proper name as one word and the
generic part translated — 海淀区 → Haidian District, 淳安县 → Chun'an County,
杭州市 → Hangzhou, 延边朝鲜族自治州 → Yanbian Korean Autonomous Prefecture.

Used by ``registry/data/add_region_names_en.py`` to fill ``regions.csv``'s
``name_en`` column; not at request time.
"""

from registry.pinyin import join, syllables

# Whole names whose English form is not the rule's (conventional forms, and
# readings pypinyin gets wrong in place names).
EXCEPTIONS = {
    "内蒙古自治区": "Inner Mongolia",
    "西藏自治区": "Tibet (Xizang)",
    "广西壮族自治区": "Guangxi",
    "宁夏回族自治区": "Ningxia",
    "新疆维吾尔自治区": "Xinjiang",
    "陕西省": "Shaanxi",
    "香港特别行政区": "Hong Kong",
    "香港": "Hong Kong",
    "澳门特别行政区": "Macao",
    "澳门": "Macao",
    "台湾省": "Taiwan",
    "台湾": "Taiwan",
    "呼和浩特市": "Hohhot",
    "乌鲁木齐市": "Urumqi",
    "乌鲁木齐县": "Urumqi County",
    "拉萨市": "Lhasa",
    "喀什地区": "Kashgar Prefecture",
    "喀什市": "Kashgar",
    "西沙群岛": "Xisha Islands",
    "南沙群岛": "Nansha Islands",
    "中沙群岛的岛礁及其海域": "Zhongsha Islands (islands, reefs and waters)",
    "城区": "Urban District",
    "郊区": "Suburban District",
    "矿区": "Mining District",
    "浦东新区": "Pudong New Area",
    "滨海新区": "Binhai New Area",
    "沈北新区": "Shenbei New Area",
    "神农架林区": "Shennongjia Forestry District",
    "单县": "Shan County",
    "浚县": "Xun County",
}

# Characters read otherwise in place names than pypinyin reads them alone or in
# a phrase it knows for something else. Keyed by the name's proper part.
READINGS = {
    "长治": ["chang", "zhi"],
    "重庆": ["chong", "qing"],
    "六安": ["lu", "an"],
    "蚌埠": ["beng", "bu"],
    "番禺": ["pan", "yu"],
    "丽水": ["li", "shui"],
    "乐清": ["yue", "qing"],
    "朝阳": ["chao", "yang"],
    "曾都": ["zeng", "du"],
    "长子": ["zhang", "zi"],
    "乐亭": ["lao", "ting"],
    "六合": ["lu", "he"],
    "马尾": ["ma", "wei"],
    "闵行": ["min", "hang"],
    "蚌山": ["beng", "shan"],
    "覃塘": ["qin", "tang"],
    "荥经": ["ying", "jing"],
    "洪洞": ["hong", "tong"],
    "筠连": ["jun", "lian"],
}

# Characters read one way in (nearly) every place name, whatever pypinyin's
# phrases say (长宁 Changning, 花都 Huadu, 民乐 Minle, 双柏 Shuangbai, 阿图什
# Atushi); the names read otherwise are in READINGS.
CHARACTER_READINGS = {"长": "chang", "都": "du", "乐": "le", "柏": "bai", "什": "shi"}

# Generic endings, longest first: (ending, English word after the proper name).
# 市 has no English word: a city is named by its proper name alone.
ENDINGS = [
    ("特别行政区", ""),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("特区", "Special District"),
    ("地区", "Prefecture"),
    ("矿区", "Mining District"),
    ("省", ""),
    ("市", ""),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("盟", "League"),
]

# The peoples named in autonomous divisions, longest first where one name
# begins another (蒙古族 before 蒙古).
PEOPLES = {
    "朝鲜族": "Korean", "藏族": "Tibetan", "羌族": "Qiang", "彝族": "Yi", "苗族": "Miao",
    "侗族": "Dong", "布依族": "Bouyei", "土家族": "Tujia", "哈尼族": "Hani", "傣族": "Dai",
    "白族": "Bai", "傈僳族": "Lisu", "景颇族": "Jingpo", "壮族": "Zhuang", "回族": "Hui",
    "蒙古族": "Mongol", "蒙古": "Mongol", "哈萨克族": "Kazak", "哈萨克": "Kazak",
    "柯尔克孜": "Kirgiz", "维吾尔": "Uygur", "满族": "Manchu", "瑶族": "Yao", "黎族": "Li",
    "畲族": "She", "仡佬族": "Gelao", "水族": "Sui", "纳西族": "Naxi", "拉祜族": "Lahu",
    "佤族": "Va", "布朗族": "Blang", "独龙族": "Derung", "怒族": "Nu", "普米族": "Pumi",
    "仫佬族": "Mulao", "毛南族": "Maonan", "各族": "Multi-ethnic", "撒拉族": "Salar",
    "土族": "Tu", "保安族": "Bonan", "东乡族": "Dongxiang", "裕固族": "Yugur",
    "达斡尔族": "Daur", "鄂温克族": "Evenki", "鄂温克": "Evenki", "鄂伦春": "Oroqen",
    "锡伯": "Xibe", "塔吉克": "Tajik", "京族": "Gin", "门巴族": "Monba", "珞巴族": "Lhoba",
}  # fmt: skip


def place_name_en(name: str) -> str:
    """The English form of a division's name (see the module docstring)."""
    if name in EXCEPTIONS:
        return EXCEPTIONS[name]
    # pypinyin reads the whole name, so that its phrases see the context.
    readings = syllables(name)
    ending, generic = next(((e, g) for e, g in ENDINGS if name.endswith(e)), ("", ""))
    proper = name[: len(name) - len(ending)]
    if len(proper) < 2 and ending in ("县", "区", "市", "旗"):
        # 和县 → He County: a one-character name keeps no ending of its own
        # but is read with it.
        proper, ending = name[:-1], name[-1:]
    peoples = []
    if ending.startswith("自治") or proper.endswith("族"):
        proper, peoples = _peoples(proper)
    pairs = zip(proper, readings, strict=False)
    proper_readings = READINGS.get(proper) or [CHARACTER_READINGS.get(c, r) for c, r in pairs]
    english = join(proper_readings) if proper else ""
    if peoples:
        english = f"{english} {_and(peoples)}".strip()
    return f"{english} {generic}".strip()


def _peoples(proper: str) -> tuple[str, list[str]]:
    """(the place part, [peoples]) of an autonomous division's proper name,
    peoples read from its end: 延边朝鲜族 → (延边, [Korean])."""
    peoples = []
    while True:
        found = next(
            (c for c in sorted(PEOPLES, key=len, reverse=True) if proper.endswith(c)), None
        )
        if found is None or found == proper and peoples:
            break
        peoples.insert(0, PEOPLES[found])
        proper = proper[: -len(found)]
        if not proper:
            break
    return proper, peoples


def _and(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
