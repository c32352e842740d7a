"""The five import kinds: their columns, how a row is read, and the service
that writes it. Column formats are documented in the README."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from registry import case_numbers, services
from registry.importing import fields as f
from registry.importing.lookups import Lookups, normalized_code
from registry.models import Agency, Company, CourtCase, Penalty, PenaltyCategory


class RowInvalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


class Cleaner:
    """Reads the cells of one row, collecting every error instead of stopping
    at the first, so that one pass over a file reports all of them."""

    def __init__(self, row: dict):
        self.row = row
        self.errors: dict[str, str] = {}

    def get(self, column: str, parse: Callable, *args, **kwargs):
        try:
            return parse(self.row.get(column, ""), *args, **kwargs)
        except f.CellError as error:
            self.errors[column] = str(error)
            return None

    def done(self, values: dict) -> dict:
        if self.errors:
            raise RowInvalid(self.errors)
        return values


@dataclass
class Spec:
    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    clean: Callable[[dict, Lookups], dict]
    key: Callable[[dict], tuple]
    # (values, lookups, reason, **channel): ``reason`` is the change reason of the
    # history rows; ``channel`` (state, entered_by) goes to the service as it is.
    write: Callable[..., services.Outcome]
    # Service argument → the column a person should look at.
    columns_for_fields: dict[str, str] = field(default_factory=dict)
    # The column naming the agency the record belongs to, which the admin's
    # import fills with the uploader's own agency.
    agency_column: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


# --- agencies ----------------------------------------------------------------


def _clean_agency(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            "name": c.get("name", f.text, required=True, max_length=128),
            "name_en": c.get("name_en", f.text, max_length=200),
            "kind": c.get("kind", f.choice, Agency.Kind),
            "region": c.get("region_code", lookups.region),
            "level": c.get("level", f.choice, Agency.Level, required=False),
            "credit_code": c.get("credit_code", f.text),
            "court_code": c.get("court_code", f.text, max_length=12),
        }
    )


def _writer(service):
    """A ``Spec.write`` calling ``service`` with the row's values."""
    return lambda values, lookups, reason, **channel: service(
        **values, change_reason=reason, **channel
    )


def _write_agency(values, lookups, reason, **channel):
    outcome = services.agency_upsert(**values, change_reason=reason, **channel)
    lookups.remember_agency(outcome.obj)
    return outcome


AGENCIES = Spec(
    kind="agencies",
    required=("name", "kind"),
    optional=("name_en", "region_code", "level", "credit_code", "court_code"),
    clean=_clean_agency,
    key=lambda v: (v["name"],),
    write=_write_agency,
    columns_for_fields={"region": "region_code"},
)


# --- companies ---------------------------------------------------------------


def _clean_company(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            "code": c.get("uscc", normalized_code),
            "name": c.get("name", f.text, required=True, max_length=200),
            "name_en": c.get("name_en", f.text, max_length=300),
            "entity_type": c.get("entity_type", f.choice, Company.EntityType),
            "legal_representative_name": c.get("legal_representative", f.text, max_length=64),
            "registered_capital": c.get("registered_capital", f.amount),
            "currency": c.get("currency", f.text, max_length=3) or "CNY",
            "established_on": c.get("established_on", f.iso_date),
            "term_end": c.get("term_end", f.iso_date),
            "status": c.get("status", f.choice, Company.Status, default="in_operation"),
            "address": c.get("address", f.text, max_length=300),
            "region": c.get("region_code", lookups.region),
            "industry": c.get("industry_code", lookups.industry),
            "business_scope": c.get("business_scope", f.text),
            "registration_authority": c.get(
                "registration_authority", lookups.agency, required=False
            ),
        }
    )


COMPANIES = Spec(
    kind="companies",
    required=("uscc", "name", "entity_type"),
    optional=(
        "name_en",
        "legal_representative",
        "registered_capital",
        "currency",
        "established_on",
        "term_end",
        "status",
        "address",
        "region_code",
        "industry_code",
        "business_scope",
        "registration_authority",
    ),
    clean=_clean_company,
    key=lambda v: (v["code"],),
    write=_writer(services.company_upsert),
    columns_for_fields={
        "code": "uscc",
        "legal_representative_name": "legal_representative",
        "region": "region_code",
        "industry": "industry_code",
        "term_start": "established_on",
    },
    agency_column="registration_authority",
)


# --- penalties ---------------------------------------------------------------


def _clean_penalty(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            "decision_number": c.get("decision_number", f.text, required=True, max_length=100),
            "company": c.get("uscc", lookups.company),
            "violation_type": c.get("violation_type", f.choice, Penalty.ViolationType),
            "violation_facts": c.get("violation_facts", f.text, required=True),
            "legal_basis": c.get("legal_basis", f.text, required=True),
            "categories": c.get("penalty_category", f.choice_list, PenaltyCategory.Category),
            "penalty_content": c.get("penalty_content", f.text, required=True),
            "fine_amount": c.get("fine_amount", f.amount),
            "confiscated_amount": c.get("confiscated_amount", f.amount),
            "decided_on": c.get("decided_on", f.iso_date, required=True),
            "publicity_until": c.get("publicity_until", f.iso_date),
            "agency": c.get("authority", lookups.agency),
            "severity": c.get("severity", f.choice, Penalty.Severity, default="general"),
            "simple_procedure": c.get("simple_procedure", f.boolean),
            "licence_affected": c.get("licence_affected", f.text, max_length=200),
            "valid_until": c.get("valid_until", f.iso_date),
            "data_source": c.get("data_source", f.text, max_length=100),
        }
    )


