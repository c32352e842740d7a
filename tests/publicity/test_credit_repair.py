"""Credit repair (信用修复) through the public pages: a company applies to end a
penalty's publicity early; before the minimum period the application is
refused with the date from which one may apply; the agency's approval ends
publicity the same day."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from registry import services
from registry.models import Penalty, RepairApplication
from registry.publicity_rules import repair_allowed_from
from tests.factories import PenaltyFactory
from tests.staff import make_staff

pytestmark = pytest.mark.django_db

VALID = {
    "applicant": "张伟，法定代表人",
    "evidence": "罚款已于2025年7月1日缴清，虚假宣传内容已全部下架，附缴款凭证。",
    "contact": "zhang.wei@example.com",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_counts_and_english():
    cache.clear()
    with translation.override("en"):
        yield


def a_penalty(**fields):
    """A serious penalty decided on 2025-06-01, public until 2028-05-31."""
    fields.setdefault("severity", Penalty.Severity.SERIOUS)
    fields.setdefault("decided_on", datetime.date(2025, 6, 1))
    fields.setdefault("publicity_until", datetime.date(2028, 5, 31))
    return PenaltyFactory(**fields)


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10, 0)), tick=False)


def apply_url(penalty):
    return reverse("publicity:repair-new", args=[penalty.pk])


def test_every_public_penalty_links_to_its_credit_repair_form(client):
    penalty = a_penalty()
    with on(repair_allowed_from(penalty)):
        page = client.get(penalty.company.get_absolute_url()).content.decode()

    assert f'href="{apply_url(penalty)}"' in page
    assert "Apply for credit repair" in page


@pytest.mark.smoke
def test_the_day_before_the_minimum_period_has_passed_the_page_gives_the_date(client):
    penalty = a_penalty()
    allowed = repair_allowed_from(penalty)

    with on(allowed - datetime.timedelta(days=1)):
        page = client.get(apply_url(penalty)).content.decode()
        sent = client.post(apply_url(penalty), VALID)

    assert f"you can apply for credit repair from {allowed.isoformat()}" in page
    assert 'name="evidence"' not in page
    assert sent.status_code == 400
    assert f"you can apply for credit repair from {allowed.isoformat()}" in sent.content.decode()
    assert VALID["evidence"] in sent.content.decode()
    assert not RepairApplication.objects.exists()


@pytest.mark.parametrize("days_after", [0, 1])
def test_from_the_day_the_minimum_period_has_passed_a_company_may_apply(client, days_after):
    penalty = a_penalty()
    allowed = repair_allowed_from(penalty)

    with on(allowed + datetime.timedelta(days=days_after)):
        assert 'name="evidence"' in client.get(apply_url(penalty)).content.decode()
        response = client.post(apply_url(penalty), VALID)
        confirmation = client.get(response["Location"]).content.decode()

    application = RepairApplication.objects.get()
    assert response.status_code == 302
    assert application.penalty == penalty
    assert application.agency == penalty.agency
    assert application.state == RepairApplication.State.RECEIVED
    assert "Application received" in confirmation
    assert application.reference in confirmation
    assert VALID["contact"] not in confirmation
    assert VALID["evidence"] not in confirmation


def test_a_bad_application_comes_back_with_the_errors_and_what_was_typed(client):
    penalty = a_penalty()
    with on(repair_allowed_from(penalty)):
        response = client.post(apply_url(penalty), {**VALID, "evidence": "", "contact": ""})

    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in page
    assert 'href="#repair-evidence"' in page
    assert 'href="#repair-contact"' in page
    assert 'id="repair-evidence_error"' in page
    assert VALID["applicant"] in page
    assert not RepairApplication.objects.exists()


def test_a_second_application_while_one_waits_is_refused_with_a_clear_message(client):
    penalty = a_penalty()
    with on(repair_allowed_from(penalty)):
        client.post(apply_url(penalty), VALID)
        response = client.post(apply_url(penalty), VALID)

    assert response.status_code == 400
    assert "already waiting for a decision" in response.content.decode()
    assert RepairApplication.objects.count() == 1


def test_the_honeypot_and_the_limit_protect_the_repair_form_too(client, settings):
    settings.REDRESS_RATE_LIMIT = 1
    penalty = a_penalty()
    with on(repair_allowed_from(penalty)):
        caught = client.post(apply_url(penalty), {**VALID, "website": "http://x.example"})
        limited = client.post(apply_url(penalty), VALID)

    assert caught.status_code == 400
    assert limited.status_code == 429
    assert VALID["evidence"] in limited.content.decode()
    assert not RepairApplication.objects.exists()


def test_approval_ends_publicity_the_same_day_and_the_status_page_says_so(client):
    penalty = a_penalty()
    allowed = repair_allowed_from(penalty)
    approval_day = allowed + datetime.timedelta(days=10)
    with on(allowed):
        application = services.repair_apply(
            penalty=penalty, applicant="张伟", evidence="已整改", contact="x"
        )

    with on(approval_day):
        services.repair_approve(
            application=application,
            user=make_staff(penalty.agency, "clerk"),
            reply="整改到位，准予信用修复。",
        )
        status = client.get(application.get_absolute_url()).content.decode()

    penalty.refresh_from_db()
    assert penalty.publicity_until == approval_day
    assert "Approved" in status
    assert "整改到位，准予信用修复。" in status
    assert f"the penalty's publicity ended on {approval_day.isoformat()}" in status
    with on(approval_day + datetime.timedelta(days=1)):
        page = client.get(penalty.company.get_absolute_url()).content.decode()
    assert penalty.decision_number not in page
    # The history says who ended the publicity, and why.
    ended = penalty.history.get(history_change_reason__contains=application.reference)
    assert ended.history_user.username == "clerk"
    assert ended.publicity_until == approval_day


def test_a_penalty_the_public_cannot_see_has_no_repair_form(client):
    penalty = a_penalty(
        severity=Penalty.Severity.GENERAL, publicity_until=datetime.date(2025, 12, 31)
    )
    with on(datetime.date(2026, 1, 1)):
        assert client.get(apply_url(penalty)).status_code == 404
        assert client.post(apply_url(penalty), VALID).status_code == 404


def test_the_repair_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    penalty = a_penalty()
    with on(repair_allowed_from(penalty)):
        application = services.repair_apply(
            penalty=penalty, applicant="张伟", evidence="已整改", contact="x"
        )
        with django_assert_max_num_queries(3):
            assert client.get(apply_url(penalty)).status_code == 200
        with django_assert_max_num_queries(2):
            assert client.get(application.get_absolute_url()).status_code == 200
