"""The person page: a person's companies, and which of them are listed now."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from tests.factories import CompanyFactory, ListEntryFactory, PersonFactory, credit_list
from tests.factories_company_page import OfficerFactory, ShareholdingFactory
from tests.factories_filings import EquityPledgeFactory, JudicialAssistanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, 0), tick=False):
        yield


def page_of(client, person, language="zh-hans"):
    with translation.override(language):
        response = client.get(reverse("publicity:person-detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def link_to(company, language="zh-hans"):
    with translation.override(language):
        return f'href="{company.get_absolute_url()}"'


@pytest.mark.smoke
def test_person_page_shows_the_name_the_masked_id_and_every_tie_with_role_and_period(client):
    person = PersonFactory(name="陈七", id_masked="110101********1234")
    represented = CompanyFactory(legal_representative=person, name="陈氏代表有限公司")
    served = CompanyFactory(name="陈氏任职有限公司")
    OfficerFactory(
        company=served,
        person=person,
        role="supervisor",
        since=datetime.date(2019, 1, 1),
        until=datetime.date(2022, 6, 30),
    )
    owned = CompanyFactory(name="陈氏持股有限公司")
    ShareholdingFactory(company=owned, holder_person=person, share_percent=Decimal("45"))
    CompanyFactory(name="无关有限公司")

    html = page_of(client, person, "en")

    assert "陈七" in html
    assert "110101********1234" in html
    for company in (represented, served, owned):
        assert link_to(company, "en") in html
    assert "supervisor" in html and "2019-01-01" in html and "2022-06-30" in html
    assert "45.00" in html
    assert "无关有限公司" not in html


def test_the_page_says_how_many_represented_companies_are_on_a_black_list_now(client):
    person = PersonFactory()
    blacklisted = CompanyFactory.create_batch(2, legal_representative=person)
    for company in blacklisted:
        ListEntryFactory(company=company, credit_list=credit_list("serious_violation"))
    warned = CompanyFactory(legal_representative=person)
    ListEntryFactory(company=warned)  # abnormal operations: a warning list
    cleared = CompanyFactory(legal_representative=person)
    ListEntryFactory(
        company=cleared,
        credit_list=credit_list("serious_violation"),
        removed_on=datetime.date(2025, 9, 1),
        removal_reason="期满移出",
    )

    html = page_of(client, person, "en")

    assert "Legal representative of 4 companies." in html
    assert "2 of the companies this person represents are on a black list now." in html
    assert "1 of them is on a warning or red list now." in html
    assert html.count("tag--black") == 2  # the badges of the two listed companies


def test_a_person_whose_companies_are_not_listed_is_told_so(client):
    person = PersonFactory()
    CompanyFactory(legal_representative=person)

    html = page_of(client, person, "en")

    assert "None of them is on a credit list now." in html
    assert "black list now" not in html


def test_a_persons_own_listing_is_shown(client):
    person = PersonFactory()
    ListEntryFactory(
        company=None,
        person=person,
        subject_name=person.name,
        credit_list=credit_list("dishonest_debtor"),
    )

    html = page_of(client, person, "en")

    assert "This person is on a credit list now:" in html
    assert "List of Dishonest Judgment Debtors" in html


def test_html_in_a_company_name_is_shown_as_text(client):
    person = PersonFactory(name="<i>名</i>")
    CompanyFactory(legal_representative=person, name="<script>alert(1)</script>有限公司")

    html = page_of(client, person)

    assert "&lt;script&gt;alert(1)&lt;/script&gt;有限公司" in html
    assert "<script>alert(1)" not in html
    assert "<i>名</i>" not in html


def test_the_person_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    person = PersonFactory()
    for _ in range(10):
        company = CompanyFactory(legal_representative=person)
        ListEntryFactory(company=company)
        OfficerFactory(company=company, person=person)
        ShareholdingFactory(company=CompanyFactory(), holder_person=person)
        EquityPledgeFactory(company=company, pledgor_person=person)
        JudicialAssistanceFactory(company=company, subject_person=person)

    # The person, the companies represented, positions, shareholdings, the
    # person's own list entries, the restrictions in force on the person, the
    # list entries of all the companies; and for the shareholding tree, the
    # holdings of the person's companies and the list entries of the companies
    # of the tree (registry/selectors/ownership.py) = 9; and the pledges of the
    # person's equity and the courts' orders on it (registry/selectors/filings.py) = 11.
    with django_assert_max_num_queries(11), translation.override("zh-hans"):
        response = client.get(reverse("publicity:person-detail", args=[person.pk]))

    assert response.status_code == 200
    assert response.content.decode().count("tag--warning") == 20  # represented and served


def test_an_unknown_person_is_a_404(client):
    assert client.get(reverse("publicity:person-detail", args=[424242])).status_code == 404


def test_the_person_page_shows_pledges_and_freezes_of_their_equity(client):
    import datetime

    import time_machine

    person = PersonFactory()
    company = CompanyFactory(name="北京冻结测试有限公司")
    EquityPledgeFactory(company=company, pledgor_person=person, pledgee_name="某某银行")
    JudicialAssistanceFactory(
        company=company,
        subject_person=person,
        period_from=datetime.date(2026, 1, 1),
        period_until=datetime.date(2026, 12, 31),
        published_on=datetime.date(2026, 1, 2),
    )
    with translation.override("en"):  # the English page's address
        url = reverse("publicity:person-detail", args=[person.pk])

    with (
        time_machine.travel(datetime.datetime(2026, 3, 2, 10), tick=False),
        translation.override("en"),
    ):
        html = client.get(url).content.decode()
    assert "Equity frozen by a court until 2026-12-31" in html
    assert "1 pledge of this person's equity in force" in html
    assert "某某银行" in html and "北京冻结测试有限公司" in html

    with (
        time_machine.travel(datetime.datetime(2027, 1, 1, 10), tick=False),
        translation.override("en"),
    ):
        later = client.get(url).content.decode()
    assert "Equity frozen by a court" not in later
