"""The annual-report filing rule end to end, in chromium: a company that
missed its 2025 report is listed on 1 July 2026 by the daily command; its
authority cannot remove it on "已补报年度报告" until the report is on record;
the company files late (the filing system's export, imported); one staff
member proposes the removal, a colleague approves it; the public page shows
the report, the listing and the removal in the timeline."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from registry import services
from registry.models import ListEntry, RemovalRequest
from tests import factories
from tests.otp import enrol, fill_admin_login, totp_code
from tests.staff import PASSWORD, make_staff

pytestmark = pytest.mark.browser

D = datetime.date


def chinese(message):
    with translation.override("zh-hans"):
        return gettext(message)


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("admin:index"))
    fill_admin_login(page, user.username, PASSWORD, totp_code(enrol(user)))
    expect(page.locator("#agency-dashboard")).to_be_visible()


def propose_removal(page, live_server, entry, today):
    page.goto(live_server.url + reverse("admin:registry_listentry_remove", args=[entry.pk]))
    page.fill("#id_removed_on", today.isoformat())
    page.fill("#id_reason", "已补报年度报告")
    page.fill("#id_decision_number", "京海市监移〔2026〕21号")
    page.locator("input[type=submit]").click()


def test_a_company_listed_for_a_missed_report_files_late_and_is_removed(
    page, browser, live_server, tmp_path
):
    bureau = factories.AgencyFactory(name="北京市海淀区市场监督管理局")
    company = factories.CompanyFactory(
        name="北京迟报科技有限公司",
        established_on=D(2020, 5, 1),
        registration_authority=bureau,
    )
    services.annual_report_file(company=company, year=2024, filed_on=D(2025, 5, 6))
    maker, checker = make_staff(bureau, "maker"), make_staff(bureau, "checker")
    today = timezone.localdate()

    # 30 June: nothing; 1 July: listed, by its registration authority.
    call_command("list_missing_annual_reports", "--today", "2026-06-30")
    assert not ListEntry.objects.filter(company=company).exists()
    call_command("list_missing_annual_reports", "--today", "2026-07-01")
    entry = ListEntry.objects.get(company=company)
    assert (entry.listed_on, entry.authority) == (D(2026, 7, 1), bureau)

    # No removal on a late report while the report is missing.
    log_in(page, live_server, maker)
    propose_removal(page, live_server, entry, today)
    expect(page.locator(".messagelist .error")).to_contain_text("2025")
    assert not RemovalRequest.objects.exists()

    # The company files late: the filing system's export, imported.
    export = tmp_path / "reports.csv"
    export.write_text(
        f"uscc,year,filed_on,employees,revenue\n{company.uscc},2025,2026-08-10,12,880000\n",
        encoding="utf-8",
    )
    call_command("import_records", "annual-reports", str(export))

    propose_removal(page, live_server, entry, today)
    expect(page.locator(".messagelist .success")).to_be_visible()
    removal = RemovalRequest.objects.get(entry=entry)

    colleague = browser.new_page()
    log_in(colleague, live_server, checker)
    colleague.goto(
        live_server.url + reverse("admin:registry_removalrequest_change", args=[removal.pk])
    )
    colleague.get_by_role("button", name=chinese("Approve the removal")).click()
    expect(colleague.locator(".messagelist .success")).to_be_visible()

    # The public page, in English: the report, the listing and the removal.
    with translation.override("en"):
        public = live_server.url + reverse("publicity:company-detail", args=[company.uscc])
    visitor = browser.new_page()
    visitor.goto(public)
    reports = visitor.locator("#annual-report-2025")
    expect(reports).to_contain_text("filed on 2026-08-10")
    expect(reports).to_contain_text("¥880,000.00")
    timeline = visitor.locator(".timeline")
    expect(timeline).to_contain_text("Annual report for 2025 filed")
    expect(timeline).to_contain_text("Put on the Abnormal Operations List")
    expect(timeline).to_contain_text("Removed from the Abnormal Operations List")
    expect(timeline.locator("time", has_text="2026-07-01")).to_be_visible()
    expect(timeline.locator("time", has_text="2026-08-10")).to_be_visible()
