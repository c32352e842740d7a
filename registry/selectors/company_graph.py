"""Everything the company page is built from that belongs to the company,
whatever the day: the company with its registration facts, former names,
shareholders, officers and branches, and every record of it the public sees
on some day or saw once (published or withdrawn: drafts and records waiting
for review are never loaded).

``load(companies)`` reads it for any number of companies at once, in one
query per kind of record for all of them (about twenty queries for a batch
of five hundred companies as for one; a kind of filing none of them has
costs nothing but its part of one query). The company page reads it live
(``registry.selectors.company.company_report``) or from the company's read
model (``registry.selectors.company_documents``, which keeps what ``load``
read); either way the day's publication rules are applied when the page is
built (``registry.public_on``), so a read model stays right from one day to
the next with no rebuilding.

What ``load`` gives each company:

- ``graph_penalties``, ``graph_licences``, ``graph_list_entries``,
  ``graph_ratings``: with their agencies, lists, authorities, debtors and
  schemes (and a penalty's categories);
- ``graph_cases``: the court cases it is a party to, each with every party;
- ``graph_annual_reports``: published reports (the model's order: newest
  year first) with their amendments;
- ``graph_filings``: for each kind of ``registry.selectors.filings.KIND_MODELS``,
  its records (notices with the objections the authority handled);
- ``graph_history``: its registration facts at each saved change, oldest
  first (``CHANGE_FIELDS``, for the page's change history).
"""

from django.db.models import Exists, Prefetch, prefetch_related_objects

from registry import public_on
from registry.models import (
    AnnualReport,
    AnnualReportAmendment,
    CaseParty,
    Company,
    CourtCase,
    DeregistrationObjection,
    FormerName,
    Licence,
    ListEntry,
    Officer,
    Penalty,
    PenaltyCategory,
    Rating,
    Shareholding,
)
from registry.selectors.filings import KIND_MODELS, RELATED

# Registration facts whose changes the page lists ("change history"), in the
# order shown for changes made at the same time.
CHANGE_FIELDS = [
    "name",
    "legal_representative_name",
    "registered_capital",
    "address",
    "status",
    "business_scope",
    "entity_type",
]


def _shown_or_gone(model):
    return model.objects.filter(state__in=public_on.SHOWN_OR_GONE).order_by()


def _filing_prefetches(companies) -> list[Prefetch]:
    """One prefetch per kind of filing any of ``companies`` has, as
    ``graph_<kind>`` (one query says which: most companies have none); the
    others get empty lists here."""
    ids = [company.pk for company in companies]
    if not ids:
        return []
    models = list(KIND_MODELS.items())
    present = (
        Company.objects.filter(pk=ids[0])
        .values_list(
            *[Exists(_shown_or_gone(model).filter(company_id__in=ids)) for _name, model in models]
        )
        .order_by()
        .first()
    )
    prefetches = []
    for (name, model), has_any in zip(models, present, strict=True):
        if not has_any:
            for company in companies:
                setattr(company, f"graph_{name}", [])
            continue
        rows = _shown_or_gone(model).select_related(*RELATED.get(name, ("agency",)))
        if name == "notices":
            objections = DeregistrationObjection.objects.handled().order_by("received_on", "pk")
            rows = rows.prefetch_related(
                Prefetch("objections", queryset=objections, to_attr="handled_objections")
            )
        accessor = model._meta.get_field("company").remote_field.get_accessor_name()
        prefetches.append(Prefetch(accessor, queryset=rows, to_attr=f"graph_{name}"))
    return prefetches


def load(companies) -> list[Company]:
    """The companies of the query set ``companies``, each with what the
    module's docstring lists. Records come in no particular order (the page
    sorts them): an ORDER BY over a query that selects related rows makes
    Django match every selected column against it, about 8 ms of Python a
    page for these wide queries, where sorting twenty records costs nothing."""
    penalties = (
        Penalty.objects.shown_or_gone()
        .select_related("agency")
        .prefetch_related(Prefetch("categories", queryset=PenaltyCategory.objects.order_by("id")))
        .order_by()
    )
    reports = (
        AnnualReport.objects.filter(state=public_on.PUBLISHED)
        .prefetch_related(
            Prefetch(
                "amendments",
                queryset=AnnualReportAmendment.objects.order_by("-amended_on", "-id"),
            )
        )
        .order_by("-year", "-id")
    )
    found = list(
        companies.select_related(
            "legal_representative",
            "registration_authority",
            "region__parent__parent",
            "industry__parent",
            "head_office",
        ).order_by()
    )
    prefetch_related_objects(
        found,
        Prefetch("former_names", queryset=FormerName.objects.order_by("-used_until")),
        Prefetch(
            "shareholdings",
            queryset=Shareholding.objects.select_related("holder_person", "holder_company"),
        ),
        Prefetch("officers", queryset=Officer.objects.select_related("person")),
        Prefetch("branches", queryset=Company.objects.order_by("name")),
        Prefetch("penalties", queryset=penalties, to_attr="graph_penalties"),
        Prefetch(
            "licences",
            queryset=_shown_or_gone(Licence).select_related("agency"),
            to_attr="graph_licences",
        ),
        Prefetch(
            "list_entries",
            queryset=_shown_or_gone(ListEntry).select_related(
                "credit_list", "authority", "removal_authority", "debtor__province"
            ),
            to_attr="graph_list_entries",
        ),
        Prefetch(
            "ratings",
            queryset=_shown_or_gone(Rating).select_related("scheme__agency"),
            to_attr="graph_ratings",
        ),
        Prefetch("annual_reports", queryset=reports, to_attr="graph_annual_reports"),
        *_filing_prefetches(found),
    )
    by_id = {company.pk: company for company in found}
    _attach_cases(by_id)
    _attach_history(by_id)
    for company in found:
        company.graph_filings = {name: getattr(company, f"graph_{name}") for name in KIND_MODELS}
    return found


def _attach_cases(by_id):
    """``graph_cases``: each company's court cases (the model's order:
    newest filing first), each with all its parties, in two queries."""
    for company in by_id.values():
        company.graph_cases = []
    if not by_id:
        return
    cases = (
        _shown_or_gone(CourtCase)
        .filter(parties__company_id__in=list(by_id))
        .distinct()
        .select_related("court")
        .prefetch_related(
            Prefetch("parties", queryset=CaseParty.objects.select_related("company", "person"))
        )
        .order_by("-filed_on", "-id")
    )
    for case in cases:
        for company_id in {p.company_id for p in case.parties.all() if p.company_id in by_id}:
            by_id[company_id].graph_cases.append(case)


def _attach_history(by_id):
    """``graph_history``: each company's facts at each saved change, oldest
    first, in one query."""
    for company in by_id.values():
        company.graph_history = []
    if not by_id:
        return
    rows = (
        Company.history.filter(id__in=list(by_id))
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", *CHANGE_FIELDS, "currency")
    )
    for row in rows:
        by_id[row.pop("id")].graph_history.append(row)
