"""A page per record: a penalty, a licence, a court case and a list entry
each at a permanent address, with every public field, its company and
agency, its publicity window and its redress links; a 410 tombstone once no
longer public (why and since when, never the content); a 404 for what was
never public."""

import datetime
import html
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from registry.models import Penalty
from registry.models.base import WithdrawalKind
from tests.factories import (
    AgencyFactory,
    CasePartyFactory,
    CompanyFactory,
    CourtCaseFactory,
    CourtFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
    credit_list,
)
from tests.factories_browse import removed_entry
from tests.factories_company_page import DishonestDebtorFactory, LicenceFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 1, 15)


def on(day):
    """The clock frozen at noon on ``day`` (Asia/Shanghai, the site's zone)."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture(autouse=True)
def frozen_today():
    with on(TODAY):
        yield
    translation.deactivate()


def url_of(record, language="en"):
    with translation.override(language):
        return record.get_absolute_url()


def get(client, record, language="en", status=200):
    response = client.get(url_of(record, language))
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def title_of(body):
    return html.unescape(body[body.index("<title>") + 7 : body.index("</title>")])


def path(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"publicity:{name}", args=args)


# --- public records -------------------------------------------------------------


@pytest.mark.smoke
def test_a_penalty_page_shows_its_fields_company_agency_and_public_until(
    client, django_assert_max_num_queries
):
    agency = AgencyFactory(name="北京市海淀区市场监督管理局", credit_code="11110108MB0000010")
    penalty = PenaltyFactory(
        agency=agency,
        decision_number="京海市监罚〔2025〕1024号",
        legal_representative="王伟",
        violation_facts="虚假宣传“国家级”产品",
        penalty_content="罚款人民币二十万元",
        fine_amount=Decimal("200000.00"),
        confiscated_amount=Decimal("12000.00"),
        severity="general",
        decided_on=D(2025, 6, 18),
        valid_until=D(2026, 6, 17),
        data_source="北京市市场监督管理局",
        categories=["fine", "confiscation"],
    )
    with django_assert_max_num_queries(3):
        body = get(client, penalty)

    assert "Administrative penalty 京海市监罚〔2025〕1024号" in title_of(body)
    # On English pages a company without an English name is named in pinyin.
    assert "Beijing Ceshi" in title_of(body)
    for shown in (
        "京海市监罚〔2025〕1024号",
        "王伟",
        "虚假宣传“国家级”产品",
        "罚款人民币二十万元",
        "¥200,000.00",
        "¥12,000.00",
        "fine; confiscation of illegal gains or property",
        "2025-06-18",
        "2026-06-17",
        "北京市市场监督管理局",
        penalty.company.uscc,
        "Public until 2026-06-18 (its last day in public view).",
        "Credit repair may be applied for from 2025-09-18.",
    ):
        assert shown in html.unescape(body), shown
    assert f'href="{path("company-detail", penalty.company.uscc)}"' in body
    assert f'href="{path("agency-detail", agency.pk)}"' in body
    assert f'href="{path("objection-new", "penalty", penalty.pk)}"' in body
    assert f'href="{path("repair-new", penalty.pk)}"' in body
    # The permanent address has no language prefix; the copy button copies it.
    permanent = f"http://testserver{url_of(penalty, 'zh-hans')}"
    assert f'<a href="{permanent}" class="permalink__url">{permanent}</a>' in body
    assert f'data-copy="{permanent}"' in body
    assert "/en/" not in permanent


def test_the_record_pages_are_chinese_by_default(client):
    penalty = PenaltyFactory(decided_on=D(2025, 6, 18), severity="general")
    body = get(client, penalty, language="zh-hans")
    assert '<html lang="zh-Hans">' in body
    assert "公示截止 2026-06-18" in body
    assert "复制链接" in body
    assert f"行政处罚 {penalty.decision_number}" in title_of(body)


def test_a_licence_page_shows_its_fields_company_agency_and_no_end_date(client):
    licence = LicenceFactory(
        licence_name="食品经营许可证",
        licence_number="JY11108000012345",
        content="预包装食品销售",
        valid_from=D(2023, 2, 1),
        valid_until=D(2028, 1, 31),
    )
    body = get(client, licence)
    for shown in (
        "食品经营许可证",
        "JY11108000012345",
        licence.decision_number,
        "预包装食品销售",
        "2023-02-01",
        "2028-01-31",
        "Public with no end date, unless the agency withdraws it.",
    ):
        assert shown in html.unescape(body), shown
    assert f'href="{path("company-detail", licence.company.uscc)}"' in body
    assert f'href="{path("agency-detail", licence.agency_id)}"' in body
    assert f'href="{path("objection-new", "licence", licence.pk)}"' in body
    assert path("repair-new", licence.pk) not in body  # credit repair is for penalties


def test_a_court_case_page_shows_its_parties_and_court(client):
    court = CourtFactory()
    case = CourtCaseFactory(
        court=court,
        cause_of_action="买卖合同纠纷",
        procedure="一审",
        decided_on=D(2024, 9, 20),
        amount=Decimal("860000.00"),
        outcome="被告支付货款",
    )
    defendant = CasePartyFactory(case=case, role="defendant")
    person = PersonFactory(name="赵六")
    CasePartyFactory(case=case, company=None, person=person, name="赵六", role="third_party")

    body = get(client, case)

    assert f"Court case {case.case_number}" in title_of(body)
    shown_fields = (
        "Sales contract dispute",  # the standard cause of action, in English
        "First instance",  # the standard procedure, in English
        "2024-03-01",
        "2024-09-20",
        "¥860,000.00",
        "被告支付货款",
    )
    for shown in shown_fields:
        assert shown in body, shown
    assert f'href="{path("company-detail", defendant.company.uscc)}"' in body
    assert f'href="{path("person-detail", person.pk)}"' in body
    assert f'href="{path("agency-detail", court.pk)}"' in body
    assert f'href="{path("case-list")}"' in body  # the breadcrumbs
    assert f'href="{path("objection-new", "case", case.pk)}"' in body


def test_an_open_list_entry_is_public_while_listed(client):
    entry = ListEntryFactory(
        reason="通过登记的住所无法联系", decision_number="京海市监异〔2025〕77号"
    )
    body = get(client, entry)
    assert "Entry on the Abnormal Operations List 京海市监异〔2025〕77号" in title_of(body)
    assert "通过登记的住所无法联系" in body
    assert "Public while the entry is on the list, and for 365 days after its removal." in body
    assert f'href="{path("company-detail", entry.company.uscc)}"' in body
    assert f'href="{path("agency-detail", entry.authority_id)}"' in body
    assert f'href="{path("objection-new", "entry", entry.pk)}"' in body


def test_a_removed_list_entry_shows_its_removal_and_when_it_leaves(client):
    entry = removed_entry(
        removed_on=D(2025, 10, 1), removal_decision_number="京海市监移〔2025〕9号"
    )
    body = get(client, entry)
    removal_reason = "Has filed and published the missing annual report"  # the standard text
    for shown in ("2025-10-01", removal_reason, "京海市监移〔2025〕9号"):
        assert shown in body, shown
    assert f'href="{path("agency-detail", entry.removal_authority_id)}"' in body
    assert "Public until 2026-10-01 (its last day in public view)." in body


def test_a_dishonest_debtor_entry_shows_the_court_details_and_its_expiry(client):
    entry = ListEntryFactory(
        credit_list=credit_list("dishonest_debtor"),
        listed_on=D(2025, 2, 10),
        authority=CourtFactory(),
    )
    DishonestDebtorFactory(entry=entry, obligations="支付货款人民币八十六万元")
    body = get(client, entry)
    assert "支付货款人民币八十六万元" in body
    assert "Public until 2027-02-10 (its last day in public view)." in body


def test_a_persons_penalty_names_the_person_with_the_masked_id_only(client):
    person = PersonFactory(name="李四", id_masked="110101********1234")
    penalty = PenaltyFactory(company=None, person=person, subject_name="李四")
    body = get(client, penalty)
    assert f'href="{path("person-detail", person.pk)}"' in body
    assert "110101********1234" in body


def test_a_list_entry_under_another_lists_address_is_sent_to_its_own(client):
    entry = ListEntryFactory()
    response = client.get(path("list-entry-detail", "serious_violation", entry.pk))
    assert response.status_code == 301
    assert response["Location"] == url_of(entry)


def test_a_record_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    case = CourtCaseFactory()
    CasePartyFactory.create_batch(6, case=case)
    entry = DishonestDebtorFactory().entry
    licence = LicenceFactory()
    # The record with what it shows, the parties (a case), whether it is under objection.
    for record, queries in ((case, 3), (entry, 2), (licence, 2)):
        with django_assert_max_num_queries(queries):
            get(client, record)


# --- no longer public: 410 Gone ---------------------------------------------------


def assert_tombstone(body, record_words, reason, since, company):
    """The tombstone's kind, reason, date and company, and none of ``record_words``."""
    text = html.unescape(body)
    assert "This record is no longer public" in text
    assert reason in text, reason
    assert since in text
    assert f'href="{path("company-detail", company.uscc)}"' in body
    for word in record_words:
        assert word not in text, word
        assert word not in title_of(body), word


