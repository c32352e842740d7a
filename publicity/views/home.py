"""The home page: the search box first, then the credit lists, the latest
published records and headline counts.

Counting a million-row table on every visit would make the busiest page the
slowest: the counts come from ``cached_counts`` (at most every ten minutes,
all read in one cache query) and the page says when they were made. The
latest records are read live: the newest rows of an index, cheap at any size.
"""

from django.shortcuts import render
from django.utils import timezone

from publicity.caching.counts import cached_counts
from publicity.views.lists import open_entry_counts
from registry.models import Company, CourtCase, CreditList, ListEntry, Penalty

LATEST = 10


def headline_counts() -> dict:
    """Through ``cached_counts`` only: four counts of big tables."""
    today = timezone.localdate()
    return {
        "per_list": open_entry_counts(),
        "companies": Company.objects.count(),
        "penalties": Penalty.objects.public(today).count(),
        "cases": CourtCase.objects.public(today).count(),
    }


def home(request):
    today = timezone.localdate()
    counts, counted_at = cached_counts("home", headline_counts)
    credit_lists = list(CreditList.objects.all())
    for credit_list in credit_lists:
        credit_list.open_count = counts["per_list"].get(credit_list.pk, 0)
    ctx = {
        "credit_lists": credit_lists,
        "counts": {**counts, "open_entries": sum(counts["per_list"].values())},
        "counted_at": counted_at,
        "latest_penalties": Penalty.objects.public(today).select_related("company", "agency")[
            :LATEST
        ],
        "latest_entries": ListEntry.objects.public(today)
        .open()
        .select_related("company", "credit_list")[:LATEST],
    }
    return render(request, "publicity/home.html", ctx)
