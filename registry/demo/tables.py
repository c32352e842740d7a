"""The rows the seeder writes: which columns of which models, in batches.

Rows are plain tuples in the column order given here, built from keyword
arguments so that the generators read clearly and a missing or misspelt
column fails at once. Primary keys are assigned by the seeder (``Ids``), so
rows can point at each other before anything reaches the database.
"""

from types import SimpleNamespace

from registry.demo.filings import COLUMNS as FILING_COLUMNS
from registry.models import (
    Agency,
    AnnualReport,
    AnnualReportAmendment,
    CaseParty,
    Company,
    CourtCase,
    DishonestDebtor,
    FormerName,
    Licence,
    ListEntry,
    Officer,
    Penalty,
    PenaltyCategory,
    Person,
    Rating,
    RatingScheme,
    Restriction,
    Shareholding,
)

# In the order they are written: a row only points at rows of earlier tables
# (or of its own table, for a branch's head office).
COLUMNS = {
    Agency: ("id", "name", "name_en", "kind", "level", "region_id", "credit_code", "court_code"),
    RatingScheme: (
        "id", "code", "name", "name_en", "agency_id", "region_id", "industry_id", "grades",
    ),
    Person: ("id", "name", "name_pinyin", "id_masked"),
    Company: (
        "id", "uscc", "name", "name_en", "name_pinyin", "name_initials", "entity_type",
        "legal_representative_name", "legal_representative_id", "registered_capital", "currency",
        "established_on", "term_start", "term_end", "registration_authority_id", "status",
        "address", "region_id", "industry_id", "business_scope", "head_office_id",
    ),
    FormerName: ("id", "company_id", "name", "used_from", "used_until"),
    Shareholding: (
        "id", "company_id", "holder_person_id", "holder_company_id", "subscribed_amount",
        "currency", "share_percent", "subscribed_on",
    ),
    Officer: ("id", "company_id", "person_id", "role", "since", "until"),
    Penalty: (
        "id", "agency_id", "decision_number", "company_id", "person_id", "subject_name",
        "legal_representative", "violation_type", "violation_facts", "legal_basis",
        "penalty_content", "fine_amount", "confiscated_amount", "licence_affected", "severity",
        "simple_procedure", "decided_on", "valid_until", "publicity_until", "data_source",
    ),
    PenaltyCategory: ("id", "penalty_id", "category"),
    Licence: (
        "id", "agency_id", "company_id", "decision_number", "licence_name", "licence_number",
        "kind", "content", "decided_on", "valid_from", "valid_until",
    ),
    CourtCase: (
        "id", "case_number", "year", "court_code", "type_code", "serial", "court_id",
        "cause_of_action", "case_type", "procedure", "filed_on", "decided_on", "amount", "outcome",
    ),
    CaseParty: ("id", "case_id", "role", "company_id", "person_id", "name"),
    ListEntry: (
        "id", "credit_list_id", "company_id", "person_id", "subject_name", "reason", "listed_on",
        "decision_number", "authority_id", "removed_on", "removal_reason", "removal_authority_id",
        "removal_decision_number", "extended_until",
    ),
    DishonestDebtor: (
        "id", "entry_id", "case_number", "province_id", "basis_document_number", "issuing_unit",
        "obligations", "performance", "conduct", "filed_on", "published_on",
    ),
    Rating: ("id", "scheme_id", "company_id", "grade", "period", "rated_on", "valid_until"),
    Restriction: (
        "id", "person_id", "company_id", "kind", "starts_on", "ends_on", "reason",
        "source_entry_id",
    ),
    AnnualReport: (
        "id", "company_id", "year", "filed_on", "phone", "email", "postal_address",
        "registered_address", "operating_status", "employees", "websites", "investments",
        "contributions", "equity_transfers", "total_assets", "owners_equity", "total_liabilities",
        "revenue", "main_business_revenue", "profit", "net_profit", "tax_paid",
        "figures_published", "guarantees",
    ),
    AnnualReportAmendment: ("id", "report_id", "amended_on", "field", "old_value", "new_value"),
}  # fmt: skip
# Spot checks, pledges, court orders, mortgages, deregistration notices.
COLUMNS.update(FILING_COLUMNS)

MODELS = tuple(COLUMNS)


def plain_choices(choices) -> SimpleNamespace:
    """A model's choices as plain strings (``T.BRANCH == "branch"``, and ``.values``).

    Looking up a member of a Django ``TextChoices`` costs an enum descriptor call
    each time; the generators do it millions of times.
    """
    return SimpleNamespace(
        values=tuple(choices.values), **{member.name: member.value for member in choices}
    )


TIMESTAMPS = ("created_at", "updated_at")

# The review fields (registry.models.base.Reviewed): demo records are published,
# which is these columns' database default (the rest are empty or NULL).
LEFT_TO_DEFAULTS = (
    "state",
    "entered_by_id",
    "submitted_by_id",
    "submitted_at",
    "reviewed_by_id",
    "reviewed_at",
    "rejection_reason",
    "withdrawn_on",
    "withdrawal_kind",
    "withdrawal_reason",
    # Computed by the database (a generated column, see registry.models.penalty).
    "publicity_ends_on",
)

# Public records, as counted in "records per company" (their detail rows are not).
RECORD_MODELS = (Penalty, Licence, CourtCase, ListEntry, Rating)


def check_columns():
    """Fail loudly when a model gained or lost a column the seeder does not know about."""
    problems = []
    for model, columns in COLUMNS.items():
        fields = {f.attname for f in model._meta.concrete_fields} - set(TIMESTAMPS)
        fields -= set(LEFT_TO_DEFAULTS)
        missing, unknown = fields - set(columns), set(columns) - fields
        if missing or unknown:
            problems.append(
                f"{model.__name__}: not filled {sorted(missing)}, unknown {sorted(unknown)}"
            )
    if problems:
        raise RuntimeError("registry/demo/tables.py is out of date: " + "; ".join(problems))


class Ids:
    """Primary keys handed out by the seeder, after the largest already in each table."""

    def __init__(self, starts: dict):
        self.next_ids = dict(starts)

    def take(self, model) -> int:
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def last(self, model) -> int:
        return self.next_ids[model] - 1


class Batch:
    """The rows of one batch of companies, table by table."""

    def __init__(self):
        self.rows = {model: [] for model in MODELS}

    def add(self, model, **values):
        columns = COLUMNS[model]
        if len(values) != len(columns):
            raise TypeError(f"{model.__name__}: got {sorted(values)}, expected {columns}")
        self.rows[model].append(tuple(map(values.__getitem__, columns)))

    def count(self, model) -> int:
        return len(self.rows[model])

    def counts(self) -> dict:
        return {model: len(rows) for model, rows in self.rows.items()}
