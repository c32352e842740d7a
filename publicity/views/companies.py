"""The company page: everything public about one company, by its credit code.

What the page shows is ``registry.selectors.company.company_report``'s: this
view finds the code, keeps the page (publicity/caching/pages.py) and renders the
report with what comes from the request (its permanent address).
"""

import functools
import math

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.html import format_html

from publicity.caching import change_feed, pages
from publicity.views import downloads
from registry import uscc as uscc_codes
from registry.models import Company
from registry.selectors import company_version
from registry.selectors.company import company_report
from registry.selectors.downloads import COMPANY_KINDS, company_records
from registry.selectors.ownership import company_ownership


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
    if freshness != "notify":
        version = company_version.of(code)
        if version is None:
            raise Http404("No company has this credit code.")
        build = functools.partial(_company_page, request, code, today, version=version)
        return pages.serve(request, build, seconds=seconds, version=f"{today}|{version}")
    checked = _Checked(code, today)
    return pages.serve(
        request,
        # The version read for the cache is the one the read model is checked
        # against (registry.selectors.company_documents), not read twice.
        lambda: _company_page(request, code, today, version=checked.from_database()),
        seconds=seconds,
        version=checked.version(),
        basis=checked.basis,
        still_good=checked.still_good,
    )


class _Checked:
    """A company page kept until a change is announced: its version is what
    the process heard of the company (while it listens; else its version read
    from the database, under a key part of this outage).

    A page kept before the process last lost or made its connection (an
    outage of the database or of the feed) is served again, not built anew,
    when nothing was heard of the company since it was built and the
    company's version read from the database is the same: one small query
    instead of building the page (what only announcements cover, such as an
    agency renamed meanwhile, then shows within COMPANY_PAGE_CACHE_SECONDS,
    as with "check")."""

    def __init__(self, code, today):
        self.code, self.day = code, today.isoformat()
        self._read = None

    def version(self) -> str:
        heard = change_feed.feed.company(self.code)
        if heard is not None:
            return f"{self.day}|{heard}"
        # Not listening: checked, under a key part of this outage.
        if self.from_database() is None:
            raise Http404("No company has this credit code.")
        return f"{self.day}|{change_feed.feed.outage()}|{self.from_database()}"

    def basis(self):
        return (self.day, change_feed.feed.heard(self.code), self.from_database())

    def still_good(self, kept) -> float:
        if not (isinstance(kept.basis, tuple) and len(kept.basis) == 3):
            return 0
        day, heard, in_database = kept.basis
        if day != self.day or heard != change_feed.feed.heard(self.code):
            return 0  # another day, or a change heard: no query
        return math.inf if in_database == self.from_database() else 0

    def from_database(self):
        if self._read is None:
            self._read = (company_version.of(self.code),)
        return self._read[0]


def _company_page(request, code, today, *, version=None):
    report = company_report(code, today, language=translation.get_language() or "", version=version)
    if report is None:
        raise Http404("No company has this credit code.")
    for entry in report.list_entries:
        # For the status sentence: the reason marked as Chinese.
        entry.reason_html = format_html('<span lang="zh-Hans">{}</span>', entry.reason)
    ctx = {
        **vars(report),  # the report's fields, by name
        # Who stands behind it: a fixed number of queries (registry/selectors/ownership.py).
        "ownership": company_ownership(
            report.company,
            report.company.shareholdings.all(),
            today,
            open_entries=report.open_entries,
        ),
        "permanent_url": permanent_url(request, report.company),
    }
    return render(request, "publicity/company_detail.html", ctx)


def permanent_url(request, obj):
    """The absolute address of ``obj``'s page (a company's, a record's)
    without a language prefix: the one that stays valid whatever language
    the reader chose."""
    with translation.override("zh-hans"):
        return request.build_absolute_uri(obj.get_absolute_url())
