"""Helpers for the browsing, list and agency page tests: removed list
entries, many penalties at once (to pass the count cap quickly), a frozen
date with an empty cache, and fetching a page."""

import datetime
from decimal import Decimal

from django.core.cache import cache
from django.utils import translation

from registry.models import Penalty, PenaltyCategory
from tests.factories import AgencyFactory, CompanyFactory, ListEntryFactory


def removed_entry(removed_on=datetime.date(2025, 10, 1), **kwargs):
    """A list entry that has been removed, with its reason and authority."""
    return ListEntryFactory(
        removed_on=removed_on,
        removal_reason=kwargs.pop("removal_reason", "已补报年度报告并公示"),
        removal_authority=kwargs.pop("removal_authority", None) or AgencyFactory(),
        **kwargs,
    )


def bulk_penalties(count: int, *, agency=None, company=None, **fields) -> None:
    """``count`` public fine penalties in two queries, decided one day apart
    up to the day before TODAY; serious, so that all of them are still in
    their publicity period (up to three years) when ``count`` < 1,000 or so."""
    agency = agency or AgencyFactory()
    company = company or CompanyFactory()
    start = TODAY.date() - datetime.timedelta(days=count)
    fields.setdefault("severity", Penalty.Severity.SERIOUS)
    penalties = Penalty.objects.bulk_create(
        Penalty(
            agency=agency,
            company=company,
            subject_name=company.name,
            decision_number=f"批量罚〔2025〕{n}号",
            violation_type=Penalty.ViolationType.MARKET_ORDER,
            violation_facts="虚假宣传",
            legal_basis="《反不正当竞争法》第八条",
            penalty_content="罚款",
            fine_amount=Decimal(1000 + n),
            decided_on=start + datetime.timedelta(days=n),
            **fields,
        )
        for n in range(count)
    )
    PenaltyCategory.objects.bulk_create(
        PenaltyCategory(penalty=penalty, category=PenaltyCategory.Category.FINE)
        for penalty in penalties
    )


# --- Shared by the browse, list and agency tests ----------------------------------

TODAY = datetime.datetime(2025, 12, 1, 12, tzinfo=datetime.UTC)


def freeze_today(time_machine):
    """A fixed date, and no counts or choices left in the cache by another test;
    afterwards, no language left active: a request to an English page leaves
    English on (LocaleMiddleware), and a later test's ``reverse()`` would give
    /en/ addresses. A generator: ``yield from freeze_today(time_machine)``."""
    time_machine.move_to(TODAY, tick=False)
    cache.clear()
    yield
    translation.deactivate()


def page_of(client, url, **params) -> str:
    """The page at ``url`` with ``params``, which must answer 200."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.content.decode()
