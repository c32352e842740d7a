"""The search page's results: the companies a query and filters find, a page
of them, and the people the query names.

What a query means and which companies and people match it are decided in
``registry.search``; this module adds the filters, the order, the page and
what each result shows, among it what the result matched on (``matched_by``,
from the very conditions the search found it with). Every page of results costs
the same bounded number of queries: at most ``registry.search.CANDIDATES``
matching companies are taken (without a global sort), counted up to
``COUNT_CAP`` and sorted among themselves, and pages stop at ``MAX_PAGES``, so
no deep page and no common term costs more than the first page of a rare one.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from registry import search as matching
from registry.models import Company, CreditList, ListEntry, Officer, Person, Shareholding
from registry.paging import CappedCount, CappedPage, page_of

PAGE_SIZE = 20
MAX_PAGES = 50
COUNT_CAP = PAGE_SIZE * MAX_PAGES  # 1,000: past it the page says "more than 1,000"
PEOPLE_SHOWN = 10
COMPANIES_PER_PERSON = 5


class Sort:
    """The orders of the results."""

    RELEVANCE = "relevance"
    NAME = "name"
    NEWEST = "-established"
    OLDEST = "established"


ORDERINGS = {
    # Names sort by their pinyin, as in a Chinese index, not by code point.
    Sort.RELEVANCE: ["relevance", "closed", "name_pinyin", "name", "pk"],
    Sort.NAME: ["name_pinyin", "name", "pk"],
    Sort.NEWEST: ["-established_on", "name_pinyin", "name", "pk"],
    Sort.OLDEST: ["established_on", "name_pinyin", "name", "pk"],
}

# The ``on_list`` filter's value for "on any black list".
ANY_BLACK_LIST = "black"


@dataclass(frozen=True)
class SearchPage:
    """What a search found. ``results`` are a page of companies, each with
    ``province`` (its province or None), ``open_entries`` (public list entries
    open now), ``matched_by`` (a ``registry.search.MatchedBy`` value: what it
    matched the query on, "" when the query is not text) and, for a text
    query, ``matched_former_names``. ``people`` each carry ``company_links``
    ((company, role) pairs, at most ``COMPANIES_PER_PERSON``) and
    ``more_companies``."""

    query: matching.Query | None  # None when only filters were given
    # The company a whole, valid credit code names: the answer is its page.
    code_company: Company | None = None
    count: int = 0  # up to COUNT_CAP + 1
    count_capped: bool = False
    results: list[Company] = field(default_factory=list)
    page: CappedPage | None = None  # None past the last page
    first_shown: int = 0
    last_shown: int = 0
    page_past_end: bool = False
    page_capped: bool = False  # past the end because past MAX_PAGES
    people: list[Person] = field(default_factory=list)
    more_people: bool = False


def search_page(
    text: str,
    filters: Mapping[str, Any],
    *,
    sort: str = Sort.RELEVANCE,
    page: int = 1,
    today: datetime.date,
) -> SearchPage | None:
    """The companies (and people) that ``text`` (what was typed in the box,
    valid) and ``filters`` (the values of ``filter_companies``) find, on
    ``page`` in ``sort`` order; None when nothing was asked (no text and no
    filter). A whole valid credit code that a company has gives that company
    (``code_company``) and nothing else."""
    query = matching.parse(text) if text else None
    if query is None and not any(value not in (None, "") for value in filters.values()):
        return None
    if query and query.kind == matching.Kind.CODE:
        company = Company.objects.filter(uscc=query.code).only("uscc").first()
        if company:
            return SearchPage(query=query, code_company=company)
    companies = filter_companies(Company.objects.all(), filters, today=today)
    found = _results(companies, query, sort, page, today)
    if query and query.kind == matching.Kind.TEXT:
        return SearchPage(query=query, **found, **people_named(query))
    return SearchPage(query=query, **found)


def filter_companies(companies, filters: Mapping[str, Any], *, today: datetime.date):
    """``companies`` narrowed by the search filters; an empty value (None or
    "") keeps all. ``province`` and ``city``: a region code (a company's region
    is a county-level division, its province and city the first two and four
    digits of the code); ``industry``: a section or division code;
    ``status``, ``entity_type``: the model's values; ``established_from``,
    ``established_to``: years, both included; ``on_list``: a credit list's
    code or ``ANY_BLACK_LIST``, for companies on it on ``today``."""
    given = {name: value for name, value in filters.items() if value not in (None, "")}
    conditions = []
    for name, value in given.items():
        if name == "province":
            conditions.append(Q(region__code__startswith=value[:2]))
        elif name == "city":
            conditions.append(Q(region__code__startswith=value[:4]))
        elif name == "industry":
            conditions.append(Q(industry__code=value) | Q(industry__parent__code=value))
        elif name in ("status", "entity_type"):
            conditions.append(Q(**{name: value}))
        elif name == "established_from":
            conditions.append(Q(established_on__gte=datetime.date(value, 1, 1)))
        elif name == "established_to":
            conditions.append(Q(established_on__lte=datetime.date(value, 12, 31)))
        elif name == "on_list":
            entries = ListEntry.objects.public(today).open().filter(company=OuterRef("pk"))
            if value == ANY_BLACK_LIST:
                entries = entries.filter(credit_list__kind=CreditList.Kind.BLACK)
            else:
                entries = entries.filter(credit_list__code=value)
            conditions.append(Exists(entries))
        else:
            raise ValueError(f"No search filter is called {name!r}.")
    return companies.filter(*conditions) if conditions else companies


def _results(companies, query, sort, number, today) -> dict:
    # A bounded candidate set (registry.search.bounded_candidates): the count is
    # capped and the page is sorted among the candidates, never among every match.
    if query:
        candidates = matching.bounded_candidates(query, companies, cap=COUNT_CAP)
        ids, count = candidates.ids, candidates.count
    else:
        ids = list(companies.order_by().values_list("pk", flat=True)[: matching.CANDIDATES])
        count = min(len(ids), COUNT_CAP + 1)
    page = page_of(CappedCount(count, COUNT_CAP), number, per_page=PAGE_SIZE, max_pages=MAX_PAGES)
    out = {"count": count, "count_capped": page.count.more}
    if page.past_end:
        # Past page MAX_PAGES: the cap (narrow the search); before it: past the end.
        return {**out, "page_capped": page.too_deep, "page_past_end": True}
    results = shown_results(
        matching.companies_among(ids), query, sort=sort, start=page.start, today=today
    )
    page.object_list = results
    return {
        **out,
        "results": results,
        "page": page,
        "first_shown": page.start + 1,
        "last_shown": page.start + len(results),
    }


def shown_results(companies, query, *, sort, start, today) -> list[Company]:
    """A page of ``companies`` (a queryset of bounded candidates) from
    ``start``, in ``sort`` order, each with what a result shows (see
    ``SearchPage``): three queries."""
    text_query = query is not None and query.kind == matching.Kind.TEXT
    if text_query:
        companies = matching.with_relevance(companies, query)
        ordering = ORDERINGS[sort]
    else:
        ordering = [name for name in ORDERINGS[sort] if name not in ("relevance", "closed")]
    prefetches = [
        Prefetch(
            "list_entries",
            queryset=ListEntry.objects.public(today).open().select_related("credit_list"),
            to_attr="open_entries",
        )
    ]
    if text_query:
        prefetches.append(
            Prefetch(
                "former_names",
                queryset=matching.former_names_matching(query),
                to_attr="matched_former_names",
            )
        )
    results = list(
        companies.select_related("region__parent__parent", "industry")
        .prefetch_related(*prefetches)
        .order_by(*ordering)[start : start + PAGE_SIZE]
    )
    for company in results:
        company.province = _province(company.region)
        company.matched_by = matched_by(
            company, query, getattr(company, "matched_former_names", ())
        )
    return results


# How a company in hand meets a lookup of ``registry.search.direct_matches``, as
# PostgreSQL compares (icontains: UPPER() on both sides); names, pinyin and
# codes are stored as they are compared.
_LOOKUPS = {
    "contains": lambda stored, value: value in stored,
    "icontains": lambda stored, value: value.upper() in stored.upper(),
    "exact": lambda stored, value: stored == value,
    "startswith": lambda stored, value: stored.startswith(value),
}


def matched_by(company, query: matching.Query | None, former_names=()) -> str:
    """What ``company``, found for ``query``, matched on (a
    ``registry.search.MatchedBy``, the first in its ``ORDER``): the very
    conditions the search found it with (``registry.search.direct_matches``),
    met by its fields, or ``former_names``, its former names that match
    (``registry.search.former_names_matching``). "" when the query is not text.
    Decided here once, never again by a page."""
    if query is None or query.kind != matching.Kind.TEXT:
        return ""
    met = {
        reason: _LOOKUPS[lookup](getattr(company, field) or "", value)
        for reason, (field, lookup, value) in matching.direct_matches(query).items()
    }
    met[matching.MatchedBy.FORMER_NAME] = bool(former_names)
    return next((reason for reason in matching.MatchedBy.ORDER if met.get(reason)), "")


def _province(region):
    """The province above a county (one or two levels up), or None."""
    while region is not None and region.level != region.Level.PROVINCE:
        region = region.parent
    return region


def people_named(query) -> dict:
    """People the query names, each with a few of the companies they represent,
    serve or hold shares in (bounded: sliced prefetches)."""
    people = list(
        matching.people_candidates(query, Person.objects.all())
        .prefetch_related(
            Prefetch(
                "represented_companies",
                queryset=Company.objects.only("uscc", "name", "legal_representative_id")[
                    :COMPANIES_PER_PERSON
                ],
                to_attr="companies_represented",
            ),
            Prefetch(
                "positions",
                queryset=Officer.objects.select_related("company").only(
                    "role", "person_id", "company__uscc", "company__name"
                )[:COMPANIES_PER_PERSON],
                to_attr="companies_served",
            ),
            Prefetch(
                "shareholdings",
                queryset=Shareholding.objects.select_related("company").only(
                    "holder_person_id", "company__uscc", "company__name"
                )[:COMPANIES_PER_PERSON],
                to_attr="companies_held",
            ),
        )
        .order_by("name", "pk")[: PEOPLE_SHOWN + 1]
    )
    for person in people:
        person.company_links, person.more_companies = _company_links(person)
    return {"people": people[:PEOPLE_SHOWN], "more_people": len(people) > PEOPLE_SHOWN}


def _company_links(person) -> tuple[list[tuple], bool]:
    """(company, role) pairs, each company once, at most ``COMPANIES_PER_PERSON``;
    and whether the person has more (the person page lists them all). Roles are
    lazy translations: shown in the language they are rendered in."""
    roles = dict(Officer.Role.choices)
    pairs = [(company, _("legal representative")) for company in person.companies_represented]
    pairs += [
        (officer.company, roles.get(officer.role, officer.role))
        for officer in person.companies_served
    ]
    pairs += [(holding.company, _("shareholder")) for holding in person.companies_held]
    seen, links = set(), []
    for company, role in pairs:
        if company.pk not in seen:
            seen.add(company.pk)
            links.append((company, role))
    more = len(links) > COMPANIES_PER_PERSON or any(
        len(found) >= COMPANIES_PER_PERSON
        for found in (person.companies_represented, person.companies_served, person.companies_held)
    )
    return links[:COMPANIES_PER_PERSON], more
