"""The company page: everything public about one company, by its credit code.

Every record list is built on the models' ``public(today)`` querysets, so the
publication rules decide what the page shows; the page never filters records
itself. All records come in a fixed number of queries (one per kind of
record), whatever their number.
"""

from collections import Counter

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from publicity.caching import change_feed, company_version, pages
from publicity.timeline import company_events
from registry import redress
from registry import uscc as uscc_codes
from registry.models import (
    CaseParty,
    Company,
    CourtCase,
    FormerName,
    Licence,
    ListEntry,
    Officer,
    Penalty,
    PenaltyCategory,
    Rating,
    Shareholding,
)
from registry.models.base import WithdrawalKind
from registry.names import display_name

DISHONEST_DEBTOR_LIST = "dishonest_debtor"


def company_detail(request, uscc):
    code = uscc_codes.normalize(uscc)
    if uscc_codes.check(code) is not None:
        # Not a credit code at all: no company can have it, so no query.
        raise Http404("Not a credit code.")
    if code != uscc:
        return redirect(get_object_or_404(Company.objects.only("uscc"), uscc=code), permanent=True)
    return kept_page(request, code, settings.PAGE_CACHE_FRESHNESS)


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
    company = _company_with_records(code, today)
    if company is None:
        raise Http404("No company has this credit code.")

    cases = _cases_of(company, today)
    entries = _open_first(company.public_list_entries)
    redress.mark_under_objection(
        penalty=company.public_penalties,
        licence=company.public_licences,
        case=cases,
        entry=entries,
        rating=company.public_ratings,
    )
    ctx = {
        "company": company,
        "today": today,
        "permanent_url": _permanent_url(request, company),
        "region_path": _region_path(company.region),
        "penalties": company.public_penalties,
        "licences": company.public_licences,
        "cases": cases,
        "list_entries": entries,
        "open_entries": [entry for entry in entries if entry.is_open],
        "debtor_entries": [
            entry
            for entry in entries
            if entry.credit_list.code == DISHONEST_DEBTOR_LIST and hasattr(entry, "debtor")
        ],
        "ratings": company.public_ratings,
        "registration_changes": registration_changes(company),
        "tombstones": _tombstones(company, today),
        "timeline": company_events(
            company,
            former_names=company.former_names.all(),
            penalties=company.public_penalties,
            licences=company.public_licences,
            cases=cases,
            list_entries=entries,
            ratings=company.public_ratings,
        ),
    }
    return render(request, "publicity/company_detail.html", ctx)


def _company_with_records(code, today):
    """The company and all its public records but court cases, in one query
    per kind of record.

    The records of each kind are sorted here, newest first (their models'
    order: date, then id, both descending; neither is ever null), not by the
    database: an ORDER BY over a query that selects related rows makes Django
    match every selected column against the ordering (about 8 ms of Python
    a page for these wide queries), and sorting twenty records costs
    nothing. The company itself is found by its unique code, so it needs no
    order either."""
    penalties = (
        Penalty.objects.public(today)
        .select_related("agency")
        .prefetch_related(
            Prefetch("categories", queryset=PenaltyCategory.objects.order_by("id")),
        )
        .order_by()
    )
    found = list(
        Company.objects.select_related(
            "legal_representative",
            "registration_authority",
            "region__parent__parent",
            "industry__parent",
            "head_office",
        )
        .prefetch_related(
            Prefetch("former_names", queryset=FormerName.objects.order_by("-used_until")),
            Prefetch(
                "shareholdings",
                queryset=Shareholding.objects.select_related("holder_person", "holder_company"),
            ),
            Prefetch("officers", queryset=Officer.objects.select_related("person")),
            Prefetch("branches", queryset=Company.objects.order_by("name")),
            Prefetch("penalties", queryset=penalties, to_attr="public_penalties"),
            Prefetch(
                "licences",
                queryset=Licence.objects.public(today).select_related("agency").order_by(),
                to_attr="public_licences",
            ),
            Prefetch(
                "list_entries",
                queryset=ListEntry.objects.public(today)
                .select_related(
                    "credit_list",
                    "authority",
                    "removal_authority",
                    "debtor__province",
                )
                .order_by(),
                to_attr="public_list_entries",
            ),
            Prefetch(
                "ratings",
                queryset=Rating.objects.public(today).select_related("scheme__agency").order_by(),
                to_attr="public_ratings",
            ),
        )
        .filter(uscc=code)
        .order_by()[:1]
    )
    if not found:
        return None
    company = found[0]
    for records, date in (
        (company.public_penalties, "decided_on"),
        (company.public_licences, "decided_on"),
        (company.public_list_entries, "listed_on"),
        (company.public_ratings, "rated_on"),
    ):
        records.sort(key=lambda record, date=date: (getattr(record, date), record.pk), reverse=True)
    return company


