"""Everything public about one company, by its credit code: what the company
page shows, and what a credit report or an API answer about the company reads.

The company comes with every record of it the public sees on some day
(``registry.selectors.company_graph``), from its read model or from the
tables; the day's publication rules (``registry.public_on``, the twins of
the models' ``public(today)`` query sets) decide here what the report holds.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registry import public_on, redress
from registry.models import (
    Company,
    CourtCase,
    Licence,
    ListEntry,
    Penalty,
    Rating,
    Region,
)
from registry.models.base import WithdrawalKind
from registry.names import display_name
from registry.selectors import company_documents, company_graph
from registry.selectors.annual_reports import mark_public
from registry.selectors.company_graph import CHANGE_FIELDS
from registry.selectors.filings import filing_events, filings_of
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
    uscc: str, today: datetime.date, *, language: str = "zh-hans", version: str | None = None
) -> CompanyReport | None:
    """The report of the company with this (normalised) credit code, or None
    when no company has it. ``language`` (a language code) chooses the
    names of the credit lists: English for "en", else Chinese.

    The company and every record of it are read from its read model when
    that is current (``registry.selectors.company_documents``: one indexed
    read), else from the tables (``registry.selectors.company_graph``, one
    query per kind of record); the day's publication rules are applied here,
    to either. ``version``: the company's (``company_version.of``), when the
    caller has just read it."""
    company = company_documents.read(uscc, version=version)
    if company is None:
        found = company_graph.load(Company.objects.filter(uscc=uscc))
        if not found:
            return None
        company = found[0]
    return report_on(company, today, language=language)


def report_on(company, today: datetime.date, *, language: str = "zh-hans") -> CompanyReport:
    """The report on ``today`` of ``company`` as ``company_graph.load`` gives
    it: its records narrowed to those public on the day (registry.public_on)."""
    _narrow(company, today)
    cases = _cases_of(company)
    entries = _open_first(company.public_list_entries, language=language)
    redress.mark_under_objection(
        penalty=company.public_penalties,
        licence=company.public_licences,
        case=cases,
        entry=entries,
        rating=company.public_ratings,
    )
    filings = filings_of(company, today)
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


# The company's records public on the day: (loaded as, kept as, rule, date
# they are sorted by, newest first, then by id).
PUBLIC_RECORDS = (
    ("graph_penalties", "public_penalties", public_on.penalty, "decided_on"),
    ("graph_licences", "public_licences", public_on.published, "decided_on"),
    ("graph_list_entries", "public_list_entries", public_on.list_entry, "listed_on"),
    ("graph_ratings", "public_ratings", public_on.published, "rated_on"),
)


def _narrow(company, today):
    """The company's records public on ``today``, as ``public_<kind>``,
    newest first (date, then id, both descending; neither is ever null).
    Annual reports keep their loaded order (newest year first)."""
    for loaded, kept, rule, date in PUBLIC_RECORDS:
        records = [record for record in getattr(company, loaded) if rule(record, today)]
        records.sort(key=lambda record, date=date: (getattr(record, date), record.pk), reverse=True)
        setattr(company, kept, records)
    company.public_cases = [c for c in company.graph_cases if public_on.published(c, today)]
    company.public_annual_reports = [
        report for report in company.graph_annual_reports if public_on.annual_report(report, today)
    ]


# Why a record left public view, in the order the page lists them.
TOMBSTONE_REASONS = {
    "ended": _("publicity period ended"),
    WithdrawalKind.CORRECTED: _("withdrawn: corrected by the agency"),
    WithdrawalKind.REVOKED: _("withdrawn: revoked on administrative review"),
    WithdrawalKind.ANNULLED: _("withdrawn: annulled by a court"),
}


def tombstones(company, today) -> dict[str, Any]:
    """How many of the company's records (as ``company_graph.load`` gives
    them) are no longer published on ``today``, and why, without their
    content: ``{"total": n, "reasons": [(label, n), ...]}``. Records never
    published (drafts, records under review, warnings under the simple
    procedure) are not counted: they are never loaded."""
    counts = Counter()
    for loaded, _kept, rule, _date in PUBLIC_RECORDS:
        for record in getattr(company, loaded):
            counts[public_on.gone_because(record, rule(record, today))] += 1
    for case in company.graph_cases:
        counts[public_on.gone_because(case, public_on.published(case, today))] += 1
    reasons = [(label, counts[code]) for code, label in TOMBSTONE_REASONS.items() if counts[code]]
    return {"total": sum(n for _label, n in reasons), "reasons": reasons}


def _cases_of(company):
    """Public court cases the company is a party to (``public_cases``), each
    with ``own_parties`` (the company's roles) and ``other_parties``."""
    for case in company.public_cases:
        parties = list(case.parties.all())
        case.own_parties = [party for party in parties if party.company_id == company.pk]
        case.other_parties = [party for party in parties if party.company_id != company.pk]
    return company.public_cases


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


CHINESE_FIELDS = {"name", "legal_representative_name", "address", "business_scope"}
CHOICE_FIELDS = {"status", "entity_type"}


def registration_changes(company) -> list[dict[str, Any]]:
    """Each change of the facts in ``CHANGE_FIELDS``, newest first, from the
    company's change history (``graph_history``, loaded with it): its ``date`` (and ``changed_at``,
    the moment), the ``field``'s name and ``label``, the ``old`` and ``new``
    values as shown, and ``lang``
    ("zh-Hans" for Chinese text). Labels and the names of choices are lazy
    translations: shown in the language they are rendered in. Who made the
    change is not read."""
    rows = company.graph_history
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
