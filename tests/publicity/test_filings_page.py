"""The rest of the national system's company page: spot checks, equity
pledges, judicial assistance, mortgages, IP pledges and deregistration
notices on the company page, in its timeline and its status box, on a frozen
clock."""

import datetime

import pytest
import time_machine
from django.utils import translation

from registry.models import DeregistrationObjection
from registry.models.base import RecordState
from tests.factories import CompanyFactory, PersonFactory
from tests.factories_filings import (
    ChattelMortgageFactory,
    DeregistrationNoticeFactory,
    EquityPledgeFactory,
    IpPledgeFactory,
    JudicialAssistanceFactory,
    SpotCheckFactory,
)

pytestmark = pytest.mark.django_db


def page_on(client, company, day: datetime.date) -> str:
    with (
        time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False),
        translation.override("en"),
    ):
        response = client.get(company.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def status_box(html: str) -> str:
    start = html.index('id="status-heading"')
    return html[start : html.index("</section>", start)]


@pytest.mark.smoke
def test_each_section_shows_its_records_with_their_agency(client):
    company = CompanyFactory()
    SpotCheckFactory(company=company, result="not_at_address")
    EquityPledgeFactory(company=company, registration_number="110108202500099")
    JudicialAssistanceFactory(company=company, notice_number="(2025)京0108执77号")
    ChattelMortgageFactory(company=company, collateral="数控机床十二台")
    IpPledgeFactory(company=company, ip_name="一种数据压缩方法")
    DeregistrationNoticeFactory(company=company, starts_on=datetime.date(2025, 1, 1))

    html = page_on(client, company, datetime.date(2026, 3, 2))

    assert "Not found at the registered address" in html
    assert "110108202500099" in html
    assert "(2025)京0108执77号" in html
    assert "数控机床十二台" in html
    assert "一种数据压缩方法" in html
    assert "Simplified deregistration" in html
    assert "Checks, pledges, court orders and deregistration (6)" in html


def test_a_company_without_such_records_gets_one_line(client):
    company = CompanyFactory()

    html = page_on(client, company, datetime.date(2026, 3, 2))

    assert "No spot-check results, equity pledges, court orders on equity" in html
    assert 'id="judicial"' not in html


def test_drafts_and_withdrawn_records_are_not_shown(client):
    company = CompanyFactory()
    SpotCheckFactory(company=company, state=RecordState.DRAFT, result="refused")
    EquityPledgeFactory(
        company=company,
        registration_number="WITHDRAWN-1",
        state=RecordState.WITHDRAWN,
        withdrawn_on=datetime.date(2025, 4, 1),
        withdrawal_kind="corrected",
        withdrawal_reason="录入错误",
    )

    html = page_on(client, company, datetime.date(2026, 3, 2))

    assert "Refused the inspection" not in html
    assert "WITHDRAWN-1" not in html


def test_a_court_order_is_public_from_its_publication_date(client):
    company = CompanyFactory()
    JudicialAssistanceFactory(
        company=company, notice_number="(2026)京0108执5号", published_on=datetime.date(2026, 3, 2)
    )

    assert "(2026)京0108执5号" not in page_on(client, company, datetime.date(2026, 3, 1))
    assert "(2026)京0108执5号" in page_on(client, company, datetime.date(2026, 3, 2))


def test_a_freeze_is_in_the_status_box_from_its_first_day_to_its_last(client):
    company = CompanyFactory()
    JudicialAssistanceFactory(
        company=company,
        subject_name="李四",
        period_from=datetime.date(2025, 7, 1),
        period_until=datetime.date(2026, 6, 30),
        published_on=datetime.date(2025, 6, 30),
    )

    assert "Equity frozen" not in status_box(page_on(client, company, datetime.date(2025, 6, 30)))
    on_first = status_box(page_on(client, company, datetime.date(2025, 7, 1)))
    assert "Equity frozen" in on_first and "2026-06-30" in on_first and "李四" in on_first
    assert "Equity frozen" in status_box(page_on(client, company, datetime.date(2026, 6, 30)))
    assert "Equity frozen" not in status_box(page_on(client, company, datetime.date(2026, 7, 1)))


def test_an_unfreeze_ends_the_freeze_in_the_status_box(client):
    company = CompanyFactory()
    freeze = JudicialAssistanceFactory(company=company, subject_name="李四")
    JudicialAssistanceFactory(
        company=company,
        agency=freeze.agency,
        kind="unfreeze",
        subject_name="李四",
        period_from=None,
        period_until=None,
        published_on=datetime.date(2026, 2, 1),
    )

    assert "Equity frozen" in status_box(page_on(client, company, datetime.date(2026, 1, 31)))
    assert "Equity frozen" not in status_box(page_on(client, company, datetime.date(2026, 2, 1)))


def test_valid_pledges_are_in_the_status_box_with_pledgee_and_amount(client):
    company = CompanyFactory()
    EquityPledgeFactory(company=company, pledgor_name="王五", pledgee_name="某银行")
    EquityPledgeFactory(
        company=company,
        pledgor_name="赵六",
        status="cancelled",
        cancelled_on=datetime.date(2025, 12, 1),
    )

    box = status_box(page_on(client, company, datetime.date(2026, 3, 2)))

    assert "1 equity pledge in force" in box
    assert "¥500,000.00" in box
    assert "王五" in box and "某银行" in box
    assert "赵六" not in box


def test_a_running_notice_is_in_the_status_box_until_its_twentieth_day(client):
    company = CompanyFactory()
    notice = DeregistrationNoticeFactory(company=company, starts_on=datetime.date(2026, 3, 1))
    assert notice.ends_on == datetime.date(2026, 3, 20)
    form = f"/en/deregistration/{notice.pk}/objections/new/"

    before = page_on(client, company, datetime.date(2026, 2, 28))
    assert "notice of simplified deregistration" not in status_box(before)
    on_day_1 = status_box(page_on(client, company, datetime.date(2026, 3, 1)))
    assert "may object until 2026-03-20" in on_day_1
    assert form in on_day_1
    assert "may object until" in status_box(page_on(client, company, datetime.date(2026, 3, 20)))
    after = page_on(client, company, datetime.date(2026, 3, 21))
    assert "may object until" not in status_box(after)
    assert "Notice over; the authority has not yet decided." in after
    assert form not in after


def test_handled_objections_are_shown_with_the_notice_and_waiting_ones_are_not(client):
    notice = DeregistrationNoticeFactory(starts_on=datetime.date(2026, 3, 1))
    common = {
        "notice": notice,
        "company": notice.company,
        "agency": notice.agency,
        "received_on": datetime.date(2026, 3, 5),
        "objector_kind": "creditor",
        "contact": "secret@example.org",
    }
    DeregistrationObjection.objects.create(
        reference="26-AAAA-AAAA", reason="尚欠货款十万元", **common
    )
    DeregistrationObjection.objects.create(
        reference="26-BBBB-BBBB",
        reason="拖欠工资",
        state="upheld",
        reply="异议成立，不予简易注销",
        decided_at=datetime.datetime(2026, 3, 10, tzinfo=datetime.UTC),
        **common,
    )

    html = page_on(client, notice.company, datetime.date(2026, 3, 12))

    assert "拖欠工资" in html and "异议成立，不予简易注销" in html
    assert "尚欠货款十万元" not in html
    assert "secret@example.org" not in html


def test_the_timeline_holds_the_new_records(client):
    company = CompanyFactory()
    SpotCheckFactory(company=company, checked_on=datetime.date(2025, 5, 12))
    EquityPledgeFactory(
        company=company,
        status="cancelled",
        registered_on=datetime.date(2025, 3, 18),
        cancelled_on=datetime.date(2025, 9, 1),
    )
    DeregistrationNoticeFactory(company=company, starts_on=datetime.date(2026, 3, 1))

    html = page_on(client, company, datetime.date(2026, 3, 2))
    timeline = html[html.index('id="timeline"') :]

    assert "Spot check:" in timeline
    assert "Equity pledged:" in timeline and "Equity pledge cancelled:" in timeline
    assert "Notice of simplified deregistration" in timeline
    assert timeline.index("Notice of simplified") < timeline.index("Equity pledge cancelled:")


def test_a_pledge_of_a_registered_person_links_to_their_page(client):
    person = PersonFactory(name="孙七")
    company = CompanyFactory()
    EquityPledgeFactory(company=company, pledgor_person=person, pledgor_name="孙七")

    html = page_on(client, company, datetime.date(2026, 3, 2))

    assert f'href="{person.get_absolute_url()}"' in html or person.get_absolute_url() in html


def test_the_company_feed_has_an_entry_for_each_new_record(client):
    import feedparser

    company = CompanyFactory()
    SpotCheckFactory(company=company)
    notice = DeregistrationNoticeFactory(company=company, starts_on=datetime.date(2026, 3, 1))
    with (
        time_machine.travel(datetime.datetime(2026, 3, 2, 10), tick=False),
        translation.override("en"),
    ):
        from django.urls import reverse

        body = client.get(reverse("publicity:company-feed", args=[company.uscc])).content
    titles = [entry.title for entry in feedparser.parse(body).entries]
    links = [entry.link for entry in feedparser.parse(body).entries]
    assert "Spot check: no problem found" in titles
    assert any(link.endswith(f"#deregistration-{notice.pk}") for link in links)


def test_the_company_page_downloads_each_kind_as_csv(client):
    company = CompanyFactory()
    EquityPledgeFactory(company=company, registration_number="110108202500777")
    DeregistrationNoticeFactory(company=company, starts_on=datetime.date(2026, 3, 1))

    with time_machine.travel(datetime.datetime(2026, 3, 2, 10), tick=False):
        pledges = client.get(
            company.get_absolute_url(), {"format": "csv", "records": "equity_pledges"}
        )
        notices = client.get(
            company.get_absolute_url(), {"format": "csv", "records": "deregistration_notices"}
        )

    assert pledges["Content-Type"].startswith("text/csv")
    assert "110108202500777" in b"".join(pledges.streaming_content).decode("utf-8-sig")
    assert "2026-03-20" in b"".join(notices.streaming_content).decode("utf-8-sig")
