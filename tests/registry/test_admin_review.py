"""Maker-checker through the admin: a record entered by one staff member is
public only once a colleague of the same agency approves it; a published
record is withdrawn, never deleted; a removal from a list is reviewed too."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from registry.models import ListEntry, Penalty, RemovalRequest
from registry.models.base import WithdrawalKind
from tests import factories
from tests.staff import login, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau():
    return factories.AgencyFactory(name="北京市海淀区市场监督管理局")


@pytest.fixture
def maker(bureau):
    return make_staff(bureau, "maker")


@pytest.fixture
def checker(bureau):
    return make_staff(bureau, "checker")


@pytest.fixture
def company():
    return factories.CompanyFactory(name="北京丙丁贸易有限公司")


def public_page(client, company) -> str:
    client.logout()
    return client.get(reverse("publicity:company-detail", args=[company.uscc])).content.decode()


def add_penalty(client, company, number="海市监罚〔2026〕101号"):
    response = client.post(
        reverse("admin:registry_penalty_add"),
        {
            "decision_number": number,
            "company": company.pk,
            "violation_type": "food_safety",
            "violation_facts": "销售超过保质期的食品",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
            "penalty_content": "罚款人民币二万元",
            "categories": ["fine"],
            "fine_amount": "20000",
            "severity": "general",
            "decided_on": "2026-11-02",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Penalty.objects.get(decision_number=number)


def post(client, user, name, record, action, data=None):
    login(client, user)
    return client.post(
        reverse(f"admin:registry_{name}_{action}", args=[record.pk]), data or {}, follow=True
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def chinese(message):
    """The admin speaks the site's default language, Chinese."""
    with translation.override("zh-hans"):
        return gettext(message)


def test_a_penalty_is_public_only_after_a_colleague_approves_it(client, maker, checker, company):
    login(client, maker)
    penalty = add_penalty(client, company)
    assert penalty.state == "draft"
    assert penalty.decision_number not in public_page(client, company)

    post(client, maker, "penalty", penalty, "submit")
    penalty.refresh_from_db()
    assert penalty.state == "pending" and penalty.submitted_by == maker
    assert penalty.decision_number not in public_page(client, company)

    # The maker cannot approve their own record.
    response = post(client, maker, "penalty", penalty, "approve")
    refusal = chinese("You entered or submitted this record: a colleague must review it.")
    assert refusal in messages_of(response)
    penalty.refresh_from_db()
    assert penalty.state == "pending"

    post(client, checker, "penalty", penalty, "approve")
    penalty.refresh_from_db()
    assert penalty.state == "published" and penalty.reviewed_by == checker
    assert penalty.decision_number in public_page(client, company)

    # Each step is in the history, with who did it.
    steps = [(h.state, h.history_user) for h in penalty.history.order_by("history_date")]
    assert steps[-3:] == [("draft", maker), ("pending", maker), ("published", checker)]


def test_a_staff_member_of_another_agency_cannot_approve(client, maker, company):
    login(client, maker)
    penalty = add_penalty(client, company)
    post(client, maker, "penalty", penalty, "submit")
    stranger = make_staff(factories.AgencyFactory(), "stranger")
    response = post(client, stranger, "penalty", penalty, "approve")
    assert response.status_code == 404
    penalty.refresh_from_db()
    assert penalty.state == "pending"


def test_a_rejected_record_goes_back_to_its_maker_with_the_reason(client, maker, checker, company):
    login(client, maker)
    penalty = add_penalty(client, company)
    post(client, maker, "penalty", penalty, "submit")

    # A rejection needs a reason: the form comes back.
    response = post(client, checker, "penalty", penalty, "reject", {"rejection_reason": ""})
    assert response.context["form"].errors
    penalty.refresh_from_db()
    assert penalty.state == "pending"

    post(
        client, checker, "penalty", penalty, "reject", {"rejection_reason": "罚款金额与决定书不符"}
    )
    penalty.refresh_from_db()
    assert penalty.state == "draft" and penalty.rejection_reason == "罚款金额与决定书不符"
    login(client, maker)
    page = client.get(reverse("admin:registry_penalty_change", args=[penalty.pk]))
    assert "罚款金额与决定书不符" in page.content.decode()
    assert page.context["has_change_permission"] is True


