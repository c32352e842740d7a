"""``manage.py seed_demo``: deterministic, plausible demo data that keeps every rule.

Each test seeds a small register itself. Determinism is checked by seeding,
rolling the register back to empty (a savepoint) and seeding again.
"""

import datetime
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from pypinyin import lazy_pinyin
from stdnum.cn import uscc as stdnum_uscc

from registry.case_numbers import parse
from registry.demo.codes import org_code_check
from registry.models import (
    AnnualReport,
    AnnualReportAmendment,
    CaseParty,
    Company,
    CourtCase,
    CreditList,
    DishonestDebtor,
    FormerName,
    Licence,
    ListEntry,
    Officer,
    Penalty,
    PenaltyCategory,
    Person,
    Rating,
    Restriction,
    Shareholding,
)
from registry.models.deregistration import filing_models

pytestmark = pytest.mark.django_db

MASKED_ID = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")


def seed(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **{"companies": 200, "seed": 7, **options})
    return out.getvalue()


def snapshot() -> dict:
    """What a reader would see of the register, without database ids."""
    return {
        "companies": sorted(
            Company.objects.values_list(
                "uscc",
                "name",
                "name_en",
                "legal_representative_name",
                "registered_capital",
                "established_on",
                "status",
                "address",
                "head_office__uscc",
            )
        ),
        "people": sorted(Person.objects.values_list("name", "name_pinyin", "id_masked")),
        "penalties": sorted(
            Penalty.objects.values_list(
                "agency__name", "decision_number", "subject_name", "fine_amount", "decided_on"
            )
        ),
        "cases": sorted(CourtCase.objects.values_list("case_number", "amount", "filed_on")),
        "entries": sorted(
            ListEntry.objects.values_list("credit_list__code", "decision_number", "listed_on")
        ),
        "ratings": sorted(Rating.objects.values_list("company__uscc", "scheme__code", "grade")),
        "annual_reports": sorted(
            AnnualReport.objects.values_list(
                "company__uscc", "year", "filed_on", "revenue", "figures_published"
            )
        ),
        "amendments": sorted(
            AnnualReportAmendment.objects.values_list(
                "report__company__uscc", "amended_on", "field", "new_value"
            )
        ),
    }


def seeded_snapshot(**options) -> dict:
    """Seed into the empty register, read it, and empty it again."""
    savepoint = transaction.savepoint()
    seed(**options)
    seen = snapshot()
    transaction.savepoint_rollback(savepoint)
    assert not Company.objects.exists()
    return seen


@pytest.mark.smoke
def test_the_same_seed_gives_the_same_register():
    first = seeded_snapshot()
    assert len(first["companies"]) == 200
    assert first == seeded_snapshot()


def test_the_batch_size_does_not_change_the_data():
    assert seeded_snapshot(batch_size=37) == seeded_snapshot(batch_size=200)


def delete_seeded_records():
    """Everything seed_demo writes except agencies and rating schemes."""
    for model in (
        AnnualReportAmendment,
        AnnualReport,
        Restriction,
        DishonestDebtor,
        ListEntry,
        Rating,
        CaseParty,
        CourtCase,
        PenaltyCategory,
    ):
        model.objects.all().delete()
    for model in (Penalty, Licence, FormerName, Officer, Shareholding, *filing_models()):
        model.objects.all().delete()
    Company.objects.filter(head_office__isnull=False).delete()
    Company.objects.all().delete()
    Person.objects.all().delete()


def test_agencies_and_ids_left_from_an_earlier_seed_change_nothing():
    seed()
    first = snapshot()
    delete_seeded_records()
    Person.objects.create(name="先来者")  # shifts every person id of the next run
    seed()
    second = snapshot()
    second["people"].remove(("先来者", "", ""))
    assert second == first


def test_another_seed_gives_other_data():
    first, other = seeded_snapshot(seed=7), seeded_snapshot(seed=8)
    assert not set(first["companies"]) & set(other["companies"])


