"""The desk of a staff member: record lists found by a company's name or code
(never another agency's records), with each record's public state, the end
of its publicity, objections waiting and a link to the public page; entering
a record and submitting it for review in one press."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from registry import services
from registry.importing import KINDS
from registry.models import CourtCase, Licence, Penalty
from registry.models.base import RecordState, WithdrawalKind
from tests import factories
from tests.staff import login, make_staff, make_superuser

pytestmark = pytest.mark.django_db

PENALTIES = reverse("admin:registry_penalty_changelist")


def chinese(message):
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False):
        yield


@pytest.fixture
def bureau():
    return factories.AgencyFactory(name="北京市海淀区市场监督管理局")


@pytest.fixture
def clerk(bureau):
    return make_staff(bureau, "clerk")


def listed(response) -> str:
    """The text of the list's rows."""
    html = response.content.decode()
    table = re.search(r'<table id="result_list">.*?</table>', html, re.S)
    return table.group(0) if table else ""


# --- search ----------------------------------------------------------------------


def test_a_name_fragment_finds_the_agencys_penalties_of_matching_companies(client, bureau, clerk):
    mine = factories.PenaltyFactory(
        agency=bureau, company=factories.CompanyFactory(name="北京星河食品有限公司")
    )
    unrelated = factories.PenaltyFactory(agency=bureau)
    theirs = factories.PenaltyFactory(
        company=factories.CompanyFactory(name="北京星河餐饮管理有限公司")
    )
    login(client, clerk)

    rows = listed(client.get(PENALTIES, {"q": "星河"}))
    by_number = client.get(PENALTIES, {"q": unrelated.decision_number})

    assert mine.decision_number in rows
    assert unrelated.decision_number not in rows
    assert theirs.decision_number not in rows  # another agency's
    # The exact decision number still finds its penalty.
    assert by_number.context["cl"].result_count == 1


def test_a_credit_code_prefix_finds_the_agencys_records_of_those_companies(client, bureau, clerk):
    near = factories.CompanyFactory(uscc=factories.valid_code(1, "310104"))
    far = factories.CompanyFactory(uscc=factories.valid_code(2, "440305"))
    mine = factories.PenaltyFactory(agency=bureau, company=near)
    other = factories.PenaltyFactory(agency=bureau, company=far)
    theirs = factories.PenaltyFactory(company=near)
    factories.ListEntryFactory(authority=bureau, company=near)
    login(client, clerk)

    rows = listed(client.get(PENALTIES, {"q": "91310104"}))
    entries = listed(client.get(reverse("admin:registry_listentry_changelist"), {"q": "913101"}))

    assert mine.decision_number in rows
    assert other.decision_number not in rows
    assert theirs.decision_number not in rows
    assert near.name in entries


def test_a_court_finds_its_cases_by_a_partys_name(client):
    court = factories.CourtFactory()
    party = factories.CasePartyFactory(
        case=factories.CourtCaseFactory(court=court),
        company=factories.CompanyFactory(name="上海远航物流有限公司"),
    )
    factories.CasePartyFactory(company=party.company)  # another court's case
    login(client, make_staff(court, "judge"))

    response = client.get(reverse("admin:registry_courtcase_changelist"), {"q": "远航物流"})

    assert response.context["cl"].result_count == 1
    assert party.case.case_number in listed(response)


# --- columns ---------------------------------------------------------------------


