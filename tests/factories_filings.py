"""Factories for spot checks, pledges, judicial assistance, mortgages and
deregistration notices (``registry.models.filings``, ``.deregistration``)."""

import datetime
from decimal import Decimal

import factory

from registry import publicity_rules
from registry.models import (
    ChattelMortgage,
    DeregistrationNotice,
    EquityPledge,
    IpPledge,
    JudicialAssistance,
    SpotCheck,
)
from tests.factories import AgencyFactory, CompanyFactory, CourtFactory


class SpotCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpotCheck

    company = factory.SubFactory(CompanyFactory)
    agency = factory.SubFactory(AgencyFactory)
    checked_on = datetime.date(2025, 5, 12)
    check_type = SpotCheck.CheckType.RANDOM
    result = SpotCheck.Result.NO_PROBLEM


class EquityPledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EquityPledge

    registration_number = factory.Sequence(lambda n: f"1101082025{n:05d}")
    company = factory.SubFactory(CompanyFactory)
    agency = factory.SubFactory(AgencyFactory)
    registered_on = datetime.date(2025, 3, 18)
    pledgor_name = "张三"
    pledgee_name = "北京银行股份有限公司"
    amount = Decimal("500000.00")


class JudicialAssistanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JudicialAssistance

    company = factory.SubFactory(CompanyFactory)
    agency = factory.SubFactory(CourtFactory)
    notice_number = factory.Sequence(lambda n: f"(2025)京0108执{n + 1}号")
    kind = JudicialAssistance.Kind.FREEZE
    subject_name = "李四"
    amount = Decimal("300000.00")
    period_from = datetime.date(2025, 7, 1)
    period_until = datetime.date(2028, 6, 30)
    published_on = datetime.date(2025, 7, 2)


class ChattelMortgageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChattelMortgage

    registration_number = factory.Sequence(lambda n: f"京海市监抵字2025第{n:04d}号")
    company = factory.SubFactory(CompanyFactory)
    agency = factory.SubFactory(AgencyFactory)
    registered_on = datetime.date(2025, 2, 10)
    secured_amount = Decimal("1200000.00")
    collateral = "数控机床十二台"


class IpPledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IpPledge

    registration_number = factory.Sequence(lambda n: f"Y2025{n:09d}")
    company = factory.SubFactory(CompanyFactory)
    agency = factory.SubFactory(AgencyFactory)
    registered_on = datetime.date(2025, 4, 8)
    secured_amount = Decimal("800000.00")
    ip_kind = IpPledge.Kind.PATENT
    ip_name = "一种数据压缩方法"


class DeregistrationNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeregistrationNotice

    company = factory.SubFactory(CompanyFactory)
    agency = factory.SubFactory(AgencyFactory)
    starts_on = datetime.date(2026, 3, 1)
    ends_on = factory.LazyAttribute(
        lambda o: publicity_rules.deregistration_notice_ends_on(o.starts_on)
    )


def add_filings_of_every_kind(company, each: int = 3) -> None:
    """``each`` records of every kind for ``company``, and a notice with
    handled objections: what the query-count tests load."""
    from registry.models import DeregistrationObjection

    for _ in range(each):
        SpotCheckFactory(company=company)
        EquityPledgeFactory(company=company)
        JudicialAssistanceFactory(company=company)
        ChattelMortgageFactory(company=company)
        IpPledgeFactory(company=company)
    for n in range(each):
        notice = DeregistrationNoticeFactory(
            company=company, starts_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=40 * n)
        )
        DeregistrationObjection.objects.create(
            reference=f"24-AAAA-AAA{n + 2}",
            notice=notice,
            company=company,
            agency=notice.agency,
            received_on=notice.starts_on,
            objector_kind="creditor",
            reason="尚欠货款",
            contact="x@example.org",
            state="rejected",
            reply="债务已清偿",
            decided_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC),
        )