def test_a_published_record_is_withdrawn_not_deleted(client, maker, company, bureau):
    recent = datetime.date.today() - datetime.timedelta(days=30)  # inside its publicity
    penalty = factories.PenaltyFactory(agency=bureau, company=company, decided_on=recent)
    assert penalty.decision_number in public_page(client, company)

    response = post(client, maker, "penalty", penalty, "withdraw", {"withdrawal_kind": "revoked"})
    assert set(response.context["form"].errors) == {"withdrawal_reason", "withdrawn_on"}

    post(
        client,
        maker,
        "penalty",
        penalty,
        "withdraw",
        {
            "withdrawal_kind": "revoked",
            "withdrawal_reason": "经行政复议撤销（京海复决〔2026〕3号）",
            "withdrawn_on": "2026-11-20",
        },
    )
    penalty.refresh_from_db()
    assert penalty.state == "withdrawn"
    assert penalty.withdrawn_on == datetime.date(2026, 11, 20)
    assert penalty.decision_number not in public_page(client, company)
    assert Penalty.objects.filter(pk=penalty.pk).exists()
    with translation.override("zh-hans"):
        reason = gettext("withdrawn (%(kind)s)") % {"kind": WithdrawalKind.REVOKED.label}
    assert penalty.history.first().history_change_reason == reason


def test_only_a_draft_may_be_deleted(client, maker, company):
    login(client, maker)
    penalty = add_penalty(client, company)
    delete = reverse("admin:registry_penalty_delete", args=[penalty.pk])
    post(client, maker, "penalty", penalty, "submit")
    assert client.post(delete, {"post": "yes"}).status_code == 403
    penalty.refresh_from_db()
    penalty.state = "draft"
    penalty.save()
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Penalty.objects.filter(pk=penalty.pk).exists()


def test_a_removal_from_a_list_is_proposed_then_approved_by_a_colleague(
    client, maker, checker, company, bureau
):
    entry = factories.ListEntryFactory(authority=bureau, company=company)
    remove = reverse("admin:registry_listentry_remove", args=[entry.pk])
    login(client, maker)
    response = client.post(
        remove, {"removed_on": "2026-11-20", "reason": "", "decision_number": ""}
    )
    assert set(response.context["form"].errors) == {"reason", "decision_number"}

    client.post(
        remove,
        {
            "removed_on": "2026-11-20",
            "reason": "已通过登记的住所可以联系",
            "decision_number": "京海市监移出〔2026〕5号",
        },
    )
    request = RemovalRequest.objects.get(entry=entry)
    entry.refresh_from_db()
    assert entry.removed_on is None  # not until reviewed

    response = post(client, maker, "removalrequest", request, "approve")
    refusal = chinese("You proposed this removal: a colleague must review it.")
    assert refusal in messages_of(response)
    entry.refresh_from_db()
    assert entry.removed_on is None

    post(client, checker, "removalrequest", request, "approve")
    entry.refresh_from_db()
    request.refresh_from_db()
    assert request.state == "approved" and request.reviewed_by == checker
    assert entry.removed_on == datetime.date(2026, 11, 20)
    assert entry.removal_decision_number == "京海市监移出〔2026〕5号"
    assert not ListEntry.objects.public().open().filter(pk=entry.pk).exists()


def test_the_review_queue_and_dashboard_show_what_waits(client, maker, checker, company):
    login(client, maker)
    penalty = add_penalty(client, company)
    post(client, maker, "penalty", penalty, "submit")
    stranger = make_staff(factories.AgencyFactory(), "stranger")

    login(client, checker)
    queue = client.get(reverse("review-queue")).content.decode()
    assert penalty.decision_number in queue
    index = client.get(reverse("admin:index"))
    dashboard = index.content.decode()
    assert "北京市海淀区市场监督管理局" in dashboard and penalty.decision_number in dashboard

    login(client, stranger)
    assert penalty.decision_number not in client.get(reverse("review-queue")).content.decode()


def test_the_dashboard_lists_penalties_whose_publicity_ends_within_30_days(
    client, maker, bureau, company
):
    today = datetime.date.today()
    # A general penalty is public for at most a year from its decision.
    ending = factories.PenaltyFactory(
        agency=bureau, company=company, decided_on=today - datetime.timedelta(days=350)
    )
    later = factories.PenaltyFactory(
        agency=bureau, company=company, decided_on=today - datetime.timedelta(days=100)
    )
    other_agency = factories.PenaltyFactory(decided_on=today - datetime.timedelta(days=350))
    login(client, maker)
    dashboard = client.get(reverse("admin:index")).content.decode()
    assert ending.decision_number in dashboard
    assert later.decision_number not in dashboard
    assert other_agency.decision_number not in dashboard


def test_the_review_queue_reads_the_same_few_queries_however_much_waits(client, checker, bureau):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queue_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("review-queue")).status_code == 200
        return len(queries)

    def one_of_each():
        factories.ListEntryFactory(authority=bureau, state="pending")
        factories.PenaltyFactory(agency=bureau, state="pending")

    login(client, checker)
    one_of_each()
    few = queue_queries()
    for _ in range(5):
        one_of_each()
    assert queue_queries() == few
