"""A page per record: a penalty, a licence, a court case, a list entry, each
at a permanent address that a story or a letter can cite.

What a page shows is ``registry.selectors.records.record_page``'s: the
record while it is public; once it is no longer public, a **410 Gone** with
its tombstone (its kind, why and since when it left public view, whose
record it was), never its content; a 404 for a record never published and
for a number no record ever had, alike.

These pages are not kept in the page cache (``publicity.caching``): a record
costs two or three small queries, and a page built on each request cannot
outlive the day its record leaves public view. A 200 is marked for shared
caches like every public page (``s-maxage=PUBLIC_CACHE_SECONDS``); a 410, as
every status but 200, is not marked at all.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation

from publicity.views.companies import permanent_url
from registry.selectors.records import RecordPage, record_page


def penalty_detail(request, pk):
    return _record(request, "penalty", pk)


def licence_detail(request, pk):
    return _record(request, "licence", pk)


def case_detail(request, pk):
    return _record(request, "case", pk)


def list_entry_detail(request, code, pk):
    return _record(request, "entry", pk, list_code=code)


def _record(request, kind, pk, *, list_code=None):
    found = record_page(kind, pk, timezone.localdate(), language=translation.get_language() or "")
    if found is None:
        raise Http404("No public record of this kind has this number.")
    public = isinstance(found, RecordPage)
    if list_code is not None:
        # A list entry's address names its list: another list's name leads there.
        own = found.record.credit_list.code if public else found.list_code
        if own != list_code:
            return redirect("publicity:list-entry-detail", own, pk, permanent=True)
    if not public:
        return render(request, "publicity/record_gone.html", {"gone": found}, status=410)
    ctx = {**vars(found), "permanent_url": permanent_url(request, found.record)}
    return render(request, "publicity/record_detail.html", ctx)
