"""Annual reports entered by import (``import_records annual-reports`` and
the admin's import) and by registration-authority staff in the admin, with
maker-checker, and amended through the admin."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from registry import services
from registry.models import AnnualReport, AnnualReportAmendment
from registry.models.base import RecordState
from tests import factories
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db

D = datetime.date
HEADER = "uscc,year,filed_on,employees,revenue,net_profit,figures_published,contributions\n"


@pytest.fixture
def authority():
    return factories.AgencyFactory(name="北京市海淀区市场监督管理局")


@pytest.fixture
def company(authority):
    return factories.CompanyFactory(registration_authority=authority)


def run(path):
    with translation.override("en"):
        call_command("import_records", "annual-reports", path)


def write(tmp_path, text):
    path = tmp_path / "reports.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_command_imports_reports_published_with_their_history(tmp_path, company):
    text = HEADER + (
        f"{company.uscc},2024,2025-05-01,12,1200000,-35000.5,false,"
        "张三|600000|2015-03-01|600000|2015-06-01|货币\n"
    )
    run(write(tmp_path, text))
    report = AnnualReport.objects.get()
    assert (report.year, report.employees, report.state) == (2024, 12, RecordState.PUBLISHED)
    assert report.net_profit == Decimal("-35000.50") and report.figures_published is False
    assert report.contributions[0]["shareholder"] == "张三"
    assert report.history.get().history_change_reason == "import_records annual-reports reports.csv"
    run(write(tmp_path, text))  # again: nothing changes
    assert report.history.count() == 1


def test_a_bad_row_is_named_by_line_and_column_and_nothing_is_imported(tmp_path, company, capsys):
    text = HEADER + (
        f"{company.uscc},2024,2025-05-01,12,1200000,0,true,\n"
        f"{company.uscc},2023,2024-05-01,many,1,0,true,\n"
        f"{company.uscc},2022,2022-05-01,1,1,0,true,\n"
        f"{company.uscc},2021,2022-05-01,1,1,0,true,张三|1\n"
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        run(write(tmp_path, text))
    errors = capsys.readouterr().err
    assert "line 3, column employees" in errors
    assert "line 4, column filed_on: A report for 2022 is filed from 1 January 2023 on." in errors
    assert "line 5, column contributions" in errors
    assert not AnnualReport.objects.exists()


@pytest.fixture
def maker(authority):
    user = make_staff(authority, "maker")
    return user


def test_registrars_enter_a_report_that_a_colleague_publishes(client, authority, company):
    maker, checker = make_staff(authority, "maker"), make_staff(authority, "checker")
    login(client, maker)
    response = client.post(
        reverse("admin:registry_annualreport_add"),
        {
            "company": company.pk,
            "year": "2024",
            "filed_on": "2025-04-02",
            "operating_status": "operating",
            "contributions": "[]",
            "equity_transfers": "[]",
            "figures_published": "on",
            "amendments-TOTAL_FORMS": "0",
            "amendments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    report = AnnualReport.objects.get()
    assert report.state == RecordState.DRAFT
    services.record_submit(record=report, user=maker)
    services.record_approve(record=report, user=checker)
    report.refresh_from_db()
    assert report.state == RecordState.PUBLISHED


def test_another_authoritys_staff_neither_see_nor_enter_its_reports(client, company):
    services.annual_report_file(company=company, year=2024, filed_on=D(2025, 4, 1))
    stranger = make_staff(factories.AgencyFactory(), "stranger")
    login(client, stranger)
    listing = client.get(reverse("admin:registry_annualreport_changelist"))
    assert listing.status_code == 200 and company.name not in listing.content.decode()
    response = client.post(
        reverse("admin:registry_annualreport_add"),
        {"company": company.pk, "year": "2023", "filed_on": "2024-04-02"},
    )
    assert response.status_code == 200
    assert "只有企业的登记机关可以录入其年度报告" in response.content.decode()
    assert AnnualReport.objects.count() == 1


@time_machine.travel("2025-09-01 10:00 +0800")
def test_an_amendment_is_entered_on_the_reports_page(client, authority, company):
    report = services.annual_report_file(
        company=company, year=2024, filed_on=D(2025, 4, 1), employees=10
    ).obj
    login(client, make_staff(authority, "registrar"))
    page = client.get(reverse("admin:registry_annualreport_change", args=[report.pk]))
    amend_url = reverse("admin:registry_annualreport_amend", args=[report.pk])
    assert amend_url in page.content.decode()
    response = client.post(
        amend_url, {"amended_on": "2025-08-20", "field": "employees", "new_value": "14"}
    )
    assert response.status_code == 302
    amendment = AnnualReportAmendment.objects.get()
    assert (amendment.old_value, amendment.new_value) == ("10", "14")
    report.refresh_from_db()
    assert report.employees == 14


def test_the_import_page_offers_annual_reports_and_their_template(client, authority, company):
    from django.contrib.auth.models import Permission

    maker = make_staff(authority, "maker")
    maker.user_permissions.add(Permission.objects.get(codename="import_annualreport"))
    login(client, maker)
    template = client.get(
        reverse("admin:registry_annualreport_import_template", args=["csv"])
    ).content.decode("utf-8-sig")
    assert template.splitlines()[0].startswith("uscc,year,filed_on,")
    text = (
        template.splitlines()[0]
        + "\n"
        + f"{company.uscc},2024,2025-04-01"
        + "," * (template.splitlines()[0].count(",") - 2)
    )
    upload = SimpleUploadedFile("reports.csv", text.encode(), content_type="text/csv")
    preview = client.post(reverse("admin:registry_annualreport_import"), {"import_file": upload})
    assert preview.context["result"].ok, preview.context["result"].errors
