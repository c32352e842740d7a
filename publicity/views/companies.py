"""The company page: everything public about one company, by its credit code.

What the page shows is ``registry.selectors.company.company_report``'s: this
view finds the code, keeps the page (publicity/caching/pages.py) and renders the
report with what comes from the request (its permanent address).
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.html import format_html

from publicity.caching import change_feed, company_version, pages
from publicity.views import downloads
from registry import uscc as uscc_codes
from registry.models import Company
from registry.selectors.company import company_report
from registry.selectors.downloads import COMPANY_KINDS, company_records


def company_detail(request, uscc):
    code = uscc_codes.normalize(uscc)
    if uscc_codes.check(code) is not None:
        # Not a credit code at all: no company can have it, so no query.
        raise Http404("Not a credit code.")
    if code != uscc:
        # To the normalised address, keeping the query (a download's ?format=).
        company = get_object_or_404(Company.objects.only("uscc"), uscc=code)
        query = request.GET.urlencode()
        target = company.get_absolute_url() + (f"?{query}" if query else "")
        return redirect(target, permanent=True)
    if downloads.requested(request):
        return _download(request, code)
    return kept_page(request, code, settings.PAGE_CACHE_FRESHNESS)


def _download(request, code):
    """One kind of the company's public records (``?records=``, penalties by
    default), as CSV or XLSX."""
    company = get_object_or_404(Company.objects.only("uscc"), uscc=code)
    kind = request.GET.get("records", "penalties")
    if kind not in COMPANY_KINDS:
        raise Http404("No such download.")
    records = company_records(company, kind, today=timezone.localdate())
    return downloads.respond(request, kind, records, f"{code}-{kind}")


def kept_page(request, code, freshness):
    """The page of the company with this (normalised) code, kept
    (publicity/caching/pages.py) until a change is announced ("notify") or its
    version read from the database changes ("check")."""
    today = timezone.localdate()
    seconds = settings.COMPANY_PAGE_CACHE_SECONDS
    if seconds <= 0 or not pages.usable(request):
        return _company_page(request, code, today)
    version = _page_version(code, freshness)
    if version is None:
        raise Http404("No company has this credit code.")
    return pages.serve(
        request,
        "company",
        lambda: _company_page(request, code, today),
        seconds=seconds,
        version=f"{today.isoformat()}|{version}",
    )


def _page_version(code, freshness):
    """What the kept page is keyed by: the changes announced for this company
    (while the process listens), or else its version read from the database;
    None when no company has this code."""
    if freshness != "notify":
        return company_version.of(code)
    heard = change_feed.feed.company(code)
    if heard is not None:
        return heard
    # Not listening: checked, under a key of this outage (what only
    # announcements cover may have changed since an earlier one).
    version = company_version.of(code)
    return None if version is None else f"{change_feed.feed.outage()}|{version}"


def _company_page(request, code, today):
    report = company_report(code, today, language=translation.get_language() or "")
    if report is None:
        raise Http404("No company has this credit code.")
    for entry in report.list_entries:
        # For the status sentence: the reason marked as Chinese.
        entry.reason_html = format_html('<span lang="zh-Hans">{}</span>', entry.reason)
    ctx = {
        **vars(report),  # the report's fields, by name
        "permanent_url": _permanent_url(request, report.company),
    }
    return render(request, "publicity/company_detail.html", ctx)


def _permanent_url(request, company):
    """The absolute address of the page without a language prefix: the one
    that stays valid whatever language the reader chose."""
    with translation.override("zh-hans"):
        return request.build_absolute_uri(company.get_absolute_url())
