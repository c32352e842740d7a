"""Everything public about one company, by its credit code: what the company
page shows, and what a credit report or an API answer about the company reads.

Every record list is built on the models' ``public(today)`` querysets, so the
publication rules decide what the report holds; nothing here filters records
itself. All records come in a fixed number of queries (one per kind of
record), whatever their number.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registry import redress
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
    Region,
    Shareholding,
)
from registry.models.base import WithdrawalKind
from registry.names import display_name
from registry.selectors.annual_reports import mark_public, reports_prefetch
from registry.selectors.filings import company_filings, filing_events
from registry.selectors.status import status_of
from registry.selectors.timeline import Event, company_events, merge

DISHONEST_DEBTOR_LIST = "dishonest_debtor"


@dataclass(frozen=True)
class CompanyReport:
    """The company and its public records on ``today``. Every record carries
    ``under_objection`` (an objection to it waits for a decision); list
    entries carry ``list_name`` (the list's name in the language asked for);
    court cases carry ``own_parties`` (the company's roles) and
    ``other_parties``."""

    company: Company  # with its registration facts, former names, ties and branches
    today: datetime.date
    region_path: list[Region]  # province first, down to the company's own division
    penalties: list[Penalty]  # newest first
    licences: list[Licence]  # newest first
    cases: list[CourtCase]
    list_entries: list[ListEntry]  # open ones first, each group newest first
    open_entries: list[ListEntry]  # on a list now
    debtor_entries: list[ListEntry]  # on the dishonest debtor list, with their debtor details
    ratings: list[Rating]  # newest first
    registration_changes: list[dict[str, Any]]  # see ``registration_changes``
    tombstones: dict[str, Any]  # see ``tombstones``
    timeline: list[Event]  # every dated fact above, newest first
    status: Any = None  # the status box: ``registry.selectors.status.Status``
    # Newest year first, each with ``figures`` and ``public_amendments``
    # (registry.selectors.annual_reports).
    annual_reports: list = ()
    # Spot checks, pledges, judicial assistance, mortgages, deregistration
    # notices: ``registry.selectors.filings.Filings``.
    filings: Any = None


def company_report(
    uscc: str, today: datetime.date, *, language: str = "zh-hans"
) -> CompanyReport | None:
    """The report of the company with this (normalised) credit code, or None
    when no company has it. ``language`` (a language code) chooses the
    names of the credit lists: English for "en", else Chinese."""
    company = _company_with_records(uscc, today)
    if company is None:
        return None
    cases = _cases_of(company, today)
    entries = _open_first(company.public_list_entries, language=language)
    redress.mark_under_objection(
        penalty=company.public_penalties,
        licence=company.public_licences,
        case=cases,
        entry=entries,
        rating=company.public_ratings,
    )
    filings = company_filings(company, today)
    report = CompanyReport(
        company=company,
        today=today,
        region_path=_region_path(company.region),
        penalties=company.public_penalties,
        licences=company.public_licences,
        cases=cases,
        list_entries=entries,
        open_entries=[entry for entry in entries if entry.is_open],
        debtor_entries=[
            entry
            for entry in entries
            if entry.credit_list.code == DISHONEST_DEBTOR_LIST and hasattr(entry, "debtor")
        ],
        ratings=company.public_ratings,
        annual_reports=mark_public(company.public_annual_reports),
        registration_changes=registration_changes(company),
        tombstones=tombstones(company, today),
        timeline=merge(
            [
                *company_events(
                    company,
                    former_names=company.former_names.all(),
                    penalties=company.public_penalties,
                    licences=company.public_licences,
                    cases=cases,
                    list_entries=entries,
                    ratings=company.public_ratings,
                    annual_reports=company.public_annual_reports,
                ),
                *filing_events(filings),
            ]
        ),
        filings=filings,
    )
    return replace(report, status=status_of(report))


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
            reports_prefetch(today),
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


# Why a record left public view, in the order the page lists them.
TOMBSTONE_REASONS = {
    "ended": _("publicity period ended"),
    WithdrawalKind.CORRECTED: _("withdrawn: corrected by the agency"),
    WithdrawalKind.REVOKED: _("withdrawn: revoked on administrative review"),
    WithdrawalKind.ANNULLED: _("withdrawn: annulled by a court"),
}


def tombstones(company, today) -> dict[str, Any]:
    """How many of the company's records are no longer published, and why,
    without their content: ``{"total": n, "reasons": [(label, n), ...]}``,
    in one query over every kind of record. Records never published (drafts,
    records under review, warnings under the simple procedure) are not
    counted."""
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
    reasons = [(label, counts[code]) for code, label in TOMBSTONE_REASONS.items() if counts[code]]
    return {"total": sum(n for _label, n in reasons), "reasons": reasons}


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


def _open_first(entries, *, language):
    """Current list entries first (newest first), then removed ones; each
    with ``list_name``, the list's name in ``language``."""
    for entry in entries:
        entry.list_name = display_name(entry.credit_list, language=language)
    return sorted(entries, key=lambda entry: not entry.is_open)


def _region_path(region):
    """Province first, down to the company's own division."""
    path = []
    while region is not None:
        path.insert(0, region)
        region = region.parent
    return path


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
CHOICE_FIELDS = {"status", "entity_type"}


def registration_changes(company) -> list[dict[str, Any]]:
    """Each change of the facts in ``CHANGE_FIELDS``, newest first, from the
    company's change history (one query): its ``date`` (and ``changed_at``,
    the moment), the ``field``'s name and ``label``, the ``old`` and ``new``
    values as shown, and ``lang``
    ("zh-Hans" for Chinese text). Labels and the names of choices are lazy
    translations: shown in the language they are rendered in. Who made the
    change is not read."""
    rows = list(
        company.history.order_by("history_date", "history_id").values(
            "history_date", *CHANGE_FIELDS, "currency"
        )
    )
    changes = []
    for before, after in reversed(list(zip(rows, rows[1:], strict=False))):
        day = timezone.localdate(after["history_date"])
        for field in CHANGE_FIELDS:
            if _compared(field, before) != _compared(field, after):
                changes.append(
                    {
                        "date": day,
                        "changed_at": after["history_date"],
                        "field": field,
                        "label": capfirst(Company._meta.get_field(field).verbose_name),
                        "old": _shown(field, before),
                        "new": _shown(field, after),
                        # Names, addresses and scopes are Chinese text; labels are not.
                        "lang": "zh-Hans" if field in CHINESE_FIELDS else "",
                    }
                )
    return changes


def _compared(field, row):
    """What tells a change: a choice by its value, anything else as shown."""
    return row[field] if field in CHOICE_FIELDS else _shown(field, row)


def _shown(field, row):
    value = row[field]
    if field == "registered_capital":
        if value is None:
            return ""
        if row["currency"] == "CNY":
            return f"¥{value:,.2f}"
        return f"{value:,.2f} {row['currency']}"
    if field in CHOICE_FIELDS:
        return dict(Company._meta.get_field(field).flatchoices).get(value, value)
    return value or ""
