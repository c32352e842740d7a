"""Property-based fuzzing of the admin's lists (hypothesis): for every model
the admin lists, its search (``q``), its filters (each ``list_filter``'s
parameters), sorting (``o``), paging (``p``) and the date drill-down, as a
central administrator and as an agency's staff member. Whatever is sent, no
answer is a 5xx and nothing is echoed unescaped (``conftest.CheckedClient``)."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings

from tests.factories import CasePartyFactory, ListEntryFactory, PenaltyFactory
from tests.factories_company_page import LicenceFactory
from tests.fuzz import strategies as fuzz
from tests.fuzz.strategies import EXAMPLES, SETTINGS
from tests.staff import login, make_staff, make_superuser


def changelists() -> list[tuple[str, list[str]]]:
    """Each registered model's list URL name and the parameters it reads."""
    found = []
    for model, model_admin in admin.site._registry.items():
        names = [SEARCH_VAR, ORDER_VAR, PAGE_VAR, "all", "e", "_changelist_filters"]
        for spec in model_admin.list_filter:
            field = spec[0] if isinstance(spec, tuple) else spec
            if isinstance(field, str):
                names += [field, f"{field}__exact", f"{field}__id__exact", f"{field}__isnull"]
                names += [f"{field}__gte", f"{field}__lt"]
            elif hasattr(field, "parameter_name"):
                names.append(field.parameter_name)
        if model_admin.date_hierarchy:
            hierarchy = model_admin.date_hierarchy
            names += [f"{hierarchy}__year", f"{hierarchy}__month", f"{hierarchy}__day"]
        meta = model._meta
        found.append((f"admin:{meta.app_label}_{meta.model_name}_changelist", names))
    return found


# A year past Python's dates once gave a 500 (registry/admin/changelists.py).
NUMBERS = ["9" * 30, str(2**63), "-" + "9" * 20, "²", "0"]


@pytest.fixture
def records(db):
    penalty = PenaltyFactory()
    LicenceFactory(company=penalty.company, agency=penalty.agency)
    CasePartyFactory(company=penalty.company)
    ListEntryFactory(company=penalty.company, authority=penalty.agency)
    return penalty


@pytest.mark.parametrize("who", ["central", "agency"])
def test_admin_lists_survive_any_search_and_filter(records, fuzz_client, who):
    fuzz_client.suite = "admin"
    user = make_superuser() if who == "central" else make_staff(records.agency, "clerk")
    login(fuzz_client, user)
    lists = changelists()
    assert len(lists) >= 10
    for url_name, names in lists:
        url = reverse(url_name)
        for value in fuzz.CORPUS[::3]:
            fuzz_client.get(url, {SEARCH_VAR: value})
        for raw in fuzz.INVALID_UTF8:
            fuzz_client.get(f"{url}?{SEARCH_VAR}={raw}")
        if who == "central":  # numbers out of every range, in every parameter
            for name in names:
                for value in NUMBERS:
                    fuzz_client.get(url, {name: value})
        drawn_queries(fuzz_client, url, names)


def drawn_queries(client, url, names):
    @hypothesis_settings(SETTINGS, max_examples=max(5, EXAMPLES // 4))
    @given(query=fuzz.params(names))
    def one(query):
        client.get(url, query)

    one()