@pytest.mark.smoke
def test_a_penalty_past_its_publicity_period_is_410_gone_without_its_content(client):
    penalty = PenaltyFactory(
        severity="general",
        decided_on=D(2024, 6, 3),
        fine_amount=Decimal("31415.00"),
        violation_facts="在其网站虚假宣传",
        penalty_content="罚款人民币三万余元",
    )
    body = get(client, penalty, status=410)
    assert_tombstone(
        body,
        [penalty.decision_number, "31,415", "虚假宣传", "罚款人民币三万余元"],
        "Publicity period ended",
        "2025-06-04",
        penalty.company,
    )
    assert "Record no longer public – Administrative penalty" in title_of(body)


def test_a_penalty_page_turns_410_the_day_after_its_last_public_day(client):
    penalty = PenaltyFactory(severity="general", decided_on=D(2025, 3, 10))
    with on(D(2026, 3, 10)):
        assert client.get(url_of(penalty)).status_code == 200
    with on(D(2026, 3, 11)):
        response = client.get(url_of(penalty))
    assert response.status_code == 410
    assert penalty.decision_number not in response.content.decode()
    # Not marked for shared caches: a proxy may not keep it as if it were public.
    assert "s-maxage" not in response.get("Cache-Control", "")


WITHDRAWN_ON = D(2025, 12, 20)


