"""The search page: one box for names, pinyin, people and credit codes.

What a query means and which records match it is decided in
``registry.search``; this view adds the filters, the order, the page and what
each result shows. Every page of results costs the same bounded number of
queries: at most ``registry.search.CANDIDATES`` matching companies are taken
(without a global sort), counted up to ``COUNT_CAP`` and sorted among
themselves, and pages stop at ``MAX_PAGES``, so no deep page and no common
term costs more than the first page of a rare one.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.utils import timezone
from django.utils.translation import gettext as _

from publicity import ratelimit
from publicity.caching import change_feed, pages, renderings
from publicity.filters import CompanySearchFilter
from publicity.forms import SearchForm
from publicity.paging import CappedCount, page_of
from registry import search as matching
from registry.models import Company, ListEntry, Officer, Person, Shareholding

PAGE_SIZE = 20
MAX_PAGES = 50
COUNT_CAP = PAGE_SIZE * MAX_PAGES  # 1,000: past it the page says "more than 1,000"
PEOPLE_SHOWN = 10
COMPANIES_PER_PERSON = 5

ORDERINGS = {
    # Names sort by their pinyin, as in a Chinese index, not by code point.
    SearchForm.Sort.RELEVANCE: ["relevance", "closed", "name_pinyin", "name", "pk"],
    SearchForm.Sort.NAME: ["name_pinyin", "name", "pk"],
    SearchForm.Sort.NEWEST: ["-established_on", "name_pinyin", "name", "pk"],
    SearchForm.Sort.OLDEST: ["established_on", "name_pinyin", "name", "pk"],
}


def search(request):
    if request.GET:
        usage = ratelimit.search_usage(request)
        if usage and usage["should_limit"]:
            return ratelimit.too_many_requests(request, usage)
    seconds, version = _kept_for(request)
    return pages.serve(
        request, "search", lambda: _search_page(request), seconds=seconds, version=version
    )


def _kept_for(request) -> tuple[int, str]:
    """How long this page may be kept (publicity/caching/pages.py), and under what:
    with changes announced, until a change to what search shows (at most once
    in SEARCH_PAGE_CHANGE_SECONDS) or the day (which opens and closes list
    entries); else for its time."""
    seconds = settings.SEARCH_PAGE_CACHE_SECONDS
    if settings.PAGE_CACHE_FRESHNESS != "notify" or seconds <= 0 or not pages.usable(request):
        return seconds, ""
    heard = change_feed.feed.search(every=settings.SEARCH_PAGE_CHANGE_SECONDS)
    if heard is None:  # not listening: its time, and no longer than a shared cache's
        return min(seconds, settings.PUBLIC_CACHE_SECONDS), change_feed.feed.outage()
    return seconds, f"{timezone.localdate().isoformat()}|{heard}"


def _search_page(request):
    form = SearchForm(request.GET or None, auto_id="search-%s")
    filterset = CompanySearchFilter(request.GET or None, queryset=Company.objects.all())
    # Its selects of every province, city and industry: rendered once, then reused.
    filterset.form.renderer = renderings.renderer
    ctx = {"form": form, "filterset": filterset, "shown_query": _shown(request.GET.get("q", ""))}
    if not request.GET:
        return render(request, "publicity/search.html", ctx)
    if not (form.is_valid() and filterset.is_valid()):
        ctx["errors"] = _errors(form, filterset)
        return render(request, "publicity/search.html", ctx, status=400)

    query = matching.parse(form.cleaned_data["q"]) if form.cleaned_data["q"] else None
    # needle: what the results highlight (nothing when only filters are set)
    needle = query.text if query else ""
    ctx.update(query=query, shown_query=needle, needle=needle, searched=True)
    if query is None and not filterset.active:
        ctx["searched"] = False  # nothing asked: the guidance again
        return render(request, "publicity/search.html", ctx)
    if query and query.kind == matching.Kind.CODE:
        company = Company.objects.filter(uscc=query.code).only("uscc").first()
        if company:
            return redirect("publicity:company-detail", company.uscc)

    # The filters here, the query in _results (bounded candidates).
    ctx.update(_results(request, filterset.qs, query, form.cleaned_data["sort"]))
    if query and query.kind == matching.Kind.TEXT:
        ctx.update(_people(query))
    return render(request, "publicity/search.html", ctx)


def render(request, template_name, ctx, status=None):
    """The page, with its filter form from ``renderings.filter_section``."""
    ctx["filters_html"] = renderings.filter_section(request, ctx)
    return render_page(request, template_name, ctx, status=status)


def _shown(raw: str) -> str:
    """The query as it may be shown back: no NUL (not allowed in HTML), no more
    than a screenful."""
    return raw.replace("\x00", "\ufffd")[: matching.MAX_QUERY_LENGTH]


def _errors(form, filterset) -> list[tuple[str, str]]:
    """(field id, message) pairs for the error summary, in the order of the page."""
    errors = []
    for bound_form in (form, filterset.form):
        for name, messages in bound_form.errors.items():
            anchor = bound_form[name].id_for_label if name in bound_form.fields else ""
            errors += [(anchor, message) for message in messages]
    return errors


def _results(request, companies, query, sort) -> dict:
    # A bounded candidate set (registry.search.bounded_candidates): the count is
    # capped and the page is sorted among the candidates, never among every match.
    if query:
        candidates = matching.bounded_candidates(query, companies, cap=COUNT_CAP)
        ids, count = candidates.ids, candidates.count
    else:
        ids = list(companies.order_by().values_list("pk", flat=True)[: matching.CANDIDATES])
        count = min(len(ids), COUNT_CAP + 1)
    page = page_of(
        CappedCount(count, COUNT_CAP),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        max_pages=MAX_PAGES,
    )
    out = {"count": count, "count_capped": page.count.more, "count_cap": COUNT_CAP}
    if page.past_end:
        # Past page MAX_PAGES: the cap (narrow the search); before it: past the end.
        out.update(page_capped=page.too_deep, max_pages=MAX_PAGES, page_past_end=True)
        out.update(results=[])
        return out
    companies = matching.companies_among(ids)
    if query and query.kind == matching.Kind.TEXT:
        companies = matching.with_relevance(companies, query)
        ordering = ORDERINGS[sort]
    else:
        ordering = [field for field in ORDERINGS[sort] if field not in ("relevance", "closed")]
    prefetches = [
        Prefetch(
            "list_entries",
            queryset=ListEntry.objects.public().open().select_related("credit_list"),
            to_attr="open_entries",
        )
    ]
    if query and query.kind == matching.Kind.TEXT:
        prefetches.append(
            Prefetch(
                "former_names",
                queryset=matching.former_names_matching(query),
                to_attr="matched_former_names",
            )
        )
    results = list(
        companies.select_related("region__parent__parent")
        .prefetch_related(*prefetches)
        .order_by(*ordering)[page.start : page.stop]
    )
    for company in results:
        company.province = _province(company.region)
        company.matched_by = _matched_by(company, query)
    page.object_list = results
    out.update(
        results=results,
        page=page,
        first_shown=page.start + 1,
        last_shown=page.end_index(),
    )
    return out


def _province(region):
    """The province above a county (one or two levels up), or None."""
    while region is not None and region.level != region.Level.PROVINCE:
        region = region.parent
    return region


def _matched_by(company, query) -> str:
    """Why a result is there, when its name does not show it."""
    if query is None or query.kind != matching.Kind.TEXT:
        return ""
    text = query.text.lower()
    if text in company.name.lower():
        return "name"
    if getattr(company, "matched_former_names", None):
        return "former_name"
    if query.has_latin and text in company.name_en.lower():
        return "name_en"
    if query.pinyin and (
        query.pinyin in company.name_pinyin or query.pinyin in company.name_initials
    ):
        return "pinyin"
    if company.legal_representative_name == query.text:
        return "legal_representative"
    if query.code and company.uscc.startswith(query.code):
        return "code"
    return ""


def _people(query) -> dict:
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
    and whether the person has more (the person page lists them all)."""
    pairs = [(company, _("legal representative")) for company in person.companies_represented]
    pairs += [(officer.company, officer.get_role_display()) for officer in person.companies_served]
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
