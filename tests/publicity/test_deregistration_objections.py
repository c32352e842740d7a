"""Objections to a simplified deregistration: the public form during the
notice's 20 days only (day 20 accepted, day 21 refused), its honeypot and rate
limit, the reference and status page, and the authority's decision in the
admin, after which the objection is shown with the notice."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from registry.models import DeregistrationObjection
from registry.models.base import RecordState
from tests.factories import AgencyFactory
from tests.factories_filings import DeregistrationNoticeFactory
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db

VALID = {
    "objector_kind": "creditor",
    "reason": "该公司尚欠我方货款十万元未付。",
    "contact": "creditor@example.org",
    "website": "",
}
FIRST_DAY = datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _fresh_counts_and_english():
    cache.clear()
    with translation.override("en"):
        yield


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False)


def form_url(notice):
    return reverse("publicity:deregistration-objection-new", args=[notice.pk])


def send(client, notice, extra=None, **changes):
    return client.post(form_url(notice), {**VALID, **changes}, **(extra or {}))


@pytest.mark.smoke
def test_an_objection_on_the_twentieth_day_is_accepted(client):
    notice = DeregistrationNoticeFactory(starts_on=FIRST_DAY)
    with on(datetime.date(2026, 3, 20)):
        assert client.get(form_url(notice)).status_code == 200
        response = send(client, notice)

    assert response.status_code == 302
    objection = DeregistrationObjection.objects.get()
    assert objection.received_on == datetime.date(2026, 3, 20)
    assert objection.company == notice.company and objection.agency == notice.agency
    with on(datetime.date(2026, 3, 20)):
        status = client.get(response["Location"]).content.decode()
    assert objection.reference in status
    assert "creditor@example.org" not in status


def test_on_the_twenty_first_day_the_page_says_the_period_is_over(client):
    notice = DeregistrationNoticeFactory(starts_on=FIRST_DAY)
    with on(datetime.date(2026, 3, 21)):
        page = client.get(form_url(notice))
        sent = send(client, notice)

    assert page.status_code == 410
    assert "The objection period is over" in page.content.decode()
    assert "until 2026-03-20" in page.content.decode()
    assert sent.status_code == 410
    assert not DeregistrationObjection.objects.exists()


def test_on_the_first_day_objections_are_taken_and_before_it_the_notice_is_not_public(client):
    notice = DeregistrationNoticeFactory(starts_on=FIRST_DAY)
    with on(datetime.date(2026, 2, 28)):
        assert client.get(form_url(notice)).status_code == 404
    with on(FIRST_DAY):
        assert send(client, notice).status_code == 302


def test_a_draft_notice_takes_no_objection(client):
    notice = DeregistrationNoticeFactory(starts_on=FIRST_DAY, state=RecordState.DRAFT)
    with on(FIRST_DAY):
        assert client.get(form_url(notice)).status_code == 404


def test_a_bad_submission_comes_back_with_its_errors(client):
    notice = DeregistrationNoticeFactory(starts_on=FIRST_DAY)
    with on(FIRST_DAY):
        response = send(client, notice, objector_kind="", reason=" ")

    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in page
    assert "Say who you are" in page
    assert "Say why the company should not be deregistered this way." in page
    assert not DeregistrationObjection.objects.exists()


def test_the_honeypot_refuses_a_program(client):
    notice = DeregistrationNoticeFactory(starts_on=FIRST_DAY)
    with on(FIRST_DAY):
        response = send(client, notice, website="http://spam.example")

    assert response.status_code == 400
    assert "Your form could not be sent" in response.content.decode()
    assert not DeregistrationObjection.objects.exists()


def test_past_the_limit_a_client_is_refused_with_its_text_kept(client, settings):
    settings.REDRESS_RATE_LIMIT = 2
    notice = DeregistrationNoticeFactory(starts_on=FIRST_DAY)
    with on(FIRST_DAY):
        assert [send(client, notice).status_code for _ in range(2)] == [302, 302]
        response = send(client, notice, reason="第三次异议")

    assert response.status_code == 429
    assert "第三次异议" in response.content.decode()
    assert DeregistrationObjection.objects.count() == 2


def test_the_authority_decides_in_the_admin_and_the_objection_joins_the_notice(client):
    agency = AgencyFactory()
    notice = DeregistrationNoticeFactory(starts_on=FIRST_DAY, agency=agency)
    with on(datetime.date(2026, 3, 5)):
        send(client, notice)
    objection = DeregistrationObjection.objects.get()
    other = AgencyFactory()
    outsider = login(client.__class__(), make_staff(other, "outsider"))
    url = reverse("admin:registry_deregistrationobjection_change", args=[objection.pk])
    assert outsider.get(url).status_code in (302, 404)

    staff = login(client.__class__(), make_staff(agency, "registrar"))
    assert VALID["reason"] in staff.get(url).content.decode()
    with on(datetime.date(2026, 3, 25)):
        assert VALID["reason"] not in client.get(notice.company.get_absolute_url()).content.decode()
        response = staff.post(url, {"outcome": "uphold", "reply": "异议成立，不予简易注销。"})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.state == "upheld"
    with on(datetime.date(2026, 3, 25)):
        html = client.get(notice.company.get_absolute_url()).content.decode()
    assert VALID["reason"] in html
    assert "异议成立，不予简易注销。" in html