PENALTIES = Spec(
    kind="penalties",
    required=(
        "decision_number",
        "uscc",
        "violation_type",
        "violation_facts",
        "legal_basis",
        "penalty_category",
        "penalty_content",
        "decided_on",
        "authority",
    ),
    optional=(
        "fine_amount",
        "confiscated_amount",
        "publicity_until",
        "severity",
        "simple_procedure",
        "licence_affected",
        "valid_until",
        "data_source",
    ),
    clean=_clean_penalty,
    key=lambda v: (v["agency"].pk, v["decision_number"]),
    write=_writer(services.penalty_upsert),
    columns_for_fields={
        "agency": "authority",
        "company": "uscc",
        "categories": "penalty_category",
        "__all__": "decision_number",
    },
    agency_column="authority",
)


# --- court cases -------------------------------------------------------------

ROLES_BY_CASE_TYPE = {
    # case type → (role of the first side, role of the second side)
    "civil": ("plaintiff", "defendant"),
    "administrative": ("plaintiff", "defendant"),
    "criminal": ("plaintiff", "accused"),
    "enforcement": ("applicant", "respondent"),
    "other": ("plaintiff", "defendant"),
}


def _parties(value, lookups, role):
    parties = []
    for item in f.names(value):
        code = item.upper().replace(" ", "").replace("-", "")
        if len(code) == 18 and code.isalnum() and code.isascii():
            company = lookups.company(code)
            parties.append(services.PartyInput(role=role, name=company.name, company=company))
        else:
            company = lookups.company_by_name(item)
            parties.append(services.PartyInput(role=role, name=item, company=company))
    return parties


def _clean_case(row, lookups):
    c = Cleaner(row)
    number = c.get("case_number", case_number_cell)
    case_type = c.get("case_type", f.choice, CourtCase.CaseType, required=False)
    kind = case_type or (number.case_type if number else "other")
    first, second = ROLES_BY_CASE_TYPE[kind]
    plaintiffs = c.get("plaintiffs", _parties, lookups, first) or []
    defendants = c.get("defendants", _parties, lookups, second) or []
    if not plaintiffs and not defendants and "plaintiffs" not in c.errors:
        c.errors["defendants"] = _("A case needs at least one party.")
    return c.done(
        {
            "case_number": number.text if number else None,
            "court": c.get("court", lookups.agency, kind=Agency.Kind.COURT),
            "cause_of_action": c.get("cause_of_action", f.text, max_length=200),
            "case_type": case_type,
            "filed_on": c.get("filed_on", f.iso_date),
            "decided_on": c.get("decided_on", f.iso_date),
            "parties": plaintiffs + defendants,
            "amount": c.get("amount", f.amount),
            "outcome": c.get("outcome", f.text),
            "procedure": c.get("procedure", f.text, max_length=64),
        }
    )


def case_number_cell(value):
    try:
        return case_numbers.parse(f.text(value, required=True))
    except case_numbers.CaseNumberError as error:
        raise f.CellError(str(error)) from None


CASES = Spec(
    kind="cases",
    required=("case_number", "court"),
    optional=(
        "cause_of_action",
        "case_type",
        "filed_on",
        "decided_on",
        "plaintiffs",
        "defendants",
        "amount",
        "outcome",
        "procedure",
    ),
    clean=_clean_case,
    key=lambda v: (v["case_number"],),
    write=_writer(services.court_case_upsert),
    columns_for_fields={"parties": "defendants", "__all__": "case_number"},
    agency_column="court",
)


# --- list entries ------------------------------------------------------------


def _clean_list_entry(row, lookups):
    c = Cleaner(row)
    return c.done(
        {
            "credit_list": c.get("list_code", lookups.credit_list),
            "company": c.get("uscc", lookups.company),
            "reason": c.get("reason", f.text, required=True),
            "listed_on": c.get("listed_on", f.iso_date, required=True),
            "decision_number": c.get("decision_number", f.text, required=True, max_length=100),
            "authority": c.get("authority", lookups.agency),
            "removed_on": c.get("removed_on", f.iso_date),
            "removal_reason": c.get("removal_reason", f.text),
            "removal_authority": c.get("removal_authority", lookups.agency, required=False),
            "removal_decision_number": c.get("removal_decision_number", f.text, max_length=100),
            "extended_until": c.get("extended_until", f.iso_date),
        }
    )


LIST_ENTRIES = Spec(
    kind="list-entries",
    required=("list_code", "uscc", "reason", "listed_on", "decision_number", "authority"),
    optional=(
        "removed_on",
        "removal_reason",
        "removal_authority",
        "removal_decision_number",
        "extended_until",
    ),
    clean=_clean_list_entry,
    key=lambda v: (v["authority"].pk, v["decision_number"]),
    write=_writer(services.list_entry_upsert),
    columns_for_fields={
        "credit_list": "list_code",
        "company": "uscc",
        "__all__": "decision_number",
    },
    agency_column="authority",
)


KINDS: dict[str, Spec] = {
    spec.kind: spec for spec in (AGENCIES, COMPANIES, PENALTIES, CASES, LIST_ENTRIES)
}
