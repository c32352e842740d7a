"""Records found by one keyword, as a journalist types it: a company (a
fragment of its name, or anything else the public search finds a company by:
a former name, pinyin, its credit code or the code's first characters) or the
beginning of a decision number (penalties, list entries) or case number
(court cases).

The company is found by the public search itself (``registry.search``), so
a name matches here exactly as in the search box, and as cheaply: the
keyword becomes at most ``COUNT_CAP`` (1,000) company ids, the exact names
and name prefixes first (``bounded_candidates``), and the records are those
of these companies (``company_id = ANY(...)``, served by the records'
company indexes). A keyword with a digit in it is also read as the
beginning of a number (``LIKE 'keyword%'``): a company name fragment
without one never costs a scan of the numbers. The penalties page, its CSV
and feed, the list pages and the API all filter through here, so the same
keyword gives the same records on each."""

import re
from dataclasses import dataclass

from django.db.models import Q

from registry import case_numbers, search
from registry.models import CaseParty
from registry.paging import COUNT_CAP

# Brackets typed around a decision's year, as printed: 京海市监罚〔2025〕123号.
_DECISION_BRACKETS = str.maketrans("（([）)]", "〔〔〔〕〕〕")
_DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class Keyword:
    """A keyword resolved: the companies it names (at most ``COUNT_CAP`` ids,
    the best-placed first) and the number prefix it may be."""

    text: str
    company_ids: list[int]
    companies_capped: bool  # more companies match than were taken: type more of the name

    @property
    def is_number(self) -> bool:
        return bool(_DIGIT.search(self.text))


def resolve(text: str) -> Keyword:
    """The companies ``text`` finds through the public search (one round trip
    on PostgreSQL; three on SQLite). ``text`` is a cleaned keyword with a
    letter, a Chinese character or a digit in it."""
    query = search.parse(text)
    candidates = search.bounded_candidates(query, cap=COUNT_CAP)
    return Keyword(query.text, candidates.ids[:COUNT_CAP], candidates.capped)


def _decision_numbers(field: str, keyword: Keyword) -> Q:
    prefixes = {keyword.text, keyword.text.translate(_DECISION_BRACKETS)}
    match = Q()
    for prefix in sorted(prefixes):
        match |= Q(**{f"{field}__startswith": prefix})
    return match


def penalties_matching(queryset, keyword: Keyword):
    """Penalties of the keyword's companies, or whose decision number starts with it."""
    match = search.among("company_id", keyword.company_ids, queryset.db)
    if keyword.is_number:
        match |= _decision_numbers("decision_number", keyword)
    return queryset.filter(match)


# List entries: the same fields.
entries_matching = penalties_matching


def cases_matching(queryset, keyword: Keyword):
    """Court cases a company of the keyword is a party to, or whose case number
    starts with it (brackets made half-width, as case numbers are stored)."""
    parties = CaseParty.objects.filter(
        search.among("company_id", keyword.company_ids, queryset.db)
    ).values("case_id")
    match = Q(pk__in=parties)
    if keyword.is_number:
        match |= Q(case_number__startswith=case_numbers.normalize(keyword.text))
    return queryset.filter(match)
