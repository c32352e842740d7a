"""The agencies' queue of objections and credit-repair applications: scoped to
the agency that owns the record, every step through the services, every step
in the history."""

import datetime

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from registry import redress, services
from registry.models import Objection, Penalty
from registry.models.base import RecordState, WithdrawalKind
from tests.factories import AgencyFactory, CasePartyFactory, PenaltyFactory
from tests.staff import login, make_staff, make_superuser

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:registry_objection_changelist"


def chinese(message):
    """The admin speaks Chinese, the site's default language."""
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False):
        yield


def object_to(record, grounds="wrong"):
    return services.objection_submit(
        record=record, grounds=grounds, description="金额有误", contact="13800000000"
    )


def change_url(objection):
    return reverse("admin:registry_objection_change", args=[objection.pk])


def test_staff_see_only_objections_about_their_own_agencys_records(client):
    mine, theirs = PenaltyFactory(), PenaltyFactory()
    own, other = object_to(mine), object_to(theirs)
    login(client, make_staff(mine.agency, "clerk"))

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert own.reference in page
    assert other.reference not in page
    assert client.get(change_url(other)).status_code == 404
    response = client.post(change_url(other), {"outcome": "reject", "reply": "no"})
    assert response.status_code == 404
    assert Objection.objects.get(pk=other.pk).state == Objection.State.RECEIVED


def test_a_central_administrator_sees_every_objection(client):
    first, second = object_to(PenaltyFactory()), object_to(CasePartyFactory().case)
    login(client, make_superuser())

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert first.reference in page
    assert second.reference in page


def test_the_decision_page_shows_the_contact_and_the_description_to_the_agency(client):
    penalty = PenaltyFactory()
    objection = object_to(penalty)
    login(client, make_staff(penalty.agency, "clerk"))

    page = client.get(change_url(objection)).content.decode()

    assert "13800000000" in page
    assert "金额有误" in page
    assert penalty.decision_number in page


def test_staff_start_the_review_then_uphold_and_the_record_is_withdrawn(client):
    penalty = PenaltyFactory()
    objection = object_to(penalty)
    clerk = make_staff(penalty.agency, "clerk")
    login(client, clerk)

    client.post(change_url(objection), {"action": "start_review"})
    objection.refresh_from_db()
    assert objection.state == Objection.State.UNDER_REVIEW
    assert objection.review_started_by == clerk

    response = client.post(
        change_url(objection),
        {"outcome": "uphold_withdraw", "reply": "处罚金额已更正，原记录撤下。"},
    )

    assert response.status_code == 302
    objection.refresh_from_db()
    penalty = Penalty.objects.get(pk=penalty.pk)
    assert objection.state == Objection.State.UPHELD
    assert objection.record_withdrawn
    assert objection.decided_by == clerk
    assert penalty.state == RecordState.WITHDRAWN
    assert penalty.withdrawal_kind == WithdrawalKind.CORRECTED
    assert objection.reference in penalty.withdrawal_reason
    assert not Penalty.objects.public().filter(pk=penalty.pk).exists()
    # Every step is in the history, with who did it.
    steps = list(objection.history.order_by("history_date"))
    assert [step.state for step in steps] == ["received", "under_review", "upheld"]
    assert [step.history_user for step in steps] == [None, clerk, clerk]
    assert penalty.history.latest().history_user == clerk


def test_upholding_without_withdrawing_leaves_the_record_for_the_staff_to_correct(client):
    penalty = PenaltyFactory()
    objection = object_to(penalty)
    login(client, make_staff(penalty.agency, "clerk"))

    client.post(change_url(objection), {"outcome": "uphold", "reply": "将更正法定代表人姓名。"})

    objection.refresh_from_db()
    assert objection.state == Objection.State.UPHELD
    assert not objection.record_withdrawn
    assert Penalty.objects.get(pk=penalty.pk).state == RecordState.PUBLISHED


def test_a_rejection_needs_a_reply_and_gets_the_form_back_with_the_error(client):
    penalty = PenaltyFactory()
    objection = object_to(penalty)
    login(client, make_staff(penalty.agency, "clerk"))

    response = client.post(change_url(objection), {"outcome": "reject", "reply": "  "})

    assert response.status_code == 400
    assert chinese("Write the reply: it is shown to the objector.") in response.content.decode()
    objection.refresh_from_db()
    assert objection.state == Objection.State.RECEIVED

    client.post(change_url(objection), {"outcome": "reject", "reply": "决定书核对无误。"})

    objection.refresh_from_db()
    assert objection.state == Objection.State.REJECTED
    assert objection.reply == "决定书核对无误。"
    assert Penalty.objects.get(pk=penalty.pk).state == RecordState.PUBLISHED


