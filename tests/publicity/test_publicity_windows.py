"""The publication rules as the public sees them: each boundary on the day
before, the day of and the day after, with the clock frozen on that day and
nothing else changed (no scheduled job runs between the three requests)."""

import datetime
import itertools
import random

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from registry import permissions, services
from registry import publicity_rules as rules
from registry.models import CreditList, ListEntry, Penalty
from tests.factories import AgencyFactory, CompanyFactory, ListEntryFactory, PenaltyFactory
from tests.staff import login, make_staff, make_superuser

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """Services speak the active language (Chinese by default); these tests
    read their English messages, except where one overrides it."""
    with translation.override("en"):
        yield


D = datetime.date
ONE = datetime.timedelta(days=1)


def on(day: datetime.date):
    """The clock frozen at noon on ``day`` (Asia/Shanghai, the site's zone)."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False
    )


def company_page(client, company) -> str:
    with translation.override("en"):
        url = reverse("publicity:company-detail", args=[company.uscc])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def visible_around(client, company, text, last_day):
    """Whether ``text`` is on the company page the day before, the day of and
    the day after ``last_day``."""
    seen = []
    for day in (last_day - ONE, last_day, last_day + ONE):
        with on(day):
            seen.append(text in company_page(client, company))
    return seen


# --- penalties ----------------------------------------------------------------------


def test_a_general_penalty_is_public_for_a_year_then_leaves_the_page(client):
    penalty = PenaltyFactory(decided_on=D(2025, 1, 15), severity="general")
    assert visible_around(client, penalty.company, penalty.decision_number, D(2026, 1, 15)) == [
        True,
        True,
        False,
    ]


def test_the_agencys_publicity_end_is_honoured_inside_the_bounds(client):
    penalty = PenaltyFactory(
        decided_on=D(2025, 1, 15), severity="general", publicity_until=D(2025, 6, 30)
    )
    assert visible_around(client, penalty.company, penalty.decision_number, D(2025, 6, 30)) == [
        True,
        True,
        False,
    ]


def test_a_minor_food_safety_penalty_stays_public_its_minimum_year(client):
    penalty = PenaltyFactory(
        decided_on=D(2025, 1, 15), severity="minor", violation_type="food_safety"
    )
    assert visible_around(client, penalty.company, penalty.decision_number, D(2026, 1, 15)) == [
        True,
        True,
        False,
    ]


def test_a_serious_penalty_is_public_for_three_years(client):
    penalty = PenaltyFactory(decided_on=D(2024, 2, 29), severity="serious")
    # Three years from 29 February end on the 28th: that month has no 29th.
    assert visible_around(client, penalty.company, penalty.decision_number, D(2027, 2, 28)) == [
        True,
        True,
        False,
    ]


def test_a_warning_under_the_simple_procedure_is_never_shown_nor_counted(client):
    penalty = PenaltyFactory(
        decided_on=D(2025, 12, 1), severity="minor", simple_procedure=True, categories=["warning"]
    )
    with on(D(2025, 12, 2)):
        html = company_page(client, penalty.company)
    assert penalty.decision_number not in html
    assert "no longer published" not in html


@pytest.mark.smoke
def test_the_stored_end_is_the_rules_end_for_every_kind_of_penalty():
    """The database computes publicity_ends_on (a generated column) exactly as
    the pure function does, month ends and out-of-bounds dates included."""
    rng = random.Random(5)
    company, agency = CompanyFactory(), AgencyFactory()
    decided_days = [D(2024, 2, 29), D(2025, 1, 31), D(2025, 11, 30), D(2025, 3, 31)]
    kinds = itertools.product(
        rules.PENALTY_PUBLICITY_MONTHS, ["market_order", "fire_safety"], decided_days
    )
    rows = []
    for n, (severity, violation, decided) in enumerate(kinds):
        for m in range(4):
            until = None if m == 0 else decided + datetime.timedelta(days=rng.randint(0, 1200))
            rows.append(
                Penalty(
                    agency=agency,
                    company=company,
                    subject_name=company.name,
                    decision_number=f"测〔2025〕{n}-{m}号",
                    violation_type=violation,
                    violation_facts="-",
                    legal_basis="-",
                    penalty_content="-",
                    severity=severity,
                    decided_on=decided,
                    publicity_until=until,
                )
            )
    Penalty.objects.bulk_create(rows)
    stored = Penalty.objects.values_list(
        "decided_on", "severity", "violation_type", "publicity_until", "publicity_ends_on"
    )
    assert len(stored) == len(rows)
    for decided, severity, violation, until, ends in stored:
        assert ends == rules.penalty_publicity_end(decided, severity, violation, until), (
            decided,
            severity,
            violation,
            until,
        )


def test_an_out_of_bounds_publicity_end_is_refused_with_the_allowed_dates():
    company, agency = CompanyFactory(), AgencyFactory()
    with pytest.raises(ValidationError) as refused:
        services.penalty_upsert(
            agency=agency,
            decision_number="京罚〔2025〕1号",
            company=company,
            violation_type="market_order",
            violation_facts="虚假宣传",
            legal_basis="《广告法》",
            categories=["fine"],
            fine_amount=1000,
            penalty_content="罚款",
            decided_on=D(2025, 1, 15),
            severity="serious",
            publicity_until=D(2025, 6, 1),
        )
    assert refused.value.message_dict["publicity_until"] == [
        "Publicity of this penalty (decided 2025-01-15) must end between 2026-01-15 and "
        "2028-01-15 (12 to 36 months for its severity and violation type); 2025-06-01 is "
        "outside that."
    ]
    assert not Penalty.objects.exists()


def test_agencies_still_see_a_penalty_past_its_publicity(client):
    penalty = PenaltyFactory(decided_on=D(2023, 1, 15), severity="general")
    staff = make_staff(penalty.agency, "clerk")
    with on(D(2025, 12, 1)):
        assert penalty.decision_number not in company_page(client, penalty.company)
        # What its agency's staff may see (the admin lists this).
        assert penalty in permissions.scope(Penalty.objects.all(), staff)
        login(client, make_superuser())
        response = client.get(reverse("admin:registry_penalty_changelist"))
    assert response.status_code == 200
    assert penalty.decision_number in response.content.decode()


# --- list entries ---------------------------------------------------------------------


def removed(entry_kwargs, removed_on):
    return ListEntryFactory(
        removed_on=removed_on,
        removal_reason="已补报年度报告",
        removal_authority=AgencyFactory(),
        **entry_kwargs,
    )


def test_an_open_entry_stays_public_however_old(client):
    entry = ListEntryFactory(listed_on=D(2015, 1, 1))
    with on(D(2026, 1, 1)):
        assert entry.decision_number in company_page(client, entry.company)


def test_a_removed_entry_is_public_for_a_year_after_its_removal(client):
    entry = removed({"listed_on": D(2024, 1, 10)}, D(2025, 3, 1))
    assert visible_around(client, entry.company, entry.decision_number, D(2026, 3, 1)) == [
        True,
        True,
        False,
    ]


def test_the_removal_period_is_a_setting(client, settings):
    settings.REMOVED_LIST_ENTRY_PUBLICITY_DAYS = 30
    entry = removed({"listed_on": D(2024, 1, 10)}, D(2025, 3, 1))
    assert visible_around(client, entry.company, entry.decision_number, D(2025, 3, 31)) == [
        True,
        True,
        False,
    ]


def debtor(**kwargs):
    return ListEntryFactory(
        credit_list=CreditList.objects.get(code="dishonest_debtor"),
        authority=AgencyFactory(kind="court"),
        **kwargs,
    )


def test_a_dishonest_debtor_entry_expires_two_years_after_listing(client):
    entry = debtor(listed_on=D(2024, 2, 29))
    assert visible_around(client, entry.company, entry.decision_number, D(2026, 2, 28)) == [
        True,
        True,
        False,
    ]


def test_an_extended_dishonest_debtor_entry_stays_until_its_extension(client):
    entry = debtor(listed_on=D(2024, 3, 10), extended_until=D(2027, 3, 10))
    assert visible_around(client, entry.company, entry.decision_number, D(2027, 3, 10)) == [
        True,
        True,
        False,
    ]


def test_a_removed_dishonest_debtor_leaves_public_view_after_the_day_of_removal():
    entry = debtor(
        listed_on=D(2025, 1, 10),
        removed_on=D(2025, 6, 1),
        removal_reason="已履行",
        removal_authority=AgencyFactory(kind="court"),
    )
    seen = []
    for day in (D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2)):
        with on(day):
            seen.append(ListEntry.objects.public().filter(pk=entry.pk).exists())
    assert seen == [True, True, False]


def test_an_extension_out_of_range_is_refused_on_import_and_services():
    court = AgencyFactory(kind="court")
    with pytest.raises(ValidationError) as refused:
        services.list_entry_upsert(
            credit_list=CreditList.objects.get(code="dishonest_debtor"),
            company=CompanyFactory(),
            reason="拒不履行",
            listed_on=D(2024, 3, 10),
            decision_number="(2024)京0108执1号",
            authority=court,
            extended_until=D(2026, 12, 31),
        )
    assert refused.value.message_dict["extended_until"] == [
        "This entry expires on 2026-03-10; an extension must end between 2027-03-10 and 2029-03-10."
    ]


# --- tombstones -------------------------------------------------------------------------


def test_the_company_page_counts_what_is_no_longer_published_and_why_without_content(client):
    company = CompanyFactory()
    ended = PenaltyFactory(company=company, decided_on=D(2023, 1, 15), penalty_content="过期内容")
    withdrawn = PenaltyFactory(
        company=company, decided_on=D(2025, 10, 1), penalty_content="撤回内容"
    )
    gone_entry = removed({"company": company, "listed_on": D(2022, 1, 1)}, D(2023, 1, 1))
    PenaltyFactory(company=company, decided_on=D(2025, 10, 2), state="draft")
    current = PenaltyFactory(company=company, decided_on=D(2025, 11, 1))
    staff = make_staff(withdrawn.agency, "clerk")
    with on(D(2025, 12, 1)):
        services.record_withdraw(
            record=withdrawn, user=staff, kind="corrected", reason="数据录入错误"
        )
        html = company_page(client, company)
    assert current.decision_number in html
    for hidden in (ended, withdrawn, gone_entry):
        assert hidden.decision_number not in html
    assert "过期内容" not in html and "撤回内容" not in html
    tombstones = html[html.index('id="no-longer-published"') :]
    tombstones = tombstones[: tombstones.index("</section>")]
    assert "3 records of this company are no longer published" in tombstones
    assert "publicity period ended (2)" in tombstones
    assert "withdrawn: corrected by the agency (1)" in tombstones


def test_the_tombstone_speaks_chinese(client):
    penalty = PenaltyFactory(decided_on=D(2023, 1, 15))
    with on(D(2025, 12, 1)):
        with translation.override("zh-hans"):
            url = reverse("publicity:company-detail", args=[penalty.company.uscc])
        html = client.get(url).content.decode()
    assert "该企业有1条记录已不再公示" in html
    assert "公示期满（1）" in html


def test_a_company_with_everything_public_has_no_tombstone(client):
    penalty = PenaltyFactory(decided_on=D(2025, 11, 1))
    with on(D(2025, 12, 1)):
        assert "no-longer-published" not in company_page(client, penalty.company)
