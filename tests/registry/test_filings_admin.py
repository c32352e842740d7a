"""Spot checks, pledges, court orders, mortgages and deregistration notices
entered by the agencies: who may enter which (registry.permissions), maker-
checker through the admin, the review queue, the notice's outcome; and the
import kinds (import_records): all rows or none, bad cells named by line and
column, a second run changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from registry import permissions
from registry.models import (
    ChattelMortgage,
    DeregistrationNotice,
    DeregistrationObjection,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    SpotCheck,
)
from registry.services.deregistration import deregistration_notice_conclude
from tests import factories
from tests.factories_filings import DeregistrationNoticeFactory
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau():
    return factories.AgencyFactory(name="北京市海淀区市场监督管理局")


@pytest.fixture
def court():
    return factories.CourtFactory(name="北京市海淀区人民法院", court_code="京0108")


@pytest.fixture
def company():
    return factories.CompanyFactory(uscc=factories.valid_code(4242), name="北京丙丁贸易有限公司")


def test_each_agency_kind_enters_only_its_sections(bureau, court):
    registrar = make_staff(bureau, "registrar")
    judge = make_staff(court, "clerk")
    tax = make_staff(factories.AgencyFactory(kind="tax"), "taxman")

    assert permissions.may_add(registrar, EquityPledge)
    assert permissions.may_add(registrar, DeregistrationNotice)
    assert permissions.may_add(registrar, ChattelMortgage)
    assert not permissions.may_add(registrar, JudicialAssistance)
    assert permissions.may_add(judge, JudicialAssistance)
    assert not permissions.may_add(judge, SpotCheck)
    assert not permissions.may_add(judge, EquityPledge)
    assert permissions.may_add(tax, SpotCheck)
    assert not permissions.may_add(tax, IpPledge)


def test_a_pledge_is_public_only_after_a_colleague_approves_it(client, bureau, company):
    maker, checker = make_staff(bureau, "maker"), make_staff(bureau, "checker")
    login(client, maker)
    response = client.post(
        reverse("admin:registry_equitypledge_add"),
        {
            "registration_number": "110108202600001",
            "registered_on": "2026-02-01",
            "company": company.pk,
            "pledgor_name": "张三",
            "amount": "100000",
            "pledgee_name": "北京银行",
            "status": "valid",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    pledge = EquityPledge.objects.get()
    assert pledge.state == "draft" and pledge.agency == bureau
    client.post(reverse("admin:registry_equitypledge_submit", args=[pledge.pk]))
    pledge.refresh_from_db()
    assert pledge.state == "pending"

    login(client, checker)
    queue = client.get(reverse("review-queue")).content.decode()
    assert "110108202600001" in queue
    client.post(reverse("admin:registry_equitypledge_approve", args=[pledge.pk]))
    pledge.refresh_from_db()
    assert pledge.state == "published" and pledge.reviewed_by == checker


def test_a_cancelled_pledge_needs_its_date_in_the_form(client, bureau, company):
    login(client, make_staff(bureau, "maker"))
    response = client.post(
        reverse("admin:registry_equitypledge_add"),
        {
            "registration_number": "110108202600002",
            "registered_on": "2026-02-01",
            "company": company.pk,
            "pledgor_name": "张三",
            "pledgee_name": "北京银行",
            "status": "cancelled",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not EquityPledge.objects.exists()


def test_another_agency_does_not_see_the_records(client, bureau, company):
    DeregistrationNoticeFactory(company=company, agency=bureau)
    other = make_staff(factories.AgencyFactory(), "other")
    login(client, other)

    page = client.get(reverse("admin:registry_deregistrationnotice_changelist"))

    assert page.status_code == 200
    assert company.name not in page.content.decode()


def test_a_notice_is_concluded_after_its_last_day_and_not_over_an_objection(bureau, company):
    registrar = make_staff(bureau, "registrar")
    notice = DeregistrationNoticeFactory(
        company=company, agency=bureau, starts_on=datetime.date(2026, 3, 1)
    )
    with pytest.raises(Exception, match="after the notice's last day"):
        deregistration_notice_conclude(
            notice=notice, user=registrar, outcome="deregistered", on=datetime.date(2026, 3, 20)
        )
    DeregistrationObjection.objects.create(
        reference="26-CCCC-CCCC",
        notice=notice,
        company=company,
        agency=bureau,
        received_on=datetime.date(2026, 3, 5),
        objector_kind="employee",
        reason="拖欠工资",
        contact="x",
    )
    with pytest.raises(Exception, match="cannot be deregistered this way"):
        deregistration_notice_conclude(
            notice=notice, user=registrar, outcome="deregistered", on=datetime.date(2026, 3, 21)
        )
    deregistration_notice_conclude(
        notice=notice, user=registrar, outcome="stopped", on=datetime.date(2026, 3, 21)
    )
    notice.refresh_from_db()
    assert notice.outcome == "stopped"
    assert notice.history.first().history_user == registrar


# --- import -------------------------------------------------------------------


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(kind, path):
    with translation.override("en"):
        call_command("import_records", kind, path)


def files(company):
    code = company.uscc
    return {
        "spot-checks": (
            "uscc,authority,checked_on,check_type,result\n"
            f"{code},北京市海淀区市场监督管理局,2025-05-12,random,no_problem\n"
        ),
        "equity-pledges": (
            "registration_number,uscc,authority,registered_on,pledgor,pledgee,amount\n"
            f"P1,{code},北京市海淀区市场监督管理局,2025-03-18,张三,北京银行,500000\n"
        ),
        "judicial-orders": (
            "notice_number,uscc,court,kind,subject,published_on,period_from,period_until\n"
            f"(2025)京0108执1号,{code},北京市海淀区人民法院,freeze,张三,2025-07-02,"
            "2025-07-01,2028-06-30\n"
        ),
        "mortgages": (
            "registration_number,uscc,authority,registered_on,secured_amount\n"
            f"M1,{code},北京市海淀区市场监督管理局,2025-02-10,1200000\n"
        ),
        "ip-pledges": (
            "registration_number,uscc,authority,registered_on,ip_kind\n"
            f"I1,{code},北京市海淀区市场监督管理局,2025-04-08,patent\n"
        ),
        "deregistrations": (
            f"uscc,authority,starts_on\n{code},北京市海淀区市场监督管理局,2025-09-01\n"
        ),
    }


def test_every_kind_imports_and_a_second_run_changes_nothing(
    tmp_path, bureau, court, company, capsys
):
    models = {
        "spot-checks": SpotCheck,
        "equity-pledges": EquityPledge,
        "judicial-orders": JudicialAssistance,
        "mortgages": ChattelMortgage,
        "ip-pledges": IpPledge,
        "deregistrations": DeregistrationNotice,
    }
    for kind, text in files(company).items():
        path = write(tmp_path, f"{kind}.csv", text)
        run(kind, path)
        assert models[kind].objects.filter(company=company, state="published").count() == 1, kind
        history = models[kind].history.count()
        run(kind, path)
        assert models[kind].objects.count() == 1 and models[kind].history.count() == history
    assert DeregistrationNotice.objects.get().ends_on == datetime.date(2025, 9, 20)


def test_a_bad_row_is_named_by_line_and_column_and_nothing_is_imported(
    tmp_path, bureau, court, company, capsys
):
    text = (
        "notice_number,uscc,court,kind,subject,published_on,period_from,period_until\n"
        f"(2025)京0108执1号,{company.uscc},北京市海淀区人民法院,freeze,张三,2025-07-02,"
        "2025-07-01,2028-06-30\n"
        f"(2025)京0108执2号,{company.uscc},北京市海淀区市场监督管理局,freeze,李四,2025-07-02,"
        "2025-07-01,2028-06-30\n"
        f"(2025)京0108执3号,{company.uscc},北京市海淀区人民法院,seize,王五,2025-07-02,,\n"
    )
    with pytest.raises(Exception, match="nothing was imported"):
        run("judicial-orders", write(tmp_path, "orders.csv", text))

    errors = capsys.readouterr().err
    assert "line 3, column court" in errors
    assert "line 4, column kind" in errors
    assert not JudicialAssistance.objects.exists()


def test_a_freeze_without_its_period_is_refused_with_the_constraint_message(
    tmp_path, bureau, court, company, capsys
):
    text = (
        "notice_number,uscc,court,kind,subject,published_on\n"
        f"(2025)京0108执9号,{company.uscc},北京市海淀区人民法院,freeze,张三,2025-07-02\n"
    )
    with pytest.raises(Exception, match="nothing was imported"):
        run("judicial-orders", write(tmp_path, "orders.csv", text))
    assert "A freeze or its renewal needs its period" in capsys.readouterr().err
    assert not JudicialAssistance.objects.exists()


def test_the_admin_import_page_offers_a_template_of_each_kind(client, bureau):
    from django.contrib.auth.models import Permission

    user = make_staff(bureau, "importer")
    user.user_permissions.add(*Permission.objects.filter(codename__startswith="import_"))
    login(client, user)

    response = client.get(reverse("admin:registry_equitypledge_import_template", args=["csv"]))

    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("registration_number,uscc")
    assert "authority" not in header.split(",")
