"""Objections (异议) through the public pages: the link on every public record,
the form (errors, honeypot, rate limit), the confirmation with a reference
number, the public status page, and the "under objection" badge."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from registry import services
from registry.models import Objection
from registry.models.base import RecordState
from registry.models.redress import normalize_reference
from tests.factories import CasePartyFactory, CompanyFactory, ListEntryFactory, PenaltyFactory
from tests.factories_company_page import LicenceFactory, RatingFactory
from tests.staff import make_staff

pytestmark = pytest.mark.django_db

VALID = {
    "grounds": "wrong",
    "description": "罚款金额应为五千元，不是五万元。",
    "contact": "objector@example.org",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_counts_and_english():
    cache.clear()
    with (
        time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False),
        translation.override("en"),
    ):
        yield


def new_url(kind, pk):
    return reverse("publicity:objection-new", args=[kind, pk])


def send(client, penalty, extra=None, **changes):
    return client.post(new_url("penalty", penalty.pk), {**VALID, **changes}, **(extra or {}))


def company_page(client, company):
    return client.get(company.get_absolute_url()).content.decode()


def test_every_public_record_on_the_company_page_links_to_its_objection_form(client):
    company = CompanyFactory()
    penalty = PenaltyFactory(company=company)
    licence = LicenceFactory(company=company)
    entry = ListEntryFactory(company=company)
    rating = RatingFactory(company=company)
    case = CasePartyFactory(company=company).case

    page = company_page(client, company)

    for kind, record in [
        ("penalty", penalty),
        ("licence", licence),
        ("entry", entry),
        ("rating", rating),
        ("case", case),
    ]:
        assert f'href="{new_url(kind, record.pk)}"' in page
        assert client.get(new_url(kind, record.pk)).status_code == 200
    assert page.count("Object to this record") == 5


def test_a_record_the_public_cannot_see_has_no_objection_form(client):
    draft = PenaltyFactory(state=RecordState.DRAFT)
    expired = PenaltyFactory(publicity_until=datetime.date(2026, 3, 1))

    assert client.get(new_url("penalty", draft.pk)).status_code == 404
    assert client.get(new_url("penalty", expired.pk)).status_code == 404
    assert client.get(new_url("nonsense", expired.pk)).status_code == 404
    assert send(client, draft).status_code == 404
    assert not Objection.objects.exists()


@pytest.mark.smoke
def test_an_objection_gets_a_reference_number_and_a_status_page_without_the_contact(client):
    penalty = PenaltyFactory()

    response = send(client, penalty)

    objection = Objection.objects.get()
    assert re.fullmatch(r"26-[2-9A-Z]{4}-[2-9A-Z]{4}", objection.reference)
    assert objection.penalty == penalty
    assert objection.agency == penalty.agency
    assert objection.state == Objection.State.RECEIVED
    assert objection.contact == "objector@example.org"
    assert response.status_code == 302
    confirmation = client.get(response["Location"]).content.decode()
    assert "Objection received" in confirmation
    assert objection.reference in confirmation
    assert "Received" in confirmation
    assert penalty.decision_number in confirmation
    assert "objector@example.org" not in confirmation
    assert VALID["description"] not in confirmation


def test_the_status_page_is_found_by_its_reference_typed_loosely(client):
    objection = services.objection_submit(
        record=PenaltyFactory(), grounds="other", description="x", contact="y"
    )
    typed = objection.reference.lower().replace("-", " ")

    response = client.get(reverse("publicity:redress-follow"), {"reference": typed})

    assert response.status_code == 302
    assert response["Location"] == objection.get_absolute_url()
    assert normalize_reference(typed) == objection.reference


def test_an_unknown_reference_gets_a_clear_message_not_a_500(client):
    response = client.get(reverse("publicity:redress-follow"), {"reference": "26-AAAA-AAAA"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "No objection or application has this reference number" in page
    assert "<title>Error:" in page
    unknown = reverse("publicity:objection-status", args=["26-AAAA-AAAA"])
    assert client.get(unknown).status_code == 404


def test_a_bad_submission_comes_back_with_every_error_at_the_top_and_by_its_field(client):
    penalty = PenaltyFactory()

    response = send(client, penalty, grounds="", description="  ", contact="0123456789")

    page = response.content.decode()
    assert response.status_code == 400
    assert not Objection.objects.exists()
    assert "<title>Error:" in page
    summary = page[page.index('class="form-errors"') :]
    summary = summary[: summary.index("</ul>")]
    assert 'href="#objection-grounds_0"' in summary
    assert 'href="#objection-description"' in summary
    assert "Choose the grounds of your objection." in summary
    assert "Say what is wrong with the record." in summary
    assert 'id="objection-description_error"' in page
    assert 'aria-describedby="objection-description_helptext objection-description_error"' in page
    # Nothing typed is lost.
    assert 'value="0123456789"' in page


def test_what_was_typed_stays_in_the_form_when_one_field_is_wrong(client):
    penalty = PenaltyFactory()

    response = send(client, penalty, contact="")

    page = response.content.decode()
    assert response.status_code == 400
    assert VALID["description"] in page
    assert re.search(r'<input type="radio" name="grounds" value="wrong"[^>]* checked', page)


def test_the_honeypot_is_hidden_from_people_and_refuses_a_filled_form_keeping_the_rest(client):
    penalty = PenaltyFactory()
    form_page = client.get(new_url("penalty", penalty.pk)).content.decode()
    assert re.search(r'<div class="honeypot" aria-hidden="true">', form_page)
    assert re.search(r'name="website"[^>]*tabindex="-1"', form_page)

    response = send(client, penalty, website="http://spam.example")

    page = response.content.decode()
    assert response.status_code == 400
    assert not Objection.objects.exists()
    assert "Your form could not be sent" in page
    assert VALID["description"] in page
    assert "spam.example" not in page


def test_past_the_limit_a_client_is_refused_with_its_text_kept(client, settings):
    settings.REDRESS_RATE_LIMIT = 2
    penalty = PenaltyFactory()
    assert [send(client, penalty).status_code for _ in range(2)] == [302, 302]

    response = send(client, penalty, description="第三次异议")

    page = response.content.decode()
    assert response.status_code == 429
    assert "more than 2 forms in the last hour" in page
    assert "第三次异议" in page
    assert Objection.objects.count() == 2
    # Another client is not held back.
    assert send(client, penalty, {"REMOTE_ADDR": "203.0.113.9"}).status_code == 302


def test_the_form_is_protected_by_csrf(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    penalty = PenaltyFactory()

    refused = strict.post(new_url("penalty", penalty.pk), VALID)

    assert refused.status_code == 403
    assert "The form could not be sent" in refused.content.decode()
    assert "reload the page, and send the form again" in refused.content.decode()
    assert not Objection.objects.exists()
    assert "csrfmiddlewaretoken" in client.get(new_url("penalty", penalty.pk)).content.decode()


def test_a_record_under_objection_shows_a_badge_until_the_objection_is_decided(client):
    company = CompanyFactory()
    penalty = PenaltyFactory(company=company)
    other = PenaltyFactory(company=company)
    licence = LicenceFactory(company=company)
    objection = services.objection_submit(
        record=penalty, grounds="wrong", description="x", contact="y"
    )
    services.objection_submit(record=licence, grounds="private", description="x", contact="y")

    page = company_page(client, company)

    assert page.count("Under objection") == 2
    penalty_block = page[page.index(f'id="penalty-{penalty.pk}"') :]
    penalty_block = penalty_block[: penalty_block.index("</details>")]
    assert "Under objection" in penalty_block
    other_block = page[page.index(f'id="penalty-{other.pk}"') :]
    assert "Under objection" not in other_block[: other_block.index("</details>")]

    staff = make_staff(penalty.agency, "reviewer")
    services.objection_reject(objection=objection, user=staff, reply="处罚决定书核对无误。")

    assert company_page(client, company).count("Under objection") == 1


def test_the_status_page_shows_the_agencys_reply_once_decided(client):
    penalty = PenaltyFactory()
    objection = services.objection_submit(
        record=penalty, grounds="wrong", description="x", contact="y"
    )
    staff = make_staff(penalty.agency, "reviewer")
    services.objection_start_review(objection=objection, user=staff)
    assert "Under review" in client.get(objection.get_absolute_url()).content.decode()

    services.objection_uphold(objection=objection, user=staff, reply="金额已更正。", withdraw=True)

    page = client.get(objection.get_absolute_url()).content.decode()
    assert "Upheld" in page
    assert "金额已更正。" in page
    assert "withdrew the record" in page
    assert penalty.decision_number not in company_page(client, penalty.company)


def test_the_objection_pages_are_in_chinese_at_the_default_address(client):
    penalty = PenaltyFactory()
    with translation.override("zh-hans"):
        url = new_url("penalty", penalty.pk)

        page = client.get(url).content.decode()

        assert url.startswith("/objections/")
        assert '<html lang="zh-Hans">' in page
        assert "对记录提出异议" in page


def test_the_objection_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    company = CompanyFactory()
    penalties = PenaltyFactory.create_batch(5, company=company)
    for penalty in penalties:
        services.objection_submit(record=penalty, grounds="wrong", description="x", contact="y")
    objection = Objection.objects.first()

    with django_assert_max_num_queries(3):
        client.get(new_url("penalty", penalties[0].pk))
    with django_assert_max_num_queries(2):
        client.get(objection.get_absolute_url())
