"""The feeds of the public pages, one class per page (see the package
docstring). Each reads what its page reads, newest first, at most
``LATEST`` rows per kind of record, in a fixed number of queries."""

from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from publicity.browse_filters import PenaltyFilterSet
from publicity.feeds import entries as feed_entries
from publicity.feeds.base import LATEST, BadFilters, RecordFeed, Subject
from publicity.feeds.entries import Entry, both_names, moment, newest
from publicity.feeds.filing_entries import filing_entry
from registry import uscc as uscc_codes
from registry.models import (
    Agency,
    CaseParty,
    CourtCase,
    CreditList,
    Licence,
    ListEntry,
    Penalty,
)
from registry.names import display_name
from registry.selectors.company import company_report
from registry.selectors.people import person_report


class CompanyFeed(RecordFeed):
    """The company page's records and registration changes, from
    ``company_report`` (its fixed number of queries)."""

    def subject(self, request, *, uscc):
        code = uscc_codes.normalize(uscc)
        if uscc_codes.check(code) is not None:
            raise Http404("Not a credit code.")
        report = company_report(
            code, timezone.localdate(), language=translation.get_language() or ""
        )
        if report is None:
            raise Http404("No company has this credit code.")
        company = report.company
        found = [
            feed_entries.timeline_entry(company, event) or filing_entry(company, event)
            for event in report.timeline
        ]
        found += [feed_entries.change_entry(company, c) for c in report.registration_changes]
        for annual in report.annual_reports:
            found += feed_entries.amendment_entries(company, annual)
        return Subject(
            title=both_names(company),
            link=company.get_absolute_url(),
            url=request.path,
            subtitle=_("New public records, list changes and registration changes of %(name)s")
            % {"name": both_names(company)},
            entries=newest([e for e in found if e is not None], LATEST),
        )


class ListFeed(RecordFeed):
    """A credit list's inclusions and removals: two queries of at most
    ``LATEST`` rows each."""

    def subject(self, request, *, code):
        credit_list = get_object_or_404(CreditList, code=code)
        name = display_name(credit_list)
        public = (
            ListEntry.objects.public(timezone.localdate())
            .filter(credit_list=credit_list)
            .select_related("company", "credit_list")
        )
        listed = public.order_by("-listed_on", "-id")[:LATEST]
        removed = public.removed().order_by("-removed_on", "-id")[:LATEST]
        found = [feed_entries.listing_entry(entry, name) for entry in listed]
        found += [feed_entries.removal_entry(entry, name) for entry in removed]
        return Subject(
            title=both_names(credit_list),
            link=reverse("publicity:list-detail", args=[credit_list.code]),
            url=request.path,
            subtitle=_("Companies put on and removed from the %(list)s") % {"list": name},
            entries=newest(found, LATEST),
        )


class AgencyFeed(RecordFeed):
    """What an agency published: its penalties, licences and list entries,
    and for a court its cases (filed and decided). At most ``LATEST`` of each
    kind, one query each (two for cases, with their parties)."""

    def subject(self, request, *, pk):
        agency = get_object_or_404(Agency, pk=pk)
        today = timezone.localdate()
        penalties = (
            Penalty.objects.public(today)
            .filter(agency=agency)
            .select_related("company", "agency")
            .order_by("-decided_on", "-id")[:LATEST]
        )
        listed = (
            ListEntry.objects.public(today)
            .filter(authority=agency)
            .select_related("company", "credit_list")
            .order_by("-listed_on", "-id")[:LATEST]
        )
        licences = (
            Licence.objects.public(today)
            .filter(agency=agency)
            .select_related("company")
            .order_by("-decided_on", "-id")[:LATEST]
        )
        found = [feed_entries.penalty_entry(penalty) for penalty in penalties]
        found += [
            feed_entries.listing_entry(entry, display_name(entry.credit_list)) for entry in listed
        ]
        found += [feed_entries.licence_entry(licence) for licence in licences]
        if agency.kind == Agency.Kind.COURT:
            parties = CaseParty.objects.select_related("company").order_by("id")
            cases = (
                CourtCase.objects.public(today)
                .filter(court=agency)
                .prefetch_related(Prefetch("parties", parties))
                .order_by(F("filed_on").desc(nulls_last=True), "-id")[:LATEST]
            )
            for case in cases:
                found += [
                    feed_entries.case_entry(case, step=step)
                    for step, day in (("filed", case.filed_on), ("decided", case.decided_on))
                    if day
                ]
        return Subject(
            title=both_names(agency),
            link=reverse("publicity:agency-detail", args=[agency.pk]),
            url=request.path,
            subtitle=_("Penalties, licences, list entries and court cases published by %(agency)s")
            % {"agency": both_names(agency)},
            entries=newest(found, LATEST),
        )


class PersonFeed(RecordFeed):
    """The person page's restrictions in force, the person's own list entries
    and the person's companies on a list now, from ``person_report`` (its
    seven queries)."""

    def subject(self, request, *, pk):
        report = person_report(pk, timezone.localdate())
        if report is None:
            raise Http404("No person has this id.")
        person = report.person
        page = person.get_absolute_url()
        found = [
            Entry(
                key=f"restriction/{restriction.pk}",
                title=_("Restriction in force: %(kind)s (%(company)s)")
                % {
                    "kind": restriction.get_kind_display(),
                    "company": both_names(restriction.company),
                },
                link=page,
                published=moment(restriction.starts_on),
                updated=max(moment(restriction.starts_on), restriction.updated_at),
                summary=restriction.reason,
            )
            for restriction in person.restrictions_in_force
        ]
        found += [
            Entry(
                key=f"list-entry/{entry.pk}",
                title=(_("Put on the %(list)s") % {"list": display_name(entry.credit_list)})
                + f" ({entry.decision_number})",
                link=entry.get_absolute_url(),
                published=moment(entry.listed_on),
                updated=moment(entry.listed_on),
                summary=entry.reason,
            )
            for entry in person.own_open_entries
        ]
        companies = {
            *person.companies_represented,
            *(officer.company for officer in person.companies_served),
            *(holding.company for holding in person.companies_owned),
        }
        seen = set()
        for company in companies:
            for entry in company.open_entries:
                if entry.pk not in seen:
                    seen.add(entry.pk)
                    entry.company = company  # read with the person's companies already
                    name = display_name(entry.credit_list)
                    found.append(feed_entries.listing_entry(entry, name))
        return Subject(
            title=person.name,
            link=page,
            url=request.path,
            subtitle=_("Restrictions on %(name)s and the listings of the person's companies")
            % {"name": person.name},
            entries=newest(found, LATEST),
        )


class PenaltyFeed(RecordFeed):
    """The penalties browse page's feed, with the page's filters (the sort
    is not: a feed is newest first). One query for the penalties, and those
    the filters' choices need (cached, as on the page)."""

    def subject(self, request):
        queryset = Penalty.objects.public(timezone.localdate()).select_related("company", "agency")
        filters = PenaltyFilterSet(request.GET or None, queryset=queryset)
        if filters.is_bound and not filters.is_valid():
            raise BadFilters
        penalties = filters.qs.order_by("-decided_on", "-id")[:LATEST]
        query = request.GET.urlencode()
        link = reverse("publicity:penalty-list")
        return Subject(
            title=_("Administrative penalties"),
            link=f"{link}?{query}" if query else link,
            url=request.get_full_path(),
            subtitle=_("Penalties in public view, newest first")
            + (f" {_('matching the filters')}" if query else ""),
            entries=[feed_entries.penalty_entry(penalty) for penalty in penalties],
        )
