"""A company's read model (registry.models.CompanyDocument): the company page
read from it is the page read from the tables, on the day it was built and
on later days (the day's rules apply when it is read); a write to the
company, to reference data, or a model too old or of another layout makes
the page read the tables at once; ``refresh_company_documents`` builds what
is missing or out of date."""

import datetime
import random
import threading
import time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connections, transaction
from django.db.models import Count
from django.utils import timezone

from registry.models import Agency, Company, CompanyDocument, Penalty
from registry.selectors import company_documents
from registry.services import company_documents as building
from tests.factories import CompanyFactory, PenaltyFactory
from tests.publicity.kept_pages import page_text

pytestmark = pytest.mark.django_db

# A page read from its read model: the model, the company's version, the
# ownership tree, objections and restrictions (against about twenty-five
# from the tables).
FROM_MODEL_QUERIES = 12


@pytest.fixture
def register(settings, time_machine):
    # Read models built once are read on later days too (the day's rules
    # are applied when read): here, a year and more later.
    settings.COMPANY_DOCUMENT_MAX_AGE_DAYS = 5000
    settings.COMPANY_DOCUMENT_REFERENCE_SECONDS = 0
    call_command("seed_demo", companies=120, seed=5, no_statistics=True, stdout=StringIO())
    # Read models are built well after the last change to reference data
    # (the migrations', today).
    now = timezone.now() + datetime.timedelta(minutes=5)
    time_machine.move_to(now, tick=False)
    return now


def _busiest(count):
    """Companies with the most kinds of records, and a few with none."""
    companies = Company.objects.annotate(
        n=Count("penalties", distinct=True)
        + Count("list_entries", distinct=True)
        + Count("annual_reports", distinct=True)
        + Count("case_parties", distinct=True)
    ).order_by("-n", "pk")
    chosen = list(companies[:count])
    chosen += random.Random(3).sample(list(companies[count:]), 4)
    return chosen


def _pages(client, companies, languages=("zh-hans", "en")):
    return {(c.uscc, lang): page_text(client, c, lang) for c in companies for lang in languages}


def test_pages_read_from_read_models_are_the_pages_read_from_the_tables_on_any_day(
    client, register, settings, time_machine, django_assert_max_num_queries
):
    companies = _busiest(12)
    assert building.build(Company.objects.all()) == Company.objects.count()
    for days in (0, 200, 800):
        time_machine.move_to(register + datetime.timedelta(days=days), tick=False)
        settings.COMPANY_DOCUMENTS = False
        from_tables = _pages(client, companies)
        settings.COMPANY_DOCUMENTS = True
        for company in companies:
            with django_assert_max_num_queries(FROM_MODEL_QUERIES):
                page_text(client, company)
        assert _pages(client, companies) == from_tables, days


def test_a_write_shows_at_once_and_the_rebuilt_model_shows_it_too(
    client, register, django_assert_max_num_queries
):
    penalty = (
        Penalty.objects.public(register.date()).select_related("company").order_by("-pk").first()
    )
    company = penalty.company
    building.build(Company.objects.all())
    assert penalty.decision_number in page_text(client, company)

    penalty.state, penalty.withdrawn_on = "withdrawn", register.date()
    penalty.withdrawal_kind, penalty.withdrawal_reason = "corrected", "Entered twice."
    penalty.save()
    assert penalty.decision_number not in page_text(client, company)
    assert company_documents.read(company.uscc) is None  # out of date: not read

    out = StringIO()
    call_command("refresh_company_documents", stdout=out)
    assert "Built 1 read models" in out.getvalue()
    assert company_documents.read(company.uscc) is not None
    with django_assert_max_num_queries(FROM_MODEL_QUERIES):
        assert penalty.decision_number not in page_text(client, company)


