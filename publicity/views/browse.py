"""Browsing for journalists: public penalties and court cases, filtered and
sorted through GET parameters (``publicity.browse_filters``).

Whatever the filters, a page runs the same few queries: a capped count, the
page's rows with their subjects and authorities joined in, and one query for
the rows' categories or parties. Pages past ``MAX_PAGES`` are not served:
the page asks to narrow the filters instead (``publicity.paging``)."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from publicity.browse_filters import CASES_NEWEST_FIRST, CourtCaseFilterSet, PenaltyFilterSet
from publicity.views import downloads
from registry.models import CaseParty, CourtCase, Penalty
from registry.paging import capped_page


def _browse(request, filterset, template, ctx, kind=""):
    """Renders one page of ``filterset``'s results, or its errors; with
    ``?format=csv`` or ``xlsx``, every result as a download of ``kind``."""
    if kind and downloads.requested(request) and filterset.is_bound and filterset.is_valid():
        return downloads.respond(request, kind, filterset.qs, kind.replace("_", "-"))
    ctx["filters"] = filterset
    ctx["active_filters"] = any(value for key, value in request.GET.items() if key != "page")
    if not filterset.is_bound or filterset.is_valid():
        ctx["page"] = capped_page(filterset.qs, request.GET.get("page"))
    status = 400 if filterset.is_bound and not filterset.is_valid() else 200
    return render(request, template, ctx, status=status)


def penalty_list(request):
    """The page, and its feed's address with the same filters (not the page
    or the sort)."""
    queryset = (
        Penalty.objects.public(timezone.localdate())
        .select_related("company", "agency")
        .prefetch_related("categories")
    )
    filters = PenaltyFilterSet(request.GET or None, queryset=queryset)
    query = request.GET.copy()
    for key in ("page", "sort", "format"):
        query.pop(key, None)
    feed_url = reverse("publicity:penalty-feed")
    ctx = {"feed_url": f"{feed_url}?{query.urlencode()}" if query else feed_url}
    return _browse(request, filters, "publicity/penalty_list.html", ctx, "penalties")


def case_list(request):
    parties = CaseParty.objects.select_related("company").only(
        "case_id", "role", "name", "person", "company__uscc"
    )
    queryset = (
        CourtCase.objects.public(timezone.localdate())
        .order_by(*CASES_NEWEST_FIRST)
        .select_related("court")
        .prefetch_related(Prefetch("parties", queryset=parties))
    )
    filters = CourtCaseFilterSet(request.GET or None, queryset=queryset)
    return _browse(request, filters, "publicity/case_list.html", {}, "court_cases")
