"""Registration data, scoped and reviewed: a registration authority changes
the companies it registers, through a change a colleague approves; nothing of
the company changes, in the admin or on the public page, until then; once
approved, the public page's change history shows it."""

import pytest
from django.urls import reverse

from registry.models import Company, FormerName, Person, RegistrationChange
from tests import factories
from tests.staff import change_page_data, login, make_staff, make_superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau():
    return factories.AgencyFactory(name="北京市海淀区市场监督管理局")


@pytest.fixture
def maker(bureau):
    return make_staff(bureau, "registrar-maker")


@pytest.fixture
def checker(bureau):
    return make_staff(bureau, "registrar-checker")


@pytest.fixture
def company(bureau):
    return factories.CompanyFactory(
        name="北京星河科技有限公司",
        address="北京市海淀区中关村大街1号",
        registration_authority=bureau,
    )


def change_url(company):
    return reverse("admin:registry_company_change", args=[company.pk])


def propose(client, user, company, **changes):
    login(client, user)
    data = change_page_data(client.get(change_url(company)))
    data.update(changes)
    return client.post(change_url(company), data)


def public_page(client, company) -> str:
    client.logout()
    url = reverse("publicity:company-detail", args=[company.uscc])
    return client.get(url).content.decode()


def approve(client, user, change):
    login(client, user)
    return client.post(
        reverse("admin:registry_registrationchange_approve", args=[change.pk]), follow=True
    )


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_a_change_applies_only_once_a_colleague_approves_it_and_then_shows_publicly(
    client, maker, checker, company
):
    response = propose(client, maker, company, address="北京市朝阳区建国路88号")
    change = RegistrationChange.objects.get()
    assert response.status_code == 302 and response.url == change.get_admin_url()
    assert change.state == "pending" and change.values == {"address": "北京市朝阳区建国路88号"}

    company.refresh_from_db()
    assert company.address == "北京市海淀区中关村大街1号"
    assert "建国路88号" not in public_page(client, company)

    # The page of the proposal shows what would change.
    login(client, checker)
    page = client.get(change.get_admin_url()).content.decode()
    assert "北京市海淀区中关村大街1号" in page and "北京市朝阳区建国路88号" in page

    approve(client, checker, change)
    change.refresh_from_db()
    company.refresh_from_db()
    assert change.state == "approved" and change.reviewed_by == checker
    assert company.address == "北京市朝阳区建国路88号"
    assert company.history.first().history_user == checker

    html = public_page(client, company)
    changes = html[html.index('aria-labelledby="changes"') :]
    assert "北京市海淀区中关村大街1号" in changes and "北京市朝阳区建国路88号" in changes


def test_the_proposer_cannot_approve_their_own_change(client, maker, company):
    propose(client, maker, company, address="北京市朝阳区建国路88号")
    change = RegistrationChange.objects.get()
    response = approve(client, maker, change)
    assert "colleague" in messages_of(response) or "同事" in messages_of(response)
    change.refresh_from_db()
    company.refresh_from_db()
    assert change.state == "pending" and company.address == "北京市海淀区中关村大街1号"


def test_a_bureau_cannot_change_or_review_another_authoritys_company(client, maker, company):
    other = factories.AgencyFactory(name="上海市浦东新区市场监督管理局")
    stranger = make_staff(other, "stranger")
    login(client, stranger)
    page = client.get(change_url(company))
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    data = change_page_data(page)
    data["address"] = "篡改"
    assert client.post(change_url(company), data).status_code == 403
    assert not RegistrationChange.objects.exists()

    propose(client, maker, company, address="北京市朝阳区建国路88号")
    change = RegistrationChange.objects.get()
    login(client, stranger)
    assert client.get(change.get_admin_url()).status_code == 404
    client.post(reverse("admin:registry_registrationchange_approve", args=[change.pk]))
    change.refresh_from_db()
    assert change.state == "pending"


def test_a_rejected_change_leaves_the_company_as_it_was(client, maker, checker, company):
    propose(client, maker, company, name="北京星河新名科技有限公司")
    change = RegistrationChange.objects.get()
    login(client, checker)
    client.post(
        reverse("admin:registry_registrationchange_reject", args=[change.pk]),
        {"rejection_reason": "与营业执照不符"},
    )
    change.refresh_from_db()
    company.refresh_from_db()
    assert change.state == "rejected" and change.rejection_reason == "与营业执照不符"
    assert company.name == "北京星河科技有限公司"


def test_a_second_change_waits_for_the_first_to_be_decided(client, maker, company):
    propose(client, maker, company, address="北京市朝阳区建国路88号")
    response = propose(client, maker, company, address="北京市西城区金融街1号")
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["adminform"].form.non_field_errors())
    assert errors
    assert RegistrationChange.objects.count() == 1


def test_a_former_name_added_on_the_page_applies_with_the_change(client, maker, checker, company):
    login(client, maker)
    data = change_page_data(client.get(change_url(company)))
    data.update(
        {
            "former_names-TOTAL_FORMS": "1",
            "former_names-0-name": "北京星河旧名有限公司",
            "former_names-0-used_from": "2015-03-01",
            "former_names-0-used_until": "2020-06-30",
        }
    )
    assert client.post(change_url(company), data).status_code == 302
    assert not FormerName.objects.exists()
    approve(client, checker, RegistrationChange.objects.get())
    assert list(company.former_names.values_list("name", flat=True)) == ["北京星河旧名有限公司"]


def test_a_new_company_is_registered_by_the_proposers_authority_once_approved(
    client, bureau, maker, checker
):
    code = factories.valid_code(8080)
    login(client, maker)
    add = reverse("admin:registry_company_add")
    data = change_page_data(client.get(add))
    data.update(
        {
            "uscc": code.lower(),
            "name": "北京新设科技有限公司",
            "entity_type": "limited_liability",
            "currency": "CNY",
            "status": "in_operation",
        }
    )
    response = client.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not Company.objects.filter(uscc=code).exists()
    approve(client, checker, RegistrationChange.objects.get())
    company = Company.objects.get(uscc=code)
    assert company.registration_authority == bureau
    assert company.name_pinyin.startswith("bei jing") or company.name_pinyin.startswith("beijing")


def test_an_existing_person_is_changed_by_central_administrators_only(client, maker):
    person = factories.PersonFactory(name="张三")
    url = reverse("admin:registry_person_change", args=[person.pk])
    login(client, maker)
    assert client.get(url).context["has_change_permission"] is False
    assert client.post(url, {"name": "李四", "id_masked": person.id_masked}).status_code == 403
    login(client, make_superuser())
    assert client.post(url, {"name": "李四", "id_masked": person.id_masked}).status_code == 302
    assert Person.objects.get(pk=person.pk).name == "李四"


def test_pending_registration_changes_wait_in_the_colleagues_review_queue(
    client, maker, checker, company
):
    propose(client, maker, company, address="北京市朝阳区建国路88号")
    login(client, checker)
    page = client.get(reverse("review-queue")).content.decode()
    assert RegistrationChange.objects.get().get_admin_url() in page