def withdraw(record, kind, on_day=WITHDRAWN_ON):
    type(record).objects.filter(pk=record.pk).update(
        state="withdrawn", withdrawal_kind=kind, withdrawn_on=on_day, withdrawal_reason="更正"
    )


REASONS = {
    WithdrawalKind.CORRECTED: "Withdrawn: corrected by the agency",
    WithdrawalKind.REVOKED: "Withdrawn: revoked on administrative review",
    WithdrawalKind.ANNULLED: "Withdrawn: annulled by a court",
}


@pytest.mark.parametrize("withdrawal", list(WithdrawalKind))
def test_a_withdrawn_penalty_is_410_with_the_kind_of_withdrawal(client, withdrawal):
    penalty = PenaltyFactory(penalty_content="罚款人民币五万元")
    withdraw(penalty, withdrawal)
    body = get(client, penalty, status=410)
    assert_tombstone(
        body,
        [penalty.decision_number, "罚款人民币五万元", "¥50,000.00", "更正"],
        REASONS[withdrawal],
        "2025-12-20",
        penalty.company,
    )


@pytest.mark.parametrize("withdrawal", list(WithdrawalKind))
def test_a_withdrawn_licence_is_410(client, withdrawal):
    licence = LicenceFactory(licence_name="食品经营许可证")
    withdraw(licence, withdrawal)
    body = get(client, licence, status=410)
    assert_tombstone(
        body,
        [licence.decision_number, "食品经营许可证"],
        REASONS[withdrawal],
        "2025-12-20",
        licence.company,
    )


@pytest.mark.parametrize("withdrawal", list(WithdrawalKind))
def test_a_withdrawn_court_case_is_410_naming_the_companies_among_its_parties(client, withdrawal):
    party = CasePartyFactory(case__cause_of_action="买卖合同纠纷", case__outcome="驳回诉讼请求")
    withdraw(party.case, withdrawal)
    body = get(client, party.case, status=410)
    assert_tombstone(
        body,
        [party.case.case_number, "买卖合同纠纷", "驳回诉讼请求"],
        REASONS[withdrawal],
        "2025-12-20",
        party.company,
    )


@pytest.mark.smoke
@pytest.mark.parametrize("withdrawal", list(WithdrawalKind))
def test_a_withdrawn_list_entry_is_410(client, withdrawal):
    entry = ListEntryFactory(reason="通过登记的住所无法联系")
    withdraw(entry, withdrawal)
    body = get(client, entry, status=410)
    assert_tombstone(
        body,
        [entry.decision_number, "通过登记的住所无法联系"],
        REASONS[withdrawal],
        "2025-12-20",
        entry.company,
    )


def test_a_tombstone_and_a_404_cost_two_or_three_queries(client, django_assert_max_num_queries):
    party = CasePartyFactory()
    withdraw(party.case, WithdrawalKind.ANNULLED)
    with django_assert_max_num_queries(3):  # the case, its parties' companies
        get(client, party.case, status=410)
    with django_assert_max_num_queries(2):
        assert client.get(path("penalty-detail", 4242)).status_code == 404


