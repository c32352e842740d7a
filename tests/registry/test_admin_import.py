"""Bulk import and export in the admin: a dry run naming every bad row, all
rows or none, the agency always the uploader's, imported records reviewed as
one batch by a colleague, exports of the agency's own rows with formulas
escaped, and both behind explicit permissions."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Company, ImportBatch, Penalty
from tests import factories
from tests.staff import login, make_staff, make_superuser

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:registry_penalty_import"
PROCESS_URL = "admin:registry_penalty_process_import"

# The authority column is left out: the uploader's agency is filled in.
HEADER = (
    "decision_number,uscc,violation_type,violation_facts,legal_basis,"
    "penalty_category,penalty_content,fine_amount,decided_on\n"
)


# A decision of last month: still inside its publicity period whenever the tests run.
RECENT = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()


def row(number, code, *, category="fine", fine="50000", decided=RECENT, facts="虚假宣传"):
    return (
        f"{number},{code},market_order,{facts},《反不正当竞争法》第八条,"
        f"{category},罚款人民币五万元,{fine},{decided}\n"
    )


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def upload(client, text, name="penalties.csv", url=IMPORT_URL):
    data = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse(url), {"import_file": data})


def confirm(client, preview, url=PROCESS_URL):
    token = preview.context["confirm_form"]["token"].value()
    return client.post(reverse(url), {"token": token})


@pytest.fixture
def agency():
    return factories.AgencyFactory(name="北京市海淀区市场监督管理局")


@pytest.fixture
def maker(agency):
    user = make_staff(agency, "maker")
    grant(user, "view_penalty", "import_penalty", "export_penalty")
    return user


@pytest.fixture
def checker(agency):
    user = make_staff(agency, "checker")
    grant(user, "view_penalty")
    return user


@pytest.fixture
def companies():
    return factories.CompanyFactory(), factories.CompanyFactory()


def client_for(user):
    return login(Client(), user)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def imported_batch(maker, companies):
    """Upload and confirm a good two-row file as ``maker``: its batch."""
    client = client_for(maker)
    preview = upload(
        client,
        HEADER
        + row("京海市监罚〔2025〕1号", companies[0].uscc)
        + row("京海市监罚〔2025〕2号", companies[1].uscc),
    )
    response = confirm(client, preview)
    assert response.status_code == 302
    return ImportBatch.objects.get()


def public_page(company):
    return Client().get(reverse("publicity:company-detail", args=[company.uscc])).content.decode()


def test_a_file_with_a_bad_row_writes_nothing_and_names_line_column_and_reason(maker, companies):
    client = client_for(maker)
    text = (
        HEADER
        + row("京海市监罚〔2025〕1号", companies[0].uscc)
        + row("京海市监罚〔2025〕2号", companies[1].uscc, decided="2025-13-01")
        + row("京海市监罚〔2025〕3号", factories.valid_code(990))
    )
    response = upload(client, text)
    assert response.status_code == 200
    errors = [(e.line, e.column) for e in response.context["result"].errors]
    assert errors == [(3, "decided_on"), (4, "uscc")]
    assert factories.valid_code(990) in str(response.context["result"].errors[1])
    page = response.content.decode()
    for error in response.context["result"].errors:
        assert f"<td>{error.line}</td>" in page and f"<td>{error.column}</td>" in page
        assert error.message in page
    assert "confirm_form" not in response.context and 'name="confirm"' not in page
    assert not Penalty.objects.exists() and not ImportBatch.objects.exists()


def test_a_forged_confirm_without_a_good_preview_writes_nothing(maker):
    response = client_for(maker).post(reverse(PROCESS_URL), {"token": "made-up"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(IMPORT_URL)
    assert messages_of(response)
    assert not Penalty.objects.exists() and not ImportBatch.objects.exists()


def test_a_good_file_becomes_one_batch_of_pending_records_of_the_uploaders_agency(
    maker, companies, agency
):
    other = factories.AgencyFactory(name="别的局")
    client = client_for(maker)
    # The file names another agency: the records are still the uploader's.
    text = (
        (HEADER.rstrip("\n") + ",authority\n")
        + row("京海市监罚〔2025〕1号", companies[0].uscc).rstrip("\n")
        + f",{other.name}\n"
    )
    preview = upload(client, text)
    assert preview.context["result"].ok and 'name="confirm"' in preview.content.decode()
    assert not Penalty.objects.exists()  # the preview wrote nothing
    confirm(client, preview)
    batch = ImportBatch.objects.get()
    penalty = Penalty.objects.get()
    assert batch.record_ids == [penalty.pk] and batch.agency == agency
    assert batch.uploaded_by == maker and batch.state == "pending" and batch.row_count == 1
    assert penalty.agency == agency and penalty.state == "pending"
    assert penalty.entered_by == maker and penalty.submitted_by == maker
    assert "京海市监罚〔2025〕1号" not in public_page(companies[0])


def test_the_uploader_cannot_approve_their_own_batch(maker, companies):
    batch = imported_batch(maker, companies)
    client = client_for(maker)
    page = client.get(reverse("admin:registry_importbatch_change", args=[batch.pk]))
    approve = reverse("admin:registry_importbatch_approve", args=[batch.pk])
    assert approve not in page.content.decode()
    response = client.post(approve, follow=True)
    assert messages_of(response)  # why not
    batch.refresh_from_db()
    assert batch.state == "pending"
    assert set(Penalty.objects.values_list("state", flat=True)) == {"pending"}


def test_a_colleague_approves_the_batch_and_every_record_is_public(maker, checker, companies):
    batch = imported_batch(maker, companies)
    client = client_for(checker)
    page = client.get(reverse("admin:registry_importbatch_change", args=[batch.pk]))
    assert reverse("admin:registry_importbatch_approve", args=[batch.pk]) in page.content.decode()
    client.post(reverse("admin:registry_importbatch_approve", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == "approved" and batch.reviewed_by == checker
    assert set(Penalty.objects.values_list("state", flat=True)) == {"published"}
    assert "京海市监罚〔2025〕1号" in public_page(companies[0])
    assert "京海市监罚〔2025〕2号" in public_page(companies[1])


def test_a_colleague_rejects_the_batch_with_a_reason_and_nothing_is_public(
    maker, checker, companies
):
    batch = imported_batch(maker, companies)
    client = client_for(checker)
    url = reverse("admin:registry_importbatch_reject", args=[batch.pk])
    client.post(url, {"reason": ""})
    batch.refresh_from_db()
    assert batch.state == "pending"  # a rejection needs its reason
    client.post(url, {"reason": "第2行罚款金额有误"})
    batch.refresh_from_db()
    assert batch.state == "rejected" and batch.rejection_reason == "第2行罚款金额有误"
    assert set(Penalty.objects.values_list("state", flat=True)) == {"draft"}
    assert "京海市监罚〔2025〕1号" not in public_page(companies[0])


def test_another_agencys_staff_can_neither_see_nor_approve_the_batch(maker, companies):
    batch = imported_batch(maker, companies)
    stranger = make_staff(factories.AgencyFactory(), "stranger")
    client = client_for(stranger)
    changelist = client.get(reverse("admin:registry_importbatch_changelist"))
    assert changelist.status_code == 200 and batch.file_name not in changelist.content.decode()
    page = client.get(reverse("admin:registry_importbatch_change", args=[batch.pk]))
    assert page.status_code in (403, 404)
    response = client.post(reverse("admin:registry_importbatch_approve", args=[batch.pk]))
    assert response.status_code in (403, 404)
    batch.refresh_from_db()
    assert batch.state == "pending"
    assert set(Penalty.objects.values_list("state", flat=True)) == {"pending"}


def test_staff_without_the_import_permission_get_no_button_and_a_403(checker, companies):
    client = client_for(checker)
    changelist = client.get(reverse("admin:registry_penalty_changelist"))
    assert changelist.status_code == 200
    assert reverse(IMPORT_URL) not in changelist.content.decode()
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    text = HEADER + row("京海市监罚〔2025〕1号", companies[0].uscc)
    assert upload(client, text).status_code == 403
    assert not Penalty.objects.exists()


def test_staff_with_the_permission_see_the_import_button(maker):
    changelist = client_for(maker).get(reverse("admin:registry_penalty_changelist"))
    assert reverse(IMPORT_URL) in changelist.content.decode()


def test_the_permission_does_not_open_kinds_the_agency_may_not_enter(agency, companies):
    """A market regulator's staff import no court cases, whatever they are granted."""
    user = make_staff(agency, "eager")
    grant(user, "import_courtcase")
    assert client_for(user).get(reverse("admin:registry_courtcase_import")).status_code == 403


