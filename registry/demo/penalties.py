"""Administrative penalties of demo companies.

Every violation type occurs, each with its deciding agency, its range of fines
(long-tailed: most fines are small, a few reach millions) and texts from
``data/violations.csv`` (facts, legal basis, and the goods or items named in
them). Industries make some violations likelier: food safety in catering,
pollution in manufacturing, wage arrears in construction. Licences come from
``data/licence_types.csv``, by industry, renewed when they expire.
"""

import csv
import datetime as dt
from decimal import Decimal
from string import Formatter

from registry import publicity_rules
from registry.demo.draws import (
    Weighted,
    between,
    chance,
    date_between,
    long_tail,
    pick,
    poisson,
    round_amount,
)
from registry.demo.industries import DATA_DIR, section_of
from registry.demo.tables import plain_choices
from registry.models import Penalty, PenaltyCategory

V = plain_choices(Penalty.ViolationType)
C = plain_choices(PenaltyCategory.Category)
A = "market_regulation"
FINE_FLOOR, FINE_CEILING = 500, 5_000_000
EARLIEST = dt.date(2015, 1, 1)  # publicity of penalties online starts about then

# type: (agency, lowest fine, highest fine, weight, weight by section, licence at stake)
VIOLATIONS = {
    V.LEGAL_OBLIGATIONS: (A, 1_000, 100_000, 10, {}, ""),
    V.WAGE_ARREARS: ("human_resources", 20_000, 500_000, 3, {"E": 8, "C": 2}, ""),
    V.FINANCIAL_FRAUD: ("financial_regulation", 50_000, 5_000_000, 1, {"J": 30, "L": 4}, ""),
    V.TAX_EVASION: ("tax", 500, 5_000_000, 7, {}, ""),
    V.IMPORT_EXPORT: ("customs", 1_000, 2_000_000, 3, {"F": 3, "C": 3}, ""),
    V.CYBERSPACE: ("cyberspace", 10_000, 1_000_000, 1.5, {"I": 15}, "增值电信业务经营许可证"),
    V.ENVIRONMENT: ("ecology_environment", 20_000, 1_000_000, 4, {"B": 8, "C": 6, "D": 4},
                    "排污许可证"),
    V.ENERGY: (A, 10_000, 100_000, 1, {"C": 3, "D": 3, "F": 2}, ""),
    V.FOOD_SAFETY: (A, 5_000, 500_000, 7, {"H": 12, "F": 3, "A": 2, "C": 2}, "食品经营许可证"),
    V.DRUG_SAFETY: (A, 10_000, 2_000_000, 1.5, {"Q": 8, "C": 2, "F": 2}, "药品经营许可证"),
    V.PRODUCTION_SAFETY: ("emergency_management", 10_000, 1_000_000, 4,
                          {"B": 8, "C": 5, "E": 4, "D": 3, "G": 2}, "安全生产许可证"),
    V.FIRE_SAFETY: ("fire", 5_000, 100_000, 4, {"H": 4, "R": 3, "F": 2, "C": 2, "O": 2}, ""),
    V.SPECIAL_EQUIPMENT: (A, 10_000, 300_000, 2.5, {"C": 3, "G": 3, "K": 3, "H": 2},
                          "特种设备使用登记证"),
    V.PUBLIC_HEALTH: ("health", 500, 30_000, 1.5, {"O": 8, "H": 4, "R": 3},
                      "公共场所卫生许可证"),
    V.MARKET_ORDER: (A, 1_000, 2_000_000, 12, {"F": 3}, ""),
    V.OTHER: (A, 500, 50_000, 4, {}, ""),
}  # fmt: skip
# Document-number word after the agency's prefix: 杭市监 + 处罚 → 杭市监处罚〔2024〕1号.
DECISION_WORDS = {
    A: "处罚", "human_resources": "监罚", "financial_regulation": "罚决字", "tax": "稽罚",
    "customs": "缉决字", "cyberspace": "罚", "ecology_environment": "罚",
    "emergency_management": "罚", "fire": "行罚决字", "health": "公罚",
}  # fmt: skip
# Violations for which a warning alone is a plausible penalty.
WARNING_ONLY = (V.LEGAL_OBLIGATIONS, V.FIRE_SAFETY, V.PUBLIC_HEALTH, V.OTHER, V.ENERGY)
CONFISCATING = (V.FOOD_SAFETY, V.DRUG_SAFETY, V.MARKET_ORDER, V.IMPORT_EXPORT, V.OTHER)
SOURCES = ("国家企业信用信息公示系统", "信用中国", "地方公共信用信息平台", "部门门户网站")
PENALTIES_PER_COMPANY = 0.55


