"""Demo companies: entity type, industry, region, name, credit code, dates,
capital, address and business scope; branches of earlier companies.

``Companies.make`` writes one company's row into the current batch and returns
a ``CompanyRef`` that the other generators (ownership, records) build on.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from registry.demo import industries
from registry.demo.codes import company_uscc
from registry.demo.draws import Weighted, add_years, between, chance, date_between, pick
from registry.demo.tables import plain_choices
from registry.demo.vocabulary import (
    BRANCH_SUFFIX,
    LEGAL_FORMS,
    PARKS,
    ROAD_DIRECTIONS,
    ROAD_STEMS,
    ROAD_SUFFIXES,
)
from registry.models import Company

T = plain_choices(Company.EntityType)
S = plain_choices(Company.Status)

ENTITY_TYPES = Weighted(
    [
        (T.LIMITED_LIABILITY, 74), (T.JOINT_STOCK, 1.5), (T.PARTNERSHIP, 3),
        (T.SOLE_PROPRIETORSHIP, 3), (T.INDIVIDUAL_BUSINESS, 9), (T.FARMERS_COOPERATIVE, 3),
        (T.STATE_OWNED, 1.5), (T.FOREIGN_INVESTED, 3), (T.OTHER, 1),
    ]
)  # fmt: skip
BRANCH_SHARE = 0.03
ENGLISH_SHARE = 0.3
# Companies registered per year grew tenfold after the 2014 registration reform.
YEARS = (
    [(y, 1) for y in range(1990, 2000)] + [(y, 2) for y in range(2000, 2008)]
    + [(y, 3.5) for y in range(2008, 2014)]
    + [(2014, 6), (2015, 7), (2016, 8), (2017, 9)] + [(y, 10) for y in range(2018, 2024)]
    + [(2024, 9), (2025, 9), (2026, 8)]
)  # fmt: skip
STATUSES = Weighted(
    [(S.IN_OPERATION, 82), (S.DEREGISTERED, 10), (S.REVOKED, 4), (S.MOVED_OUT, 2.5),
     (S.IN_LIQUIDATION, 1.5)]
)  # fmt: skip
# Registered capital in units of 10,000 yuan (万元), by entity type.
CAPITAL = {
    "default": Weighted(
        [(10, 8), (30, 6), (50, 10), (100, 20), (200, 10), (300, 8), (500, 12), (1000, 12),
         (2000, 5), (3000, 3), (5000, 3), (10000, 2), (50000, 0.5)]
    ),
    T.JOINT_STOCK: Weighted([(1000, 2), (3000, 3), (5000, 4), (10000, 4), (36000, 2), (120000, 1)]),
    T.STATE_OWNED: Weighted([(500, 2), (1000, 3), (5000, 3), (20000, 3), (100000, 1)]),
    T.PARTNERSHIP: Weighted([(100, 3), (500, 3), (1000, 4), (5000, 3), (20000, 1)]),
    T.INDIVIDUAL_BUSINESS: Weighted([(1, 3), (3, 3), (5, 3), (10, 2), (20, 1)]),
    T.FARMERS_COOPERATIVE: Weighted([(5, 2), (10, 3), (50, 3), (100, 3), (200, 2), (500, 1)]),
    T.SOLE_PROPRIETORSHIP: Weighted([(1, 2), (5, 3), (10, 3), (50, 2), (100, 1)]),
}  # fmt: skip
REFORM_DAY = dt.date(2015, 10, 1)  # credit codes with MA organisation codes from then on
OLD_SCOPE_UNTIL = dt.date(2021, 3, 1)  # scopes follow the standard wording from then on


@dataclass(eq=False, slots=True)
class CompanyRef:
    id: int
    name: str
    name_en: str
    pinyin: str
    initials: str
    entity_type: str
    established: dt.date
    leaf: object
    division: str
    status: str
    capital: int | None
    risk: float
    legal_rep: object = None
    row: dict | None = None  # the company's columns until ``finish`` writes them
    parts: tuple | None = None  # (region, parts after the trade name, trade, another word)
    address: str = ""  # kept by ``finish`` for the annual reports
    # Years the company was listed for not filing its annual report: year ->
    # (date listed, date removed or None); filled by ``lists`` (registry/demo/annual_reports.py).
    missed_reports: dict | None = None


class Companies:
    def __init__(self, rng, geography, namer, agencies, org_codes, ids, industry_ids, as_of):
        self.rng, self.geo, self.namer, self.agencies = rng, geography, namer, agencies
        self.org_codes, self.ids, self.as_of = org_codes, ids, as_of
        self.industry_ids = industry_ids
        self.years = Weighted((year, weight) for year, weight in YEARS if year <= as_of.year)
        self.divisions = {
            use: industries.division_weights(use)
            for use in ("company", "shop", "cooperative", "partnership", "state_owned")
        }
        self.manufacturing = industries.manufacturing_weights()
        self.words = {
            use: industries.words(use) for use in ("company", "shop", "cooperative", "partnership")
        }
        self.forms = {
            kind: Weighted((f[:2], f[2]) for f in forms) for kind, forms in LEGAL_FORMS.items()
        }
        self.roads = Weighted(ROAD_SUFFIXES)
        self.scopes = industries.business_scope_items()
        self.batch = None

    # -- the company itself

    def make(self, heads) -> CompanyRef:
        rng = self.rng
        if chance(rng, BRANCH_SHARE):
            head = heads.pick(rng)
            if head is not None:
                branch = self._branch(head)
                if branch is not None:
                    return branch
        kind = ENTITY_TYPES.draw(rng)
        division, word, word_en, other_word = self._industry(kind)
        leaf = self.geo.picker.draw(rng)
        established = self._established()
        form, form_en = self.forms[kind].draw(rng) if kind in self.forms else ("", "")
        before, after = self._name_parts(kind, leaf, word, form)
        name = self.namer.compose(before, after)
        english = ""
        if form_en and (kind == T.FOREIGN_INVESTED or chance(rng, ENGLISH_SHARE)):
            region = before if kind not in (T.FARMERS_COOPERATIVE, T.INDIVIDUAL_BUSINESS) else ""
            english = self.namer.english(region, name.trade_pinyin, word_en, form_en)
        ref = self._row(
            kind,
            division,
            leaf,
            established,
            name.name,
            english,
            name.pinyin,
            name.initials,
            head=None,
        )
        ref.parts = (before, after, name.trade, other_word)
        return ref

    def _industry(self, kind):
        rng = self.rng
        use = {
            T.INDIVIDUAL_BUSINESS: "shop",
            T.FARMERS_COOPERATIVE: "cooperative",
            T.PARTNERSHIP: "partnership",
        }.get(kind, "company")
        if kind == T.OTHER:
            division = self.manufacturing.draw(rng)
            word, word_en = self.words["company"][division][0]
            return division, word, word_en, ""
        if kind == T.STATE_OWNED:
            division = self.divisions["state_owned"].draw(rng)
        else:
            division = self.divisions[use].draw(rng)
        choices = self.words[use][division]
        word, word_en = pick(rng, choices)
        others = [w for w, _en in choices if w != word]
        return division, word, word_en, pick(rng, others) if others else ""

    def _name_parts(self, kind, leaf, word, form):
        """(region part, parts after the trade name) of a name."""
        city = leaf.city
        if kind in (T.INDIVIDUAL_BUSINESS, T.FARMERS_COOPERATIVE):  # 西湖区, 余姚市
            region = leaf.name if leaf.code != city.code else city.name
        elif leaf.short != leaf.name and leaf.code != city.code and chance(self.rng, 0.3):
            region = leaf.short
        else:
            region = city.short
        return region, (word, form) if form else (word,)

    def _established(self) -> dt.date:
        year = self.years.draw(self.rng)
        last = min(dt.date(year, 12, 31), self.as_of)
        return date_between(self.rng, dt.date(year, 1, 1), last)

    def _row(self, kind, division, leaf, established, name, name_en, pinyin, initials, head):
        rng = self.rng
        reformed = established >= REFORM_DAY
        uscc = company_uscc(kind, leaf.code, self.org_codes.next(reformed=reformed))
        age = (self.as_of - established).days / 365
        status = STATUSES.draw(rng) if age > 1 else S.IN_OPERATION
        capital = None
        if kind != T.BRANCH:
            capital = (CAPITAL.get(kind) or CAPITAL["default"]).draw(rng) * 10_000
        term_end = None
        if kind not in (T.INDIVIDUAL_BUSINESS, T.BRANCH) and chance(rng, 0.6):
            term_end = add_years(established, pick(rng, (10, 20, 20, 30, 30, 50)))
        ref = CompanyRef(
            id=self.ids.take(Company),
            name=name,
            name_en=name_en,
            pinyin=pinyin,
            initials=initials,
            entity_type=kind,
            established=established,
            leaf=leaf,
            division=division,
            status=status,
            capital=capital,
            risk=rng.expovariate(1.0),
        )
        ref.row = dict(
            id=ref.id,
            uscc=uscc,
            name=name,
            name_en=name_en,
            name_pinyin=pinyin,
            name_initials=initials,
            entity_type=kind,
            registered_capital=Decimal(capital) if capital is not None else None,
            currency="USD" if kind == T.FOREIGN_INVESTED and chance(rng, 0.2) else "CNY",
            established_on=established,
            term_start=established,
            term_end=term_end,
            registration_authority_id=self.agencies.city_agency(leaf.city, "market_regulation").id,
            status=status,
            address=self._address(leaf),
            region_id=leaf.id,
            industry_id=self.industry_ids[division],
            business_scope=self._scope(division, established),
            head_office_id=head.id if head else None,
        )
        return ref

    def finish(self, ref: CompanyRef):
        """Write the company's row, once its legal representative is known."""
        rep = ref.legal_rep
        self.batch.add(
            Company,
            legal_representative_name=rep.name if rep else "",
            legal_representative_id=rep.id if rep else None,
            **ref.row,
        )
        ref.address = ref.row["address"]
        ref.row = ref.parts = None

    # -- branches

    def _branch(self, head: CompanyRef) -> CompanyRef | None:
        rng = self.rng
        if chance(rng, 0.5):
            leaf = pick(rng, head.leaf.city.leaves)
            place = leaf.short if leaf.code != leaf.city.code else leaf.city.short
        else:
            leaf = self.geo.picker.draw(rng)
            place = leaf.city.short
        name = f"{head.name}{place}{BRANCH_SUFFIX[0]}"
        if place in head.name or not self.namer.claim(name):
            return None
        place_pinyin, place_initials = self.namer.pinyin.place(place)
        suffix_pinyin, suffix_initials = self.namer.pinyin(BRANCH_SUFFIX[0])
        pinyin, initials = place_pinyin + suffix_pinyin, place_initials + suffix_initials
        english = ""
        if head.name_en:
            place_en = place_pinyin.capitalize()
            english = f"{head.name_en} {place_en} {BRANCH_SUFFIX[1]}"
        first = head.established + dt.timedelta(days=30)
        established = date_between(rng, first, self.as_of) if first < self.as_of else self.as_of
        return self._row(
            T.BRANCH,
            head.division,
            leaf,
            established,
            name,
            english,
            head.pinyin + pinyin,
            head.initials + initials,
            head=head,
        )

    # -- address and scope

    def _address(self, leaf) -> str:
        rng, city, province = self.rng, leaf.city, leaf.province
        parts = []
        parts.append(province.name)  # 北京市 for a municipality
        if city.kind == "prefecture":
            parts.append(city.name)
        if leaf.code != city.code or city.kind == "county":
            parts.append(leaf.name)
        number = between(rng, 1, 30) if chance(rng, 0.6) else between(rng, 1, 999)
        if chance(rng, 0.1):
            parts.append(f"{leaf.short}{pick(rng, PARKS)}{number}号")
        else:
            road = pick(rng, ROAD_STEMS) + pick(rng, ROAD_DIRECTIONS) + self.roads.draw(rng)
            parts.append(f"{road}{number}号")
        roll = rng.random()
        if roll < 0.4:
            parts.append(f"{between(rng, 1, 12)}幢{between(rng, 1, 25)}{between(rng, 1, 20):02d}室")
        elif roll < 0.6:
            parts.append(f"{between(rng, 1, 30)}楼")
        return "".join(parts)

    def _scope(self, division: str, established: dt.date) -> str:
        rng = self.rng
        section = industries.section_of(division)
        general = self.scopes.get((section, "general")) or self.scopes[("L", "general")]
        items = rng.sample(general, min(len(general), between(rng, 3, 6)))
        licensed = self.scopes.get((section, "licensed"), ())
        licence = pick(rng, licensed) if licensed and chance(rng, 0.3) else ""
        if established < OLD_SCOPE_UNTIL:
            text = "、".join(items + ([licence] if licence else []))
            return text + "。（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
        text = "一般项目：" + "；".join(items)
        text += "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。"
        if licence:
            text += (
                f"许可项目：{licence}（依法须经批准的项目，经相关部门批准后方可开展经营活动，"
                "具体经营项目以相关部门批准文件或许可证件为准）。"
            )
        return text
