"""The demo-data generator: reference data from the database in, batches of rows out.

``Seeder.batch(n)`` generates the next ``n`` companies with everything about
them. The random generator is consumed company after company in one fixed
order, and the pools that later companies draw shareholders, head offices and
litigants from span batches, so the data do not depend on the batch size.
"""

import datetime as dt
import random

from faker import Faker

from registry.demo.agencies import Agencies
from registry.demo.annual_reports import AnnualReports
from registry.demo.codes import OrgCodes
from registry.demo.companies import Companies
from registry.demo.courts import Courts
from registry.demo.documents import Documents
from registry.demo.filings import Filings
from registry.demo.geography import Geography
from registry.demo.licences import Licences
from registry.demo.lists import Lists
from registry.demo.names import Namer, Pinyin
from registry.demo.ownership import Ownership
from registry.demo.penalties import Penalties
from registry.demo.people import People, Pool
from registry.demo.ratings import Ratings, Schemes
from registry.demo.tables import Batch, Ids, check_columns, plain_choices
from registry.demo.writer import largest_ids
from registry.models import (
    Agency,
    Company,
    CourtCase,
    CreditList,
    FormerName,
    Industry,
    Licence,
    ListEntry,
    Penalty,
    RatingScheme,
    Region,
)

T = plain_choices(Company.EntityType)
HOLDER_TYPES = (T.LIMITED_LIABILITY, T.JOINT_STOCK, T.STATE_OWNED, T.FOREIGN_INVESTED, T.OTHER)
HEAD_TYPES = (T.LIMITED_LIABILITY, T.JOINT_STOCK, T.STATE_OWNED, T.FOREIGN_INVESTED)
LIST_CODES = (
    "abnormal_operations", "serious_violation", "dishonest_debtor", "major_tax_violation",
    "wage_arrears", "tax_grade_a", "customs_aeo",
)  # fmt: skip


class ReferenceDataMissing(Exception):
    pass


class Seeder:
    def __init__(self, *, seed: int, as_of: dt.date, append: bool = False):
        check_columns()
        rng = random.Random(seed)
        faker = Faker(["zh_CN", "en_US"])
        faker.seed_instance(seed)
        regions = list(Region.objects.values_list("id", "code", "name", "level", "parent__code"))
        industry_ids = dict(
            Industry.objects.filter(level=Industry.Level.DIVISION).values_list("code", "id")
        )
        list_ids = dict(CreditList.objects.filter(code__in=LIST_CODES).values_list("code", "id"))
        if not regions or not industry_ids or len(list_ids) < len(LIST_CODES):
            raise ReferenceDataMissing(
                "The reference data (regions, industries, the seven credit lists) are missing: "
                "run `manage.py migrate` first."
            )
        self.ids = ids = Ids(largest_ids())
        self.geo = geo = Geography(regions)
        pinyin = Pinyin()
        taken = _taken(append)
        org_codes = OrgCodes(rng, taken["org_codes"])
        documents = Documents(rng, taken["decisions"], taken["cases"])
        namer = Namer(rng, pinyin, taken["names"])
        existing_agencies = Agency.objects.values_list("id", "name", "court_code")
        self.agencies = Agencies(geo, ids, org_codes, existing_agencies, pinyin)
        self.schemes = Schemes(ids, RatingScheme.objects.values_list("id", "code"))
        self.people = People(rng, pinyin, geo, ids, faker)
        self.companies = Companies(
            rng, geo, namer, self.agencies, org_codes, ids, industry_ids, as_of
        )
        self.ownership = Ownership(rng, self.people, namer, ids, as_of)
        self.penalties = Penalties(rng, self.agencies, documents, ids, as_of)
        self.licences = Licences(rng, self.agencies, documents, ids, as_of)
        self.courts = Courts(rng, self.people, self.agencies, documents, ids, as_of)
        self.lists = Lists(
            rng, self.agencies, documents, self.courts, ids, as_of, list_ids, self.schemes
        )
        self.ratings = Ratings(rng, self.agencies, self.schemes, self.lists, ids, as_of)
        self.annual_reports = AnnualReports(seed, ids, as_of)
        self.filings = Filings(rng, self.agencies, ids, as_of)
        self.holders = Pool(5000)
        self.heads = Pool(5000)
        self.namer = namer

    def batch(self, count: int) -> Batch:
        batch = Batch()
        for part in (
            self.agencies,
            self.schemes,
            self.people,
            self.companies,
            self.ownership,
            self.penalties,
            self.licences,
            self.courts,
            self.lists,
            self.ratings,
            self.annual_reports,
            self.filings,
        ):
            part.batch = batch
        for _ in range(count):
            self._company()
        return batch

    def _company(self):
        company = self.companies.make(self.heads)
        self.ownership.fill(company, self.holders)
        self.ownership.former_names(company)
        self.companies.finish(company)
        self.penalties.make(company)
        self.licences.make(company)
        self.courts.make(company, self.holders)
        self.lists.make(company, self.holders)
        self.ratings.make(company)
        self.annual_reports.make(company)
        self.filings.make(company)
        if company.entity_type in HOLDER_TYPES:
            self.holders.add(company)
            if company.entity_type in HEAD_TYPES and company.status == "in_operation":
                self.heads.add(company)


def _taken(append: bool) -> dict:
    """Codes, names and numbers already used, which new rows must not repeat.

    Agencies' credit codes are always read (agencies may exist without any
    company); the rest only matters when adding to a register that has data.
    """
    org_codes = {
        code[8:17]
        for code in Agency.objects.exclude(credit_code=None).values_list("credit_code", flat=True)
    }
    taken = {"org_codes": org_codes, "names": set(), "decisions": set(), "cases": set()}
    if not append:
        return taken
    for uscc, name in Company.objects.values_list("uscc", "name").iterator(chunk_size=20_000):
        org_codes.add(uscc[8:17])
        taken["names"].add(name)
    taken["names"].update(
        FormerName.objects.values_list("name", flat=True).iterator(chunk_size=20_000)
    )
    for model, agency in (
        (Penalty, "agency_id"),
        (Licence, "agency_id"),
        (ListEntry, "authority_id"),
    ):
        taken["decisions"].update(
            model.objects.values_list(agency, "decision_number").iterator(chunk_size=20_000)
        )
    taken["cases"].update(
        CourtCase.objects.values_list("case_number", flat=True).iterator(chunk_size=20_000)
    )
    return taken
