"""Spot checks, equity pledges, judicial assistance, chattel mortgages, IP
pledges and simplified-deregistration notices of demo companies.

A few percent of companies get each: spot checks (random checks mostly
finding nothing), pledges of the legal representative's equity to a bank
(often cancelled later), a court's freeze of it (sometimes lifted), mortgages
and IP pledges; about a third of deregistered companies went through the
simplified procedure (a 20-day notice, then the outcome). The first company in
operation of a run gets a notice running on the run's day, so that the demo
always shows one open for objections. Every draw comes from the seeder's
generator, company after company: the data do not depend on the batch size.

Rows are written by the seeder's writer (COPY on PostgreSQL): ``COLUMNS`` joins
``registry.demo.tables.COLUMNS``.
"""

import datetime as dt
from decimal import Decimal

from registry import publicity_rules
from registry.demo.draws import Weighted, between, chance, date_between, pick
from registry.models import (
    ChattelMortgage,
    DeregistrationNotice,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    SpotCheck,
)

REGISTERED = ("registration_number", "registered_on", "status", "cancelled_on")
REGISTERED += ("cancellation_reason",)
SECURED = ("secured_amount", "debt_from", "debt_until")
COLUMNS = {
    SpotCheck: ("id", "company_id", "agency_id", "checked_on", "check_type", "result", "remarks"),
    EquityPledge: (
        "id", "company_id", "agency_id", *REGISTERED, "pledgor_name", "pledgor_person_id",
        "pledgor_company_id", "amount", "pledgee_name",
    ),
    JudicialAssistance: (
        "id", "company_id", "agency_id", "notice_number", "kind", "subject_name",
        "subject_person_id", "subject_company_id", "amount", "period_from", "period_until",
        "published_on",
    ),
    ChattelMortgage: ("id", "company_id", "agency_id", *REGISTERED, *SECURED, "collateral"),
    IpPledge: (
        "id", "company_id", "agency_id", *REGISTERED, *SECURED, "ip_kind", "ip_name",
        "pledgee_name",
    ),
    DeregistrationNotice: ("id", "company_id", "agency_id", "starts_on", "ends_on", "outcome",
                           "outcome_on"),
}  # fmt: skip

