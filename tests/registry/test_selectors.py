"""The selectors, called as the API, the feeds and the credit report will call
them: plain data in, plain data out, against a real database."""

import datetime

import pytest
import time_machine

from registry import pinyin, search, services
from registry.models import CreditList
from registry.selectors.company import company_report
from registry.selectors.people import person_report
from registry.selectors.search import ANY_BLACK_LIST, Sort, search_page
from registry.selectors.timeline import Kind
from tests.factories import (
    CompanyFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
    credit_list,
    region,
    valid_code,
)
from tests.factories_browse import removed_entry
from tests.factories_company_page import OfficerFactory, ShareholdingFactory
from tests.staff import make_staff

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, 0), tick=False):
        yield


def _black_list():
    return CreditList.objects.filter(kind=CreditList.Kind.BLACK).order_by("code").first()


# --- company_report ---------------------------------------------------------------------


def test_the_report_of_an_unknown_code_is_none():
    CompanyFactory()

    assert company_report(valid_code(999_999), TODAY) is None


def test_a_withdrawn_penalty_is_not_in_the_report_but_counted_as_withdrawn():
    company = CompanyFactory()
    kept = PenaltyFactory(company=company, decided_on=datetime.date(2025, 11, 1))
    withdrawn = PenaltyFactory(company=company, decided_on=datetime.date(2025, 10, 1))
    services.record_withdraw(
        record=withdrawn,
        user=make_staff(withdrawn.agency, "clerk"),
        kind="corrected",
        reason="数据录入错误",
    )

    report = company_report(company.uscc, TODAY)

    assert report.penalties == [kept]
    assert withdrawn not in [event.record for event in report.timeline]
    assert report.tombstones["total"] == 1
    assert [str(label) for label, _n in report.tombstones["reasons"]] == [
        "withdrawn: corrected by the agency"
    ]


def test_the_report_puts_open_list_entries_first_and_names_lists_in_the_language_asked():
    company = CompanyFactory()
    removed = removed_entry(
        company=company, listed_on=datetime.date(2025, 6, 1), removed_on=datetime.date(2025, 12, 1)
    )
    listed = ListEntryFactory(company=company, listed_on=datetime.date(2024, 1, 1))

    english = company_report(company.uscc, TODAY, language="en")
    chinese = company_report(company.uscc, TODAY, language="zh-hans")

    assert english.list_entries == [listed, removed]
    assert english.open_entries == [listed]
    assert english.list_entries[0].list_name == listed.credit_list.name_en
    assert chinese.list_entries[0].list_name == listed.credit_list.name


def test_the_report_marks_records_under_objection_and_builds_the_timeline():
    penalty = PenaltyFactory(decided_on=datetime.date(2025, 6, 1))
    untouched = PenaltyFactory(company=penalty.company, decided_on=datetime.date(2025, 5, 1))
    services.objection_submit(
        record=penalty, grounds="wrong", description="金额有误", contact="a@example.com"
    )

    report = company_report(penalty.company.uscc, TODAY)

    assert [(p, p.under_objection) for p in report.penalties] == [
        (penalty, True),
        (untouched, False),
    ]
    assert [(event.kind, event.record) for event in report.timeline] == [
        (Kind.PENALTY, penalty),
        (Kind.PENALTY, untouched),
        (Kind.ESTABLISHED, penalty.company),
    ]
    assert [r.code for r in report.region_path][-1] == penalty.company.region.code


# --- search_page ------------------------------------------------------------------------


def test_a_search_with_nothing_asked_is_none():
    assert search_page("", {"province": "", "on_list": None}, today=TODAY) is None


def test_search_page_says_what_each_company_matched_on():
    CompanyFactory(name="杭州华鑫科技有限公司")
    CompanyFactory(name="北京明远贸易有限公司", legal_representative_name="华鑫")
    CompanyFactory(name="北京明远电子有限公司")

    found = search_page("华鑫", {}, sort=Sort.NAME, today=TODAY)

    assert found.count == 2
    assert {c.name: c.matched_by for c in found.results} == {
        "杭州华鑫科技有限公司": search.MatchedBy.NAME,
        "北京明远贸易有限公司": search.MatchedBy.LEGAL_REPRESENTATIVE,
    }


