"""The agency page: who an authority is, and what it has published.

Counts are capped (``publicity.paging``) and each record kind shows its latest
rows only, with a link to the browsing page filtered on the agency: a big
bureau may have published a million penalties."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from publicity.views import downloads
from registry.models import Agency, CaseParty, CourtCase, Licence, ListEntry, Penalty
from registry.paging import capped_count
from registry.selectors.downloads import AGENCY_KINDS, agency_records

LATEST = 20


def agency_detail(request, pk):
    agency = get_object_or_404(Agency.objects.select_related("region__parent"), pk=pk)
    today = timezone.localdate()
    if downloads.requested(request):
        kind = request.GET.get("records", "penalties")
        if kind not in AGENCY_KINDS:
            raise Http404("No such download.")
        records = agency_records(agency, kind, today=today)
        return downloads.respond(request, kind, records, f"agency-{agency.pk}-{kind}")
    penalties = Penalty.objects.public(today).filter(agency=agency)
    entries = ListEntry.objects.public(today).filter(authority=agency)
    ctx = {
        "agency": agency,
        "latest": LATEST,
        "penalty_count": capped_count(penalties),
        "penalties": penalties.select_related("company", "agency").prefetch_related("categories")[
            :LATEST
        ],
        "entry_count": capped_count(entries),
        "entries": entries.select_related("company", "credit_list")[:LATEST],
        "licence_count": capped_count(Licence.objects.public(today).filter(agency=agency)),
    }
    if agency.kind == Agency.Kind.COURT or agency.court_code:
        cases = CourtCase.objects.public(today).filter(court=agency)
        parties = CaseParty.objects.select_related("company").only(
            "case_id", "role", "name", "person", "company__uscc"
        )
        ctx["case_count"] = capped_count(cases)
        ctx["cases"] = cases.select_related("court").prefetch_related(
            Prefetch("parties", queryset=parties)
        )[:LATEST]
    return render(request, "publicity/agency_detail.html", ctx)
