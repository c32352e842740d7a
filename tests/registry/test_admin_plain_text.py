"""The admin's text fields refuse characters that cannot be shown (control
characters, U+FFFD), as the public forms do (``registry.plain_text``): the
form comes back with the error naming the field, and nothing is saved."""

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from registry.models import CreditList, Penalty
from registry.plain_text import MESSAGE_TAKEN_OUT, PlainTextField
from tests import factories
from tests.staff import change_page_data, login, make_staff, make_superuser

pytestmark = pytest.mark.django_db


def refusal_in_chinese(label) -> str:
    """The refusal naming ``label``, as the admin shows it (in Chinese)."""
    with translation.override("zh-hans"):
        return str(MESSAGE_TAKEN_OUT % {"field": capfirst(gettext(label))})


@pytest.fixture
def bureau():
    return factories.AgencyFactory(name="北京市海淀区市场监督管理局")


def test_a_draft_edited_with_a_control_character_is_not_saved(client, bureau):
    penalty = factories.PenaltyFactory(agency=bureau, state="draft", violation_facts="虚假宣传")
    login(client, make_staff(bureau, "maker"))
    change = reverse("admin:registry_penalty_change", args=[penalty.pk])
    data = change_page_data(client.get(change))
    data["violation_facts"] = "虚假\x1b宣传，情节严重"
    data["penalty_content"] = "罚款\ufffd一万元"

    response = client.post(change, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"violation_facts", "penalty_content"}
    assert errors["violation_facts"] == [refusal_in_chinese(_("facts of the violation"))]
    penalty.refresh_from_db()
    assert penalty.violation_facts == "虚假宣传"


def test_a_rejection_reason_with_a_control_character_is_refused(client, bureau):
    penalty = factories.PenaltyFactory(agency=bureau, state="pending")
    login(client, make_staff(bureau, "checker"))
    reject = reverse("admin:registry_penalty_reject", args=[penalty.pk])

    response = client.post(reject, {"rejection_reason": "罚款金额\x07有误"})

    assert response.status_code == 200
    assert refusal_in_chinese(_("Reason for rejection")) in response.content.decode()
    assert Penalty.objects.get(pk=penalty.pk).state == "pending"


def test_only_plain_text_fields_are_swapped_a_code_field_keeps_its_own_check(rf):
    request = rf.get("/")
    request.user = make_superuser()

    form = admin.site._registry[CreditList].get_form(request, None)

    assert isinstance(form.base_fields["name"], PlainTextField)
    assert isinstance(form.base_fields["code"], forms.SlugField)
    assert not isinstance(form.base_fields["code"], PlainTextField)