def _company(name, **fields):
    return CompanyFactory(
        name=name, name_pinyin=pinyin.full(name), name_initials=pinyin.initials(name), **fields
    )


def _matched_by(text):
    return {c.name: c.matched_by for c in search_page(text, {}, today=TODAY).results}


def test_each_company_found_says_what_it_matched_on():
    huaxin = _company("杭州华鑫科技有限公司", name_en="Hangzhou HX Technology Co., Ltd.")
    huaxin.former_names.create(name="杭州明远电子有限公司")
    _company(
        "北京明远贸易有限公司",
        uscc=valid_code(7, division="110105"),
        legal_representative_name="张伟",
    )

    assert _matched_by("明远") == {
        "北京明远贸易有限公司": search.MatchedBy.NAME,
        "杭州华鑫科技有限公司": search.MatchedBy.FORMER_NAME,
    }
    assert _matched_by("technology") == {"杭州华鑫科技有限公司": search.MatchedBy.NAME_EN}
    assert _matched_by("huaxin") == {"杭州华鑫科技有限公司": search.MatchedBy.PINYIN}
    assert _matched_by("hzhx") == {"杭州华鑫科技有限公司": search.MatchedBy.INITIALS}
    assert _matched_by("张伟") == {"北京明远贸易有限公司": search.MatchedBy.LEGAL_REPRESENTATIVE}
    assert _matched_by("91110105") == {"北京明远贸易有限公司": search.MatchedBy.CODE}


def test_two_letters_in_the_english_name_match_as_initials_only():
    # English words are matched from MIN_ENGLISH letters; two are initials.
    _company("杭州华鑫科技有限公司", name_en="HX Technology Co., Ltd.")

    assert _matched_by("hx") == {"杭州华鑫科技有限公司": search.MatchedBy.INITIALS}


def test_a_whole_credit_code_gives_its_company_and_nothing_else():
    company = CompanyFactory()

    found = search_page(company.uscc.lower(), {}, today=TODAY)

    assert found.code_company == company
    assert found.results == []


def test_filters_alone_list_the_companies_they_keep():
    listed = CompanyFactory(region=region("330106"))
    ListEntryFactory(company=listed, credit_list=_black_list())
    CompanyFactory(region=region("330106"))  # on no list
    CompanyFactory()  # elsewhere

    found = search_page("", {"province": "330000", "on_list": ANY_BLACK_LIST}, today=TODAY)

    assert found.query is None
    assert found.results == [listed]
    assert found.results[0].open_entries[0].credit_list == _black_list()


def test_search_page_lists_the_people_the_query_names_with_their_companies():
    person = PersonFactory(name="李华鑫")
    company = CompanyFactory(legal_representative=person)

    found = search_page("李华鑫", {}, today=TODAY)

    assert found.people == [person]
    assert [linked for linked, _role in found.people[0].company_links] == [company]


# --- person_report ----------------------------------------------------------------------


def test_the_report_of_an_unknown_person_is_none():
    assert person_report(424242, TODAY) is None


def test_person_report_lists_the_companies_and_those_listed_now():
    person = PersonFactory()
    represented = CompanyFactory(legal_representative=person)
    ListEntryFactory(company=represented, credit_list=_black_list())
    served = OfficerFactory(person=person).company
    ListEntryFactory(company=served, credit_list=credit_list("abnormal_operations"))
    ShareholdingFactory(holder_person=person, company=represented)
    delisted = CompanyFactory(legal_representative=person)
    removed_entry(company=delisted, removed_on=datetime.date(2025, 12, 1))

    report = person_report(person.pk, TODAY)

    assert report.company_count == 3
    assert report.represented == {"total": 2, "blacklisted": 1, "otherwise_listed": 0}
    assert report.served == {"total": 1, "blacklisted": 0, "otherwise_listed": 1}
    assert report.owned == {"total": 1, "blacklisted": 1, "otherwise_listed": 0}
    listed_now = {
        company: bool(company.open_entries) for company in report.person.companies_represented
    }
    assert listed_now == {represented: True, delisted: False}
