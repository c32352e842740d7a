"""Credit-list entries and ratings of demo companies.

All seven seeded lists get entries. The abnormal-operations list is the common
one, on its four grounds; most entries are removed once the company cures the
ground, and an entry still open after three years moves the company onto the
serious-violation list. Dishonest judgment debtors come with the cases behind
them (a judgment, then its enforcement). Ratings come from three schemes: tax
credit grades A/B/M/C/D (an A also lists the company as a grade-A taxpayer),
customs credit (advanced certification also lists it as an AEO) and the
provincial environmental credit colours. A company is never twice on a list
at once: each list's entries for a company form one chain in time.
"""

import csv
import datetime as dt

from registry import publicity_rules
from registry.demo.draws import Weighted, add_years, between, chance, date_between, long_tail, pick
from registry.demo.industries import DATA_DIR, section_of
from registry.demo.tables import plain_choices
from registry.models import Agency, DishonestDebtor, ListEntry, Restriction

EARLIEST = dt.date(2016, 1, 1)
ABNORMAL_GROUNDS = Weighted(
    [("annual_report", 55), ("unreachable", 30), ("ordered_disclosure", 8), ("false_disclosure", 7)]
)
SERIOUS_GROUNDS = Weighted([("fraud", 5), ("pyramid", 1), ("repeated", 4)])
CONDUCTS = Weighted(
    [(DishonestDebtor.Conduct.REFUSES_TO_PAY, 60), (DishonestDebtor.Conduct.EVADES, 10),
     (DishonestDebtor.Conduct.FALSE_REPORT, 8), (DishonestDebtor.Conduct.OBSTRUCTS, 5),
     (DishonestDebtor.Conduct.BREACHES_CONSUMPTION_BAN, 10),
     (DishonestDebtor.Conduct.BREAKS_SETTLEMENT, 7)]
)  # fmt: skip
K = plain_choices(Agency.Kind)


