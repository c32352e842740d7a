"""The home page: the search box first, then the credit lists with their
current entries, the latest public records and headline counts, counted at
most every ten minutes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import CreditList
from tests.factories import CasePartyFactory, CompanyFactory, ListEntryFactory, PenaltyFactory
from tests.factories_browse import TODAY, freeze_today, page_of, removed_entry

pytestmark = pytest.mark.smoke

HOME = reverse("publicity:home")


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


def test_home_page_lists_every_credit_list(client, django_assert_max_num_queries):
    # Counting (first visit), then from the cache: the lists, the latest records.
    with django_assert_max_num_queries(13):
        client.get(reverse("publicity:home"))
    with django_assert_max_num_queries(4):
        response = client.get(reverse("publicity:home"))

    assert response.status_code == 200
    page = response.content.decode()
    names = list(CreditList.objects.values_list("name", flat=True))
    # The data migration seeds the national lists from registry/data/credit_lists.csv.
    assert len(names) == 7
    assert "经营异常名录" in names
    for name in names:
        assert name in page


def test_the_search_box_comes_first(client):
    page = page_of(client, HOME)

    assert f'action="{reverse("publicity:search")}"' in page
    assert page.index('name="q"') < page.index(
        reverse("publicity:list-detail", args=["abnormal_operations"])
    )


def test_lists_link_to_their_pages_with_current_entry_counts(client):
    ListEntryFactory.create_batch(2)
    removed_entry()
    with translation.override("en"):
        english_home = reverse("publicity:home")

    page = page_of(client, english_home)

    abnormal = reverse("publicity:list-detail", args=["abnormal_operations"])
    assert f'href="{abnormal}"' in page
    assert "2 current entries" in page


def test_latest_public_penalties_and_entries_link_to_companies(client):
    penalty = PenaltyFactory(fine_amount=98765)
    PenaltyFactory(
        decision_number="简易警告〔2025〕1号",
        simple_procedure=True,
        categories=["warning"],
        company__name="只被警告公司",
    )
    PenaltyFactory(publicity_until=datetime.date(2025, 11, 1), company__name="公示期满公司")
    entry = ListEntryFactory(company__name="新列入公司")
    removed_entry(company__name="已移出公司")

    page = page_of(client, HOME)

    assert reverse("publicity:company-detail", args=[penalty.company.uscc]) in page
    assert "¥98,765.00" in page
    assert reverse("publicity:company-detail", args=[entry.company.uscc]) in page
    assert "只被警告公司" not in page
    assert "公示期满公司" not in page
    assert "已移出公司" not in page


def test_headline_counts_leave_out_what_is_not_public(client):
    CompanyFactory.create_batch(2)
    PenaltyFactory.create_batch(3)
    PenaltyFactory(simple_procedure=True, categories=["warning"])
    ListEntryFactory()
    removed_entry()
    CasePartyFactory()
    with translation.override("en"):
        url = reverse("publicity:home")

    page = page_of(client, url).replace("\n", " ")

    # 2 + 4 penalised + 2 listed + 1 party = 9 companies.
    assert "<strong>9</strong> Companies" in page
    assert "<strong>3</strong> <a" in page  # public penalties
    assert "<strong>1</strong> <a" in page  # current list entries and court cases
    assert "Counts as of 2025-12-01 20:00" in page


def test_counts_are_kept_for_ten_minutes_then_counted_again(client, time_machine):
    page_of(client, HOME)
    CompanyFactory.create_batch(3)

    time_machine.move_to(TODAY + datetime.timedelta(minutes=9), tick=False)
    cached = page_of(client, HOME)
    time_machine.move_to(TODAY + datetime.timedelta(minutes=11), tick=False)
    counted_again = page_of(client, HOME)

    assert "<strong>0</strong>" in cached
    assert "<strong>3</strong>" in counted_again
    assert "2025-12-01 20:11" in counted_again


def test_record_text_on_the_home_page_is_escaped(client):
    PenaltyFactory(company__name="<script>x()</script>公司")

    page = page_of(client, HOME)

    assert "<script>x()" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;公司" in page