def test_every_credit_code_is_valid_and_carries_the_company_region():
    seed()
    type_character = {"individual_business": "2", "farmers_cooperative": "3"}
    for code, kind, region in Company.objects.values_list("uscc", "entity_type", "region__code"):
        assert stdnum_uscc.is_valid(code), code
        assert code[0] == "9"
        assert code[1] == type_character.get(kind, "1")
        assert code[2:8] == region
        assert org_code_check(code[8:16]) == code[16], code
    codes = Company.objects.values_list("uscc", flat=True)
    organisation_codes = [code[8:17] for code in codes]
    assert len(set(organisation_codes)) == len(organisation_codes)


def test_every_case_number_parses_into_the_stored_fields_and_has_two_parties():
    seed(companies=400)
    cases = list(CourtCase.objects.all())
    assert cases
    for case in cases:
        parsed = parse(case.case_number)
        assert (parsed.year, parsed.court_code, parsed.type_code, parsed.serial) == (
            case.year,
            case.court_code,
            case.type_code,
            case.serial,
        )
        assert parsed.case_type == case.case_type
        assert case.court.court_code == case.court_code
        assert case.parties.count() >= 2
    assert CaseParty.objects.filter(person__isnull=False).exists()
    assert CaseParty.objects.filter(company__isnull=False).exists()


