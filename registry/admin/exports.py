"""Bulk export in the admin (django-import-export): the rows the user may
see, in the columns ``import_records`` reads (an exported file can be
imported again), as CSV or XLSX, with every cell that a spreadsheet could run
as a formula escaped. Needs the permission ``export_<model>``, granted
explicitly."""

from django.db.models import Prefetch
from import_export import resources
from import_export.fields import Field
from import_export.formats import base_formats

from registry import models as m
from registry.open_data.cells import escape_formula


class _EscapingFormat:
    def export_data(self, dataset, **kwargs):
        # Before the library's own escaping (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT,
        # which drops a leading "="): the apostrophe keeps the text whole.
        for _position in range(len(dataset)):
            row = dataset.lpop()
            dataset.append([escape_formula(cell) for cell in row])
        return super().export_data(dataset, **kwargs)


class EscapedCSV(_EscapingFormat, base_formats.CSV):
    pass


class EscapedXLSX(_EscapingFormat, base_formats.XLSX):
    pass


def _text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _column(getter):
    return Field(column_name=None, dehydrate_method=lambda obj: _text(getter(obj)))


def _resource(model, columns: dict, related=(), prefetch=()):
    """A resource exporting ``columns`` (import column → getter), so that an
    exported file has the columns ``import_records`` reads."""
    attrs = {}
    for column, getter in columns.items():
        field = _column(getter)
        field.column_name = column
        attrs[column] = field

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*related).prefetch_related(*prefetch)

    attrs["filter_export"] = filter_export
    attrs["get_display_name"] = classmethod(lambda cls: str(model._meta.verbose_name_plural))
    attrs["Meta"] = type("Meta", (), {"export_order": list(columns), "fields": list(columns)})
    return type(f"{model.__name__}Resource", (resources.Resource,), attrs)


def _name(agency):
    return agency.name if agency else ""


FIRST_SIDE = {"plaintiff", "applicant"}


def _parties(case, first: bool):
    return ";".join(
        party.company.uscc if party.company else party.name
        for party in case.parties.all()
        if (party.role in FIRST_SIDE) == first
    )


PenaltyResource = _resource(
    m.Penalty,
    {
        "decision_number": lambda p: p.decision_number,
        "uscc": lambda p: p.company.uscc if p.company else "",
        "violation_type": lambda p: p.violation_type,
        "violation_facts": lambda p: p.violation_facts,
        "legal_basis": lambda p: p.legal_basis,
        "penalty_category": lambda p: ";".join(c.category for c in p.categories.all()),
        "penalty_content": lambda p: p.penalty_content,
        "decided_on": lambda p: p.decided_on,
        "authority": lambda p: _name(p.agency),
        "fine_amount": lambda p: p.fine_amount,
        "confiscated_amount": lambda p: p.confiscated_amount,
        "publicity_until": lambda p: p.publicity_until,
        "severity": lambda p: p.severity,
        "simple_procedure": lambda p: p.simple_procedure,
        "licence_affected": lambda p: p.licence_affected,
        "valid_until": lambda p: p.valid_until,
        "data_source": lambda p: p.data_source,
    },
    related=("company", "agency"),
    prefetch=(Prefetch("categories", queryset=m.PenaltyCategory.objects.order_by("id")),),
)

ListEntryResource = _resource(
    m.ListEntry,
    {
        "list_code": lambda e: e.credit_list.code,
        "uscc": lambda e: e.company.uscc if e.company else "",
        "reason": lambda e: e.reason,
        "listed_on": lambda e: e.listed_on,
        "decision_number": lambda e: e.decision_number,
        "authority": lambda e: _name(e.authority),
        "removed_on": lambda e: e.removed_on,
        "removal_reason": lambda e: e.removal_reason,
        "removal_authority": lambda e: _name(e.removal_authority),
        "removal_decision_number": lambda e: e.removal_decision_number,
    },
    related=("credit_list", "company", "authority", "removal_authority"),
)

CourtCaseResource = _resource(
    m.CourtCase,
    {
        "case_number": lambda c: c.case_number,
        "court": lambda c: _name(c.court),
        "cause_of_action": lambda c: c.cause_of_action,
        "case_type": lambda c: c.case_type,
        "filed_on": lambda c: c.filed_on,
        "decided_on": lambda c: c.decided_on,
        "plaintiffs": lambda c: _parties(c, first=True),
        "defendants": lambda c: _parties(c, first=False),
        "amount": lambda c: c.amount,
        "outcome": lambda c: c.outcome,
        "procedure": lambda c: c.procedure,
    },
    related=("court",),
    prefetch=(
        Prefetch("parties", queryset=m.CaseParty.objects.select_related("company").order_by("id")),
    ),
)

CompanyResource = _resource(
    m.Company,
    {
        "uscc": lambda c: c.uscc,
        "name": lambda c: c.name,
        "entity_type": lambda c: c.entity_type,
        "name_en": lambda c: c.name_en,
        "legal_representative": lambda c: c.legal_representative_name,
        "registered_capital": lambda c: c.registered_capital,
        "currency": lambda c: c.currency,
        "established_on": lambda c: c.established_on,
        "term_end": lambda c: c.term_end,
        "status": lambda c: c.status,
        "address": lambda c: c.address,
        "region_code": lambda c: c.region.code if c.region else "",
        "industry_code": lambda c: c.industry.code if c.industry else "",
        "business_scope": lambda c: c.business_scope,
        "registration_authority": lambda c: _name(c.registration_authority),
    },
    related=("region", "industry", "registration_authority"),
)

AgencyResource = _resource(
    m.Agency,
    {
        "name": lambda a: a.name,
        "kind": lambda a: a.kind,
        "name_en": lambda a: a.name_en,
        "region_code": lambda a: a.region.code if a.region else "",
        "level": lambda a: a.level,
        "credit_code": lambda a: a.credit_code,
        "court_code": lambda a: a.court_code,
    },
    related=("region",),
)

RESOURCES = {
    m.Penalty: PenaltyResource,
    m.ListEntry: ListEntryResource,
    m.CourtCase: CourtCaseResource,
    m.Company: CompanyResource,
    m.Agency: AgencyResource,
}