def test_a_list_entry_removed_more_than_a_year_ago_is_410_from_the_day_after(client):
    entry = removed_entry(
        listed_on=D(2024, 1, 5), removed_on=D(2024, 11, 30), removal_reason="已补报年度报告"
    )
    body = get(client, entry, status=410)
    assert_tombstone(
        body,
        [entry.decision_number, entry.reason, "已补报年度报告"],
        "Publicity period ended",
        "2025-12-01",
        entry.company,
    )


def test_the_tombstone_is_in_chinese_by_default(client):
    penalty = PenaltyFactory(severity="minor", decided_on=D(2025, 1, 2))
    body = get(client, penalty, language="zh-hans", status=410)
    assert "本记录已不再公示" in body
    assert "公示期满" in body


# --- never public: 404 -------------------------------------------------------------


def test_ids_that_never_existed_are_404(client):
    for name in ("penalty-detail", "licence-detail", "case-detail"):
        assert client.get(path(name, 999_999)).status_code == 404
    assert client.get(path("list-entry-detail", "abnormal_operations", 999_999)).status_code == 404
    assert client.get(path("list-entry-detail", "no_such_list", 1)).status_code == 404
    assert client.get("/en/penalties/99999999999999999999999/").status_code == 404


@pytest.mark.parametrize("state", ["draft", "pending"])
def test_records_never_published_are_404_like_an_unknown_id(client, state):
    penalty = PenaltyFactory(state=state, penalty_content="罚款人民币五万元")
    entry = ListEntryFactory(state=state)
    unknown = client.get(path("penalty-detail", penalty.pk + 1000)).content.decode()
    for record in (penalty, entry):
        response = client.get(url_of(record))
        assert response.status_code == 404
        assert record.decision_number not in response.content.decode()
    assert title_of(client.get(url_of(penalty)).content.decode()) == title_of(unknown)


def test_a_warning_under_the_simple_procedure_is_404_even_after_its_period(client):
    warning = PenaltyFactory(simple_procedure=True, categories=["warning"], fine_amount=None)
    assert client.get(url_of(warning)).status_code == 404
    Penalty.objects.filter(pk=warning.pk).update(decided_on=D(2020, 1, 1))
    assert client.get(url_of(warning)).status_code == 404
    withdraw(warning, WithdrawalKind.CORRECTED)
    assert client.get(url_of(warning)).status_code == 404


# --- linked from the pages that list records -----------------------------------------


def links_to(body, record):
    return f'href="{url_of(record)}"' in body


def test_the_company_page_links_every_record_to_its_page_in_its_section_and_timeline(client):
    company = CompanyFactory()
    penalty = PenaltyFactory(company=company)
    licence = LicenceFactory(company=company)
    case = CasePartyFactory(company=company, case__decided_on=D(2024, 9, 1)).case
    entry = removed_entry(company=company, removed_on=D(2025, 10, 1))
    response = client.get(path("company-detail", company.uscc))
    assert response.status_code == 200
    body = response.content.decode()
    timeline = body[body.index('id="timeline"') :]
    records = body[: body.index('id="timeline"')]
    for record in (penalty, licence, case, entry):
        assert links_to(records, record), record
        assert links_to(timeline, record), record
    # The records keep their anchors on the company page, for deep links.
    for anchor in (f"penalty-{penalty.pk}", f"licence-{licence.pk}", f"case-{case.pk}"):
        assert f'id="{anchor}"' in body
    assert f'id="entry-{entry.pk}"' in body
    assert "/static/publicity/js/open_target.js" in body


def test_the_browse_tables_link_penalties_and_cases_to_their_pages(client):
    penalty = PenaltyFactory(decided_on=D(2025, 12, 1))
    case = CasePartyFactory().case
    assert links_to(client.get(path("penalty-list")).content.decode(), penalty)
    assert links_to(client.get(path("case-list")).content.decode(), case)
    agency_page = client.get(path("agency-detail", penalty.agency_id)).content.decode()
    assert links_to(agency_page, penalty)
    home = client.get(path("home")).content.decode()
    assert links_to(home, penalty)


def test_a_lists_page_links_its_entries_and_removals_to_their_pages(client):
    current = ListEntryFactory(listed_on=D(2025, 11, 1))
    removed = removed_entry(removed_on=D(2025, 10, 1))
    page = client.get(path("list-detail", "abnormal_operations")).content.decode()
    assert links_to(page, current)
    assert links_to(page, removed)
    removals = client.get(path("list-detail", "abnormal_operations"), {"view": "removals"})
    assert links_to(removals.content.decode(), removed)
    assert links_to(
        client.get(path("agency-detail", current.authority_id)).content.decode(), current
    )
