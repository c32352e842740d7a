"""Hanyu Pinyin for English pages: people's names, company names and place
names, without tones, syllables of a word joined (an apostrophe before a
syllable that starts with a, o or e: Xi'an), words capitalised.

Place names are romanised once, by ``registry/data/add_region_names_en.py``,
into ``regions.csv`` (``Region.name_en``); people's and companies' names when an
English page shows them (cached per process), from pypinyin's readings kept
in ``registry/data/pinyin_readings.txt`` (see ``registry.pinyin``): a web
worker does not import pypinyin.
"""

import re
from functools import lru_cache

from registry.pinyin import join, syllables
from registry.place_names import READINGS, place_name_en

__all__ = ["company_name", "join", "person_name", "place_name_en", "syllables"]

# Two-character surnames, written as one word (欧阳修 → Ouyang Xiu).
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 "
    "独孤 南宫 西门 万俟 闻人 呼延 澹台 公冶 太史 申屠 钟离 濮阳 赫连 司空 第五".split()
)
# Surnames read otherwise than the character's most common reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "朴": "piao", "仇": "qiu", "区": "ou",
    "查": "zha", "覃": "qin", "翟": "zhai", "乐": "yue", "缪": "miao", "尉迟": "yuchi",
    "万俟": "moqi", "长孙": "zhangsun", "盖": "ge", "召": "shao", "种": "chong",
    "纪": "ji", "繁": "po", "员": "yun", "任": "ren", "华": "hua", "沈": "shen",
    "柏": "bai", "秘": "bi", "宓": "mi", "燕": "yan", "葛": "ge", "阚": "kan",
}  # fmt: skip

# Words of company names: legal forms and the common industry words, so that
# the trade name between them reads as one word.
COMPANY_WORDS = (
    "有限 责任 股份 公司 分公司 子公司 总公司 集团 合伙 个人独资 企业 农民专业 合作社 "
    "分店 门市部 经营部 工作室 事务所 中心 商行 "
    "科技 技术 信息 网络 软件 电子 数据 智能 数字 通信 互联网 投资 控股 实业 贸易 商贸 "
    "国际 发展 建设 工程 建筑 装饰 设计 咨询 服务 管理 文化 传媒 广告 教育 培训 物流 "
    "运输 供应链 食品 餐饮 酒店 旅游 医药 医疗 生物 健康 环保 能源 新能源 材料 新材料 "
    "化工 机械 设备 制造 汽车 电器 电气 房地产 置业 开发 物业 农业 金融 资产 进出口 "
    "纺织 服饰 服装 家居 印刷 包装 商务 企业 人力资源 劳务 安装 钢铁 五金 电力 水务 "
    "网络科技 产业 园林 绿化 市政 矿业 石油 天然气 "
    "北京 上海 天津 重庆 深圳 广州 杭州 南京 苏州 武汉 成都 西安 长沙 厦门 宁波 青岛 "
    "浙江 江苏 广东 山东 河南 河北 湖南 湖北 四川 福建 安徽 江西 陕西 山西 辽宁 吉林 "
    "朝阳 海淀 浦东 "
    "黑龙江 云南 贵州 海南 甘肃 青海 内蒙古 广西 宁夏 新疆 西藏 中国 中华 华北 华东 华南"
).split()
_MAX_WORD = max(len(w) for w in COMPANY_WORDS)
_COMPANY_WORDS = frozenset(COMPANY_WORDS)


@lru_cache(maxsize=4096)
def person_name(name: str) -> str:
    """王小明 → Wang Xiaoming; 欧阳娜娜 → Ouyang Nana; 单田芳 → Shan Tianfang.

    Empty for a name with no Chinese in it (already Latin)."""
    name = (name or "").strip()
    if not name or not any(_is_han(c) for c in name) or not all(_is_han(c) for c in name):
        return ""
    if len(name) < 2:
        return join(syllables(name))
    size = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    surname, given = name[:size], name[size:]
    read = SURNAME_READINGS.get(surname)
    surname_en = join([read]) if read else join(syllables(surname))
    return f"{surname_en} {join(syllables(given))}"


@lru_cache(maxsize=4096)
def company_name(name: str) -> str:
    """北京星河科技有限公司 → Beijing Xinghe Keji Youxian Gongsi: the known words
    (places, industries, legal forms) as words of their own, the characters
    between them (the trade name) joined as one word. Latin letters and digits
    are kept; brackets become round ones."""
    name = (name or "").replace("（", "(").replace("）", ")")
    words = []
    for token in _TOKENS.findall(name):
        words.extend(_han_words(token) if _is_han(token[0]) else [token])
    return re.sub(r"\( | \)", lambda m: m.group().strip(), " ".join(words))


_TOKENS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9&.\-]+|[()]")


def _han_words(text: str) -> list[str]:
    """A run of characters as words: the longest known word first, the
    characters between known words as one word."""
    words, pending, i = [], "", 0
    while i < len(text):
        sizes = range(min(_MAX_WORD, len(text) - i), 1, -1)
        size = next((n for n in sizes if text[i : i + n] in _COMPANY_WORDS), 0)
        if size:
            if pending:
                words.append(join(syllables(pending)))
                pending = ""
            word = text[i : i + size]
            words.append(join(READINGS.get(word) or syllables(word)))
            i += size
        else:
            pending += text[i]
            i += 1
    if pending:
        words.append(join(syllables(pending)))
    return words


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"
