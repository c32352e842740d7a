"""Factories for the registry models (factory-boy). Reference data (regions,
industries, credit lists) comes from the data migration, as in production."""

import datetime
from decimal import Decimal

import factory

from registry import uscc
from registry.models import (
    Agency,
    CaseParty,
    Company,
    CourtCase,
    CreditList,
    Industry,
    ListEntry,
    Penalty,
    PenaltyCategory,
    Person,
    Region,
)


def region(code="110108"):
    return Region.objects.get(code=code)


def credit_list(code="abnormal_operations"):
    return CreditList.objects.get(code=code)


def valid_code(n: int, division: str = "110108") -> str:
    """A valid credit code, distinct for each ``n``."""
    return uscc.with_check_character(f"91{division}MA{n:07d}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试市场监督管理局{n}")
    name_en = factory.Sequence(lambda n: f"Test Administration for Market Regulation {n}")
    kind = Agency.Kind.MARKET_REGULATION
    level = Agency.Level.COUNTY
    region = factory.LazyFunction(region)


class CourtFactory(AgencyFactory):
    name = factory.Sequence(lambda n: f"测试人民法院{n}")
    kind = Agency.Kind.COURT
    court_code = factory.Sequence(lambda n: f"京{n:04d}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")
    id_masked = "110101********1234"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    uscc = factory.Sequence(valid_code)
    name = factory.Sequence(lambda n: f"北京测试{n}科技有限公司")
    entity_type = Company.EntityType.LIMITED_LIABILITY
    legal_representative_name = "张三"
    registered_capital = Decimal("1000000.00")
    established_on = datetime.date(2015, 3, 1)
    region = factory.LazyFunction(region)
    industry = factory.LazyFunction(lambda: Industry.objects.get(code="65"))


class PenaltyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Penalty
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    decision_number = factory.Sequence(lambda n: f"京海市监罚〔2025〕{n}号")
    company = factory.SubFactory(CompanyFactory)
    subject_name = factory.SelfAttribute("company.name")
    violation_type = Penalty.ViolationType.MARKET_ORDER
    violation_facts = "虚假宣传"
    legal_basis = "《中华人民共和国反不正当竞争法》第八条"
    penalty_content = "罚款人民币五万元"
    fine_amount = Decimal("50000.00")
    decided_on = datetime.date(2025, 6, 1)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create:
            for category in extracted or ["fine"]:
                PenaltyCategory.objects.create(penalty=self, category=category)


class CourtCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourtCase

    court = factory.SubFactory(CourtFactory)
    year = 2024
    court_code = factory.SelfAttribute("court.court_code")
    type_code = "民初"
    serial = factory.Sequence(lambda n: n + 1)
    case_number = factory.LazyAttribute(
        lambda o: f"({o.year}){o.court_code}{o.type_code}{o.serial}号"
    )
    case_type = CourtCase.CaseType.CIVIL
    filed_on = datetime.date(2024, 3, 1)


class CasePartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseParty

    case = factory.SubFactory(CourtCaseFactory)
    role = CaseParty.Role.DEFENDANT
    company = factory.SubFactory(CompanyFactory)
    name = factory.SelfAttribute("company.name")


class ListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListEntry

    credit_list = factory.LazyFunction(credit_list)
    company = factory.SubFactory(CompanyFactory)
    subject_name = factory.SelfAttribute("company.name")
    reason = "通过登记的住所或者经营场所无法联系"
    listed_on = datetime.date(2025, 4, 1)
    decision_number = factory.Sequence(lambda n: f"京海市监异〔2025〕{n}号")
    authority = factory.SubFactory(AgencyFactory)
    removed_on = None
    # A removal is recorded whole (the database insists): by default the
    # listing authority removes.
    removal_authority = factory.LazyAttribute(lambda o: o.authority if o.removed_on else None)
