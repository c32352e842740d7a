"""The database itself refuses bad data, whatever channel writes it."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from registry.models import Company, FormerName, ListEntry, Penalty, Person, Rating, Shareholding
from tests import factories

pytestmark = pytest.mark.django_db


def refused(constraint: str, write, columns: tuple[str, ...] = ()):
    """``write`` fails on ``constraint``. PostgreSQL names the constraint;
    SQLite names only the columns of a violated unique constraint."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    message = str(error.value)
    if connection.vendor == "sqlite" and columns and "UNIQUE" in message:
        assert all(column in message for column in columns), message
    else:
        assert constraint in message


@pytest.mark.smoke
def test_a_negative_fine_is_refused():
    penalty = factories.PenaltyFactory()
    penalty.fine_amount = Decimal("-1")
    refused("registry_penalty_fine_nonnegative", penalty.save)


def test_a_negative_confiscated_amount_is_refused():
    penalty = factories.PenaltyFactory()
    penalty.confiscated_amount = Decimal("-0.01")
    refused("registry_penalty_confiscated_nonnegative", penalty.save)


def test_a_decision_number_is_unique_per_agency_but_not_across_agencies():
    first = factories.PenaltyFactory()
    other_agency = factories.AgencyFactory()
    factories.PenaltyFactory(agency=other_agency, decision_number=first.decision_number)
    refused(
        "registry_penalty_decision_number_unique_per_agency",
        lambda: factories.PenaltyFactory(
            agency=first.agency, decision_number=first.decision_number
        ),
        ("agency_id", "decision_number"),
    )


def test_a_penalty_needs_exactly_one_subject():
    penalty = factories.PenaltyFactory()
    penalty.person = factories.PersonFactory()
    refused("registry_penalty_one_subject", penalty.save)
    penalty.person = None
    penalty.company = None
    refused("registry_penalty_one_subject", penalty.save)


def test_publicity_cannot_end_before_the_decision():
    penalty = factories.PenaltyFactory(decided_on=datetime.date(2025, 6, 1))
    penalty.publicity_until = datetime.date(2025, 5, 31)
    refused("registry_penalty_publicity_after_decision", penalty.save)


def test_an_unknown_violation_type_is_refused():
    penalty = factories.PenaltyFactory()
    penalty.violation_type = "jaywalking"
    refused("registry_penalty_violation_type_valid", penalty.save)


def test_removal_cannot_come_before_listing():
    entry = factories.ListEntryFactory(listed_on=datetime.date(2025, 4, 1))
    entry.removed_on = datetime.date(2025, 3, 31)
    entry.removal_reason = "已补报年度报告"
    entry.removal_authority = entry.authority
    refused("registry_listentry_removed_after_listed", entry.save)


def test_a_removal_without_its_reason_or_authority_is_refused():
    entry = factories.ListEntryFactory()
    entry.removed_on = entry.listed_on
    entry.removal_authority = entry.authority
    refused("registry_listentry_removal_complete", entry.save)
    entry.removal_reason = "已补报年度报告"
    entry.removal_authority = None
    refused("registry_listentry_removal_complete", entry.save)


def test_one_open_entry_per_company_per_list_but_history_may_repeat():
    entry = factories.ListEntryFactory()
    refused(
        "registry_listentry_one_open_per_company",
        lambda: factories.ListEntryFactory(company=entry.company, credit_list=entry.credit_list),
        ("company_id", "credit_list_id"),
    )
    entry.removed_on = datetime.date(2025, 5, 1)
    entry.removal_reason = "已补报年度报告"
    entry.removal_authority = entry.authority
    entry.save()
    factories.ListEntryFactory(company=entry.company, credit_list=entry.credit_list)
    assert ListEntry.objects.filter(company=entry.company).count() == 2


def test_list_decision_numbers_are_unique_per_authority():
    entry = factories.ListEntryFactory()
    refused(
        "registry_listentry_decision_number_unique_per_authority",
        lambda: factories.ListEntryFactory(
            authority=entry.authority, decision_number=entry.decision_number
        ),
        ("authority_id", "decision_number"),
    )