def test_the_list_shows_public_state_publicity_end_and_objections(
    client, bureau, clerk, django_assert_max_num_queries
):
    public = factories.PenaltyFactory(
        agency=bureau, decided_on=datetime.date(2026, 1, 15), fine_amount=Decimal("123456")
    )
    ended = factories.PenaltyFactory(
        agency=bureau, severity="minor", decided_on=datetime.date(2025, 1, 10)
    )
    draft = factories.PenaltyFactory(agency=bureau, state=RecordState.DRAFT)
    withdrawn = factories.PenaltyFactory(agency=bureau)
    services.record_withdraw(
        record=withdrawn,
        user=clerk,
        kind=WithdrawalKind.REVOKED,
        reason="复议撤销",
        on=datetime.date(2026, 2, 1),
    )
    services.objection_submit(
        record=public, grounds="wrong", description="金额有误", contact="13800000000"
    )
    login(client, clerk)

    with django_assert_max_num_queries(60) as few:
        response = client.get(PENALTIES)
    rows = {
        row.split("</th>")[0]: row
        for row in re.findall(r"<tr>(.*?)</tr>", listed(response), re.S)[1:]
    }

    def row_of(penalty):
        return next(row for key, row in rows.items() if penalty.decision_number in key)

    public_row = row_of(public)
    assert chinese("public now") in public_row
    assert "2027-01-15" in public_row  # general: 12 months after the decision
    assert "2026-01-15" in public_row  # the decision date, as on the public site
    assert "¥123,456.00" in public_row
    assert f'<strong class="under-objection">{chinese("yes")}</strong>' in public_row
    assert f'href="/penalties/{public.pk}/"' in public_row  # the record's own page
    ended_row = row_of(ended)
    assert chinese("publicity ended") in ended_row
    assert "2025-04-10" in ended_row  # minor: 3 months
    assert f"/penalties/{ended.pk}/" not in ended_row  # not public: no link
    assert chinese("draft") in row_of(draft)
    assert chinese("withdrawn") in row_of(withdrawn)
    assert "under-objection" not in ended_row
    # A few queries for the page, however many rows it has.
    factories.PenaltyFactory.create_batch(20, agency=bureau)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PENALTIES)


# --- entering a record ------------------------------------------------------------


def penalty_form(company, **changes):
    return {
        "decision_number": "海市监罚〔2026〕201号",
        "company": company.pk,
        "violation_type": "food_safety",
        "violation_facts": "销售超过保质期的食品",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "penalty_content": "罚款人民币二万元",
        "categories": ["fine"],
        "fine_amount": "20000",
        "severity": "general",
        "decided_on": "2026-02-02",
        **changes,
    }


def test_save_and_submit_makes_a_pending_penalty_in_one_post(client, clerk):
    company = factories.CompanyFactory()
    login(client, clerk)
    add = client.get(reverse("admin:registry_penalty_add")).content.decode()
    assert 'name="_save_and_submit"' in add

    response = client.post(
        reverse("admin:registry_penalty_add"), {**penalty_form(company), "_save_and_submit": "1"}
    )

    assert response.status_code == 302
    penalty = Penalty.objects.get(decision_number="海市监罚〔2026〕201号")
    assert penalty.state == RecordState.PENDING
    assert penalty.entered_by == clerk and penalty.submitted_by == clerk


def test_an_invalid_form_with_save_and_submit_keeps_everything_typed(client, clerk):
    company = factories.CompanyFactory()
    login(client, clerk)

    response = client.post(
        reverse("admin:registry_penalty_add"),
        {**penalty_form(company, publicity_until="2026-03-01"), "_save_and_submit": "1"},
    )

    assert response.status_code == 200
    assert not Penalty.objects.exists()
    form = response.context["adminform"].form
    assert "publicity_until" in form.errors
    page = response.content.decode()
    for typed in (
        "销售超过保质期的食品",
        "海市监罚〔2026〕201号",
        "罚款人民币二万元",
        "2026-03-01",
    ):
        assert typed in page
    assert form["categories"].value() == ["fine"]


def test_the_penalty_form_says_the_publicity_window_before_any_error(client, clerk):
    login(client, clerk)

    page = client.get(reverse("admin:registry_penalty_add")).content.decode()

    help_text = page.split('id="id_publicity_until_helptext"')[1].split("</div>")[0]
    # Each severity's window, and the one-year minimum of the strict types.
    for words in ("0", "3", "12", "36", chinese("food safety")):
        assert words in help_text
    assert "registry/publicity_window" in page
    assert 'data-window-months="' in page


def test_the_add_form_follows_the_paper_decision(client, clerk):
    login(client, clerk)

    page = client.get(reverse("admin:registry_penalty_add")).content.decode()

    order = [
        page.index(f'name="{name}"')
        for name in (
            "decision_number",
            "decided_on",
            "company",
            "violation_type",
            "categories",
            "violation_facts",
            "penalty_content",
            "fine_amount",
            "severity",
            "publicity_until",
            "data_source",
        )
    ]
    assert order == sorted(order)
    assert page.count("<fieldset") >= 5


# --- the import page -------------------------------------------------------------


