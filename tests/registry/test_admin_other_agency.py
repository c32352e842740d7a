"""Another agency's record is indistinguishable from a missing one in the
admin: at every address of an object (its page, history, a version in the
history, delete, and the step pages: submit, approve, reject, withdraw,
remove), by GET and by POST, a staff member of another agency gets the same
404 as for an id that does not exist, never a 403 that would tell the record
is there. The addresses are read from each admin's own URL patterns, so a
step page added later is probed too."""

import datetime
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from registry import models as m
from registry import permissions
from tests import factories
from tests.factories_company_page import LicenceFactory, RatingFactory, RatingSchemeFactory
from tests.staff import login, make_staff, make_superuser

pytestmark = pytest.mark.django_db

MISSING_ID = 987654321


@pytest.fixture
def world():
    """Records of every agency-scoped kind, owned by a bureau and a court of
    Beijing; staff of a bureau and a court of Shanghai probe them."""
    bureau = factories.AgencyFactory(name="北京市海淀区市场监督管理局")
    court = factories.CourtFactory(name="北京市海淀区人民法院")
    maker = make_staff(bureau, "beijing_maker")
    company = factories.CompanyFactory(registration_authority=bureau)
    penalty = factories.PenaltyFactory(agency=bureau, company=company)
    entry = factories.ListEntryFactory(authority=bureau, company=company)
    case = factories.CourtCaseFactory(court=court)
    factories.CasePartyFactory(case=case, company=company, name=company.name)
    records = {
        m.Penalty: penalty,
        m.Licence: LicenceFactory(agency=bureau, company=company),
        m.ListEntry: entry,
        m.Rating: RatingFactory(scheme=RatingSchemeFactory(agency=bureau), company=company),
        m.CourtCase: case,
        m.RemovalRequest: m.RemovalRequest.objects.create(
            entry=entry,
            removed_on=datetime.date(2026, 11, 20),
            reason="已补报",
            decision_number="京海市监移出〔2026〕5号",
            requested_by=maker,
        ),
        m.Objection: m.Objection.objects.create(
            reference="26-AAAA-BBBB",
            penalty=penalty,
            agency=bureau,
            grounds="wrong",
            description="金额有误",
            contact="a@example.org",
        ),
        m.RepairApplication: m.RepairApplication.objects.create(
            reference="26-CCCC-DDDD",
            penalty=penalty,
            agency=bureau,
            applicant="张伟",
            evidence="已缴清",
            contact="a@example.org",
        ),
        m.ImportBatch: m.ImportBatch.objects.create(
            agency=bureau,
            uploaded_by=maker,
            kind="penalties",
            file_name="penalties.csv",
            file_format="csv",
            row_count=1,
            record_ids=[penalty.pk],
        ),
        m.RegistrationChange: m.RegistrationChange.objects.create(
            company=company, agency=bureau, values={"address": "新址"}, requested_by=maker
        ),
        m.AnnualReport: m.AnnualReport.objects.create(
            company=company, year=2024, filed_on=datetime.date(2025, 4, 1)
        ),
        **filing_records(bureau, court, company),
    }
    outsiders = {
        "bureau": make_staff(factories.AgencyFactory(name="上海市浦东新区市场监督管理局"), "sh"),
        "court": make_staff(factories.CourtFactory(name="上海市浦东新区人民法院"), "sh_court"),
    }
    return records, outsiders


def filing_records(bureau, court, company) -> dict:
    """Spot checks, pledges, court orders, mortgages, notices and an objection to one."""
    from tests import factories_filings as f

    notice = f.DeregistrationNoticeFactory(agency=bureau, company=company)
    return {
        m.SpotCheck: f.SpotCheckFactory(agency=bureau, company=company),
        m.EquityPledge: f.EquityPledgeFactory(agency=bureau, company=company),
        m.JudicialAssistance: f.JudicialAssistanceFactory(agency=court, company=company),
        m.ChattelMortgage: f.ChattelMortgageFactory(agency=bureau, company=company),
        m.IpPledge: f.IpPledgeFactory(agency=bureau, company=company),
        m.DeregistrationNotice: notice,
        m.DeregistrationObjection: m.DeregistrationObjection.objects.create(
            reference="26-EEEE-FFFF",
            notice=notice,
            company=company,
            agency=bureau,
            received_on=notice.starts_on,
            objector_kind="creditor",
            reason="尚欠货款",
            contact="a@example.org",
        ),
    }


def object_addresses(model, object_id, version_id):
    """Every address of ``model``'s admin that names one object, filled in."""
    model_admin = admin.site._registry[model]
    prefix = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    addresses = []
    for pattern in model_admin.urls:
        route = str(pattern.pattern)
        # "<id>/" only redirects to "<id>/change/", whatever the id.
        if route == "<path:object_id>/" or ("object_id" not in route and "([^/]+)" not in route):
            continue
        route = re.sub(r"<path:object_id>|^\^?\(\[\^/\]\+\)", str(object_id), route, count=1)
        route = route.replace("([^/]+)", str(version_id)).lstrip("^").rstrip("$")
        addresses.append(prefix + route)
    return addresses


SCOPED_KINDS = sorted(
    (model for model in admin.site._registry if model in permissions.AGENCY_PATHS),
    key=lambda model: model._meta.model_name,
)


def test_every_agency_scoped_kind_with_an_admin_is_probed(world):
    records, _outsiders = world
    assert set(SCOPED_KINDS) == set(records)


@pytest.mark.parametrize("model", SCOPED_KINDS, ids=lambda model: model._meta.model_name)
def test_another_agencys_record_answers_as_a_missing_one_at_every_address(client, world, model):
    records, outsiders = world
    record = records[model]
    version = record.history.latest().history_id if hasattr(record, "history") else 1
    courts = (m.CourtCase, m.JudicialAssistance)
    login(client, outsiders["court" if model in courts else "bureau"])

    theirs = object_addresses(model, record.pk, version)
    missing = object_addresses(model, MISSING_ID, version)
    assert len(theirs) >= 3  # the object's page, its history, delete at least
    for there, nowhere in zip(theirs, missing, strict=True):
        for method in ("get", "post"):
            answer = getattr(client, method)(there, {"x": "1"})
            as_missing = getattr(client, method)(nowhere, {"x": "1"})
            assert (answer.status_code, as_missing.status_code) == (404, 404), (method, there)
    record.refresh_from_db()
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", SCOPED_KINDS, ids=lambda model: model._meta.model_name)
def test_the_owners_staff_still_reach_their_records_page_and_history(client, world, model):
    records, _outsiders = world
    record = records[model]
    owner = permissions.owning_agency(record)
    login(client, make_staff(owner, "beijing_colleague"))
    name = f"admin:registry_{model._meta.model_name}"

    assert client.get(reverse(f"{name}_change", args=[record.pk])).status_code == 200
    assert client.get(reverse(f"{name}_history", args=[record.pk])).status_code == 200


REGISTRY_KINDS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "registry"),
    key=lambda model: model._meta.model_name,
)


@pytest.mark.parametrize("model", REGISTRY_KINDS, ids=lambda model: model._meta.model_name)
def test_an_id_that_is_not_a_number_is_a_404_at_every_address(client, model):
    login(client, make_superuser())

    for address in object_addresses(model, "abc", "x%00"):
        assert client.get(address).status_code == 404, address
