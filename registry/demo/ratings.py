"""Rating schemes and ratings of demo companies, and the red lists they feed.

Three kinds of scheme: the national tax credit grades (A/B/M/C/D, by the State
Taxation Administration, rated each April for the year before; an A puts the
company on the grade-A taxpayer list for a year), the customs credit classes
(by the General Administration of Customs; advanced certification puts the
company on the AEO list) and environmental credit colours (one scheme per
province, by its ecology and environment department, for industry only).
Riskier companies get worse grades. A company has at most one rating per
scheme and period.
"""

import datetime as dt

from registry.demo.draws import Weighted, add_years, between, chance
from registry.demo.industries import section_of
from registry.demo.tables import plain_choices
from registry.models import Agency, Rating, RatingScheme

K = plain_choices(Agency.Kind)
TAX_GRADES = ("A", "B", "M", "C", "D")
CUSTOMS_GRADES = ("高级认证企业", "其他注册登记和备案企业", "失信企业")
ENVIRONMENT_GRADES = ("绿色", "蓝色", "黄色", "红色", "黑色")
GOOD = {
    TAX_GRADES: Weighted(zip(TAX_GRADES, (14, 60, 20, 5, 1), strict=True)),
    CUSTOMS_GRADES: Weighted(zip(CUSTOMS_GRADES, (12, 87, 1), strict=True)),
    ENVIRONMENT_GRADES: Weighted(zip(ENVIRONMENT_GRADES, (20, 60, 15, 4, 1), strict=True)),
}
RISKY = {
    TAX_GRADES: Weighted(zip(TAX_GRADES, (2, 40, 25, 20, 13), strict=True)),
    CUSTOMS_GRADES: Weighted(zip(CUSTOMS_GRADES, (1, 85, 14), strict=True)),
    ENVIRONMENT_GRADES: Weighted(zip(ENVIRONMENT_GRADES, (5, 45, 25, 17, 8), strict=True)),
}
TRADING_SECTIONS = ("C", "F")
INDUSTRIAL_SECTIONS = ("B", "C", "D")


class Schemes:
    """Rating schemes by code, created (as rows of the current batch) when first used."""

    def __init__(self, ids, existing=()):
        """``existing``: (id, code) of the schemes already in the database."""
        self.ids = ids
        self.known = {code: scheme_id for scheme_id, code in existing}
        self.batch = None

    def get(self, code, name, name_en, agency, grades, region_id=None) -> int:
        scheme_id = self.known.get(code)
        if scheme_id is None:
            scheme_id = self.ids.take(RatingScheme)
            self.batch.add(
                RatingScheme,
                id=scheme_id,
                code=code,
                name=name,
                name_en=name_en,
                agency_id=agency.id,
                region_id=region_id,
                industry_id=None,
                grades=list(grades),
            )
            self.known[code] = scheme_id
        return scheme_id


class Ratings:
    def __init__(self, rng, agencies, schemes, lists, ids, as_of):
        self.rng, self.agencies, self.schemes, self.lists = rng, agencies, schemes, lists
        self.ids, self.as_of = ids, as_of
        self.batch = None

    def make(self, company):
        rng = self.rng
        if company.entity_type in ("individual_business", "branch"):
            return
        section = section_of(company.division)
        if chance(rng, 0.3):
            self._tax(company)
        if chance(rng, 0.1 if section in TRADING_SECTIONS else 0.004):
            self._customs(company)
        if section in INDUSTRIAL_SECTIONS and chance(rng, 0.2):
            self._environment(company)

    def _years(self, company, most: int) -> list[int]:
        """The latest one to ``most`` years the company existed for, oldest first."""
        last = (
            self.as_of.year - 1
            if self.as_of >= dt.date(self.as_of.year, 5, 1)
            else self.as_of.year - 2
        )
        first = max(company.established.year, 2014)
        count = min(between(self.rng, 1, most), last - first + 1)
        return list(range(last - count + 1, last + 1)) if count > 0 else []

    def _grade(self, company, grades):
        return (RISKY if company.risk > 2 else GOOD)[grades].draw(self.rng)

    def _rate(self, scheme_id, company, grade, year, rated_on):
        self.batch.add(
            Rating,
            id=self.ids.take(Rating),
            scheme_id=scheme_id,
            company_id=company.id,
            grade=grade,
            period=str(year),
            rated_on=rated_on,
            valid_until=add_years(rated_on, 1) - dt.timedelta(days=1),
        )

    def _tax(self, company):
        rng = self.rng
        national = self.agencies.national(K.TAX)
        scheme = self.schemes.get(
            "tax-credit", "纳税信用等级评价", "Tax credit rating", national, TAX_GRADES
        )
        bureau = self.agencies.tax(company.leaf.city)
        open_listing = None
        for year in self._years(company, 3):
            rated_on = dt.date(year + 1, 4, between(rng, 1, 28))
            grade = self._grade(company, TAX_GRADES)
            self._rate(scheme, company, grade, year, rated_on)
            if open_listing is not None:  # the previous A ends when the next grade is out
                self.lists.red(company, "tax_grade_a", bureau, "税信", *open_listing, rated_on)
                open_listing = None
            if grade == "A":
                open_listing = (rated_on, {"year": year})
        if open_listing is not None:
            ends = add_years(open_listing[0], 1)
            self.lists.red(
                company,
                "tax_grade_a",
                bureau,
                "税信",
                *open_listing,
                ends if ends <= self.as_of else None,
            )

    def _customs(self, company):
        rng = self.rng
        national = self.agencies.national(K.CUSTOMS)
        scheme = self.schemes.get(
            "customs-credit",
            "海关企业信用管理",
            "Customs enterprise credit",
            national,
            CUSTOMS_GRADES,
        )
        listed = False
        for year in self._years(company, 2):
            rated_on = dt.date(year + 1, between(rng, 1, 4), between(rng, 1, 28))
            grade = self._grade(company, CUSTOMS_GRADES)
            self._rate(scheme, company, grade, year, rated_on)
            if grade == CUSTOMS_GRADES[0] and not listed:
                customs = self.agencies.customs(company.leaf.city)
                self.lists.red(company, "customs_aeo", customs, "企认", rated_on, {}, None)
                listed = True

    def _environment(self, company):
        rng, province = self.rng, company.leaf.province
        department = self.agencies.provincial(province, K.ECOLOGY_ENVIRONMENT)
        scheme = self.schemes.get(
            f"environmental-credit-{province.code}",
            f"{province.short}企业环境信用评价",
            f"{province.short} enterprise environmental credit rating",
            department,
            ENVIRONMENT_GRADES,
            region_id=province.id,
        )
        for year in self._years(company, 3):
            rated_on = min(dt.date(year + 1, between(rng, 5, 9), between(rng, 1, 28)), self.as_of)
            self._rate(scheme, company, self._grade(company, ENVIRONMENT_GRADES), year, rated_on)
