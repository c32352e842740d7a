"""Factories for the records only the company and person pages need, next to
the shared ones in tests/factories.py."""

import datetime
from decimal import Decimal

import factory

from registry.models import (
    DishonestDebtor,
    FormerName,
    Licence,
    Officer,
    Rating,
    RatingScheme,
    Shareholding,
)
from tests.factories import (
    AgencyFactory,
    CompanyFactory,
    ListEntryFactory,
    PersonFactory,
    credit_list,
)


class FormerNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormerName

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"北京旧名{n}有限公司")
    used_from = datetime.date(2015, 3, 1)
    used_until = datetime.date(2018, 6, 30)


class ShareholdingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shareholding

    company = factory.SubFactory(CompanyFactory)
    holder_person = factory.SubFactory(PersonFactory)
    subscribed_amount = Decimal("300000.00")
    share_percent = Decimal("30.0000")
    subscribed_on = datetime.date(2015, 3, 1)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    company = factory.SubFactory(CompanyFactory)
    person = factory.SubFactory(PersonFactory)
    role = Officer.Role.SUPERVISOR
    since = datetime.date(2019, 1, 1)


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    agency = factory.SubFactory(AgencyFactory)
    company = factory.SubFactory(CompanyFactory)
    decision_number = factory.Sequence(lambda n: f"京海市监许〔2022〕{n}号")
    licence_name = "食品经营许可证"
    licence_number = factory.Sequence(lambda n: f"JY1110108{n:07d}")
    decided_on = datetime.date(2022, 1, 10)
    valid_from = datetime.date(2022, 1, 10)
    valid_until = datetime.date(2027, 1, 9)


class RatingSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingScheme

    code = factory.Sequence(lambda n: f"tax-grade-{n}")
    name = "纳税信用等级"
    name_en = "Tax credit grade"
    agency = factory.SubFactory(AgencyFactory, kind="tax")
    grades = ["A", "B", "M", "C", "D"]


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    scheme = factory.SubFactory(RatingSchemeFactory)
    company = factory.SubFactory(CompanyFactory)
    grade = "B"
    period = factory.Sequence(lambda n: str(2000 + n % 100))
    rated_on = datetime.date(2024, 4, 20)


class DishonestDebtorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DishonestDebtor

    entry = factory.SubFactory(
        ListEntryFactory,
        credit_list=factory.LazyFunction(lambda: credit_list("dishonest_debtor")),
        reason="有履行能力而拒不履行生效法律文书确定义务",
    )
    case_number = factory.Sequence(lambda n: f"(2024)京0108执{n + 1}号")
    basis_document_number = "(2023)京0108民初100号"
    issuing_unit = "北京市海淀区人民法院"
    obligations = "支付货款人民币十万元"
    performance = DishonestDebtor.Performance.NOT_PERFORMED
    conduct = DishonestDebtor.Conduct.REFUSES_TO_PAY
    filed_on = datetime.date(2024, 2, 1)
    published_on = datetime.date(2024, 5, 1)
