import pytest
from django.contrib import admin
from django.urls import reverse

from registry.models import (
    DeregistrationObjection,
    ImportBatch,
    Objection,
    RegistrationChange,
    RemovalRequest,
    RepairApplication,
)
from tests import factories

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = [model for model in admin.site._registry if model._meta.app_label == "registry"]


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m._meta.model_name)
def test_every_changelist_and_add_page_opens_for_an_administrator(admin_client, model):
    factories.PenaltyFactory()
    factories.ListEntryFactory()
    factories.CasePartyFactory()
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    # Removal requests are proposed from a list entry's page, import batches made by
    # uploading a file, objections and repair applications sent from the public
    # pages (objections to a deregistration too), registration changes proposed
    # from a company's page: never added by hand.
    never_added = (RemovalRequest, ImportBatch, Objection, RepairApplication, RegistrationChange)
    never_added += (DeregistrationObjection,)
    assert add.status_code == (403 if model in never_added else 200)


def test_a_company_search_by_credit_code_finds_it(admin_client):
    company = factories.CompanyFactory()
    factories.CompanyFactory()
    response = admin_client.get(reverse("admin:registry_company_changelist"), {"q": company.uscc})
    assert company.name in response.content.decode()
    assert response.context["cl"].result_count == 1


def test_the_admin_is_closed_to_anonymous_visitors(client):
    response = client.get(reverse("admin:registry_penalty_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