def _tombstones(company, today):
    """How many of the company's records are no longer published, and why,
    without their content: one query over every kind of record. Records never
    published (drafts, records under review, warnings under the simple
    procedure) are not counted."""
    kinds = [
        Penalty.objects.no_longer_public(today).filter(company=company),
        Licence.objects.no_longer_public(today).filter(company=company),
        ListEntry.objects.no_longer_public(today).filter(company=company),
        Rating.objects.no_longer_public(today).filter(company=company),
        CourtCase.objects.no_longer_public(today).filter(parties__company=company),
    ]
    counted = [
        kind.order_by().values("gone_because").annotate(n=Count("pk", distinct=True))
        for kind in kinds
    ]
    counts = Counter()
    for row in counted[0].union(*counted[1:], all=True):
        counts[row["gone_because"]] += row["n"]
    labels = _tombstone_reasons()
    reasons = [(label, counts[code]) for code, label in labels.items() if counts[code]]
    return {"total": sum(n for _label, n in reasons), "reasons": reasons}


def _tombstone_reasons():
    """Why a record left public view, in the order the page lists them."""
    return {
        "ended": _("publicity period ended"),
        WithdrawalKind.CORRECTED: _("withdrawn: corrected by the agency"),
        WithdrawalKind.REVOKED: _("withdrawn: revoked on administrative review"),
        WithdrawalKind.ANNULLED: _("withdrawn: annulled by a court"),
    }


def _cases_of(company, today):
    """Public court cases the company is a party to, each with
    ``own_parties`` (the company's roles) and ``other_parties``."""
    cases = list(
        CourtCase.objects.public(today)
        .involving(company)
        .select_related("court")
        .prefetch_related(
            Prefetch("parties", queryset=CaseParty.objects.select_related("company", "person"))
        )
    )
    for case in cases:
        parties = list(case.parties.all())
        case.own_parties = [party for party in parties if party.company_id == company.pk]
        case.other_parties = [party for party in parties if party.company_id != company.pk]
    return cases


def _open_first(entries):
    """Current list entries first (newest first), then removed ones; each
    with the list's name in the page's language and the reason marked as
    Chinese, ready for the status sentence."""
    for entry in entries:
        entry.list_name = display_name(entry.credit_list)
        entry.reason_html = format_html('<span lang="zh-Hans">{}</span>', entry.reason)
    return sorted(entries, key=lambda entry: not entry.is_open)


def _region_path(region):
    """Province first, down to the company's own division."""
    path = []
    while region is not None:
        path.insert(0, region)
        region = region.parent
    return path


def _permanent_url(request, company):
    """The absolute address of the page without a language prefix: the one
    that stays valid whatever language the reader chose."""
    with translation.override("zh-hans"):
        return request.build_absolute_uri(company.get_absolute_url())


# Registration facts whose changes the page lists ("change history"), in the
# order shown for changes made at the same time.
CHANGE_FIELDS = [
    "name",
    "legal_representative_name",
    "registered_capital",
    "address",
    "status",
    "business_scope",
    "entity_type",
]
CHINESE_FIELDS = {"name", "legal_representative_name", "address", "business_scope"}


def registration_changes(company):
    """Each change of the facts in ``CHANGE_FIELDS``, newest first, from the
    company's change history (one query): its date, the field's label, and
    the old and new values as shown on the page. Who made it is not read."""
    rows = list(
        company.history.order_by("history_date", "history_id").values(
            "history_date", *CHANGE_FIELDS, "currency"
        )
    )
    changes = []
    for before, after in reversed(list(zip(rows, rows[1:], strict=False))):
        day = timezone.localdate(after["history_date"])
        for field in CHANGE_FIELDS:
            old, new = _shown(field, before), _shown(field, after)
            if old != new:
                changes.append(
                    {
                        "date": day,
                        "label": capfirst(Company._meta.get_field(field).verbose_name),
                        "old": old,
                        "new": new,
                        # Names, addresses and scopes are Chinese text; labels are not.
                        "lang": "zh-Hans" if field in CHINESE_FIELDS else "",
                    }
                )
    return changes


def _shown(field, row):
    value = row[field]
    if field == "registered_capital":
        if value is None:
            return ""
        if row["currency"] == "CNY":
            return f"¥{value:,.2f}"
        return f"{value:,.2f} {row['currency']}"
    if field in ("status", "entity_type"):
        choices = dict(Company._meta.get_field(field).flatchoices)
        return str(choices.get(value, value))
    return value or ""