def _read(filename):
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Penalties:
    def __init__(self, rng, agencies, documents, ids, as_of):
        self.rng, self.agencies, self.documents, self.ids = rng, agencies, documents, ids
        self.as_of = as_of
        self.texts: dict[tuple[str, str], tuple] = {}
        for row in _read("violations.csv"):
            key = (row["violation_type"], row["slot"])
            if row["slot"] == "facts":  # a template, its legal basis and the slots it names
                slots = [f for _, f, _, _ in Formatter().parse(row["text"]) if f]
                item = (row["text"], row["legal_basis"], tuple(slots))
            else:
                item = row["text"]
            self.texts[key] = (*self.texts.get(key, ()), item)
        missing = [v for v in V.values if (v, "facts") not in self.texts]
        if missing:
            raise RuntimeError(f"data/violations.csv has no facts for {missing}")
        self.by_section: dict[str, Weighted] = {}
        self.batch = None

    # -- penalties

    def make(self, company):
        start = max(company.established + dt.timedelta(days=30), EARLIEST)
        if start >= self.as_of:
            return
        for _ in range(poisson(self.rng, PENALTIES_PER_COMPANY * company.risk)):
            self._penalty(company, start)

    def _types(self, section: str) -> Weighted:
        found = self.by_section.get(section)
        if found is None:
            found = Weighted(
                (v, spec[3] * spec[4].get(section, 1)) for v, spec in VIOLATIONS.items()
            )
            self.by_section[section] = found
        return found

    def _penalty(self, company, start):
        rng = self.rng
        violation = self._types(section_of(company.division)).draw(rng)
        agency_key, low, high, _weight, _sections, licence = VIOLATIONS[violation]
        agency = self.agencies.responsible(agency_key, company.leaf)
        decided = date_between(rng, start, self.as_of)
        categories, fine, confiscated, affected = self._sanctions(violation, low, high, licence)
        if fine is None:
            severity = Penalty.Severity.MINOR
        else:
            position = (float(fine) - low) / max(high - low, 1)
            severity = "minor" if position < 0.02 else "general" if position < 0.3 else "serious"
        if {C.LICENCE_REVOCATION, C.CLOSURE} & set(categories):
            severity = Penalty.Severity.SERIOUS
        rep = company.legal_rep
        self._write(
            agency,
            agency_key,
            decided,
            violation,
            categories,
            fine,
            confiscated,
            affected,
            severity,
            company_id=company.id,
            person_id=None,
            subject_name=company.name,
            legal_representative=rep.name if rep else "",
            facts=self._facts(violation, decided, company.established),
        )
        if violation == V.PRODUCTION_SAFETY and severity == "serious" and rep and chance(rng, 0.5):
            # The principal person in charge is fined too (Work Safety Law art. 95).
            personal = Decimal(round_amount(long_tail(rng, 20_000, 400_000))).quantize(
                Decimal("0.01")
            )
            self._write(
                agency,
                agency_key,
                decided,
                violation,
                [C.FINE],
                personal,
                None,
                "",
                Penalty.Severity.GENERAL,
                company_id=None,
                person_id=rep.id,
                subject_name=rep.name,
                legal_representative="",
                facts=(
                    f"当事人系{company.name}主要负责人，未履行安全生产管理职责，导致生产安全事故发生。",
                    "《中华人民共和国安全生产法》第九十五条第（二）项",
                ),
            )

    def _sanctions(self, violation, low, high, licence):
        """(categories, fine, confiscated amount, licence affected): one to three categories."""
        rng = self.rng
        if violation in WARNING_ONLY and chance(rng, 0.15):
            return [C.WARNING], None, None, ""
        if violation == V.TAX_EVASION:
            evaded = long_tail(rng, 2_000, 2_000_000, 2.0)
            fine = evaded * pick(rng, (0.5, 0.5, 1, 1, 1.5, 2, 3, 5))
            fine = Decimal(min(max(fine, FINE_FLOOR), FINE_CEILING)).quantize(Decimal("0.01"))
        else:
            fine = Decimal(
                min(max(round_amount(long_tail(rng, low, high, 2.5)), FINE_FLOOR), FINE_CEILING)
            )
        categories, confiscated, affected = [C.FINE], None, ""
        if violation in CONFISCATING and chance(rng, 0.3):
            categories.append(C.CONFISCATION)
            confiscated = Decimal(int(long_tail(rng, 200, max(float(fine), 1_000), 2.0))).quantize(
                Decimal("0.01")
            )
        extra = rng.random()
        if licence and extra < 0.04:
            categories.append(C.LICENCE_REVOCATION if extra < 0.015 else C.LICENCE_SUSPENSION)
            affected = licence
        elif extra < 0.07:
            categories.append(pick(rng, (C.SUSPENSION, C.BUSINESS_RESTRICTION, C.PUBLIC_CRITICISM)))
        elif extra < 0.3 and len(categories) < 3:
            categories.insert(0, C.WARNING)
        return categories[:3], fine, confiscated, affected

    def _facts(self, violation, decided, established) -> tuple[str, str]:
        """(facts of the violation, legal basis), the facts filled in."""
        rng = self.rng
        template, basis, slots = pick(rng, self.texts[(violation, "facts")])
        values = {}
        for slot in slots:
            if slot == "when":
                when = date_between(
                    rng, max(established, decided - dt.timedelta(days=300)), decided
                )
                values[slot] = f"{when.year}年{when.month}月"
            elif slot == "period":
                end = decided.year - 1
                values[slot] = f"{end - between(rng, 0, 2)}年1月至{end}年12月"
            elif slot == "value":
                values[slot] = f"{long_tail(rng, 1_000, 500_000, 2.0):,.2f}"
            elif slot == "count" and violation == V.ENVIRONMENT:  # times over the limit
                values[slot] = f"{0.1 + rng.random() * 3:.1f}"
            elif slot == "count":
                values[slot] = between(rng, 2, 48)
            else:
                values[slot] = pick(rng, self.texts[(violation, slot)])
        return template.format(**values), basis

    def _write(
        self,
        agency,
        agency_key,
        decided,
        violation,
        categories,
        fine,
        confiscated,
        affected,
        severity,
        *,
        facts,
        **subject,
    ):
        rng = self.rng
        number = self.documents.decision(agency, DECISION_WORDS[agency_key], decided.year)
        simple = (
            fine is not None
            and fine <= 3_000
            and chance(rng, 0.3)
            or (categories == [C.WARNING] and chance(rng, 0.5))
        )
        content = "；".join(self._content(c, fine, confiscated, affected) for c in categories)
        publicity = None
        window = publicity_rules.penalty_window(decided, severity, violation)
        own_end = chance(rng, 0.2)
        if own_end and not publicity_rules.is_never_published(simple, categories):
            # The agency's own end date, inside the legal bounds (a warning
            # under the simple procedure is never published: it has none).
            publicity = window.minimum_end + dt.timedelta(
                days=between(rng, 0, (window.maximum_end - window.minimum_end).days)
            )
        temporary = {C.LICENCE_SUSPENSION, C.SUSPENSION, C.BUSINESS_RESTRICTION} & set(categories)
        penalty_id = self.ids.take(Penalty)
        self.batch.add(
            Penalty,
            id=penalty_id,
            agency_id=agency.id,
            decision_number=number,
            violation_type=violation,
            violation_facts=facts[0],
            legal_basis=facts[1],
            penalty_content=content + "。",
            fine_amount=fine,
            confiscated_amount=confiscated,
            licence_affected=affected,
            severity=severity,
            simple_procedure=simple,
            decided_on=decided,
            valid_until=decided + dt.timedelta(days=180) if temporary else None,
            publicity_until=publicity,
            data_source=pick(rng, SOURCES),
            **subject,
        )
        for category in categories:
            self.batch.add(
                PenaltyCategory,
                id=self.ids.take(PenaltyCategory),
                penalty_id=penalty_id,
                category=category,
            )

    @staticmethod
    def _content(category, fine, confiscated, licence) -> str:
        if category == C.FINE:
            return f"罚款人民币{fine:,.2f}元"
        if category == C.CONFISCATION:
            return f"没收违法所得人民币{confiscated:,.2f}元"
        return {
            C.WARNING: "警告",
            C.PUBLIC_CRITICISM: "通报批评",
            C.LICENCE_SUSPENSION: f"暂扣{licence}六个月",
            C.LICENCE_REVOCATION: f"吊销{licence}",
            C.SUSPENSION: "责令停产停业整顿六个月",
            C.BUSINESS_RESTRICTION: "限制开展生产经营活动六个月",
        }[category]
