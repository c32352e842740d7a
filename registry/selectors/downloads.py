"""The records a download holds, for the pages that have one: a search's
companies (every match, not the page's bounded candidates), and one
company's or one agency's records of a kind. Filtered lists (penalties,
cases, list entries) download their filter set's own queryset. The columns
are ``registry.open_data.kinds``'."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from registry import search as matching
from registry.open_data.kinds import KINDS
from registry.selectors.search import ORDERINGS, Sort, filter_companies

# The kinds of records a company's or an agency's download may hold.
COMPANY_KINDS = (
    "penalties",
    "list_entries",
    "court_cases",
    "licences",
    "ratings",
    "annual_reports",
    # The rest of the national system's page (registry.open_data.filing_kinds).
    "spot_checks",
    "equity_pledges",
    "judicial_assistance",
    "chattel_mortgages",
    "ip_pledges",
    "deregistration_notices",
)
AGENCY_KINDS = ("penalties", "list_entries", "court_cases", "licences")


def search_companies(text: str, filters: Mapping[str, Any], *, today: datetime.date) -> QuerySet:
    """Every company that ``text`` (valid, may be "") and ``filters`` find, by
    name: what the search pages show, all of it."""
    companies = filter_companies(KINDS["companies"].public(today), filters, today=today)
    query = matching.parse(text) if text else None
    if query is not None:
        companies = matching.company_candidates(query, companies)
    return companies.order_by(*ORDERINGS[Sort.NAME])


def company_records(company, kind: str, *, today: datetime.date) -> QuerySet:
    """``company``'s public records of ``kind`` (one of COMPANY_KINDS)."""
    if kind not in COMPANY_KINDS:
        raise ValueError(f"A company has no download of {kind!r}.")
    records = KINDS[kind].public(today)
    if kind == "court_cases":
        return records.filter(parties__company=company).distinct().order_by("-filed_on", "-id")
    return records.filter(company=company).order_by("-pk")


def agency_records(agency, kind: str, *, today: datetime.date) -> QuerySet:
    """What ``agency`` published of ``kind`` (one of AGENCY_KINDS)."""
    if kind not in AGENCY_KINDS:
        raise ValueError(f"An agency has no download of {kind!r}.")
    field = {"list_entries": "authority", "court_cases": "court"}.get(kind, "agency")
    return KINDS[kind].public(today).filter(**{field: agency}).order_by("-pk")
