"""The credit lists: every list with its current size, and one list's current
entries and recent removals, filtered by region, authority and date."""

import datetime

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from publicity.browse_filters import ListEntryFilterSet
from publicity.caching.counts import cached_counts
from publicity.views import downloads
from registry.models import CreditList, ListEntry
from registry.paging import capped_count, capped_page
from registry.selectors.lists import RECENT_REMOVALS, View, list_entries

REMOVALS_SHOWN = 10


def open_entry_counts() -> dict[int, int]:
    """Current entries per list id: one grouped COUNT over the open entries
    (served by the partial index on them). Through ``cached_counts`` only."""
    rows = (
        ListEntry.objects.public(timezone.localdate())
        .open()
        .order_by()
        .values_list("credit_list")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def entry_counts() -> tuple[dict[int, int], datetime.datetime]:
    """Current entries per list id, and when they were counted (the cache)."""
    return cached_counts("open-entries", open_entry_counts)


def list_index(request):
    counts, counted_at = entry_counts()
    credit_lists = list(CreditList.objects.all())
    for credit_list in credit_lists:
        credit_list.open_count = counts.get(credit_list.pk, 0)
    ctx = {"credit_lists": credit_lists, "counted_at": counted_at}
    return render(request, "publicity/list_index.html", ctx)


def list_detail(request, code):
    """Current entries (paged) and the last year's removals; ``?view=removals``
    pages through the removals instead. The filters apply to both."""
    credit_list = get_object_or_404(CreditList, code=code)
    today = timezone.localdate()
    data = request.GET or None
    entries, date_field = list_entries(View.CURRENT, today, credit_list)
    current = ListEntryFilterSet(
        data, queryset=entries, credit_list=credit_list, date_field=date_field
    )
    entries, date_field = list_entries(View.REMOVALS, today, credit_list)
    removals = ListEntryFilterSet(
        data,
        queryset=entries,
        credit_list=credit_list,
        date_field=date_field,
        choices=current.choices,
    )
    view = "removals" if request.GET.get("view") == "removals" else "current"
    if downloads.requested(request) and current.is_valid() and removals.is_valid():
        shown = removals if view == "removals" else current
        return downloads.respond(request, "list_entries", shown.qs, f"{code}-{view}")
    ctx = {
        "credit_list": credit_list,
        "total_open": entry_counts()[0].get(credit_list.pk, 0),
        "filters": current,
        "view": view,
        "removals_since": today - RECENT_REMOVALS,
        "active_filters": any(v for k, v in request.GET.items() if k not in ("page", "view")),
    }
    status = 200
    if data and not current.is_valid():
        status = 400
    elif view == "removals":
        ctx["current_count"] = capped_count(current.qs)
        ctx["page"] = ctx["removals_page"] = capped_page(removals.qs, request.GET.get("page"))
    else:
        ctx["page"] = capped_page(current.qs, request.GET.get("page"))
        ctx["removals_count"] = capped_count(removals.qs)
        ctx["removals"] = removals.qs[:REMOVALS_SHOWN]
    return render(request, "publicity/list_detail.html", ctx, status=status)