def test_a_full_national_id_number_is_never_stored():
    refused(
        "registry_person_id_masked",
        lambda: Person.objects.create(name="李四", id_masked="110101199001011234"),
    )
    refused(
        "registry_person_id_masked",
        lambda: Person.objects.create(name="李四", id_masked="110101********123"),
    )
    assert Person.objects.create(name="李四", id_masked="110101********1234").pk


def test_credit_codes_are_unique_and_eighteen_characters():
    company = factories.CompanyFactory()
    refused("registry_company_uscc", lambda: factories.CompanyFactory(uscc=company.uscc), ("uscc",))
    refused(
        "registry_company_uscc_eighteen_chars",
        lambda: factories.CompanyFactory(uscc="91110108MA000001"),
    )


def test_registered_capital_cannot_be_negative_and_status_must_be_known():
    company = factories.CompanyFactory()
    company.registered_capital = Decimal("-5")
    refused("registry_company_capital_nonnegative", company.save)
    company.registered_capital = Decimal("5")
    company.status = "bankrupt"
    refused("registry_company_status_valid", company.save)


def test_a_company_is_not_its_own_branch_or_shareholder():
    company = factories.CompanyFactory()
    company.head_office = company
    refused("registry_company_not_own_branch", company.save)
    refused(
        "registry_shareholding_not_own_holder",
        lambda: Shareholding.objects.create(company=company, holder_company=company),
    )


def test_a_share_is_between_0_and_100_percent():
    company = factories.CompanyFactory()
    refused(
        "registry_shareholding_share_in_range",
        lambda: Shareholding.objects.create(
            company=company, holder_person=factories.PersonFactory(), share_percent=Decimal("101")
        ),
    )


def test_former_name_dates_are_ordered():
    company = factories.CompanyFactory()
    refused(
        "registry_formername_dates_ordered",
        lambda: FormerName.objects.create(
            company=company,
            name="旧名",
            used_from=datetime.date(2020, 1, 1),
            used_until=datetime.date(2019, 1, 1),
        ),
    )


def test_a_judgment_cannot_precede_the_filing():
    case = factories.CourtCaseFactory(filed_on=datetime.date(2024, 3, 1))
    case.decided_on = datetime.date(2024, 2, 1)
    refused("registry_courtcase_decided_after_filed", case.save)


def test_one_rating_per_company_scheme_and_period():
    from registry.models import RatingScheme

    scheme = RatingScheme.objects.create(
        code="tax", name="纳税信用等级", agency=factories.AgencyFactory(), grades=["A", "B"]
    )
    company = factories.CompanyFactory()
    Rating.objects.create(
        scheme=scheme, company=company, grade="A", period="2025", rated_on=datetime.date(2026, 4, 1)
    )
    refused(
        "registry_rating_one_per_period",
        lambda: Rating.objects.create(
            scheme=scheme,
            company=company,
            grade="B",
            period="2025",
            rated_on=datetime.date(2026, 4, 2),
        ),
        ("company_id", "scheme_id", "period"),
    )


def test_public_records_are_not_deleted_by_a_cascade():
    from django.db.models import ProtectedError

    penalty = factories.PenaltyFactory()
    with pytest.raises(ProtectedError):
        penalty.company.delete()
    with pytest.raises(ProtectedError):
        penalty.agency.delete()
    assert Penalty.objects.filter(pk=penalty.pk).exists()
    assert Company.objects.filter(pk=penalty.company_id).exists()


def test_reference_data_is_loaded_with_real_codes():
    from registry.models import CreditList, Industry, Region

    assert Region.objects.count() > 3000
    haidian = Region.objects.get(code="110108")
    assert haidian.name == "海淀区" and haidian.parent.code == "110000"
    nanshan = Region.objects.get(code="440305")
    assert nanshan.parent.name == "深圳市" and nanshan.parent.parent.name == "广东省"
    assert Industry.objects.filter(level="section").count() == 20
    assert Industry.objects.filter(level="division").count() == 97
    assert Industry.objects.get(code="65").parent.code == "I"
    assert set(CreditList.objects.values_list("code", flat=True)) >= {
        "abnormal_operations",
        "serious_violation",
        "dishonest_debtor",
        "major_tax_violation",
        "wage_arrears",
        "tax_grade_a",
        "customs_aeo",
    }
