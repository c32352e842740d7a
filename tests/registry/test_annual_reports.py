"""Annual reports: filed once per company and year, amended after filing
with the old and new values, each with its history."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry import services
from registry.models import AnnualReport, AnnualReportAmendment
from tests.factories import AgencyFactory, CompanyFactory
from tests.staff import make_staff

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def report():
    company = CompanyFactory(registration_authority=AgencyFactory())
    outcome = services.annual_report_file(
        company=company, year=2024, filed_on=D(2025, 4, 1), revenue=Decimal("100.00")
    )
    return outcome.obj


def test_the_same_report_imported_again_changes_nothing(report):
    outcome = services.annual_report_file(
        company=report.company, year=2024, filed_on=D(2025, 4, 1), revenue=Decimal("100.00")
    )
    assert not outcome.changed
    assert report.history.count() == 1


def test_one_report_per_company_and_year(report):
    with pytest.raises(IntegrityError, match="one_per_year|UNIQUE constraint failed"):
        with transaction.atomic():
            AnnualReport.objects.create(company=report.company, year=2024, filed_on=D(2025, 5, 1))


def test_a_report_is_filed_after_its_year(report):
    with pytest.raises(ValidationError, match="from 1 January 2026"):
        services.annual_report_file(company=report.company, year=2025, filed_on=D(2025, 12, 1))
    with pytest.raises(IntegrityError, match="registry_annualreport_filed_after_year"):
        with transaction.atomic():
            AnnualReport.objects.create(company=report.company, year=2023, filed_on=D(2023, 5, 1))


def test_no_report_before_the_company_existed(report):
    with pytest.raises(ValidationError, match="was established in 2015"):
        services.annual_report_file(company=report.company, year=2014, filed_on=D(2015, 4, 1))


@time_machine.travel("2025-09-01 10:00 +0800", tick=False)
def test_an_amendment_records_old_and_new_values(report):
    user = make_staff(report.company.registration_authority, "registrar")
    amendments = services.annual_report_amend(
        report=report,
        amended_on=D(2025, 8, 1),
        changes={"revenue": "120.5", "phone": "010-12345678", "email": ""},
        user=user,
    )
    assert [(a.field, a.old_value, a.new_value) for a in amendments] == [
        ("revenue", "100.00", "120.50"),
        ("phone", "", "010-12345678"),
    ]
    report.refresh_from_db()
    assert report.revenue == Decimal("120.50") and report.phone == "010-12345678"
    assert report.history.order_by("-history_id").first().history_user == user
    assert AnnualReportAmendment.history.count() == 2


@time_machine.travel("2025-09-01 10:00 +0800", tick=False)
def test_an_amendment_is_refused_from_another_authority_or_before_filing(report):
    stranger = make_staff(AgencyFactory(), "stranger")
    with pytest.raises(ValidationError, match="Only staff of"):
        services.annual_report_amend(
            report=report, amended_on=D(2025, 8, 1), changes={"phone": "1"}, user=stranger
        )
    with pytest.raises(ValidationError, match="before the filing"):
        services.annual_report_amend(
            report=report, amended_on=D(2025, 3, 1), changes={"phone": "1"}
        )
    with pytest.raises(ValidationError, match="changes nothing"):
        services.annual_report_amend(
            report=report, amended_on=D(2025, 8, 1), changes={"revenue": "100"}
        )
    assert not AnnualReportAmendment.objects.exists()


def test_the_figures_the_rules_withhold_are_the_reports_amounts():
    from django.db import models

    from registry import publicity_rules

    amounts = {
        field.name
        for field in AnnualReport._meta.concrete_fields
        if isinstance(field, models.DecimalField)
    }
    assert set(publicity_rules.ANNUAL_REPORT_FIGURES) == amounts
    assert not publicity_rules.annual_report_figures_public(False)
