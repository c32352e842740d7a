"""Curated words that demo names are composed from.

Company names follow the registration rule 行政区划 + 字号 + 行业 + 组织形式
(region, trade name, industry, legal form): the region comes from
``geography``, the industry word from ``industries``, the trade name from the
characters below and the legal form from ``LEGAL_FORMS``. Characters with a
common second reading (长, 乐, 行, 重...) are left out so that a character's
pinyin is the one pypinyin gives it alone.
"""

# Characters auspicious enough to appear in trade names (字号), two or three at a time.
TRADE_CHARACTERS = (
    "华鑫恒泰瑞博远盛兴达通源信诚宏昌隆丰顺安康明创新天宇海金嘉佳润泽辉晟昊晨鼎腾飞凯航启"
    "正德祥永汇聚合力众联峰锦绣怡悦尚优益利富贵旺星光辰耀弘伟杰俊骏龙凤麒麟阳春秋东方南北"
    "中大成美景云蓝青绿卓越展拓睿智慧思维致精朗沃铭铂宸熙煜炜烨琪璟玺珑宝全万千亿禾田森林"
    "山川江河湖洋圣浩瀚晖诺雅捷迅驰达亨毅坤乾鸿鹏翔嘉裕祺沣澜湘粤蜀豪赢硕锐昇振兆"
)

# Surnames whose reading as a surname differs from the everyday one (syllables by spaces).
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "查": "zha",
    "朴": "piao",
    "区": "ou",
    "尉迟": "yu chi",
    "盖": "ge",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "乐": "yue",
    "繁": "po",
}

# Characters of modern given names, added to those of Faker's zh_CN first names.
GIVEN_NAME_CHARACTERS = (
    "子梓涵轩雨思欣一诺浩宇晨泽嘉琪怡萱若汐沐宸睿奕然婉清晓文彤语昊天博俊杰志远佳宁瑶"
    "欣怡梦琳雪丽敏静芳娜秀英华建国军伟强磊洋勇涛明超平辉鹏飞鑫波斌凯健帆旭龙林阳亮成峰"
)

# Stems of street names, to which a direction and a suffix are added.
ROAD_STEMS = (
    "人民",
    "解放",
    "中山",
    "建设",
    "新华",
    "和平",
    "文化",
    "长江",
    "黄河",
    "胜利",
    "光明",
    "东风",
    "复兴",
    "学府",
    "科技",
    "创业",
    "滨江",
    "环城",
    "迎宾",
    "工业",
    "开发",
    "体育",
    "花园",
    "青年",
    "延安",
    "友谊",
    "团结",
    "振兴",
    "民主",
    "幸福",
    "繁荣",
    "金融",
    "商业",
    "世纪",
    "未来",
    "文三",
    "天目山",
    "莫干山",
    "凤起",
    "庆春",
    "江南",
    "湖滨",
    "府前",
    "站前",
    "健康",
    "交通",
    "育才",
    "红旗",
    "五一",
    "八一",
    "中华",
    "兴业",
    "富民",
    "同心",
    "滨河",
    "望江",
    "翠苑",
    "金沙",
    "银河",
    "星光",
    "云栖",
    "高新",
    "创新",
    "港城",
    "海滨",
    "锦绣",
)
ROAD_DIRECTIONS = ("", "", "", "东", "西", "南", "北", "中")
ROAD_SUFFIXES = (("路", 60), ("街", 20), ("大道", 12), ("大街", 8))
PARKS = ("工业园区", "科技园", "创业园", "经济开发区", "产业园", "物流园")

# Legal forms (组织形式) by entity type: (Chinese, English, weight).
LEGAL_FORMS = {
    "limited_liability": (("有限公司", "Co., Ltd.", 85), ("有限责任公司", "Co., Ltd.", 15)),
    "joint_stock": (("股份有限公司", "Co., Ltd.", 1),),
    "foreign_invested": (("有限公司", "Co., Ltd.", 1),),
    "state_owned": (
        ("集团有限公司", "Group Co., Ltd.", 40),
        ("有限责任公司", "Co., Ltd.", 35),
        ("公司", "Company", 25),
    ),
    "partnership": (
        ("合伙企业（有限合伙）", "Partnership (Limited Partnership)", 75),
        ("合伙企业（普通合伙）", "Partnership (General Partnership)", 25),
    ),
    "sole_proprietorship": (
        ("个人独资企业", "", 50),
        ("工作室（个人独资）", "", 25),
        ("经营部（个人独资）", "", 25),
    ),
    "farmers_cooperative": (("专业合作社", "", 80), ("农民专业合作社", "", 20)),
    "other": (("厂", "Factory", 1),),
}

# What a branch adds to its head office's name.
BRANCH_SUFFIX = ("分公司", "Branch")

# Foreign shareholders of foreign-invested enterprises come from these places.
FOREIGN_PLACES = ("香港", "新加坡", "日本", "韩国", "美国", "德国", "英国", "台湾")

# Place names pypinyin reads wrongly: per-character readings that hold in place
# names (都 is du, 长 is chang), and whole names read differently still.
PLACE_CHARACTER_READINGS = {"都": "du", "长": "chang"}
PLACE_READINGS = {
    "长子": "zhang zi",
    "朝阳": "chao yang",
    "南乐": "nan le",
    "民乐": "min le",
    "曾都": "zeng du",
    "蚌山": "beng shan",
    "六合": "lu he",
}