SPOT_CHECK_SHARE = 0.05
PLEDGE_SHARE = 0.03
FREEZE_SHARE = 0.012
MORTGAGE_SHARE = 0.02
IP_PLEDGE_SHARE = 0.008
SIMPLIFIED_SHARE = 0.35  # of deregistered companies
RESULTS = Weighted(
    [("no_problem", 80), ("corrected", 8), ("not_at_address", 6), ("not_operating", 3),
     ("referred", 2), ("refused", 1)]
)  # fmt: skip
REMARKS = {
    "no_problem": "未发现问题",
    "corrected": "发现问题，已责令改正",
    "not_at_address": "通过登记的住所或者经营场所无法联系",
    "not_operating": "未发现开展本次抽查涉及的经营活动",
    "referred": "发现问题，移送处罚",
    "refused": "不配合检查，情节严重",
}
BANKS = ("中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "交通银行", "招商银行")
BANKS += ("中信银行", "兴业银行", "浦发银行", "民生银行", "北京银行", "上海银行")
COLLATERAL = ("生产设备一批", "数控机床", "运输车辆", "库存商品", "原材料", "办公设备")
IP_NAMES = {
    "trademark": ("第{n}号注册商标专用权",),
    "patent": ("一种{n}号改进装置", "一种{n}号数据处理方法"),
    "copyright": ("计算机软件著作权（登记号{n}）",),
}
UNPLEDGED = ("主债权已清偿", "质权人放弃质权", "主债权消灭")
DAY = dt.timedelta(days=1)


class Filings:
    def __init__(self, rng, agencies, ids, as_of):
        self.rng, self.agencies, self.ids, self.as_of = rng, agencies, ids, as_of
        self.batch = None
        self.running_made = False

    def make(self, company):
        rng, as_of = self.rng, self.as_of
        if (as_of - company.established).days < 60:
            return
        registrar = self.agencies.city_agency(company.leaf.city, "market_regulation")
        if chance(rng, SPOT_CHECK_SHARE):
            self._spot_check(company, registrar)
        if company.capital and company.legal_rep is not None:
            if chance(rng, PLEDGE_SHARE):
                self._pledge(company, registrar)
            if chance(rng, FREEZE_SHARE):
                self._freeze(company)
        if chance(rng, MORTGAGE_SHARE):
            self._secured(ChattelMortgage, company, registrar)
        if chance(rng, IP_PLEDGE_SHARE):
            self._secured(IpPledge, company, registrar)
        old_enough = (as_of - company.established).days > 500
        if company.status == "deregistered" and old_enough and chance(rng, SIMPLIFIED_SHARE):
            starts = date_between(rng, company.established + 365 * DAY, as_of - 60 * DAY)
            self._notice(company, registrar, starts, concluded=True)
        elif company.status == "in_operation" and not self.running_made:
            # The demo's notice open for objections today.
            self.running_made = True
            self._notice(company, registrar, as_of - 5 * DAY, concluded=False)

    def _since(self, company, years: int = 6):
        start = max(company.established + 30 * DAY, self.as_of - 365 * years * DAY)
        return date_between(self.rng, start, self.as_of - DAY)

    def _spot_check(self, company, agency):
        result = RESULTS.draw(self.rng)
        self.batch.add(
            SpotCheck,
            id=self.ids.take(SpotCheck),
            company_id=company.id,
            agency_id=agency.id,
            checked_on=self._since(company),
            check_type="random" if chance(self.rng, 0.85) else "targeted",
            result=result,
            remarks=REMARKS[result],
        )

    def _cancellation(self, registered, chance_of: float):
        if not chance(self.rng, chance_of) or (self.as_of - registered).days < 30:
            return {"status": "valid", "cancelled_on": None, "cancellation_reason": ""}
        return {
            "status": "cancelled",
            "cancelled_on": date_between(self.rng, registered + DAY, self.as_of),
            "cancellation_reason": pick(self.rng, UNPLEDGED),
        }

    def _pledge(self, company, agency):
        rng = self.rng
        registered = self._since(company)
        pk = self.ids.take(EquityPledge)
        amount = Decimal(company.capital) * between(rng, 10, 60) / 100
        self.batch.add(
            EquityPledge,
            id=pk,
            company_id=company.id,
            agency_id=agency.id,
            registration_number=f"{company.leaf.code}{registered.year}{pk:08d}",
            registered_on=registered,
            **self._cancellation(registered, 0.4),
            pledgor_name=company.legal_rep.name,
            pledgor_person_id=company.legal_rep.id,
            pledgor_company_id=None,
            amount=amount.quantize(Decimal("0.01")),
            pledgee_name=f"{pick(rng, BANKS)}股份有限公司",
        )

    def _freeze(self, company):
        rng = self.rng
        court = self.agencies.basic_court(company.leaf)
        published = self._since(company, 4)
        start = published - DAY
        amount = (Decimal(company.capital) * between(rng, 20, 100) / 100).quantize(Decimal("1.00"))
        common = {
            "company_id": company.id,
            "agency_id": court.id,
            "subject_name": company.legal_rep.name,
            "subject_person_id": company.legal_rep.id,
            "subject_company_id": None,
            "amount": amount,
        }
        serial = self.ids.take(JudicialAssistance)
        number = f"({published.year}){court.prefix}执{serial}号"
        self.batch.add(
            JudicialAssistance,
            id=serial,
            notice_number=number,
            kind="freeze",
            period_from=start,
            period_until=start + 3 * 365 * DAY,
            published_on=published,
            **common,
        )
        if chance(rng, 0.3) and (self.as_of - published).days > 30:
            lifted = date_between(rng, published + DAY, self.as_of)
            self.batch.add(
                JudicialAssistance,
                id=self.ids.take(JudicialAssistance),
                notice_number=number,
                kind="unfreeze",
                period_from=None,
                period_until=None,
                published_on=lifted,
                **common,
            )

    def _secured(self, model, company, agency):
        rng = self.rng
        registered = self._since(company)
        pk = self.ids.take(model)
        values = {
            "id": pk,
            "company_id": company.id,
            "agency_id": agency.id,
            "registered_on": registered,
            **self._cancellation(registered, 0.35),
            "secured_amount": Decimal(between(rng, 5, 500) * 10_000),
            "debt_from": registered,
            "debt_until": registered + between(rng, 1, 3) * 365 * DAY,
        }
        if model is ChattelMortgage:
            number = f"{agency.prefix}抵字{registered.year}第{pk:06d}号"
            self.batch.add(
                model, registration_number=number, collateral=pick(rng, COLLATERAL), **values
            )
            return
        kind = pick(rng, tuple(IP_NAMES))
        self.batch.add(
            model,
            registration_number=f"Y{registered.year}{pk:09d}",
            ip_kind=kind,
            ip_name=pick(rng, IP_NAMES[kind]).format(n=pk),
            pledgee_name=f"{pick(rng, BANKS)}股份有限公司",
            **values,
        )

    def _notice(self, company, agency, starts, *, concluded: bool):
        ends = publicity_rules.deregistration_notice_ends_on(starts)
        self.batch.add(
            DeregistrationNotice,
            id=self.ids.take(DeregistrationNotice),
            company_id=company.id,
            agency_id=agency.id,
            starts_on=starts,
            ends_on=ends,
            outcome="deregistered" if concluded else "",
            outcome_on=ends + between(self.rng, 1, 20) * DAY if concluded else None,
        )