def test_a_decided_objection_cannot_be_decided_again(client):
    penalty = PenaltyFactory()
    objection = object_to(penalty)
    clerk = make_staff(penalty.agency, "clerk")
    services.objection_reject(objection=objection, user=clerk, reply="无误")
    login(client, clerk)

    response = client.post(change_url(objection), {"outcome": "uphold_withdraw", "reply": "x"})

    assert response.status_code == 400
    assert chinese("This objection was already decided.") in response.content.decode()
    assert Penalty.objects.get(pk=penalty.pk).state == RecordState.PUBLISHED


def test_nothing_is_added_or_deleted_in_the_queue(client):
    penalty = PenaltyFactory()
    objection = object_to(penalty)
    login(client, make_superuser())

    assert client.get(reverse("admin:registry_objection_add")).status_code == 403
    delete = reverse("admin:registry_objection_delete", args=[objection.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Objection.objects.filter(pk=objection.pk).exists()


def test_waiting_for_counts_what_waits_for_an_agency():
    agency = AgencyFactory()
    first, second = PenaltyFactory(agency=agency), PenaltyFactory(agency=agency)
    object_to(first)
    started = object_to(second)
    services.objection_start_review(objection=started, user=make_staff(agency, "clerk"))
    object_to(PenaltyFactory())

    assert redress.waiting_for(agency) == {
        "objections_received": 1,
        "objections_under_review": 1,
        "repair_applications": 0,
    }
    assert redress.waiting_for(None)["objections_received"] == 2


def test_the_queue_is_registered_in_the_admin():
    assert Objection in admin.site._registry


# --- credit repair ---------------------------------------------------------------


def apply_for_repair(penalty):
    from registry.publicity_rules import repair_allowed_from

    with time_machine.travel(repair_allowed_from(penalty), tick=False):
        return services.repair_apply(
            penalty=penalty, applicant="张伟，法定代表人", evidence="罚款已缴清", contact="x@y.cn"
        )


def repair_url(application):
    return reverse("admin:registry_repairapplication_change", args=[application.pk])


def serious_penalty(**fields):
    return PenaltyFactory(
        severity=Penalty.Severity.SERIOUS,
        decided_on=datetime.date(2024, 1, 10),
        publicity_until=datetime.date(2027, 1, 9),
        **fields,
    )


def test_staff_see_only_repair_applications_for_their_own_agencys_penalties(client):
    mine, theirs = serious_penalty(), serious_penalty()
    own, other = apply_for_repair(mine), apply_for_repair(theirs)
    login(client, make_staff(mine.agency, "clerk"))

    page = client.get(reverse("admin:registry_repairapplication_changelist")).content.decode()

    assert own.reference in page
    assert other.reference not in page
    assert client.get(repair_url(other)).status_code == 404
    assert "罚款已缴清" in client.get(repair_url(own)).content.decode()


def test_approving_a_repair_ends_the_penaltys_publicity_today(client):
    penalty = serious_penalty()
    application = apply_for_repair(penalty)
    clerk = make_staff(penalty.agency, "clerk")
    login(client, clerk)

    response = client.post(
        repair_url(application), {"outcome": "approve", "reply": "整改到位，准予修复。"}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    penalty.refresh_from_db()
    assert application.state == application.State.APPROVED
    assert application.publicity_ended_on == datetime.date(2026, 3, 2)
    assert application.decided_by == clerk
    assert penalty.publicity_until == datetime.date(2026, 3, 2)
    assert [h.state for h in application.history.order_by("history_date")] == [
        "received",
        "approved",
    ]
    assert redress.waiting_for(penalty.agency)["repair_applications"] == 0


def test_rejecting_a_repair_needs_a_reply_and_leaves_the_penalty_public(client):
    penalty = serious_penalty()
    application = apply_for_repair(penalty)
    assert redress.waiting_for(penalty.agency)["repair_applications"] == 1
    login(client, make_staff(penalty.agency, "clerk"))

    refused = client.post(repair_url(application), {"outcome": "reject", "reply": ""})
    client.post(repair_url(application), {"outcome": "reject", "reply": "整改材料不全。"})

    assert refused.status_code == 400
    assert chinese("Write the reply: it is shown to the applicant.") in refused.content.decode()
    application.refresh_from_db()
    penalty.refresh_from_db()
    assert application.state == application.State.REJECTED
    assert application.reply == "整改材料不全。"
    assert penalty.publicity_until == datetime.date(2027, 1, 9)


def test_the_agency_dashboard_counts_the_objections_waiting(client):
    mine, theirs = PenaltyFactory(), PenaltyFactory()
    object_to(mine)
    object_to(mine)
    object_to(theirs)
    waiting = chinese("Objections received")
    objections = reverse(CHANGELIST) + "?state__exact=received"

    login(client, make_staff(mine.agency, "clerk"))
    dashboard = client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{objections}">{waiting}: 2</a>' in dashboard

    login(client, make_staff(AgencyFactory(), "elsewhere"))
    assert waiting not in client.get(reverse("admin:index")).content.decode()
