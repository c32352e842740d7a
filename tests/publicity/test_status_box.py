"""The company page's status box: the verdict first, then the facts by
severity, in the right tone. A test per state a citizen may meet: it must
never reassure wrongly and never alarm wrongly."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from registry import services
from registry.models import Company, Restriction
from tests.factories import (
    CasePartyFactory,
    CompanyFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
    credit_list,
)
from tests.factories_company_page import RatingFactory, RatingSchemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, 0), tick=False):
        yield


def status_box(client, company, language="zh-hans"):
    """The box's tone, its verdict line, and each fact as (tone, text),
    tags stripped."""
    with translation.override(language):
        url = reverse("publicity:company-detail", args=[company.uscc])
    html = client.get(url).content.decode()
    start = html.index('<section class="status-summary')
    box = html[start : html.index("</section>", start)]
    tone = re.search(r'status-summary--(\w+)"', box).group(1)
    verdict = plain(re.search(r'<p class="status-summary__verdict">(.*?)</p>', box, re.S).group(1))
    facts = [
        (fact_tone, plain(text))
        for fact_tone, text in re.findall(
            r'<li class="status-fact status-fact--(\w+)">(.*?)</li>', box, re.S
        )
    ]
    return tone, verdict, facts


def plain(html):
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_a_healthy_company_gets_a_calm_box_saying_it_is_on_no_list(client):
    company = CompanyFactory()

    tone, verdict, facts = status_box(client, company, "en")

    assert tone == "calm"
    assert verdict == "This company is not on any black or warning list."
    assert [text for _tone, text in facts] == [
        "· 0 administrative penalties made public.",
        "· 0 court cases.",
    ]
    _tone, chinese, _facts = status_box(client, company)
    assert chinese == "该企业目前未被列入任何失信或警示名单。"


def test_penalties_and_cases_alone_are_notes_in_a_calm_box(client):
    company = CompanyFactory()
    PenaltyFactory(company=company)
    CasePartyFactory(company=company)

    tone, verdict, facts = status_box(client, company, "en")

    assert tone == "calm"
    assert verdict == "This company is not on any black or warning list."
    assert [fact_tone for fact_tone, _text in facts] == ["notice", "notice"]


def test_a_revoked_licence_comes_first_in_the_alarm_style_with_what_it_means(client):
    company = CompanyFactory(status=Company.Status.REVOKED)

    tone, verdict, facts = status_box(client, company)

    assert tone == "alarm"
    assert verdict == "该企业已被吊销营业执照。"
    assert facts[0] == ("alarm", "✕ 严重： 已吊销营业执照，不得从事经营活动。")


def test_a_deregistered_company_is_said_to_no_longer_exist_without_alarm(client):
    company = CompanyFactory(status=Company.Status.DEREGISTERED)

    tone, verdict, facts = status_box(client, company, "en")

    assert tone == "ended"
    assert verdict == "This company has been deregistered."
    assert facts[0][0] == "ended"
    assert facts[0][1].startswith("■ Ended: Deregistered: the company no longer exists")


def test_a_company_in_liquidation_gets_a_warning_saying_it_may_only_wind_up(client):
    company = CompanyFactory(status=Company.Status.IN_LIQUIDATION)

    tone, verdict, facts = status_box(client, company, "en")

    assert tone == "warning"
    assert verdict == "This company is in liquidation."
    assert facts[0] == (
        "warning",
        "! Warning: In liquidation: the company may act only to wind up its affairs, "
        "not to do new business.",
    )


def test_a_black_listed_company_gets_the_alarm_with_since_when_and_why(client):
    company = CompanyFactory()
    ListEntryFactory(
        company=company,
        credit_list=credit_list("serious_violation"),
        listed_on=datetime.date(2024, 5, 6),
        reason="提交虚假材料取得登记",
    )

    tone, verdict, facts = status_box(client, company, "en")

    assert tone == "alarm"
    assert verdict == "This company is on a black list: the Serious Violation and Dishonesty List."
    assert facts[0] == (
        "alarm",
        "✕ Serious: On the Serious Violation and Dishonesty List since 2024-05-06: "
        "提交虚假材料取得登记",
    )


def test_an_abnormal_listed_company_gets_a_warning_not_the_alarm(client):
    company = CompanyFactory()
    ListEntryFactory(company=company, listed_on=datetime.date(2025, 4, 1), reason="无法联系")

    tone, verdict, facts = status_box(client, company)

    assert tone == "warning"
    assert verdict == "该企业被列入警示名单：经营异常名录。"
    assert facts[0] == ("warning", "! 警示： 自2025-04-01起列入经营异常名录：无法联系")


def test_a_red_list_alone_is_a_commendation_never_an_alarm(client):
    company = CompanyFactory()
    # A note (a grade) neither colours the box nor comes before the commendation.
    RatingFactory(company=company, scheme=RatingSchemeFactory(code="tax-credit"), grade="A")
    ListEntryFactory(
        company=company, credit_list=credit_list("tax_grade_a"), listed_on=datetime.date(2025, 4, 1)
    )

    tone, verdict, facts = status_box(client, company, "en")

    assert tone == "positive"
    assert verdict == (
        "This company is not on any black or warning list, and is commended on a red list."
    )
    assert facts[0] == ("positive", "✓ Commendation: On the Grade-A Taxpayers since 2025-04-01.")


def test_black_and_red_at_once_alarm_with_the_commendation_kept_calm_below(client):
    company = CompanyFactory()
    ListEntryFactory(
        company=company, credit_list=credit_list("tax_grade_a"), listed_on=datetime.date(2025, 4, 1)
    )
    ListEntryFactory(
        company=company,
        credit_list=credit_list("dishonest_debtor"),
        listed_on=datetime.date(2025, 9, 1),
    )
    ListEntryFactory(company=company, listed_on=datetime.date(2025, 10, 1))

    tone, verdict, facts = status_box(client, company, "en")

    assert tone == "alarm"
    assert verdict == (
        "This company is on a black list: the List of Dishonest Judgment Debtors. "
        "There is 1 more warning below."
    )
    assert [fact_tone for fact_tone, _text in facts[:3]] == ["alarm", "warning", "positive"]
    assert "Grade-A Taxpayers" in facts[2][1]


def test_the_other_facts_restriction_objection_grade_and_fines_of_three_years(client):
    person = PersonFactory(name="王五")
    company = CompanyFactory(legal_representative=person)
    elsewhere = CompanyFactory()
    entry = ListEntryFactory(company=elsewhere, credit_list=credit_list("serious_violation"))
    Restriction.objects.create(
        person=person,
        company=elsewhere,
        kind=Restriction.Kind.LEGAL_REPRESENTATIVE_BAN,
        starts_on=datetime.date(2025, 11, 1),
        ends_on=datetime.date(2028, 10, 31),
        reason="严重违法失信",
        source_entry=entry,
    )
    scheme = RatingSchemeFactory(code="tax-credit")
    RatingFactory(
        company=company, scheme=scheme, grade="B", period="2023", rated_on=datetime.date(2024, 4, 1)
    )
    RatingFactory(
        company=company, scheme=scheme, grade="A", period="2024", rated_on=datetime.date(2025, 4, 1)
    )
    PenaltyFactory(
        company=company, fine_amount=Decimal("3000.00"), decided_on=datetime.date(2025, 6, 1)
    )
    PenaltyFactory(
        company=company,
        fine_amount=Decimal("500.50"),
        decided_on=datetime.date(2023, 1, 16),
        severity="serious",
    )
    # Outside the three years, and not a fine: counted as penalties only.
    PenaltyFactory(company=company, decided_on=datetime.date(2023, 1, 15), severity="serious")
    PenaltyFactory(
        company=company,
        fine_amount=None,
        decided_on=datetime.date(2025, 7, 1),
        categories=["warning"],
    )

    objected = PenaltyFactory(company=company, decided_on=datetime.date(2025, 8, 1))
    services.objection_submit(record=objected, grounds="wrong", description="x", contact="y")

    tone, verdict, facts = status_box(client, company, "en")

    assert tone == "warning"  # the restriction
    assert verdict == (
        "This company is not on any black or warning list. But there is 1 warning below."
    )
    texts = [text for _tone, text in facts]
    assert texts[0].startswith(
        "! Warning: The legal representative 王五 is restricted until 2028-10-31"
    )
    assert texts[1] == (
        "i Note: 1 record is under objection: the agency is reviewing what the company disputes."
    )
    assert texts[2] == "i Note: Latest tax credit grade: A (2024)."
    assert texts[3] == (
        "i Note: 5 administrative penalties made public. "
        "Since 2023-01-16: 3 fines, ¥53,500.50 in all."
    )


def test_the_english_box_gives_a_standard_reason_in_english(client):
    company = CompanyFactory()
    ListEntryFactory(
        company=company,
        credit_list=credit_list("abnormal_operations"),
        reason="通过登记的住所或者经营场所无法联系",
        listed_on=datetime.date(2025, 4, 1),
    )

    _tone, _verdict, facts = status_box(client, company, "en")
    _tone, _verdict, chinese_facts = status_box(client, company)

    assert any(
        "since 2025-04-01: Cannot be reached at its registered address" in text
        for _t, text in facts
    )
    assert any("通过登记的住所或者经营场所无法联系" in text for _t, text in chinese_facts)
    assert not any("无法联系" in text for _t, text in facts)
