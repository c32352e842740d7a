"""The agencies demo records point at, created when first needed, and the
serial numbers of the documents they issue.

Names follow the real pattern of each body (杭州市市场监督管理局, 国家税务总局
浙江省税务局, 杭州海关, 杭州市西湖区人民法院). Each agency carries the prefix
of its document numbers (杭市监 → 杭市监处罚〔2024〕123号). An agency already
in the database under the same name (or, for a court, the same court code) is
reused rather than created again.
"""

from dataclasses import dataclass

from registry.demo.codes import agency_uscc
from registry.demo.tables import plain_choices
from registry.models import Agency

# Direct customs districts: by province, with the cities served by another one.
CUSTOMS = {
    "11": ("北京海关", "110000"), "12": ("天津海关", "120000"), "13": ("石家庄海关", "130100"),
    "14": ("太原海关", "140100"), "15": ("呼和浩特海关", "150100"), "21": ("沈阳海关", "210100"),
    "22": ("长春海关", "220100"), "23": ("哈尔滨海关", "230100"), "31": ("上海海关", "310000"),
    "32": ("南京海关", "320100"), "33": ("杭州海关", "330100"), "34": ("合肥海关", "340100"),
    "35": ("福州海关", "350100"), "36": ("南昌海关", "360100"), "37": ("济南海关", "370100"),
    "41": ("郑州海关", "410100"), "42": ("武汉海关", "420100"), "43": ("长沙海关", "430100"),
    "44": ("广州海关", "440100"), "45": ("南宁海关", "450100"), "46": ("海口海关", "460100"),
    "50": ("重庆海关", "500000"), "51": ("成都海关", "510100"), "52": ("贵阳海关", "520100"),
    "53": ("昆明海关", "530100"), "54": ("拉萨海关", "540100"), "61": ("西安海关", "610100"),
    "62": ("兰州海关", "620100"), "63": ("西宁海关", "630100"), "64": ("银川海关", "640100"),
    "65": ("乌鲁木齐海关", "650100"),
}  # fmt: skip
CUSTOMS_BY_CITY = {
    "440300": ("深圳海关", "440300"), "440400": ("拱北海关", "440400"),
    "440500": ("汕头海关", "440500"), "441900": ("黄埔海关", "440100"),
    "440700": ("江门海关", "440700"), "440800": ("湛江海关", "440800"),
    "330200": ("宁波海关", "330200"), "350200": ("厦门海关", "350200"),
    "210200": ("大连海关", "210200"), "370200": ("青岛海关", "370200"),
    "370600": ("青岛海关", "370200"), "371000": ("青岛海关", "370200"),
    "371100": ("青岛海关", "370200"), "150700": ("满洲里海关", "150781"),
}  # fmt: skip
# Cities with a tax bureau of provincial rank (计划单列市).
SEPARATE_TAX_CITIES = ("210200", "330200", "350200", "370200", "440300")

K = plain_choices(Agency.Kind)
L = plain_choices(Agency.Level)
AGENCY_KINDS = frozenset(K.values)


@dataclass(frozen=True, slots=True)
class AgencyRef:
    id: int
    name: str
    prefix: str  # of its document numbers


