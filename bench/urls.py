"""The site as ``bench/web.py`` serves it: the production settings and URLs,
plus two pages that exist only for the benchmark.

- ``/bench/minimal/``: a Django page through every middleware, with no
  database and no template engine: the ceiling of this stack on the machine;
- ``/bench/one-query/``: the same with one query (``SELECT 1``): the ceiling
  of a page that reads the database at all;
- ``/bench/naive-search/?q=``: the search page done the naive way, for
  comparison: plain ``LIKE``/``icontains`` matching with no index condition
  (``company_candidates(indexed=False)``), an exact count and a sort of every
  match, then the same page as ``/search/``;
- ``/bench/checked/companies/<code>/``: the company page kept, and checked
  against the database on every request (``PAGE_CACHE_FRESHNESS=check``, the
  way with Redis or behind PgBouncer) instead of kept until a change is
  announced;
- ``/bench/tables/companies/<code>/``: the company page read from the tables,
  the company's read model not read (``COMPANY_DOCUMENTS`` off for the
  request), otherwise as ``/companies/<code>/``;
- ``/bench/stored/companies/<code>/``: the company page stored ready-made
  (``bench/stored_pages.py``): its version and its stored row read, the
  stored bytes served;
- ``/bench/built/search/?q=`` and ``/bench/built/companies/<code>/``: the
  search and company pages built for every request, as with the page cache
  off (``publicity/caching/pages.py``): what a page not kept costs.

``bench/settings.py`` (``DJANGO_SETTINGS_MODULE=bench.settings``) points
``ROOT_URLCONF`` here.
"""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from bench import stored_pages
from publicity.filters import CompanySearchFilter
from publicity.forms import SearchForm
from publicity.urls import urlpatterns as site_urlpatterns
from publicity.views import companies as company_view
from publicity.views import search as view
from registry import search as matching
from registry.models import Company
from registry.paging import CappedCount, page_of
from registry.selectors import search as selectors

MINIMAL = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Minimal</title>'
    "</head><body><p>A Django page with no database.</p></body></html>"
)


def minimal(request):
    return HttpResponse(MINIMAL)


def one_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse(MINIMAL)


def built_search(request):
    return view._search_page(request)


def built_company(request, uscc):
    return company_view._company_page(request, uscc, timezone.localdate())


def tables_company(request, uscc):
    with override_settings(COMPANY_DOCUMENTS=False):
        return company_view.kept_page(request, uscc, settings.PAGE_CACHE_FRESHNESS)


def checked_company(request, uscc):
    return company_view.kept_page(request, uscc, "check")


def stored_company(request, uscc):
    return stored_pages.serve(request, uscc)


def naive_search(request):
    form = SearchForm(request.GET, auto_id="search-%s")
    filterset = CompanySearchFilter(None, queryset=Company.objects.all())
    form.is_valid()
    query = matching.parse(form.cleaned_data.get("q") or "")
    companies = matching.company_candidates(query, Company.objects.all(), indexed=False)
    count = companies.count()
    results = selectors.shown_results(
        companies, query, sort=selectors.Sort.RELEVANCE, start=0, today=timezone.localdate()
    )
    page = page_of(
        CappedCount(count, selectors.COUNT_CAP),
        1,
        per_page=selectors.PAGE_SIZE,
        max_pages=selectors.MAX_PAGES,
    )
    page.object_list = results
    ctx = {
        "form": form,
        "filterset": filterset,
        "query": query,
        "shown_query": query.text,
        "needle": query.text,
        "searched": True,
        "count": count,
        "count_capped": count > selectors.COUNT_CAP,
        "count_cap": selectors.COUNT_CAP,
        "results": results,
        "page": page,
        "first_shown": 1,
        "last_shown": len(results),
    }
    if query.kind == matching.Kind.TEXT:
        ctx.update(selectors.people_named(query))
    return render(request, "publicity/search.html", ctx)


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/one-query/", one_query),
    path("bench/naive-search/", naive_search),
    path("bench/built/search/", built_search),
    path("bench/built/companies/<str:uscc>/", built_company),
    path("bench/checked/companies/<str:uscc>/", checked_company),
    path("bench/tables/companies/<str:uscc>/", tables_company),
    path("bench/stored/companies/<str:uscc>/", stored_company),
    *site_urlpatterns,
]
