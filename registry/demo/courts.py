"""Court cases of demo companies, with their parties.

Case numbers follow the 2016 rules, (year) + court code + type code + serial +
号, and always parse with ``registry.case_numbers.parse``: first-instance and
enforcement cases sit in the basic court of the company's county, appeals in
the intermediate court above it. Every case has at least two parties: the
company and a counterpart (an earlier company, or a person), or the
prosecutor or agency on the other side.
"""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from registry.case_numbers import parse
from registry.demo.draws import Weighted, between, chance, date_between, long_tail, pick, poisson
from registry.demo.tables import plain_choices
from registry.models import CaseParty, CourtCase

P = plain_choices(CaseParty.Role)
EARLIEST = dt.date(2016, 1, 1)  # the case-number rules in use from then on
CASES_PER_COMPANY = 0.4

# type code: (weight, court level, procedure, roles of the company and its counterpart)
CASE_KINDS = Weighted(
    [
        (("民初", "basic", "民事一审", (P.DEFENDANT, P.PLAINTIFF)), 42),
        (("民终", "intermediate", "民事二审", (P.APPELLANT, P.APPELLEE)), 8),
        (("执", "basic", "首次执行", (P.RESPONDENT, P.APPLICANT)), 25),
        (("执保", "basic", "财产保全执行", (P.RESPONDENT, P.APPLICANT)), 3),
        (("财保", "basic", "诉前财产保全", (P.RESPONDENT, P.APPLICANT)), 2),
        (("刑初", "basic", "刑事一审", (P.ACCUSED, P.OTHER)), 3),
        (("行初", "basic", "行政一审", (P.PLAINTIFF, P.DEFENDANT)), 5),
    ]
)
CIVIL_CAUSES = (
    "买卖合同纠纷", "借款合同纠纷", "劳动争议", "建设工程施工合同纠纷", "民间借贷纠纷",
    "房屋租赁合同纠纷", "服务合同纠纷", "侵害商标权纠纷", "金融借款合同纠纷", "承揽合同纠纷",
    "股权转让纠纷", "运输合同纠纷", "追索劳动报酬纠纷", "装饰装修合同纠纷", "物业服务合同纠纷",
    "融资租赁合同纠纷",
)  # fmt: skip
CRIMINAL_CAUSES = (
    "虚开增值税专用发票罪", "非法吸收公众存款罪", "污染环境罪", "重大责任事故罪",
    "生产、销售伪劣产品罪", "合同诈骗罪", "单位行贿罪", "拒不支付劳动报酬罪",
)  # fmt: skip
ADMINISTRATIVE_CAUSES = ("行政处罚", "行政许可", "工伤认定", "行政强制", "政府信息公开")
CIVIL_OUTCOMES = (
    "判决被告于判决生效之日起十日内支付原告{amount}元及逾期付款利息",
    "准许原告撤诉",
    "调解结案：被告分期支付原告{amount}元",
    "驳回原告的诉讼请求",
)
APPEAL_OUTCOMES = ("驳回上诉，维持原判", "撤销原判，发回重审", "部分改判")
ENFORCEMENT_OUTCOMES = ("执行完毕", "终结本次执行程序", "终结执行")
ADMINISTRATIVE_OUTCOMES = ("驳回原告的诉讼请求", "撤销被诉行政行为", "准许原告撤诉")


class Filed(NamedTuple):
    number: str
    court: object
    counterpart: tuple
    amount: Decimal | None