def test_a_row_changing_a_published_record_is_refused(maker, agency, companies):
    factories.PenaltyFactory(
        agency=agency, company=companies[0], decision_number="京海市监罚〔2025〕1号"
    )
    response = upload(
        client_for(maker), HEADER + row("京海市监罚〔2025〕1号", companies[0].uscc, fine="1")
    )
    [error] = response.context["result"].errors
    assert (error.line, error.column) == (2, "decision_number")
    assert error.message.startswith("库中已有该记录")  # the admin speaks Chinese


def test_history_of_imported_records_names_the_uploader_and_the_file(maker, checker, companies):
    batch = imported_batch(maker, companies)
    client_for(checker).post(reverse("admin:registry_importbatch_approve", args=[batch.pk]))
    penalty = Penalty.objects.get(decision_number="京海市监罚〔2025〕1号")
    first, last = penalty.history.earliest(), penalty.history.latest()
    assert first.history_user == maker and "penalties.csv" in first.history_change_reason
    assert last.history_user == checker and last.state == "published"


def test_export_holds_only_own_rows_and_escapes_formulas(maker, agency):
    own = factories.PenaltyFactory(agency=agency, violation_facts='=HYPERLINK("http://x")')
    other = factories.PenaltyFactory()
    client = client_for(maker)
    response = client.post(
        reverse("admin:registry_penalty_export"), {"format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["decision_number"] for r in rows] == [own.decision_number]
    assert other.decision_number not in response.content.decode("utf-8-sig")
    assert rows[0]["violation_facts"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["authority"] == agency.name and rows[0]["penalty_category"] == "fine"


def test_xlsx_export_escapes_formulas_too(maker, agency):
    factories.PenaltyFactory(agency=agency, violation_facts="=1+1")
    response = client_for(maker).post(
        reverse("admin:registry_penalty_export"), {"format": "1", "resource": "0"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("violation_facts") + 1)
    assert cell.data_type == "s" and cell.value == "'=1+1"


def test_an_export_is_an_importable_file(maker, checker, agency, companies):
    factories.PenaltyFactory(agency=agency, company=companies[0], decision_number="京海罚1号")
    exported = client_for(maker).post(
        reverse("admin:registry_penalty_export"), {"format": "0", "resource": "0"}
    )
    text = exported.content.decode("utf-8-sig").replace("京海罚1号", "京海罚2号")
    preview = upload(client_for(maker), text)
    assert preview.context["result"].ok, preview.context["result"].errors


def test_staff_without_the_export_permission_get_a_403(checker):
    client = client_for(checker)
    changelist = client.get(reverse("admin:registry_penalty_changelist"))
    assert reverse("admin:registry_penalty_export") not in changelist.content.decode()
    assert client.get(reverse("admin:registry_penalty_export")).status_code == 403


def test_registrars_import_companies_written_only_when_a_colleague_approves(agency, checker):
    user = make_staff(agency, "registrar")
    grant(user, "import_company")
    code = factories.valid_code(4242)
    text = (
        f"uscc,name,entity_type,address\n{code},北京新公司科技有限公司,limited_liability,北京市\n"
    )
    client = client_for(user)
    preview = upload(client, text, name="companies.csv", url="admin:registry_company_import")
    confirm(client, preview, url="admin:registry_company_process_import")
    batch = ImportBatch.objects.get()
    assert batch.kind == "companies" and not Company.objects.filter(uscc=code).exists()
    client_for(checker).post(reverse("admin:registry_importbatch_approve", args=[batch.pk]))
    company = Company.objects.get(uscc=code)
    assert company.registration_authority == agency  # the uploader's, not the file's
    assert company.history.get().history_user == user
    batch.refresh_from_db()
    assert batch.state == "approved" and batch.record_ids == [company.pk]


def test_a_central_administrator_imports_for_the_agency_the_file_names(agency, companies):
    admin_user = make_superuser()
    text = (
        (HEADER.rstrip("\n") + ",authority\n")
        + row("京海市监罚〔2025〕9号", companies[0].uscc).rstrip("\n")
        + f",{agency.name}\n"
    )
    client = client_for(admin_user)
    confirm(client, upload(client, text))
    batch = ImportBatch.objects.get()
    assert batch.agency == agency and Penalty.objects.get().agency == agency
    # ... and a staff member of that agency may review it.
    reviewer = make_staff(agency, "reviewer")
    client_for(reviewer).post(reverse("admin:registry_importbatch_approve", args=[batch.pk]))
    assert Penalty.objects.get().state == "published"


def xlsx(rows):
    from openpyxl import Workbook

    book = Workbook()
    for values in rows:
        book.active.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_list_entries_come_from_an_xlsx_file_too(agency, companies):
    user = make_staff(agency, "lister")
    grant(user, "import_listentry")
    data = xlsx(
        [
            ["list_code", "uscc", "reason", "listed_on", "decision_number"],
            ["abnormal_operations", companies[0].uscc, "无法联系", "2025-04-01", "京海异1号"],
        ]
    )
    client = client_for(user)
    preview = client.post(
        reverse("admin:registry_listentry_import"),
        {"import_file": SimpleUploadedFile("entries.xlsx", data)},
    )
    assert preview.context["result"].ok, preview.context["result"].errors
    confirm(client, preview, url="admin:registry_listentry_process_import")
    batch = ImportBatch.objects.get()
    entry = batch.records().get()
    assert batch.kind == "list-entries" and entry.authority == agency and entry.state == "pending"


def test_a_court_imports_its_cases_under_its_own_name(companies):
    court = factories.CourtFactory(court_code="京0108")
    clerk = make_staff(court, "clerk")
    grant(clerk, "import_courtcase")
    text = f"case_number,defendants,case_type\n(2024)京0108民初12号,{companies[0].uscc},civil\n"
    client = client_for(clerk)
    preview = upload(client, text, name="cases.csv", url="admin:registry_courtcase_import")
    assert preview.context["result"].ok, preview.context["result"].errors
    confirm(client, preview, url="admin:registry_courtcase_process_import")
    case = ImportBatch.objects.get().records().get()
    assert case.court == court and case.state == "pending" and case.entered_by == clerk
    assert case.parties.get().company == companies[0]


def test_an_uploaded_batch_waits_in_the_colleagues_review_queue(maker, checker, companies):
    batch = imported_batch(maker, companies)
    queue = client_for(checker).get(reverse("review-queue")).content.decode()
    assert reverse("admin:registry_importbatch_change", args=[batch.pk]) in queue
