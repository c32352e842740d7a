"""escalate_abnormal_operations: three years on the abnormal-operations list
moves a company onto the serious-violation list and restricts its legal
representative for three years; the person page shows the restriction."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from registry.models import CreditList, ListEntry, Restriction
from tests.factories import AgencyFactory, CompanyFactory, ListEntryFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
LISTED = D(2023, 5, 10)
DUE = D(2026, 5, 10)


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("escalate_abnormal_operations", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def person():
    return PersonFactory(name="王五")


@pytest.fixture
def abnormal(person):
    company = CompanyFactory(
        name="长期异常有限公司", legal_representative=person, legal_representative_name="王五"
    )
    return ListEntryFactory(
        company=company, listed_on=LISTED, decision_number="京海市监异〔2023〕7号"
    )


def serious_entries(company):
    return ListEntry.objects.filter(company=company, credit_list__code="serious_violation")


def history_rows():
    return ListEntry.history.count() + Restriction.history.count()


def test_nothing_happens_the_day_before_three_years(abnormal):
    output = run("--today", "2026-05-09")
    assert "Nothing to do" in output
    assert not serious_entries(abnormal.company).exists()
    assert not Restriction.objects.exists()


def test_on_the_day_the_company_moves_and_its_representative_is_restricted(abnormal, person):
    output = run("--today", DUE.isoformat())

    entry = serious_entries(abnormal.company).get()
    assert entry.listed_on == DUE
    assert entry.removed_on is None and entry.state == "published"
    assert entry.authority == abnormal.authority
    assert "京海市监异〔2023〕7号" in entry.reason and "满三年" in entry.reason
    assert entry.history.get().history_change_reason == "escalate_abnormal_operations"
    restriction = Restriction.objects.get()
    assert restriction.person == person and restriction.company == abnormal.company
    assert restriction.kind == Restriction.Kind.LEGAL_REPRESENTATIVE_BAN
    assert (restriction.starts_on, restriction.ends_on) == (DUE, D(2029, 5, 10))
    assert restriction.source_entry == abnormal
    assert restriction.history.get().history_change_reason == "escalate_abnormal_operations"
    assert "长期异常有限公司" in output and "1 company(ies)" in output


def test_a_late_run_dates_everything_from_the_third_anniversary(abnormal):
    run("--today", "2026-08-01")
    assert serious_entries(abnormal.company).get().listed_on == DUE
    assert Restriction.objects.get().starts_on == DUE


def test_running_twice_changes_nothing_the_second_time(abnormal):
    run("--today", DUE.isoformat())
    rows = (ListEntry.objects.count(), Restriction.objects.count(), history_rows())

    output = run("--today", "2026-05-11")

    assert "Nothing to do" in output
    assert (ListEntry.objects.count(), Restriction.objects.count(), history_rows()) == rows


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(abnormal):
    rows = (ListEntry.objects.count(), history_rows())

    output = run("--dry-run", "--today", DUE.isoformat())

    assert (ListEntry.objects.count(), history_rows()) == rows
    assert not Restriction.objects.exists()
    assert "would list on the serious-violation list as of 2026-05-10" in output
    assert "would restrict legal representative 王五 from 2026-05-10 to 2029-05-10" in output
    assert "Dry run, nothing written" in output


def test_a_company_removed_before_three_years_is_left_alone(abnormal):
    abnormal.removed_on = D(2026, 5, 9)
    abnormal.removal_reason = "已补报年度报告"
    abnormal.removal_authority = abnormal.authority
    abnormal.save()
    assert "Nothing to do" in run("--today", "2026-06-01")
    assert not Restriction.objects.exists()


def test_a_company_the_agency_took_off_the_serious_list_is_not_put_back(abnormal):
    run("--today", DUE.isoformat())
    entry = serious_entries(abnormal.company).get()
    entry.removed_on = D(2026, 7, 1)
    entry.removal_reason = "信用修复"
    entry.removal_authority = entry.authority
    entry.save()

    assert "Nothing to do" in run("--today", "2026-08-01")
    assert serious_entries(abnormal.company).count() == 1


def test_a_company_already_on_the_serious_list_gets_no_second_entry(abnormal):
    ListEntryFactory(
        company=abnormal.company,
        credit_list=CreditList.objects.get(code="serious_violation"),
        listed_on=D(2024, 1, 1),
        authority=AgencyFactory(),
    )
    output = run("--today", DUE.isoformat())
    assert serious_entries(abnormal.company).count() == 1
    assert Restriction.objects.count() == 1  # the representative is still restricted
    assert "would list" not in output and "did list" not in output


def test_a_company_without_a_recorded_representative_is_still_listed():
    company = CompanyFactory(legal_representative=None, legal_representative_name="赵六")
    ListEntryFactory(company=company, listed_on=LISTED)
    output = run("--today", DUE.isoformat())
    assert serious_entries(company).count() == 1
    assert not Restriction.objects.exists()
    assert "no legal representative on record" in output


def test_a_bad_date_is_refused_plainly():
    with pytest.raises(CommandError, match="--today must be a date like"):
        run("--today", "10/05/2026")


def person_page(client, person, day):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12), tick=False):
        with translation.override("en"):
            url = reverse("publicity:person-detail", args=[person.pk])
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_person_page_shows_the_restriction_while_it_is_in_force(client, abnormal, person):
    run("--today", DUE.isoformat())
    last = D(2029, 5, 10)
    shown = [
        "Restrictions in force" in person_page(client, person, day)
        for day in (DUE - datetime.timedelta(days=1), DUE, last, last + datetime.timedelta(days=1))
    ]
    assert shown == [False, True, True, False]
    html = person_page(client, person, D(2027, 1, 1))
    assert "may not serve as legal representative or head of another company" in html.lower()
    assert "长期异常有限公司" in html and "2029-05-10" in html
