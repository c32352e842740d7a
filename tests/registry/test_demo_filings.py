"""Demo spot checks, pledges, court orders, mortgages and deregistration
notices: a few percent of companies, dated within their companies' lives,
published, deterministic, and one notice open for objections on the as-of day."""

import datetime

import pytest

from registry.models import (
    ChattelMortgage,
    Company,
    DeregistrationNotice,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    SpotCheck,
)
from registry.selectors.company import company_report
from tests.registry.test_seed_demo import seed

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 10, 31)


def test_each_kind_is_seeded_in_a_few_percent_of_companies_within_their_lives():
    seed(companies=1500)
    companies = Company.objects.count()
    for model, field in (
        (SpotCheck, "checked_on"),
        (EquityPledge, "registered_on"),
        (JudicialAssistance, "published_on"),
        (ChattelMortgage, "registered_on"),
        (IpPledge, "registered_on"),
        (DeregistrationNotice, "starts_on"),
    ):
        rows = model.objects.all()
        share = rows.values("company").distinct().count() / companies
        assert 0 < share < 0.1, (model, share)
        assert not rows.exclude(state="published").exists()
        for day, established in rows.values_list(field, "company__established_on"):
            assert established <= day <= AS_OF, model


def test_the_demo_has_a_notice_open_for_objections_on_its_day():
    seed(companies=300)
    running = DeregistrationNotice.objects.running(AS_OF)
    assert running.count() == 1
    report = company_report(running.get().company.uscc, AS_OF)
    assert "deregistration_notice" in [fact.kind for fact in report.status.facts]


def test_the_filings_are_the_same_for_the_same_seed():
    seed(companies=300)
    first = list(EquityPledge.objects.order_by("pk").values_list("registration_number", "amount"))
    assert first
    EquityPledge.objects.all().delete()
    for model in (SpotCheck, JudicialAssistance, ChattelMortgage, IpPledge, DeregistrationNotice):
        model.objects.all().delete()
    from tests.registry.test_seed_demo import delete_seeded_records

    delete_seeded_records()
    seed(companies=300)
    again = list(EquityPledge.objects.order_by("pk").values_list("registration_number", "amount"))
    assert [amount for _number, amount in again] == [amount for _number, amount in first]
