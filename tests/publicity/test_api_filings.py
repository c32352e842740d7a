"""The API's resources for spot checks, pledges, court orders, mortgages and
deregistration notices, and the company resource's sections of them."""

import datetime

import pytest
import time_machine

from registry.models.base import RecordState
from tests.factories import CompanyFactory
from tests.factories_filings import (
    DeregistrationNoticeFactory,
    EquityPledgeFactory,
    JudicialAssistanceFactory,
    SpotCheckFactory,
    add_filings_of_every_kind,
)
from tests.publicity.test_api import get, ids

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10), tick=False):
        yield


def test_each_resource_lists_public_records_only():
    public = SpotCheckFactory()
    SpotCheckFactory(state=RecordState.DRAFT)
    pledge = EquityPledgeFactory()
    later = JudicialAssistanceFactory(published_on=datetime.date(2026, 3, 3))
    order = JudicialAssistanceFactory()

    from django.test import Client

    client = Client()
    assert ids(get(client, "spot-check-list")) == [public.pk]
    assert ids(get(client, "equity-pledge-list")) == [pledge.pk]
    assert ids(get(client, "judicial-assistance-list")) == [order.pk]
    assert later.pk not in ids(get(client, "judicial-assistance-list"))
    detail = get(client, "equity-pledge-detail", pledge.pk)
    assert detail["pledgor_name"] == "张三"
    assert detail["status"]["code"] == "valid"


def test_the_company_resource_holds_every_section(client):
    company = CompanyFactory()
    add_filings_of_every_kind(company, each=1)

    body = get(client, "company-detail", company.uscc)

    for field in (
        "spot_checks",
        "equity_pledges",
        "judicial_assistance",
        "chattel_mortgages",
        "ip_pledges",
        "deregistration_notices",
    ):
        assert len(body[field]) == 1, field
    notice = body["deregistration_notices"][0]
    assert notice["objections"][0]["reply"] == "债务已清偿"
    assert "contact" not in notice["objections"][0]


def test_a_notice_filters_by_company(client):
    notice = DeregistrationNoticeFactory()
    DeregistrationNoticeFactory()

    body = get(client, "deregistration-notice-list", company=notice.company.uscc)

    assert ids(body) == [notice.pk]