class Agencies:
    """Finds or creates agencies; new ones become Agency rows of the current batch."""

    def __init__(self, geography, ids, org_codes, existing=(), pinyin=None):
        """``existing``: (id, name, court code) of the agencies already in the database."""
        self.geo, self.ids, self.org_codes, self.pinyin = geography, ids, org_codes, pinyin
        self.existing_names = {name: agency_id for agency_id, name, _court in existing}
        self.existing_courts = {court: (i, name) for i, name, court in existing if court}
        self.known: dict[str, AgencyRef] = {}
        self.by_city: dict[tuple[str, str], AgencyRef] = {}  # (city code, kind): the fast path
        self.batch = None
        self.created = 0

    def _get(self, name, prefix, kind, level, region_code=None, name_en="", court_code=""):
        key = court_code or name
        ref = self.known.get(key)
        if ref is not None:
            return ref
        if court_code and court_code in self.existing_courts:
            agency_id, name = self.existing_courts[court_code]
        elif name in self.existing_names:
            agency_id = self.existing_names[name]
        else:
            agency_id = self.ids.take(Agency)
            division = region_code or "100000"
            self.batch.add(
                Agency,
                id=agency_id,
                name=name,
                name_en=name_en,
                kind=kind,
                level=level,
                region_id=self.geo.region_ids.get(region_code) if region_code else None,
                credit_code=agency_uscc(division, self.org_codes.government()),
                court_code=court_code,
            )
            self.created += 1
        ref = AgencyRef(agency_id, name, prefix)
        self.known[key] = ref
        return ref

    def _en(self, place) -> str:
        return self.pinyin.place(place.short)[0].capitalize() if self.pinyin else ""

    @staticmethod
    def _city_level(city):
        return {"municipality": L.PROVINCIAL, "county": L.COUNTY}.get(city.kind, L.PREFECTURE)

    def city_agency(self, city, kind: str):
        """A city's bureau of one kind (market regulation, ecology, HR, emergency...)."""
        ref = self.by_city.get((city.code, kind))
        if ref is None:
            ref = self.by_city[(city.code, kind)] = self._city_agency(city, kind)
        return ref

    def _city_agency(self, city, kind: str):
        suffix, prefix, name_en = CITY_BUREAUS[kind]
        if kind == "fire" and city.kind == "municipality":
            suffix = "消防救援总队"
        agency_kind = {"fire": K.EMERGENCY_MANAGEMENT}.get(kind, kind)
        if agency_kind not in AGENCY_KINDS:
            agency_kind = K.OTHER
        return self._get(
            f"{city.name}{suffix}",
            city.abbr + prefix,
            agency_kind,
            self._city_level(city),
            city.code,
            f"{self._en(city)} {name_en}",
        )

    def tax(self, city):
        province = city.province
        if city.code in SEPARATE_TAX_CITIES:
            place, prefix = city, city.abbr
        else:
            place, prefix = province, province.abbr
        return self._get(
            f"国家税务总局{place.name}税务局",
            prefix + "税",
            K.TAX,
            L.PROVINCIAL,
            place.code,
            f"{self._en(place)} Provincial Tax Service, STA",
        )

    def national(self, kind: str):
        name, prefix, name_en = NATIONAL[kind]
        return self._get(name, prefix, kind, L.NATIONAL, None, name_en)

    def customs(self, city):
        name, seat = CUSTOMS_BY_CITY.get(city.code) or CUSTOMS[city.code[:2]]
        return self._get(name, name[0] + "关", K.CUSTOMS, L.PREFECTURE, seat, "")

    def provincial(self, province, kind: str):
        """Provincial bodies: cyberspace office, financial regulator, ecology department."""
        if kind == K.CYBERSPACE:
            name, prefix = f"{province.name}互联网信息办公室", province.abbr + "网信"
        elif kind == K.FINANCIAL_REGULATION:
            name, prefix = f"国家金融监督管理总局{province.short}监管局", province.abbr + "金"
        elif kind == K.ECOLOGY_ENVIRONMENT:
            department = (
                "局" if province.capital and province.capital.kind == "municipality" else "厅"
            )
            name, prefix = f"{province.name}生态环境{department}", province.abbr + "环"
        else:
            name, prefix, kind = f"{province.name}通信管理局", province.abbr, K.OTHER
        return self._get(name, prefix, kind, L.PROVINCIAL, province.code, "")

    def responsible(self, key: str, leaf):
        """The agency of one kind responsible for a company in ``leaf``."""
        city = leaf.city
        if key in CITY_BUREAUS:
            return self.city_agency(city, key)
        if key == K.TAX:
            return self.tax(city)
        if key == K.CUSTOMS:
            return self.customs(city)
        if key in (K.CYBERSPACE, K.FINANCIAL_REGULATION, "communications"):
            return self.provincial(city.province, key)
        return self.city_agency(city, key)

    def basic_court(self, leaf):
        ref = self.known.get(leaf.court_code)
        if ref is not None:
            return ref
        return self._get(
            leaf.court_name,
            leaf.court_code,
            K.COURT,
            L.COUNTY,
            leaf.code,
            "",
            court_code=leaf.court_code,
        )

    def intermediate_court(self, city):
        name, code = self.geo.intermediate_court(city)
        seat = city.province.capital if city.kind == "county" else city
        return self._get(name, code, K.COURT, L.PREFECTURE, seat.code, "", court_code=code)


# kind: (name suffix, document-number prefix after the city's abbreviation, English)
CITY_BUREAUS = {
    K.MARKET_REGULATION: ("市场监督管理局", "市监", "Administration for Market Regulation"),
    K.ECOLOGY_ENVIRONMENT: ("生态环境局", "环", "Ecology and Environment Bureau"),
    K.HUMAN_RESOURCES: (
        "人力资源和社会保障局",
        "人社",
        "Human Resources and Social Security Bureau",
    ),
    K.EMERGENCY_MANAGEMENT: ("应急管理局", "应急", "Emergency Management Bureau"),
    "fire": ("消防救援支队", "消", "Fire and Rescue Detachment"),
    "health": ("卫生健康委员会", "卫", "Health Commission"),
    "housing": ("住房和城乡建设局", "建", "Housing and Urban-Rural Development Bureau"),
    "transport": ("交通运输局", "交", "Transport Bureau"),
    "agriculture": ("农业农村局", "农", "Agriculture and Rural Affairs Bureau"),
    "culture": ("文化广电旅游局", "文旅", "Culture, Radio, Television and Tourism Bureau"),
}

NATIONAL = {
    K.TAX: ("国家税务总局", "税总", "State Taxation Administration"),
    K.CUSTOMS: ("海关总署", "署", "General Administration of Customs"),
}