def test_the_import_templates_download_with_the_header_and_an_example_row(client, clerk):
    clerk.user_permissions.add(Permission.objects.get(codename="import_penalty"))
    login(client, clerk)
    # The agency column is the uploader's own: left out of their template.
    columns = [c for c in KINDS["penalties"].columns if c != "authority"]

    csv_file = client.get(reverse("admin:registry_penalty_import_template", args=["csv"]))
    xlsx_file = client.get(reverse("admin:registry_penalty_import_template", args=["xlsx"]))

    assert csv_file["Content-Disposition"].startswith("attachment")
    header, example = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert header == columns
    assert dict(zip(header, example, strict=True))["violation_type"] == "food_safety"
    sheet = load_workbook(
        io.BytesIO(
            b"".join(xlsx_file.streaming_content) if xlsx_file.streaming else xlsx_file.content
        )
    ).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == [header, example]


def test_the_import_page_lists_the_codes_with_their_labels_and_no_readme(client):
    admin = make_superuser()
    login(client, admin)

    page = client.get(reverse("admin:registry_penalty_import")).content.decode()
    cases = client.get(reverse("admin:registry_courtcase_import")).content.decode()
    entries = client.get(reverse("admin:registry_listentry_import")).content.decode()

    assert "README" not in page
    assert reverse("admin:registry_penalty_import_template", args=["xlsx"]) in page
    for code, label in (("food_safety", "food safety"), ("fine", "fine"), ("serious", "serious")):
        assert f"<code>{code}</code></th><td>{chinese(label)}" in page
    assert f"<code>civil</code></th><td>{chinese('civil')}" in cases
    assert "<code>dishonest_debtor</code>" in entries


# --- the menu in Chinese ----------------------------------------------------------


def test_every_menu_entry_of_the_admin_index_is_in_chinese(client):
    login(client, make_superuser())

    with translation.override("zh-hans"):
        page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    app_list = html[html.index('<div class="app-') :] if '<div class="app-' in html else html
    names = re.findall(r'<a href="[^"]*"(?: class="section"[^>]*)?>([^<]+)</a>', app_list)
    entries = [n for n in names if n.strip() and not n.strip().startswith(("http", "/"))]

    assert entries
    english = [n for n in entries if re.search(r"[A-Za-z]{3,}", n) and "TOTP" not in n]
    assert english == []


# --- the dashboard ----------------------------------------------------------------


def test_the_dashboard_lists_ten_rows_and_links_to_the_rest(client, bureau, clerk):
    factories.PenaltyFactory.create_batch(
        12, agency=bureau, state=RecordState.PENDING, submitted_by=make_staff(bureau, "maker")
    )
    login(client, clerk)

    html = client.get(reverse("admin:index")).content.decode()
    panel = html.split('id="agency-dashboard"')[1].split("</div>\n</div>")[0]
    # The review queue's part of the dashboard: up to the next heading.
    queue = panel.split(reverse("review-queue"))[1].split("<h2>")[0]

    assert len(re.findall(r"/admin/registry/penalty/\d+/change/", queue)) == 10
    view_all = re.search(r'<p class="view-all"><a href="([^"]+)">([^<]+)</a>', queue)
    assert view_all.group(1) == f"{PENALTIES}?state__exact=pending"
    assert "12" in view_all.group(2)


def test_a_courts_dashboard_hides_penalties_and_licences(client):
    court = factories.CourtFactory()
    login(client, make_staff(court, "judge"))

    html = client.get(reverse("admin:index")).content.decode()
    panel = html.split('id="agency-dashboard"')[1]

    counts = panel.split("</table>")[0]
    with translation.override("zh-hans"):
        cases, penalties, licences = (
            str(model._meta.verbose_name_plural) for model in (CourtCase, Penalty, Licence)
        )
    assert cases in counts
    assert penalties not in counts
    assert licences not in counts
    assert "天内公示期届满" not in panel  # publicity of penalties ending soon


@pytest.mark.smoke
def test_the_list_with_its_columns_opens_on_sqlite_too(client, bureau, clerk):
    """The embedded database (the demo's) takes the page's one union query."""
    penalty = factories.PenaltyFactory(agency=bureau, decided_on=datetime.date(2026, 1, 15))
    login(client, clerk)

    rows = listed(client.get(PENALTIES))

    assert chinese("public now") in rows
    assert f"/penalties/{penalty.pk}/" in rows