def test_an_agency_renamed_shows_at_once_on_pages_built_before(client, register):
    penalty = Penalty.objects.public(register.date()).select_related("company", "agency").first()
    building.build_codes([penalty.company.uscc])
    assert company_documents.read(penalty.company.uscc) is not None

    agency = Agency.objects.get(pk=penalty.agency_id)
    agency.name = "北京市海淀区更名后的监督管理局"
    agency.save()
    assert company_documents.read(penalty.company.uscc) is None
    assert agency.name in page_text(client, penalty.company)


def test_a_model_too_old_or_of_another_layout_is_not_read(register, settings):
    company = Company.objects.order_by("pk").first()
    building.build_codes([company.uscc])
    assert company_documents.read(company.uscc) is not None

    settings.COMPANY_DOCUMENT_MAX_AGE_DAYS = 0
    CompanyDocument.objects.update(built_at=register - datetime.timedelta(seconds=1))
    assert company_documents.read(company.uscc) is None
    assert building.out_of_date() == sorted(Company.objects.values_list("pk", flat=True))

    settings.COMPANY_DOCUMENT_MAX_AGE_DAYS = 7
    CompanyDocument.objects.update(layout="company-graph/0|an older one")
    assert company_documents.read(company.uscc) is None
    settings.COMPANY_DOCUMENTS = False
    building.build_codes([company.uscc])
    assert company_documents.read(company.uscc) is None  # switched off: never read


@pytest.mark.smoke
def test_the_refresh_builds_what_is_missing_then_nothing_and_shares_the_work_by_part(register):
    out = StringIO()
    call_command("refresh_company_documents", "--part", "0/2", stdout=out)
    half = CompanyDocument.objects.count()
    assert 0 < half < Company.objects.count()
    assert all(pk % 2 == 0 for pk in CompanyDocument.objects.values_list("company_id", flat=True))

    call_command("refresh_company_documents", stdout=out)
    assert CompanyDocument.objects.count() == Company.objects.count()
    out = StringIO()
    call_command("refresh_company_documents", stdout=out)
    assert "Built 0 read models" in out.getvalue()

    code = Company.objects.order_by("pk").values_list("uscc", flat=True).first()
    assert company_documents.read(code).uscc == code


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_follower_builds_a_company_whose_change_is_announced(settings):
    settings.COMPANY_DOCUMENT_REFERENCE_SECONDS = 0
    company = CompanyFactory()
    penalty = PenaltyFactory(company=company, decided_on=timezone.localdate())
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5), tick=True):
        out = StringIO()
        follower = threading.Thread(target=_follow, args=(out,))
        follower.start()
        _wait_for(lambda: "Following announced changes." in out.getvalue())
        assert company_documents.read(company.uscc) is not None  # built on starting

        penalty.decision_number = "京海市监罚〔2026〕99号"
        penalty.save()  # committed: announced
        _wait_for(lambda: company_documents.read(company.uscc) is not None)
        read = company_documents.read(company.uscc)
        assert [p.decision_number for p in read.graph_penalties] == ["京海市监罚〔2026〕99号"]
        follower.join()


def _follow(out):
    try:
        call_command("refresh_company_documents", "--follow", "--for-seconds", "8", stdout=out)
    finally:
        connections.close_all()


def _wait_for(condition, seconds=8.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_builders_of_one_company_at_once_both_finish():
    # The daily run beside --follow: each deletes the row it sees, and the
    # second to insert meets the first one's row, committed meanwhile.
    company = CompanyFactory()
    inserted = threading.Event()

    def first_builder():
        try:
            with transaction.atomic():
                building.build_ids([company.pk])
                inserted.set()
                time.sleep(0.5)  # the second builder's insert waits on this row
        finally:
            connections.close_all()

    first = threading.Thread(target=first_builder)
    first.start()
    assert inserted.wait(10)
    assert building.build_ids([company.pk]) == 1
    first.join()
    assert list(CompanyDocument.objects.values_list("company_id", "uscc")) == [
        (company.pk, company.uscc)
    ]
