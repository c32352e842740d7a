"""Annual reports of demo companies: about one per company and year since
establishment, for the last five years at most, filed between January and
June of the next year; a few filed late, a few not filed at all (so that the
filing rule, ``list_missing_annual_reports``, finds companies to list), a
few with the financial figures withheld and a few amended after filing.

The reports agree with the demo's abnormal-operations entries on ground 1
(``CompanyRef.missed_reports``, filled by ``lists``): no report for a year
the company is listed for, or one filed late before its removal.

Draws come from a random stream of their own, consumed company after company,
so that adding the reports changed nothing else of the demo data.
"""

import datetime as dt
import random

from registry.demo.draws import Weighted, between, chance, date_between, long_tail, round_amount
from registry.demo.tables import plain_choices
from registry.models import AnnualReport, AnnualReportAmendment

YEARS = 5
S = plain_choices(AnnualReport.OperatingStatus)
# Companies whose status is not "in operation" stopped filing at some point.
STOPPED = {"revoked", "deregistered", "moved_out", "in_liquidation"}
MISSING_SHARE = 0.04  # a company-year without a report
LATE_SHARE = 0.03  # filed after 30 June
WITHHELD_SHARE = 0.08  # figures not published
AMENDED_SHARE = 0.02
AMENDED_FIELDS = Weighted([("employees", 4), ("phone", 3), ("postal_address", 2), ("revenue", 2)])


class AnnualReports:
    def __init__(self, seed: int, ids, as_of: dt.date):
        self.rng = random.Random(f"annual-reports-{seed}")
        self.ids, self.as_of = ids, as_of
        self.batch = None

    def make(self, company):
        rng, as_of = self.rng, self.as_of
        first = company.established.year
        last = as_of.year - 1 if (as_of.month, as_of.day) > (6, 30) else as_of.year - 2
        # The report for the year just ended may be filed already (January to June).
        current = as_of.year - 1
        missed = company.missed_reports or {}
        stopped = company.status in STOPPED
        for year in range(max(first, current - YEARS + 1), current + 1):
            if year in missed:
                listed, removed = missed[year]
                if removed is None:
                    continue
                filed = date_between(rng, max(listed, dt.date(year + 1, 7, 1)), removed)
            elif year > last:
                # Not yet due: filed already by some, from January on.
                if chance(rng, 0.5):
                    continue
                filed = date_between(rng, dt.date(year + 1, 1, 1), as_of)
            elif chance(rng, MISSING_SHARE * (4 if stopped else 1) * company.risk):
                continue
            elif chance(rng, LATE_SHARE):
                filed = date_between(rng, dt.date(year + 1, 7, 1), dt.date(year + 1, 12, 31))
            else:
                filed = date_between(rng, dt.date(year + 1, 1, 1), dt.date(year + 1, 6, 30))
            if filed > as_of or filed.year <= year:
                continue
            self._report(company, year, filed)

    def _report(self, company, year, filed):
        rng = self.rng
        report_id = self.ids.take(AnnualReport)
        small = company.entity_type == "individual_business"
        capital = company.capital or 100_000
        revenue = round_amount(long_tail(rng, capital * 0.2, capital * 20, 2.5))
        assets = round_amount(revenue * (0.4 + rng.random()))
        liabilities = round_amount(assets * rng.random() * 0.8)
        profit = round_amount(revenue * (rng.random() * 0.2 - 0.05))
        values = {
            "phone": f"0{between(rng, 10, 999)}-{between(rng, 2_000_000, 89_999_999)}",
            "postal_address": company.address,
            "employees": between(rng, 1, 8) if small else between(rng, 2, 300),
            "revenue": revenue,
        }
        amendment = None
        if chance(rng, AMENDED_SHARE):
            # What the company filed first; the report holds the amended value.
            field = AMENDED_FIELDS.draw(rng)
            amended = filed + dt.timedelta(days=between(rng, 5, 120))
            old = values[field]
            if field == "phone":
                values[field] = f"0{between(rng, 10, 999)}-{between(rng, 2_000_000, 89_999_999)}"
            elif field == "postal_address":
                values[field] = f"{company.address}（通信地址变更）"
            elif field == "employees":
                values[field] = old + between(rng, 1, 20)
            else:
                values[field] = round_amount(revenue * 1.1) + 1
            if amended <= self.as_of:
                amendment = (amended, field, old, values[field])
            else:
                values[field] = old
        revenue = values["revenue"]
        net = round_amount(profit * 0.75) if profit > 0 else profit
        self.batch.add(
            AnnualReport,
            id=report_id,
            company_id=company.id,
            year=year,
            filed_on=filed,
            phone=values["phone"],
            email="" if small else f"service{company.id}@example.cn",
            postal_address=values["postal_address"],
            registered_address=company.address,
            operating_status=S.OPERATING if chance(rng, 0.97) else S.SUSPENDED,
            employees=values["employees"],
            websites="",
            investments="",
            contributions=[],
            equity_transfers=[],
            total_assets=None if small else assets,
            owners_equity=None if small else assets - liabilities,
            total_liabilities=None if small else liabilities,
            revenue=revenue,
            main_business_revenue=None if small else round_amount(revenue * 0.95),
            profit=None if small else profit,
            net_profit=None if small else net,
            tax_paid=round_amount(revenue * 0.03),
            figures_published=not chance(rng, WITHHELD_SHARE),
            guarantees="",
        )
        if amendment is not None:
            amended, field, old, new = amendment
            shown = (lambda v: f"{v}.00") if field == "revenue" else str
            self.batch.add(
                AnnualReportAmendment,
                id=self.ids.take(AnnualReportAmendment),
                report_id=report_id,
                amended_on=amended,
                field=field,
                old_value=shown(old),
                new_value=shown(new),
            )
