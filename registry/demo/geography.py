"""Where demo companies are: GB/T 2260 regions as the seeder sees them.

A company sits in a *leaf*: a county-level division, or a prefecture without
counties (东莞, 中山...). Its *city* is the unit whose name prefixes company
names and whose market-regulation bureau registers it: the prefecture, the
municipality (北京市...) for a municipality's districts, or the county itself
for a county under a province (仙桃市). Leaves are weighted towards populous
and prosperous provinces and towards urban districts.

Court codes follow the case-number rules: a province abbreviation, then the
last four digits of the county code for a basic court (浙0106), the two
prefecture digits for an intermediate court (浙01).
"""

import re
from dataclasses import dataclass, field

from registry.demo.draws import Weighted

# Province code prefix → abbreviation used in case and document numbers.
ABBREVIATIONS = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉",
    "23": "黑", "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣",
    "37": "鲁", "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川", "52": "贵", "53": "云", "54": "藏", "61": "陕", "62": "甘",
    "63": "青", "64": "宁", "65": "新",
}  # fmt: skip

# Rough shares (%) of registered enterprises by province.
PROVINCE_WEIGHTS = {
    "44": 16, "32": 10, "37": 9, "33": 8.5, "41": 5.5, "51": 4.5, "13": 4.5, "31": 4.5,
    "11": 4.5, "35": 4, "34": 4, "42": 3.5, "43": 3, "61": 2.5, "50": 2.5, "21": 2.5,
    "36": 2.2, "45": 2, "53": 2, "14": 1.8, "12": 1.5, "52": 1.5, "23": 1.3, "22": 1.1,
    "15": 1.1, "65": 1.1, "62": 0.8, "46": 0.9, "64": 0.4, "63": 0.3, "54": 0.2,
}  # fmt: skip

MUNICIPALITIES = ("110000", "120000", "310000", "500000")

# Within a province, a prefecture's weight: the capital and the big economies weigh more.
CITY_BOOSTS = {
    "440300": 4, "440100": 4, "320500": 3, "330200": 2, "370200": 2, "350200": 2,
    "210200": 2, "441900": 2, "440600": 2, "330300": 1.5, "320200": 1.5,
}  # fmt: skip
CAPITAL_BOOST = 4
EXCLUDED = ("460300",)  # 三沙市: islands, no companies

_ETHNIC = (
    "朝鲜|土家|苗|蒙古|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|满|达斡尔|鄂温克|鄂伦春|"
    "维吾尔|哈萨克|柯尔克孜|瑶|畲|黎|仫佬|毛南|仡佬|水|纳西|拉祜|佤|布朗|普米|独龙|怒|保安|"
    "东乡|撒拉|土|裕固|锡伯|塔吉克|各|京|基诺|阿昌|德昂|门巴|珞巴|俄罗斯"
)
# Longest first, so that 仡佬 is not read as a shorter name.
_ETHNIC_TAIL = re.compile(
    "(?:" + "|".join(sorted(set(_ETHNIC.split("|")), key=len, reverse=True)) + ")族?$"
)
_SUFFIXES = ("特别行政区", "地区", "林区", "特区", "省", "市", "县", "区", "旗", "盟")


