"""Three journeys of the citizen's-answer issue, in chromium: a visitor on a
page deep in the site searches from the header and lands on a company; a
screen reader meets a revoked company's verdict right after its name; a staff
member downloads the import template, fills two rows in it and imports them."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from registry.models import ImportBatch, Penalty
from tests import factories
from tests.otp import enrol, fill_admin_login, totp_code
from tests.staff import PASSWORD, make_staff

pytestmark = pytest.mark.browser


def chinese(message):
    with translation.override("zh-hans"):
        return gettext(message)


def test_a_visitor_searches_from_the_header_of_a_deep_page_and_lands_on_the_company(
    page, live_server
):
    agency = factories.AgencyFactory(name="北京市朝阳区市场监督管理局")
    company = factories.CompanyFactory(name="北京青岚测绘科技有限公司")
    factories.PenaltyFactory(company=company, agency=agency)

    page.goto(live_server.url + reverse("publicity:agency-detail", args=[agency.pk]))
    header = page.locator("header")
    header.get_by_label(chinese("Search for a company or person")).fill("青岚测绘")
    header.get_by_role("button", name=chinese("Search")).click()

    expect(page).to_have_url(re.compile(r"/search/\?q="))
    page.get_by_role("link", name=company.name).first.click()
    expect(page).to_have_url(
        live_server.url + reverse("publicity:company-detail", args=[company.uscc])
    )
    expect(page.locator("h1")).to_contain_text(company.name)


def test_a_screen_reader_meets_a_revoked_companys_verdict_right_after_its_name(page, live_server):
    company = factories.CompanyFactory(name="北京旧时光贸易有限公司", status="revoked")

    page.goto(live_server.url + reverse("publicity:company-detail", args=[company.uscc]))

    # The page as the accessibility tree gives it to a screen reader.
    tree = page.locator("main").aria_snapshot()
    headings = re.findall(r'heading "([^"]+)" \[level=(\d)\]', tree)
    assert headings[0] == (company.name, "1")
    assert headings[1] == (chinese("Credit status today"), "2")
    lines = tree.splitlines()
    box_heading = next(i for i, line in enumerate(lines) if chinese("Credit status today") in line)
    # The first words read under that heading: the verdict, and it says revoked.
    first_words = next(
        match.group(1)
        for line in lines[box_heading + 1 :]
        if (match := re.search(r"^\s*- [a-z]+: (.+)$", line))
    )
    assert "吊销" in first_words
    expect(page.locator(".status-summary__verdict")).to_contain_text(first_words.strip('"'))


def test_a_staff_member_fills_the_import_template_and_imports_two_rows(page, live_server):
    bureau = factories.AgencyFactory(name="北京市海淀区市场监督管理局")
    companies = factories.CompanyFactory(), factories.CompanyFactory()
    clerk = make_staff(bureau, "clerk")
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_penalty", "add_penalty", "import_penalty"])
    )
    page.goto(live_server.url + reverse("admin:index"))
    fill_admin_login(page, clerk.username, PASSWORD, totp_code(enrol(clerk)))
    page.goto(live_server.url + reverse("admin:registry_penalty_import"))

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as template:
        header, example = list(csv.reader(template))
    decided = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
    rows = []
    for n, company in enumerate(companies, start=1):
        row = dict(zip(header, example, strict=True))
        row.update(
            decision_number=f"京海市监罚〔2026〕{900 + n}号",
            uscc=company.uscc,
            decided_on=decided,
        )
        rows.append([row[column] for column in header])
    filled = io.StringIO()
    csv.writer(filled).writerows([header, *rows])

    page.set_input_files(
        "input[name=import_file]",
        {"name": "penalties.csv", "mimeType": "text/csv", "buffer": filled.getvalue().encode()},
    )
    page.get_by_role("button", name=chinese("Check the file")).click()
    confirm = page.get_by_role("button", name=chinese("Confirm import"))
    expect(confirm).to_be_visible()
    confirm.click()

    expect(page.locator(".messagelist")).to_be_visible()
    batch = ImportBatch.objects.get()
    imported = Penalty.objects.filter(pk__in=batch.record_ids)
    assert set(imported.values_list("decision_number", flat=True)) == {
        "京海市监罚〔2026〕901号",
        "京海市监罚〔2026〕902号",
    }
    assert set(imported.values_list("company_id", flat=True)) == {c.pk for c in companies}
    assert set(Penalty.objects.values_list("agency_id", flat=True)) == {bureau.pk}