def test_company_names_are_unique_and_differ_from_former_names():
    seed(companies=500)
    names = list(Company.objects.values_list("name", flat=True))
    former = list(FormerName.objects.values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert not set(names) & set(former)
    assert former, "about one company in ten has a former name"


def test_names_come_with_their_pinyin_and_initials():
    seed()
    for name, pinyin, initials in Company.objects.values_list(
        "name", "name_pinyin", "name_initials"
    ):
        chinese = [c for c in name if "\u4e00" <= c <= "\u9fff"]
        assert pinyin.isascii() and pinyin == pinyin.lower() and " " not in pinyin
        assert len(initials) == len(chinese), name
        assert initials == "".join(s[0] for s in lazy_pinyin(name, errors="ignore")) or (
            pinyin.startswith(initials[0])  # place names read as places: 长沙 chang, 成都 du
        )
    for name, pinyin in Person.objects.exclude(id_masked="").values_list("name", "name_pinyin"):
        assert pinyin.isascii() and pinyin.islower(), name


def test_people_carry_masked_id_numbers_only():
    seed()
    masked = list(Person.objects.values_list("id_masked", flat=True))
    assert all(MASKED_ID.match(value) for value in masked if value)
    assert not any(re.fullmatch(r"\d{17}[\dX]", value) for value in masked)
    represented = Company.objects.exclude(legal_representative=None)
    assert represented.count() == Company.objects.count()
    for company in represented.select_related("legal_representative")[:50]:
        assert company.legal_representative_name == company.legal_representative.name


def test_branches_belong_to_a_head_office_and_carry_its_name():
    seed(companies=1000)
    branches = Company.objects.filter(head_office__isnull=False).select_related("head_office")
    assert 10 <= branches.count() <= 60
    for branch in branches:
        assert branch.entity_type == Company.EntityType.BRANCH
        assert branch.name.startswith(branch.head_office.name)
        assert branch.name.endswith("分公司")
        assert branch.established_on >= branch.head_office.established_on


def test_records_lie_between_establishment_and_the_as_of_day():
    seed(companies=400)
    as_of = datetime.date(2026, 10, 31)
    checks = [
        (Penalty.objects.filter(company__isnull=False), "decided_on"),
        (Licence.objects.all(), "decided_on"),
        (ListEntry.objects.filter(company__isnull=False), "listed_on"),
        (Rating.objects.all(), "rated_on"),
    ]
    for records, field in checks:
        assert records.exists(), records.model
        for day, established in records.values_list(field, "company__established_on"):
            assert established <= day <= as_of


def test_list_entries_follow_the_list_rules():
    seed(companies=1500)
    entries = ListEntry.objects.all()
    assert set(entries.values_list("credit_list__code", flat=True)) == set(
        CreditList.objects.values_list("code", flat=True)
    )
    for entry in entries.exclude(removed_on=None):
        assert entry.removed_on >= entry.listed_on
        assert entry.removal_reason and entry.removal_decision_number
    per_list = Counter(entries.values_list("credit_list__code", flat=True))
    assert per_list.most_common(1)[0][0] == "abnormal_operations"
    for entry in entries.filter(credit_list__code="dishonest_debtor").select_related("debtor"):
        assert entry.debtor.case_number == entry.decision_number
        parse(entry.debtor.case_number)
        parse(entry.debtor.basis_document_number)


def test_penalties_cover_every_violation_type_with_categories_and_fines_in_range():
    seed(companies=1500)
    penalties = Penalty.objects.all()
    assert set(penalties.values_list("violation_type", flat=True)) == set(
        Penalty.ViolationType.values
    )
    fines = [f for f in penalties.values_list("fine_amount", flat=True) if f is not None]
    assert 500 <= min(fines) and max(fines) <= 5_000_000
    for penalty in penalties.prefetch_related("categories")[:300]:
        assert 1 <= len(penalty.categories.all()) <= 3
    assert not Penalty.objects.filter(categories=None).exists()
    assert PenaltyCategory.objects.count() >= penalties.count()


def test_about_three_records_per_company():
    out = seed(companies=1000)
    records = sum(
        model.objects.count() for model in (Penalty, Licence, CourtCase, ListEntry, Rating)
    )
    assert 2.5 <= records / 1000 <= 3.5
    assert f"{records:,} records" in out


def test_a_register_with_companies_is_refused_without_append():
    seed(companies=20)
    with pytest.raises(CommandError, match="already has 20 companies"):
        seed(companies=20)


def test_append_adds_companies_without_reusing_names_or_codes():
    seed(companies=100)
    seed(companies=100, append=True)
    assert Company.objects.count() == 200
    assert Company.objects.values("name").distinct().count() == 200
    assert Company.objects.values("uscc").distinct().count() == 200


def test_a_dry_run_writes_nothing_and_says_what_it_would_write():
    out = seed(dry_run=True)
    assert not Company.objects.exists()
    assert not Person.objects.exists()
    assert "Would seed 200 companies" in out


def test_every_seeded_record_meets_the_rules_every_channel_checks():
    """The seeder writes in bulk (COPY on PostgreSQL), past the services, for
    speed at millions of companies; its records must still pass the one check
    every channel and every approval runs (services.record_check)."""
    from registry import services

    seed(companies=150)
    for model in (Penalty, ListEntry, CourtCase, Rating, AnnualReport):
        records = list(model.objects.order_by("pk")[:150])
        assert records, f"no {model.__name__} seeded"
        for record in records:
            try:
                services.record_check(record)
            except ValidationError as error:
                pytest.fail(f"{model.__name__} {record.pk} ({record}): {error.messages}")


def test_about_one_annual_report_per_company_year_of_the_last_five_years():
    as_of = datetime.date(2026, 8, 15)
    seed(companies=300, as_of=as_of)
    reports = list(AnnualReport.objects.select_related("company"))
    assert reports
    for report in reports:
        established = report.company.established_on
        assert established.year <= report.year <= 2025
        assert report.year >= 2021  # five years at most
        assert report.year < report.filed_on.year and report.filed_on <= as_of
    due = sum(
        len(range(max(c.established_on.year, 2021), 2026))
        for c in Company.objects.filter(established_on__year__lte=2025)
    )
    assert 0.8 * due <= len(reports) <= due
    late = [r for r in reports if r.filed_on > datetime.date(r.year + 1, 6, 30)]
    assert late and len(late) < len(reports) * 0.15
    assert any(not r.figures_published for r in reports)
    assert AnnualReportAmendment.objects.exists()
    # A company on the abnormal-operations list for a year's report has none
    # for that year, unless removed after filing it late.
    for entry in ListEntry.objects.filter(reason__contains="年度报告", removed_on__isnull=True):
        year = int(re.search(r"(\d{4})年度报告", entry.reason).group(1))
        assert not AnnualReport.objects.filter(company=entry.company, year=year).exists()
    # Some companies miss last year's report: the filing rule lists them.
    out = StringIO()
    call_command("list_missing_annual_reports", "--dry-run", "--today", "2026-08-15", stdout=out)
    assert "would list" in out.getvalue()
