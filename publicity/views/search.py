"""The search page: one box for names, pinyin, people and credit codes.

What a query finds, and what each result matched on, is
``registry.selectors.search.search_page``'s (which asks ``registry.search``);
this view checks the form, applies the rate limit, keeps the page
(publicity/caching/pages.py), redirects an exact credit code to its company and
renders the rest.
"""

import time

from django.conf import settings
from django.shortcuts import redirect
from django.shortcuts import render as render_page
from django.utils import timezone

from publicity import ratelimit
from publicity.caching import change_feed, pages, renderings
from publicity.filters import CompanySearchFilter
from publicity.forms import SearchForm
from publicity.views import downloads, refusals
from registry import search as matching
from registry.models import Company
from registry.paging import page_number
from registry.selectors.downloads import search_companies
from registry.selectors.search import COUNT_CAP, MAX_PAGES, search_page


def search(request):
    if request.GET:
        refusal = ratelimit.hit(request, ratelimit.SEARCH)
        if refusal:
            return refusals.too_many_searches(request, refusal)
        if downloads.requested(request):
            return _download(request)
    seconds, version = _kept_for(request)
    return pages.serve(
        request,
        lambda: _search_page(request),
        seconds=seconds,
        version=version,
        basis=_basis,
        still_good=_still_good,
    )


def _download(request):
    """Every company the search finds (not only the page's first thousand),
    as CSV or XLSX; invalid input gives the page with its errors. Counted as a
    search (above) and as a download (``downloads.respond``)."""
    form = SearchForm(request.GET, auto_id="search-%s")
    filterset = CompanySearchFilter(request.GET, queryset=Company.objects.all())
    if not (form.is_valid() and filterset.is_valid()):
        return _search_page(request)
    filters = filterset.form.cleaned_data
    if not form.cleaned_data["q"] and all(value in (None, "") for value in filters.values()):
        return _search_page(request)  # nothing asked: the guidance, as on the page
    companies = search_companies(form.cleaned_data["q"], filters, today=timezone.localdate())
    return downloads.respond(request, "companies", companies, "companies")


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


def _basis():
    if settings.PAGE_CACHE_FRESHNESS != "notify":
        return None
    return (timezone.localdate().isoformat(), change_feed.feed.heard())


def _still_good(kept) -> float:
    """A search page kept before the process last lost or made its listening
    connection, with nothing heard since it was built, is served again until
    it is PUBLIC_CACHE_SECONDS old (as while not listening): what changed
    meanwhile is unknown, and a search cannot be checked in one small query."""
    if kept.basis is None or kept.basis != _basis():
        return 0
    return kept.saved_at + settings.PUBLIC_CACHE_SECONDS - time.time()


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

    found = search_page(
        form.cleaned_data["q"],
        filterset.form.cleaned_data,
        sort=form.cleaned_data["sort"],
        page=page_number(request.GET.get("page")),
        today=timezone.localdate(),
    )
    if found is None:  # nothing asked: the guidance again
        ctx.update(query=None, shown_query="", needle="", searched=False)
        return render(request, "publicity/search.html", ctx)
    if found.code_company:
        return redirect("publicity:company-detail", found.code_company.uscc)
    # needle: what the results highlight (nothing when only filters are set)
    needle = found.query.text if found.query else ""
    ctx.update(vars(found), shown_query=needle, needle=needle, searched=True)
    ctx.update(count_cap=COUNT_CAP, max_pages=MAX_PAGES)
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
