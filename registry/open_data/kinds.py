"""The public record kinds, each with its rows (what is public on a day) and
its columns: a stable English snake_case name, how the value is read from a
row, and what it means. One definition serves the site's downloads, the bulk
dumps and the field reference on the /data/ page; renaming or reordering a
column is a change of ``SCHEMA_VERSION``."""

import datetime
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from registry import models as m

SCHEMA_VERSION = 1
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    name: str
    get: Callable[[Any], Any]
    about: str


@dataclass(frozen=True)
class Kind:
    name: str
    about: str
    columns: tuple[Column, ...]
    public: Callable[[datetime.date], QuerySet]
    related: tuple[str, ...] = ()
    # Reads what the columns need for a chunk of records at once, in one query,
    # where a prefetch would build a queryset for each record.
    attach: Callable[[list], None] | None = None

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def loaded(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` with what the columns read joined (``attach`` reads
        the rest a chunk at a time); the page's own prefetches are dropped."""
        return queryset.prefetch_related(None).select_related(*self.related)

    def rows(self, queryset: QuerySet, limit: int | None = None) -> Iterator[list]:
        """The rows of ``queryset`` (in its order) as lists of plain values,
        read in chunks of CHUNK_SIZE: memory stays the same whatever the count."""
        if limit is not None:
            queryset = queryset[:limit]
        getters = [column.get for column in self.columns]
        records = self.loaded(queryset).iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(itertools.islice(records, CHUNK_SIZE)):
            if self.attach:
                self.attach(chunk)
            for record in chunk:
                yield [get(record) for get in getters]


def _name(agency):
    return agency.name if agency else None


def _uscc(record):
    return record.company.uscc if record.company_id else None


def _c(name, get, about):
    return Column(name, get, about)


def _attach_categories(penalties):
    """Sets ``category_codes`` (sorted) on each of ``penalties``: one query."""
    codes = {penalty.pk: [] for penalty in penalties}
    rows = m.PenaltyCategory.objects.filter(penalty__in=list(codes)).order_by("category")
    for penalty_id, category in rows.values_list("penalty_id", "category"):
        codes[penalty_id].append(category)
    for penalty in penalties:
        penalty.category_codes = codes[penalty.pk]


FIRST_SIDE = {"plaintiff", "applicant"}


def _attach_parties(cases):
    """Sets ``party_rows`` (role, name, company's code) on each of ``cases``,
    in the order they were recorded: one query."""
    parties = {case.pk: [] for case in cases}
    rows = m.CaseParty.objects.filter(case__in=list(parties)).order_by("id")
    for case_id, role, name, code in rows.values_list("case_id", "role", "name", "company__uscc"):
        parties[case_id].append((role, name, code))
    for case in cases:
        case.party_rows = parties[case.pk]


def _side(case, first: bool, uscc: bool = False) -> str:
    parties = [row for row in case.party_rows if (row[0] in FIRST_SIDE) == first]
    if uscc:
        return "; ".join(code for _role, _name, code in parties if code)
    return "; ".join(name for _role, name, _code in parties)


COMPANIES = Kind(
    "companies",
    "Registered market entities, with their credit codes.",
    (
        _c("uscc", lambda c: c.uscc, "Unified social credit code (18 characters)."),
        _c("name", lambda c: c.name, "Registered name (Chinese)."),
        _c("name_en", lambda c: c.name_en, "English name, where registered."),
        _c("entity_type", lambda c: c.entity_type, "Type of entity (model value)."),
        _c("status", lambda c: c.status, "Registration status (model value)."),
        _c("legal_representative", lambda c: c.legal_representative_name, "Legal representative."),
        _c("registered_capital", lambda c: c.registered_capital, "Registered capital."),
        _c("currency", lambda c: c.currency, "Currency of the registered capital."),
        _c("established_on", lambda c: c.established_on, "Date established (YYYY-MM-DD)."),
        _c("term_end", lambda c: c.term_end, "End of the business term, if any."),
        _c("address", lambda c: c.address, "Registered address."),
        _c("region_code", lambda c: c.region.code if c.region_id else None, "Division code."),
        _c("industry_code", lambda c: c.industry.code if c.industry_id else None, "GB/T 4754."),
        _c("business_scope", lambda c: c.business_scope, "Business scope."),
        _c(
            "registration_authority",
            lambda c: _name(c.registration_authority),
            "Registration authority.",
        ),
    ),
    public=lambda today: m.Company.objects.all(),
    related=("region", "industry", "registration_authority"),
)

PENALTIES = Kind(
    "penalties",
    "Administrative penalties in their publicity period.",
    (
        _c("id", lambda p: p.pk, "Record number on this site."),
        _c("decision_number", lambda p: p.decision_number, "Decision document number."),
        _c("subject_name", lambda p: p.subject_name, "Who was penalised, as named."),
        _c("uscc", _uscc, "Credit code of the penalised company, if a company."),
        _c("authority", lambda p: _name(p.agency), "Deciding authority."),
        _c("authority_id", lambda p: p.agency_id, "The authority's number (agencies.id)."),
        _c("violation_type", lambda p: p.violation_type, "Type of violation (model value)."),
        _c("violation_facts", lambda p: p.violation_facts, "Facts of the violation."),
        _c("legal_basis", lambda p: p.legal_basis, "Legal basis."),
        _c(
            "penalty_categories",
            lambda p: ";".join(p.category_codes),
            "Categories imposed, separated by ';'.",
        ),
        _c("penalty_content", lambda p: p.penalty_content, "What the penalty imposes."),
        _c("fine_amount", lambda p: p.fine_amount, "Fine in yuan."),
        _c("confiscated_amount", lambda p: p.confiscated_amount, "Confiscated amount in yuan."),
        _c("severity", lambda p: p.severity, "Severity (model value)."),
        _c("decided_on", lambda p: p.decided_on, "Decision date."),
        _c("valid_until", lambda p: p.valid_until, "End of the penalty's effect, if any."),
        _c("publicity_ends_on", lambda p: p.publicity_ends_on, "Last day in public view."),
        _c("data_source", lambda p: p.data_source, "Where the record came from."),
    ),
    public=lambda today: m.Penalty.objects.public(today),
    related=("company", "agency"),
    attach=lambda chunk: _attach_categories(chunk),
)

LICENCES = Kind(
    "licences",
    "Administrative licences granted.",
    (
        _c("id", lambda x: x.pk, "Record number on this site."),
        _c("decision_number", lambda x: x.decision_number, "Decision document number."),
        _c("uscc", _uscc, "Credit code of the licensed company."),
        _c("licence_name", lambda x: x.licence_name, "Licence."),
        _c("licence_number", lambda x: x.licence_number, "Licence number."),
        _c("kind", lambda x: x.kind, "Kind of licence (model value)."),
        _c("content", lambda x: x.content, "What is licensed."),
        _c("authority", lambda x: _name(x.agency), "Granting authority."),
        _c("authority_id", lambda x: x.agency_id, "The authority's number (agencies.id)."),
        _c("decided_on", lambda x: x.decided_on, "Decision date."),
        _c("valid_from", lambda x: x.valid_from, "Valid from."),
        _c("valid_until", lambda x: x.valid_until, "Valid until."),
    ),
    public=lambda today: m.Licence.objects.public(today),
    related=("company", "agency"),
)

COURT_CASES = Kind(
    "court_cases",
    "Court cases, with their parties.",
    (
        _c("id", lambda c: c.pk, "Record number on this site."),
        _c("case_number", lambda c: c.case_number, "Case number."),
        _c("court", lambda c: _name(c.court), "Court."),
        _c("court_id", lambda c: c.court_id, "The court's number (agencies.id)."),
        _c("cause_of_action", lambda c: c.cause_of_action, "Cause of action."),
        _c("case_type", lambda c: c.case_type, "Case type (model value)."),
        _c("procedure", lambda c: c.procedure, "Procedure (model value)."),
        _c("filed_on", lambda c: c.filed_on, "Date filed."),
        _c("decided_on", lambda c: c.decided_on, "Judgment date."),
        _c("amount", lambda c: c.amount, "Amount in dispute, in yuan."),
        _c("outcome", lambda c: c.outcome, "Outcome."),
        _c("plaintiffs", lambda c: _side(c, True), "Plaintiffs and applicants, by '; '."),
        _c("plaintiff_usccs", lambda c: _side(c, True, True), "Their credit codes, if companies."),
        _c("defendants", lambda c: _side(c, False), "The other parties, by '; '."),
        _c("defendant_usccs", lambda c: _side(c, False, True), "Their credit codes, if companies."),
    ),
    public=lambda today: m.CourtCase.objects.public(today),
    related=("court",),
    attach=lambda chunk: _attach_parties(chunk),
)

LIST_ENTRIES = Kind(
    "list_entries",
    "Entries on the credit lists, current and recently removed.",
    (
        _c("id", lambda e: e.pk, "Record number on this site."),
        _c("list_code", lambda e: e.credit_list.code, "The list (lists.code)."),
        _c("subject_name", lambda e: e.subject_name, "Who is listed, as named."),
        _c("uscc", _uscc, "Credit code of the listed company, if a company."),
        _c("reason", lambda e: e.reason, "Reason listed."),
        _c("listed_on", lambda e: e.listed_on, "Date listed."),
        _c("decision_number", lambda e: e.decision_number, "Decision number."),
        _c("authority", lambda e: _name(e.authority), "Listing authority."),
        _c("authority_id", lambda e: e.authority_id, "The authority's number (agencies.id)."),
        _c("extended_until", lambda e: e.extended_until, "Listing extended until, if so."),
        _c("removed_on", lambda e: e.removed_on, "Date removed (empty while listed)."),
        _c("removal_reason", lambda e: e.removal_reason, "Reason removed."),
        _c("removal_authority", lambda e: _name(e.removal_authority), "Removing authority."),
        _c(
            "removal_decision_number",
            lambda e: e.removal_decision_number,
            "Removal decision number.",
        ),
    ),
    public=lambda today: m.ListEntry.objects.public(today),
    related=("credit_list", "company", "authority", "removal_authority"),
)

RATINGS = Kind(
    "ratings",
    "Credit ratings given under a rating scheme.",
    (
        _c("id", lambda r: r.pk, "Record number on this site."),
        _c("scheme_code", lambda r: r.scheme.code, "Rating scheme."),
        _c("scheme_name", lambda r: r.scheme.name, "Name of the rating scheme."),
        _c("uscc", _uscc, "Credit code of the rated company."),
        _c("grade", lambda r: r.grade, "Grade given."),
        _c("period", lambda r: r.period, "Period rated."),
        _c("rated_on", lambda r: r.rated_on, "Date rated."),
        _c("valid_until", lambda r: r.valid_until, "Valid until."),
    ),
    public=lambda today: m.Rating.objects.public(today),
    related=("scheme", "company"),
)

AGENCIES = Kind(
    "agencies",
    "Authorities and courts that publish records.",
    (
        _c("id", lambda a: a.pk, "The authority's number on this site."),
        _c("name", lambda a: a.name, "Name (Chinese)."),
        _c("name_en", lambda a: a.name_en, "English name."),
        _c("kind", lambda a: a.kind, "Kind of authority (model value)."),
        _c("level", lambda a: a.level, "Administrative level (model value)."),
        _c("region_code", lambda a: a.region.code if a.region_id else None, "Division code."),
        _c("credit_code", lambda a: a.credit_code, "The authority's own credit code."),
        _c("court_code", lambda a: a.court_code, "Court code, for courts."),
    ),
    public=lambda today: m.Agency.objects.all(),
    related=("region",),
)

LISTS = Kind(
    "lists",
    "The credit lists and who keeps them.",
    (
        _c("code", lambda x: x.code, "The list's code (list_entries.list_code)."),
        _c("name", lambda x: x.name, "Name (Chinese)."),
        _c("name_en", lambda x: x.name_en, "English name."),
        _c("kind", lambda x: x.kind, "Kind of list (model value)."),
        _c("keeper", lambda x: x.keeper, "Who keeps the list."),
        _c("legal_basis", lambda x: x.legal_basis, "Legal basis."),
        _c("min_term_months", lambda x: x.min_term_months, "Shortest term on the list."),
        _c("max_term_months", lambda x: x.max_term_months, "Longest term on the list."),
    ),
    public=lambda today: m.CreditList.objects.all(),
)

KINDS = {
    kind.name: kind
    for kind in (
        COMPANIES,
        PENALTIES,
        LICENCES,
        COURT_CASES,
        LIST_ENTRIES,
        RATINGS,
        AGENCIES,
        LISTS,
    )
}


def add_kinds(more) -> None:
    """More kinds, before the reference kinds (agencies, lists): the package
    adds those of ``registry.open_data.filing_kinds``."""
    reference = {name: KINDS.pop(name) for name in ("agencies", "lists")}
    KINDS.update({kind.name: kind for kind in more})
    KINDS.update(reference)