class Lists:
    def __init__(self, rng, agencies, documents, courts, ids, as_of, list_ids, schemes):
        self.rng, self.agencies, self.documents, self.courts = rng, agencies, documents, courts
        self.ids, self.as_of, self.list_ids, self.schemes = ids, as_of, list_ids, schemes
        self.reasons: dict[tuple[str, str, str], tuple[str, ...]] = {}
        with open(DATA_DIR / "list_reasons.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                key = (row["list"], row["ground"], row["kind"])
                self.reasons[key] = (*self.reasons.get(key, ()), row["text"])
        self.batch = None
        self.open: set[str] = set()
        self.open_debtors: set[int] = set()  # people with an open dishonest-debtor entry

    def _text(self, list_code, ground, kind, **values) -> str:
        texts = self.reasons.get((list_code, ground, kind)) or self.reasons[(list_code, "*", kind)]
        return pick(self.rng, texts).format(**values)

    def _amount(self) -> str:
        return f"{long_tail(self.rng, 100_000, 20_000_000, 2.0):,.2f}"

    def _entry(
        self,
        list_code,
        company,
        authority,
        word,
        listed,
        reason,
        *,
        removed=None,
        removal_reason="",
        person=None,
        number=None,
    ):
        if removed is None:
            if list_code in self.open:  # already on the list: never two open entries
                return None
            self.open.add(list_code)
        entry_id = self.ids.take(ListEntry)
        number = number or self.documents.decision(authority, word + "列", listed.year)
        removal_number = ""
        if removed is not None:
            removal_number = self.documents.decision(authority, word + "移", removed.year)
        self.batch.add(
            ListEntry,
            id=entry_id,
            credit_list_id=self.list_ids[list_code],
            company_id=None if person else company.id,
            person_id=person.id if person else None,
            subject_name=person.name if person else company.name,
            reason=reason,
            listed_on=listed,
            decision_number=number,
            authority_id=authority.id,
            removed_on=removed,
            removal_reason=removal_reason,
            removal_authority_id=authority.id if removed else None,
            removal_decision_number=removal_number,
            extended_until=None,
        )
        return entry_id

    def _removed(self, listed, low_days, high_days, share):
        """A removal date, or None when the entry stays open (or would be removed later)."""
        if not chance(self.rng, share):
            return None
        removed = listed + dt.timedelta(days=between(self.rng, low_days, high_days))
        return removed if removed <= self.as_of else None

    # -- black and warning lists

    def make(self, company, others):
        """Black and warning lists. Individual businesses have no annual reports (so no
        abnormal-operations listing) but can be dishonest debtors, listed by their operator."""
        self.open = set()  # lists the company has an open entry on
        rng, risk = self.rng, company.risk
        start = max(company.established + dt.timedelta(days=90), EARLIEST)
        if start >= self.as_of:
            return
        company_like = company.entity_type != "individual_business"
        market = self.agencies.city_agency(company.leaf.city, K.MARKET_REGULATION)
        if company_like and chance(rng, min(0.8, 0.1 * risk)):
            self._abnormal(company, market, start)
        if company_like and chance(rng, 0.004 * risk):
            listed = date_between(rng, start, self.as_of)
            self._serious(company, market, listed, SERIOUS_GROUNDS.draw(rng))
        if chance(rng, 0.012 * risk):
            self._debtor(company, others, start)
        if company_like and chance(rng, 0.003 * risk):
            self._major_tax(company, start)
        construction = section_of(company.division) == "E"
        if company_like and chance(rng, 0.003 * risk * (4 if construction else 1)):
            self._wage_arrears(company, start)

    def _abnormal(self, company, market, start):
        rng, code = self.rng, "abnormal_operations"
        listed = None
        while True:
            ground = ABNORMAL_GROUNDS.draw(rng)
            earliest = start if listed is None else listed
            if ground == "annual_report":
                year = between(rng, max(earliest.year, 2015), self.as_of.year - 1)
                listed = dt.date(year + 1, 7, 1) + dt.timedelta(days=between(rng, 0, 60))
                if listed < earliest:
                    listed = earliest + dt.timedelta(days=between(rng, 1, 30))
            else:
                year = earliest.year
                listed = date_between(rng, earliest, self.as_of)
            if listed > self.as_of:
                return
            removed = self._removed(listed, 10, 900, 0.55)
            if ground == "annual_report":
                # The annual reports (registry/demo/annual_reports.py) agree:
                # none for that year, or one filed late before the removal.
                company.missed_reports = {**(company.missed_reports or {}), year: (listed, removed)}
            reason = self._text(code, ground, "reason", year=year)
            removal = self._text(code, ground, "removal") if removed else ""
            entry_id = self._entry(
                code, company, market, "异", listed, reason, removed=removed, removal_reason=removal
            )
            if removed is None:
                escalation = add_years(listed, 3) + dt.timedelta(days=between(rng, 1, 60))
                if escalation <= self.as_of:
                    self._serious(company, market, escalation, "escalated")
                    self._restrict(company, entry_id, escalation)
                return
            if not chance(rng, 0.3):
                return
            listed = removed + dt.timedelta(days=between(rng, 60, 700))
            if listed > self.as_of:
                return

    def _restrict(self, company, entry_id, starts):
        """The legal representative of a company moved to the serious-violation
        list may not hold that role elsewhere for three years."""
        rep = company.legal_rep
        if rep is None or entry_id is None:
            return
        self.batch.add(
            Restriction,
            id=self.ids.take(Restriction),
            person_id=rep.id,
            company_id=company.id,
            kind=Restriction.Kind.LEGAL_REPRESENTATIVE_BAN.value,
            starts_on=starts,
            ends_on=publicity_rules.restriction_ends_on(starts),
            reason=f"{company.name}列入经营异常名录满三年仍未移出，列入严重违法失信名单；"
            "三年内不得担任其他企业的法定代表人、负责人",
            source_entry_id=entry_id,
        )

    def _serious(self, company, market, listed, ground):
        code = "serious_violation"
        removed = self._removed(listed, 365, 1095, 0.3)
        self._entry(
            code,
            company,
            market,
            "严违",
            listed,
            self._text(code, ground, "reason"),
            removed=removed,
            removal_reason=self._text(code, ground, "removal") if removed else "",
        )

    def _debtor(self, company, others, start):
        """A judgment, its enforcement, then the listing of the debtor who does not pay."""
        rng, code = self.rng, "dishonest_debtor"
        latest = self.as_of - dt.timedelta(days=620)
        if start > latest:
            return
        judged_filed = date_between(rng, start, latest)
        judged = judged_filed + dt.timedelta(days=between(rng, 60, 300))
        basis = self.courts.case(
            company,
            others,
            ("民初", "basic", "民事一审", ("defendant", "plaintiff")),
            start,
            filed=judged_filed,
            decided=judged,
        )
        filed = judged + dt.timedelta(days=between(rng, 20, 120))
        enforcement = self.courts.case(
            company,
            others,
            ("执", "basic", "首次执行", ("respondent", "applicant")),
            start,
            filed=filed,
            counterpart=basis.counterpart,
            amount=basis.amount,
        )
        number, court, amount = enforcement.number, enforcement.court, enforcement.amount
        listed = filed + dt.timedelta(days=between(rng, 20, 200))
        performance = DishonestDebtor.Performance.NOT_PERFORMED
        removed, removal = self._removed(listed, 30, 500, 0.25), ""
        if removed:
            performance, removal = (
                DishonestDebtor.Performance.PERFORMED,
                self._text(code, "*", "removal"),
            )
        elif add_years(listed, 2) <= self.as_of and chance(rng, 0.6):
            removed, removal = add_years(listed, 2), self._text(code, "expired", "removal")
        elif chance(rng, 0.2):
            performance = DishonestDebtor.Performance.PARTLY
        extended = None
        if removed is None and add_years(listed, 2) <= self.as_of and chance(rng, 0.5):
            # The court extended the listing by one to three years.
            extended = add_years(listed, 2 + between(rng, 1, 3))
        operator = company.entity_type == "individual_business" and company.legal_rep
        if operator and removed is None:  # a person is never twice on the list at once
            if operator.id in self.open_debtors:
                operator = None
            else:
                self.open_debtors.add(operator.id)
        entry_id = self.ids.take(ListEntry)
        self.batch.add(
            ListEntry,
            id=entry_id,
            credit_list_id=self.list_ids[code],
            company_id=None if operator else company.id,
            person_id=company.legal_rep.id if operator else None,
            subject_name=company.legal_rep.name if operator else company.name,
            reason=f"有履行能力而拒不履行生效法律文书确定的义务（{basis.number}）",
            listed_on=listed,
            decision_number=number,
            authority_id=court.id,
            removed_on=removed,
            removal_reason=removal,
            removal_authority_id=court.id if removed else None,
            removal_decision_number=number.replace("号", "号之一") if removed else "",
            extended_until=extended,
        )
        self.batch.add(
            DishonestDebtor,
            id=self.ids.take(DishonestDebtor),
            entry_id=entry_id,
            case_number=number,
            province_id=company.leaf.province.id,
            basis_document_number=basis.number,
            issuing_unit=court.name,
            obligations=f"被执行人于判决生效之日起十日内支付申请执行人{amount:,.2f}元及利息",
            performance=performance,
            conduct=CONDUCTS.draw(rng),
            filed_on=filed,
            published_on=listed,
        )

    def _major_tax(self, company, start):
        rng, code = self.rng, "major_tax_violation"
        tax = self.agencies.tax(company.leaf.city)
        listed = date_between(
            rng, max(start, company.established + dt.timedelta(days=365)), self.as_of
        )
        if listed > self.as_of:
            return
        removed, removal = None, ""
        if add_years(listed, 3) <= self.as_of and chance(rng, 0.7):
            removed, removal = add_years(listed, 3), self._text(code, "*", "removal")
        else:
            removed = self._removed(listed, 180, 900, 0.15)
            removal = self._text(code, "early", "removal") if removed else ""
        reason = self._text(code, "*", "reason", amount=self._amount(), count=between(rng, 5, 300))
        self._entry(
            code, company, tax, "重税", listed, reason, removed=removed, removal_reason=removal
        )

    def _wage_arrears(self, company, start):
        rng, code = self.rng, "wage_arrears"
        bureau = self.agencies.city_agency(company.leaf.city, K.HUMAN_RESOURCES)
        listed = date_between(rng, start, self.as_of)
        removed, removal = None, ""
        if add_years(listed, 3) <= self.as_of and chance(rng, 0.5):
            removed, removal = add_years(listed, 3), self._text(code, "expired", "removal")
        else:
            removed = self._removed(listed, 365, 1000, 0.4)
            removal = self._text(code, "*", "removal") if removed else ""
        reason = self._text(code, "*", "reason", amount=self._amount(), count=between(rng, 5, 120))
        self._entry(
            code, company, bureau, "欠薪", listed, reason, removed=removed, removal_reason=removal
        )

    # -- red lists, fed by ratings

    def red(self, company, list_code, authority, word, listed, values, removed):
        """A red-list entry from a rating: open, or removed on ``removed``."""
        if removed is not None and removed > self.as_of:
            removed = None
        self._entry(
            list_code,
            company,
            authority,
            word,
            listed,
            self._text(list_code, "*", "reason", **values),
            removed=removed,
            removal_reason=self._text(list_code, "*", "removal") if removed else "",
        )
