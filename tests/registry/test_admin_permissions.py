"""The permission matrix of the agency workspace: for every model and every
door of the admin, a staff member of the owning agency, a staff member of
another agency, and a central administrator."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from registry.models import Agency, Penalty
from tests import factories
from tests.factories_company_page import LicenceFactory, RatingFactory, RatingSchemeFactory
from tests.staff import change_page_data, login, make_staff, make_superuser

pytestmark = pytest.mark.django_db


@dataclass
class World:
    bureau: Agency
    other_bureau: Agency
    court: Agency
    records: dict
    users: dict


@pytest.fixture
def world():
    bureau = factories.AgencyFactory(name="北京市海淀区市场监督管理局")
    other_bureau = factories.AgencyFactory(name="上海市浦东新区市场监督管理局")
    court = factories.CourtFactory(name="北京市海淀区人民法院")
    other_court = factories.CourtFactory(name="上海市浦东新区人民法院")
    scheme = RatingSchemeFactory(agency=bureau)
    company = factories.CompanyFactory(name="北京甲乙科技有限公司")
    case = factories.CourtCaseFactory(court=court)
    factories.CasePartyFactory(case=case, company=company, name=company.name)
    records = {
        "penalty": factories.PenaltyFactory(agency=bureau, company=company),
        "licence": LicenceFactory(agency=bureau, company=company),
        "listentry": factories.ListEntryFactory(authority=bureau, company=company),
        "rating": RatingFactory(scheme=scheme, company=company),
        "courtcase": case,
    }
    users = {
        "bureau": make_staff(bureau, "bureau_staff"),
        "other_bureau": make_staff(other_bureau, "other_bureau_staff"),
        "court": make_staff(court, "court_staff"),
        "other_court": make_staff(other_court, "other_court_staff"),
        "central": make_superuser(),
    }
    return World(bureau, other_bureau, court, records, users)


# (model name, the owner's account, another agency's account)
RECORDS = [
    ("penalty", "bureau", "other_bureau"),
    ("licence", "bureau", "other_bureau"),
    ("listentry", "bureau", "other_bureau"),
    ("rating", "bureau", "other_bureau"),
    ("courtcase", "court", "other_court"),
]


def url(name, record, action="change"):
    return reverse(f"admin:registry_{name}_{action}", args=[record.pk])


def as_user(client, world, who):
    return login(client, world.users[who])


@pytest.mark.parametrize(("name", "owner", "other"), RECORDS)
def test_the_changelist_shows_own_records_only(client, world, name, owner, other):
    record = world.records[name]
    changelist = reverse(f"admin:registry_{name}_changelist")
    for who, sees in [(owner, True), (other, False), ("central", True)]:
        response = as_user(client, world, who).get(changelist)
        assert response.status_code == 200
        shown = list(response.context["cl"].result_list)
        assert (record in shown) is sees, who


@pytest.mark.parametrize(("name", "owner", "other"), RECORDS)
def test_another_agencys_record_is_not_found_at_any_door(client, world, name, owner, other):
    record = world.records[name]
    as_user(client, world, other)
    for action in ("change", "history", "delete", "submit", "approve", "reject", "withdraw"):
        assert client.get(url(name, record, action)).status_code == 404, action
        assert client.post(url(name, record, action), {"x": "1"}).status_code == 404, action
    record.refresh_from_db()
    assert record.state == "published"


@pytest.mark.parametrize(("name", "owner", "other"), RECORDS)
def test_the_owner_and_central_administrators_see_the_record_and_its_history(
    client, world, name, owner, other
):
    record = world.records[name]
    for who in (owner, "central"):
        as_user(client, world, who)
        assert client.get(url(name, record)).status_code == 200, who
        assert client.get(url(name, record, "history")).status_code == 200, who


@pytest.mark.parametrize(("name", "owner", "other"), RECORDS)
def test_a_published_record_is_read_only_and_cannot_be_deleted(client, world, name, owner, other):
    record = world.records[name]
    as_user(client, world, owner)
    page = client.get(url(name, record))
    assert page.context["has_change_permission"] is False
    assert page.context["has_delete_permission"] is False
    assert client.post(url(name, record, "delete"), {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


def test_a_forged_edit_of_another_agencys_penalty_changes_nothing(client, world):
    penalty = world.records["penalty"]
    penalty.state = "draft"
    penalty.save()
    data = change_page_data(as_user(client, world, "bureau").get(url("penalty", penalty)))
    data["violation_facts"] = "篡改"
    as_user(client, world, "other_bureau")
    assert client.post(url("penalty", penalty), data).status_code == 404
    penalty.refresh_from_db()
    assert penalty.violation_facts != "篡改"


def test_bulk_actions_reach_only_own_records(client, world):
    penalty = world.records["penalty"]
    penalty.state = "pending"
    penalty.save()
    as_user(client, world, "other_bureau")
    client.post(
        reverse("admin:registry_penalty_changelist"),
        {"action": "approve_selected", "_selected_action": [penalty.pk]},
    )
    penalty.refresh_from_db()
    assert penalty.state == "pending"


@pytest.mark.parametrize(
    ("who", "model", "allowed"),
    [
        ("bureau", "penalty", True),
        ("bureau", "listentry", True),
        ("bureau", "licence", True),
        ("bureau", "rating", True),  # the bureau has a rating scheme
        ("other_bureau", "rating", False),  # no scheme of its own
        ("bureau", "courtcase", False),
        ("court", "courtcase", True),
        ("court", "penalty", False),
        ("bureau", "company", True),  # a registration authority
        ("court", "company", False),
        ("bureau", "agency", False),  # reference data
        ("bureau", "creditlist", False),
        ("bureau", "staffmember", False),
        ("central", "agency", True),
        ("central", "staffmember", True),
    ],
)
def test_who_may_add_what(client, world, who, model, allowed):
    as_user(client, world, who)
    response = client.get(reverse(f"admin:registry_{model}_add"))
    assert response.status_code == (200 if allowed else 403)


def test_registration_data_is_changed_by_its_own_registration_authority_only(client, world):
    company = world.records["penalty"].company
    company.registration_authority = world.bureau
    company.save()
    change = reverse("admin:registry_company_change", args=[company.pk])
    as_user(client, world, "bureau")
    data = change_page_data(client.get(change))
    data["address"] = "北京市海淀区中关村大街1号"
    # Proposed, for a colleague to review (tests/registry/test_registration_changes.py).
    assert client.post(change, data).status_code == 302
    assert company.registration_changes.get().values == {"address": "北京市海淀区中关村大街1号"}

    for who in ("court", "other_bureau"):
        as_user(client, world, who)
        page = client.get(change)
        assert page.status_code == 200 and page.context["has_change_permission"] is False
        data["address"] = "篡改"
        assert client.post(change, data).status_code == 403
    assert company.registration_changes.count() == 1
    company.refresh_from_db()
    assert company.address != "篡改"


def test_reference_data_is_read_only_for_staff(client, world):
    agency_url = reverse("admin:registry_agency_change", args=[world.bureau.pk])
    as_user(client, world, "bureau")
    page = client.get(agency_url)
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert client.post(agency_url, {"name": "改名"}).status_code == 403
    world.bureau.refresh_from_db()
    assert world.bureau.name == "北京市海淀区市场监督管理局"


def test_the_agency_is_the_users_own_and_not_a_choice(client, world):
    as_user(client, world, "bureau")
    add = client.get(reverse("admin:registry_penalty_add"))
    assert "agency" not in add.context["adminform"].form.fields
    company = world.records["penalty"].company
    response = client.post(
        reverse("admin:registry_penalty_add"),
        {
            "agency": world.other_bureau.pk,  # forged: ignored
            "decision_number": "海市监罚〔2026〕7号",
            "company": company.pk,
            "violation_type": "market_order",
            "violation_facts": "虚假宣传",
            "legal_basis": "《反不正当竞争法》第八条",
            "penalty_content": "罚款一万元",
            "categories": ["fine"],
            "fine_amount": "10000",
            "severity": "general",
            "decided_on": "2026-11-20",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    penalty = Penalty.objects.get(decision_number="海市监罚〔2026〕7号")
    assert penalty.agency == world.bureau
    assert penalty.state == "draft" and penalty.entered_by == world.users["bureau"]
    assert list(penalty.categories.values_list("category", flat=True)) == ["fine"]


def test_a_repeated_decision_number_is_a_form_error_not_a_crash(client, world):
    as_user(client, world, "bureau")
    existing = world.records["penalty"]
    response = client.post(
        reverse("admin:registry_penalty_add"),
        {
            "decision_number": existing.decision_number,
            "company": existing.company.pk,
            "violation_type": "market_order",
            "violation_facts": "虚假宣传",
            "legal_basis": "《反不正当竞争法》第八条",
            "penalty_content": "警告",
            "categories": ["warning"],
            "severity": "general",
            "decided_on": "2026-11-20",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Penalty.objects.filter(decision_number=existing.decision_number).count() == 1


def test_company_autocomplete_serves_staff_and_finds_by_name_and_code(client, world):
    company = world.records["penalty"].company
    as_user(client, world, "other_bureau")
    autocomplete = reverse("admin:autocomplete")
    params = {"app_label": "registry", "model_name": "penalty", "field_name": "company"}
    for term in ("甲乙", company.uscc[:8]):
        found = client.get(autocomplete, {**params, "term": term}).json()["results"]
        assert [r["id"] for r in found] == [str(company.pk)], term


def test_autocomplete_lists_only_the_users_own_records(client, world):
    entry = world.records["listentry"]
    params = {
        "app_label": "registry",
        "model_name": "removalrequest",
        "field_name": "entry",
        "term": entry.decision_number,
    }
    for who, found in [("bureau", [str(entry.pk)]), ("other_bureau", [])]:
        as_user(client, world, who)
        response = client.get(reverse("admin:autocomplete"), params)
        assert [r["id"] for r in response.json()["results"]] == found, who


def test_staff_without_an_agency_see_no_records(client, world):
    from django.contrib.auth import get_user_model

    lost = get_user_model().objects.create_user("lost", password="x" * 20, is_staff=True)
    login(client, lost)
    index = client.get(reverse("admin:index"))
    with translation.override("zh-hans"):
        message = gettext(
            "Your account belongs to no agency yet, so it can see no records. Ask a "
            "central administrator to add you to your agency's staff."
        )
    assert message.replace("'", "&#x27;") in index.content.decode()
    for name in ("penalty", "company"):
        assert client.get(reverse(f"admin:registry_{name}_changelist")).status_code == 403


def test_each_changelist_takes_a_bounded_number_of_queries(client, world):
    """As many queries for 60 more records as for a few: none per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = ["penalty", "listentry", "licence", "rating", "company", "removalrequest"]
    as_user(client, world, "bureau")

    def counts():
        out = {}
        for name in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(f"admin:registry_{name}_changelist")).status_code == 200
            out[name] = len(queries)
        return out

    before = counts()
    for _ in range(20):
        factories.PenaltyFactory(agency=world.bureau)
        factories.ListEntryFactory(authority=world.bureau)
        LicenceFactory(agency=world.bureau)
    assert counts() == before
    assert max(before.values()) <= 15, before
