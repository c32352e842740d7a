"""Administrative licences of demo companies.

Licence types come from ``data/licence_types.csv``: the licence, its kind, the
agency that issues it, the letters its numbers start with, the GB/T 4754
sections or divisions it applies to, how many years it is valid and what it
permits. A company of an industry with licences gets about one; one that
expires is often renewed, which makes a second record.
"""

import csv
import datetime as dt

from registry.demo.draws import add_years, between, chance, date_between, pick, poisson
from registry.demo.industries import DATA_DIR, section_of
from registry.models import Licence

LICENCES_PER_ELIGIBLE_COMPANY = 0.9
RENEWAL_SHARE = 0.6


class Licences:
    def __init__(self, rng, agencies, documents, ids, as_of):
        self.rng, self.agencies, self.documents, self.ids = rng, agencies, documents, ids
        self.as_of = as_of
        with open(DATA_DIR / "licence_types.csv", encoding="utf-8", newline="") as handle:
            self.types = list(csv.DictReader(handle))
        self.by_division: dict[str, tuple[dict, ...]] = {}
        self.batch = None

    def make(self, company):
        types = self._types(company.division)
        if not types:
            return
        rng = self.rng
        for _ in range(poisson(rng, LICENCES_PER_ELIGIBLE_COMPANY)):
            spec = pick(rng, types)
            agency = self.agencies.responsible(spec["agency"], company.leaf)
            decided = date_between(
                rng, company.established, min(self.as_of, add_years(company.established, 3))
            )
            years = int(spec["years"])
            while True:
                until = add_years(decided, years) - dt.timedelta(days=1) if years else None
                self.batch.add(
                    Licence,
                    id=self.ids.take(Licence),
                    agency_id=agency.id,
                    company_id=company.id,
                    decision_number=self.documents.decision(agency, "许字", decided.year),
                    licence_name=spec["name"],
                    licence_number=self.documents.licence_number(
                        agency, spec["letters"], company.leaf.code
                    ),
                    kind=spec["kind"],
                    content=spec["content"],
                    decided_on=decided,
                    valid_from=decided,
                    valid_until=until,
                )
                if until is None or until >= self.as_of or not chance(rng, RENEWAL_SHARE):
                    break
                decided = until - dt.timedelta(days=between(rng, 5, 60))  # renewed in time

    def _types(self, division: str):
        found = self.by_division.get(division)
        if found is None:
            section = section_of(division)
            found = tuple(
                spec
                for spec in self.types
                if division in spec["applies_to"].split() or section in spec["applies_to"].split()
            )
            self.by_division[division] = found
        return found