def short_name(name: str) -> str:
    """The name without its administrative suffix: 杭州市 → 杭州, 延边朝鲜族自治州 → 延边.

    Peoples' names are peeled off an autonomous division's name as long as two
    characters remain (海西蒙古族藏族自治州 → 海西, 长白朝鲜族自治县 → 长白,
    but 内蒙古自治区 → 内蒙古). A name that would be left with one character keeps
    its suffix (赵县, 城区).
    """
    for suffix in ("自治州", "自治县", "自治旗", "自治区"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            while (match := _ETHNIC_TAIL.search(stem)) and match.start() >= 2:
                stem = stem[: match.start()]
            return stem
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(eq=False)
class Province:
    id: int
    code: str
    name: str
    short: str
    abbr: str
    capital: "City | None" = None


@dataclass(eq=False)
class City:
    id: int
    code: str
    name: str
    short: str
    province: Province
    kind: str  # "prefecture", "municipality" or "county" (a county under the province)
    abbr: str = ""  # one character for document numbers, unique within the province
    leaves: list = field(default_factory=list)


@dataclass(eq=False)
class Leaf:
    id: int
    code: str
    name: str
    short: str
    city: City
    court_name: str = ""
    court_code: str = ""

    @property
    def province(self) -> Province:
        return self.city.province


class Geography:
    """Provinces, cities and leaves loaded from the Region table, with a weighted picker."""

    def __init__(self, rows):
        """``rows``: (id, code, name, level, parent code or None) for every region."""
        by_code = {row[1]: row for row in rows}
        self.region_ids = {code: row[0] for code, row in by_code.items()}
        self.provinces: dict[str, Province] = {}
        self.cities: dict[str, City] = {}
        self.leaves: list[Leaf] = []
        children: dict[str, list] = {}
        for row in rows:
            if row[4]:
                children.setdefault(row[4], []).append(row)
        for rid, code, name, level, _parent in sorted(rows, key=lambda r: r[1]):
            if level == "province" and code[:2] in ABBREVIATIONS:
                self.provinces[code] = Province(
                    rid, code, name, short_name(name), ABBREVIATIONS[code[:2]]
                )
        for province in self.provinces.values():
            self._load_province(
                province, sorted(children.get(province.code, []), key=lambda r: r[1]), children
            )
        self._name_courts()
        self.picker = Weighted(self._leaf_weights())
        self.by_province = {
            code: tuple(leaf for leaf in self.leaves if leaf.province.code == code)
            for code in self.provinces
        }

    def _load_province(self, province, rows, children):
        if province.code in MUNICIPALITIES:
            city = self._city(province.id, province.code, province.name, province, "municipality")
            for row in rows:
                self._leaf(row, city)
            province.capital = city
            return
        for row in rows:
            rid, code, name, level, _parent = row
            if code in EXCLUDED:
                continue
            if level == "prefecture":
                city = self._city(rid, code, name, province, "prefecture")
                counties = sorted(children.get(code, []), key=lambda r: r[1])
                for county in counties or [row]:
                    self._leaf(county, city)
                if province.capital is None:
                    province.capital = city
            else:  # a county-level division directly under the province
                self._leaf(row, self._city(rid, code, name, province, "county"))
        used = set()
        for city in self.cities.values():
            if city.province is province and city.kind != "municipality":
                candidates = [c for c in city.short if c not in used] or [city.short[0]]
                city.abbr = candidates[0]
                used.add(city.abbr)

    def _city(self, rid, code, name, province, kind):
        city = City(rid, code, name, short_name(name), province, kind, abbr=province.abbr)
        self.cities[code] = city
        return city

    def _leaf(self, row, city):
        rid, code, name, _level, _parent = row
        leaf = Leaf(rid, code, name, short_name(name), city)
        city.leaves.append(leaf)
        self.leaves.append(leaf)

    def _name_courts(self):
        taken = set()
        for leaf in self.leaves:
            city, province = leaf.city, leaf.province
            if leaf.code == city.code and city.kind == "prefecture":  # 东莞: no counties
                name, code = f"{city.name}第一人民法院", f"{province.abbr}{leaf.code[2:4]}71"
            elif city.kind == "municipality":
                name, code = f"{city.name}{leaf.name}人民法院", province.abbr + leaf.code[2:]
            elif leaf.name.endswith("区"):
                name, code = f"{city.name}{leaf.name}人民法院", province.abbr + leaf.code[2:]
            else:
                name, code = f"{province.name}{leaf.name}人民法院", province.abbr + leaf.code[2:]
            if name in taken:
                name = f"{province.name}{city.name}{leaf.name}人民法院"
            taken.add(name)
            leaf.court_name, leaf.court_code = name, code

    def _leaf_weights(self):
        """Province share, split between its cities, then between a city's leaves."""
        city_weights = {}
        for city in self.cities.values():
            if city.kind == "county":
                weight = 0.3
            else:
                capital = CAPITAL_BOOST if city is city.province.capital else 1
                weight = CITY_BOOSTS.get(city.code, capital)
            city_weights[city.code] = weight
        province_totals: dict[str, float] = {}
        for city in self.cities.values():
            code = city.province.code
            province_totals[code] = province_totals.get(code, 0) + city_weights[city.code]
        for leaf in self.leaves:
            city, province = leaf.city, leaf.province
            share = city_weights[city.code] / province_totals[province.code]
            urban = 3 if leaf.name.endswith("区") else 1.5 if leaf.name.endswith("市") else 1
            urban_total = sum(
                3 if x.name.endswith("区") else 1.5 if x.name.endswith("市") else 1
                for x in city.leaves
            )
            yield leaf, PROVINCE_WEIGHTS[province.code[:2]] * share * urban / urban_total

    def intermediate_court(self, city: City) -> tuple[str, str]:
        """(name, court code) of the intermediate court over a city."""
        province = city.province
        if city.kind == "municipality":
            return f"{city.name}第一中级人民法院", f"{province.abbr}01"
        if city.kind == "county":
            city = province.capital
        return f"{city.name}中级人民法院", f"{province.abbr}{city.code[2:4]}"
