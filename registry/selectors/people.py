"""A person's page: the companies a person represents, serves or holds shares
in, and which of them are on a credit list now (joint punishment made
visible). Only the name and the masked ID are held: the full ID number is
never stored.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from registry.models import (
    Company,
    CreditList,
    ListEntry,
    Officer,
    Person,
    Restriction,
    Shareholding,
)
from registry.selectors.filings import mark_person_filings, person_filing_prefetches


@dataclass(frozen=True)
class PersonReport:
    """The person, with ``companies_represented`` (companies), ``companies_served``
    (positions) and ``companies_owned`` (shareholdings), each company carrying
    ``open_entries`` (its public list entries open on ``today``);
    ``own_open_entries`` (the person's own) and ``restrictions_in_force``."""

    person: Person
    today: datetime.date
    company_count: int  # every company tied to the person, each once
    # Of the companies of each tie: {"total", "blacklisted", "otherwise_listed"}.
    represented: dict[str, int]
    served: dict[str, int]
    owned: dict[str, int]


def person_report(person_id: int, today: datetime.date) -> PersonReport | None:
    """The report of the person with this id, or None when there is none: in
    nine queries, however many companies."""
    person = (
        Person.objects.prefetch_related(
            Prefetch(
                "represented_companies",
                queryset=Company.objects.select_related("region").order_by("name"),
                to_attr="companies_represented",
            ),
            Prefetch(
                "positions",
                queryset=Officer.objects.select_related("company").order_by(
                    "company__name", "role"
                ),
                to_attr="companies_served",
            ),
            Prefetch(
                "shareholdings",
                queryset=Shareholding.objects.select_related("company").order_by("company__name"),
                to_attr="companies_owned",
            ),
            Prefetch(
                "list_entries",
                queryset=ListEntry.objects.public(today).open().select_related("credit_list"),
                to_attr="own_open_entries",
            ),
            Prefetch(
                "restrictions",
                queryset=Restriction.objects.public(today).select_related("company"),
                to_attr="restrictions_in_force",
            ),
            # Pledges and court orders of the person's equity (registry.selectors.filings).
            *person_filing_prefetches(today),
        )
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        return None
    companies = _tie_open_entries(person, today)
    mark_person_filings(person, today)
    return PersonReport(
        person=person,
        today=today,
        company_count=len(companies),
        represented=_listing_summary(person.companies_represented),
        served=_listing_summary(officer.company for officer in person.companies_served),
        owned=_listing_summary(holding.company for holding in person.companies_owned),
    )


def _tie_open_entries(person, today):
    """Give every company of the person its open public list entries
    (``company.open_entries``), in one query for all of them."""
    companies = {company.pk: company for company in person.companies_represented}
    for tie in (*person.companies_served, *person.companies_owned):
        companies.setdefault(tie.company.pk, tie.company)
    entries = {pk: [] for pk in companies}
    if companies:
        for entry in (
            ListEntry.objects.public(today)
            .open()
            .filter(company__in=list(companies))
            .select_related("credit_list")
        ):
            entries[entry.company_id].append(entry)
    # The same company may be reached through several ties (representative
    # and shareholder): each copy gets the entries.
    for tie in (
        *person.companies_represented,
        *(officer.company for officer in person.companies_served),
        *(holding.company for holding in person.companies_owned),
    ):
        tie.open_entries = entries[tie.pk]
    return companies


def _listing_summary(companies):
    """How many of these companies are on a black list now, and how many on
    other lists only (warning or red lists)."""
    companies = {company.pk: company for company in companies}.values()
    listed = [company for company in companies if company.open_entries]
    blacklisted = [
        company
        for company in listed
        if any(entry.credit_list.kind == CreditList.Kind.BLACK for entry in company.open_entries)
    ]
    return {
        "total": len(companies),
        "blacklisted": len(blacklisted),
        "otherwise_listed": len(listed) - len(blacklisted),
    }