class Courts:
    def __init__(self, rng, people, agencies, documents, ids, as_of):
        self.rng, self.people, self.agencies = rng, people, agencies
        self.documents, self.ids, self.as_of = documents, ids, as_of
        self.batch = None

    def make(self, company, others):
        start = max(company.established + dt.timedelta(days=60), EARLIEST)
        if start >= self.as_of:
            return
        for _ in range(poisson(self.rng, CASES_PER_COMPANY * company.risk)):
            self.case(company, others, CASE_KINDS.draw(self.rng), start)

    def case(
        self,
        company,
        others,
        kind,
        start,
        *,
        filed=None,
        decided=None,
        counterpart=None,
        amount=None,
    ):
        """One case of the company, against ``counterpart`` (or one drawn from ``others``)."""
        rng = self.rng
        type_code, level, procedure, (role, other_role) = kind
        if level == "basic":
            court = self.agencies.basic_court(company.leaf)
        else:
            court = self.agencies.intermediate_court(company.leaf.city)
        filed = filed or date_between(rng, start, self.as_of)
        number, serial = self.documents.case_number(court.prefix, type_code, filed.year)
        parsed = parse(number)
        decided = decided or filed + dt.timedelta(days=between(rng, 20, 500))
        if decided > self.as_of:
            decided = None
        case_type = parsed.case_type
        if counterpart is None:
            counterpart = self._counterpart(company, others, case_type)
        if amount is None and case_type in ("civil", "enforcement", "other"):
            amount = Decimal(int(long_tail(rng, 5_000, 50_000_000, 2.5))).quantize(Decimal("0.01"))
        cause, outcome = self._cause_and_outcome(type_code, case_type, amount, company)
        case_id = self.ids.take(CourtCase)
        self.batch.add(
            CourtCase,
            id=case_id,
            case_number=number,
            year=parsed.year,
            court_code=parsed.court_code,
            type_code=parsed.type_code,
            serial=parsed.serial,
            court_id=court.id,
            cause_of_action=cause,
            case_type=case_type,
            procedure=procedure,
            filed_on=filed,
            decided_on=decided,
            amount=amount,
            outcome=outcome if decided else "",
        )
        self._party(case_id, role, company=company)
        if case_type == "criminal":
            self._party(case_id, P.ACCUSED, person=company.legal_rep)
            self._party(case_id, P.OTHER, name=court.name.replace("人民法院", "人民检察院"))
        elif case_type == "administrative":
            agency = self.agencies.city_agency(company.leaf.city, "market_regulation")
            self._party(case_id, other_role, name=agency.name)
        else:
            kind_of, party = counterpart
            self._party(case_id, other_role, **{kind_of: party})
            if type_code == "民初" and chance(rng, 0.15):
                third = self.people.known_or_new(company.leaf.province.code, filed.year, 0.3)
                self._party(case_id, P.THIRD_PARTY, person=third)
        return Filed(number, court, counterpart, amount)

    def _counterpart(self, company, others, case_type):
        other = others.pick(self.rng) if chance(self.rng, 0.6) else None
        if other is not None and other is not company:
            return ("company", other)
        person = self.people.known_or_new(company.leaf.province.code, self.as_of.year - 1, 0.3)
        return ("person", person)

    def _cause_and_outcome(self, type_code, case_type, amount, company):
        rng = self.rng
        shown = f"{amount:,.2f}" if amount is not None else ""
        if case_type == "criminal":
            cause = pick(rng, CRIMINAL_CAUSES)
            fine = f"{between(rng, 5, 500) * 10_000:,}"
            years = between(rng, 1, 7)
            rep = company.legal_rep.name if company.legal_rep else "被告人"
            return (
                cause,
                f"判处被告单位罚金人民币{fine}元；被告人{rep}犯{cause}，判处有期徒刑{years}年",
            )
        if case_type == "administrative":
            return pick(rng, ADMINISTRATIVE_CAUSES), pick(rng, ADMINISTRATIVE_OUTCOMES)
        cause = pick(rng, CIVIL_CAUSES)
        if type_code == "民终":
            return cause, pick(rng, APPEAL_OUTCOMES)
        if case_type in ("enforcement", "other"):
            return cause, pick(rng, ENFORCEMENT_OUTCOMES)
        return cause, pick(rng, CIVIL_OUTCOMES).format(amount=shown)

    def _party(self, case_id, role, *, company=None, person=None, name=None):
        self.batch.add(
            CaseParty,
            id=self.ids.take(CaseParty),
            case_id=case_id,
            role=role,
            company_id=company.id if company else None,
            person_id=person.id if person else None,
            name=name or (company or person).name,
        )
