"""The credit list pages: every list with its facts and current size, and one
list's current entries and recent removals, filtered and paged."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import CreditList, ListEntry
from tests.factories import (
    AgencyFactory,
    ListEntryFactory,
    PersonFactory,
    credit_list,
    region,
)
from tests.factories_browse import freeze_today, page_of, removed_entry

INDEX = reverse("publicity:list-index")
ABNORMAL = reverse("publicity:list-detail", args=["abnormal_operations"])


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


def current_and_removals(page):
    """The page's current-entries part and its removals part."""
    return page.split('id="removals"', 1)


# --- The index -----------------------------------------------------------------


@pytest.mark.smoke
def test_list_index_shows_every_list_with_its_facts_and_current_entries(client):
    ListEntryFactory.create_batch(2)
    removed_entry()

    page = page_of(client, INDEX)

    abnormal = credit_list("abnormal_operations")
    assert abnormal.name in page
    assert abnormal.keeper in page
    assert abnormal.legal_basis in page
    assert abnormal.consequences in page
    assert "36" in page  # its maximum term in months
    assert reverse("publicity:list-detail", args=[abnormal.code]) + '">2</a>' in page
    assert page.count('class="tag tag--black"') >= 4
    assert page.count('class="browse-list"') == 7


def test_list_index_counts_entries_in_one_grouped_query(client, django_assert_max_num_queries):
    ListEntryFactory.create_batch(3)
    ListEntryFactory(credit_list=credit_list("serious_violation"))

    # The cached counts (missing: then the grouped count and storing it), the lists.
    with django_assert_max_num_queries(8):
        page = page_of(client, INDEX)
    with django_assert_max_num_queries(2):
        page_of(client, INDEX)

    assert reverse("publicity:list-detail", args=["serious_violation"]) + '">1</a>' in page


def test_list_index_in_english_shows_english_names_and_consequences(client):
    with translation.override("en"):
        url = reverse("publicity:list-index")

    page = page_of(client, url)

    abnormal = credit_list("abnormal_operations")
    assert url.startswith("/en/")
    assert abnormal.name_en in page
    assert abnormal.consequences_en in page
    assert "Credit lists" in page


# --- One list ------------------------------------------------------------------


@pytest.mark.smoke
def test_list_page_shows_current_entries_with_links(client):
    entry = ListEntryFactory(reason="通过登记的住所无法联系")

    page = page_of(client, ABNORMAL)

    current, _removals = current_and_removals(page)
    assert entry.company.name in current
    assert reverse("publicity:company-detail", args=[entry.company.uscc]) in current
    assert reverse("publicity:agency-detail", args=[entry.authority.pk]) in current
    assert "通过登记的住所无法联系" in current
    assert "2025-04-01" in current
    assert entry.decision_number in current


def test_removed_entries_show_under_removals_not_current(client):
    entry = removed_entry(removed_on=datetime.date(2025, 10, 1), removal_reason="已补报年报")
    ListEntryFactory(company__name="仍在名录公司")

    page = page_of(client, ABNORMAL)

    current, removals = current_and_removals(page)
    assert entry.company.name not in current
    assert "仍在名录公司" in current
    assert entry.company.name in removals
    assert "2025-10-01" in removals
    assert "已补报年报" in removals
    assert reverse("publicity:agency-detail", args=[entry.removal_authority.pk]) in removals


def test_removals_older_than_a_year_are_not_shown(client):
    removed_entry(
        removed_on=datetime.date(2024, 6, 1),
        listed_on=datetime.date(2024, 1, 1),
        company__name="早已移出公司",
    )

    page = page_of(client, ABNORMAL)

    assert "早已移出公司" not in page


def test_entries_of_other_lists_are_not_shown(client):
    ListEntryFactory(credit_list=credit_list("serious_violation"), company__name="严违公司")

    page = page_of(client, ABNORMAL)

    assert "严违公司" not in page


def test_a_person_on_a_list_links_to_the_person_page(client):
    person = PersonFactory(name="李某")
    ListEntryFactory(
        credit_list=credit_list("dishonest_debtor"),
        company=None,
        person=person,
        subject_name="李某",
    )

    page = page_of(client, reverse("publicity:list-detail", args=["dishonest_debtor"]))

    assert reverse("publicity:person-detail", args=[person.pk]) in page
    assert "110101********1234" not in page


def test_unknown_list_code_is_a_404_page(client):
    response = client.get(reverse("publicity:list-detail", args=["no_such_list"]))

    assert response.status_code == 404


def test_entry_text_is_shown_escaped(client):
    ListEntryFactory(reason="<script>alert('x')</script>无法联系")

    page = page_of(client, ABNORMAL)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;无法联系" in page


# --- Filters and pages -----------------------------------------------------------


def test_entries_filtered_by_province_and_city(client):
    ListEntryFactory(company__name="北京甲公司")
    ListEntryFactory(company__name="杭州乙公司", company__region=region("330106"))
    ListEntryFactory(company__name="宁波丙公司", company__region=region("330212"))
    removed_entry(company__name="杭州已移出公司", company__region=region("330106"))

    zhejiang = page_of(client, ABNORMAL, province="330000")
    hangzhou = page_of(client, ABNORMAL, province="330000", city="330100")

    assert "杭州乙公司" in zhejiang and "宁波丙公司" in zhejiang and "北京甲公司" not in zhejiang
    assert "杭州乙公司" in hangzhou and "宁波丙公司" not in hangzhou
    assert "杭州已移出公司" in current_and_removals(hangzhou)[1]


def test_entries_filtered_by_authority(client):
    mine = ListEntryFactory(company__name="甲机关列入公司")
    ListEntryFactory(company__name="乙机关列入公司")
    removed_entry(company__name="甲机关移出公司", removal_authority=mine.authority)

    page = page_of(client, ABNORMAL, authority=mine.authority.pk)

    assert "甲机关列入公司" in page
    assert "甲机关移出公司" in page
    assert "乙机关列入公司" not in page


def test_authority_choices_are_only_agencies_with_entries_on_the_list(client):
    entry = ListEntryFactory()
    ListEntryFactory(credit_list=credit_list("serious_violation"), authority__name="别的名录机关")
    AgencyFactory(name="没有列入的机关")

    page = page_of(client, ABNORMAL)

    assert f'<option value="{entry.authority.pk}">{entry.authority.name}</option>' in page
    assert "没有列入的机关" not in page
    assert "别的名录机关" not in page


def test_entries_filtered_by_date(client):
    ListEntryFactory(company__name="春季列入公司", listed_on=datetime.date(2025, 3, 1))
    ListEntryFactory(company__name="秋季列入公司", listed_on=datetime.date(2025, 9, 1))
    removed_entry(company__name="秋季移出公司", removed_on=datetime.date(2025, 9, 15))
    removed_entry(company__name="春季移出公司", removed_on=datetime.date(2025, 4, 15))

    page = page_of(client, ABNORMAL, date_from="2025-08-01", date_to="2025-09-30")

    current, removals = current_and_removals(page)
    assert "秋季列入公司" in current and "春季列入公司" not in current
    assert "秋季移出公司" in removals and "春季移出公司" not in removals


def test_a_bad_date_is_an_error(client):
    response = client.get(ABNORMAL, {"date_from": "<i>soon</i>"})

    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="browse-errors"' in page
    assert "<i>soon</i>" not in page


def test_pagination_keeps_the_filters(client):
    authority = AgencyFactory()
    ListEntryFactory.create_batch(27, authority=authority)

    page = page_of(client, ABNORMAL, authority=authority.pk, province="110000")

    next_link = re.search(r'rel="next" href="([^"]+)"', page).group(1)
    assert f"authority={authority.pk}" in next_link
    assert "province=110000" in next_link
    second = page_of(client, ABNORMAL + next_link.replace("&amp;", "&"))
    assert second.count('href="/companies/') == 2


def test_all_recent_removals_are_paged_on_their_own_view(client):
    for day in range(12):
        removed_entry(removed_on=datetime.date(2025, 10, 1 + day), company__name=f"移出{day}号公司")

    first = page_of(client, ABNORMAL)
    removals = page_of(client, ABNORMAL, view="removals")

    assert first.count("号公司") == 10
    assert "view=removals" in first
    assert removals.count("号公司") == 12
    assert 'name="view" value="removals"' in removals


def test_list_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    ListEntryFactory.create_batch(15)
    for _ in range(5):
        removed_entry()
    client.get(ABNORMAL)

    # The list; cached counts and choices; count and rows of each part.
    with django_assert_max_num_queries(7):
        page = page_of(client, ABNORMAL)

    assert page.count("测试市场监督管理局") >= 20
    assert ListEntry.objects.count() == 20


def test_list_page_in_english(client):
    ListEntryFactory()
    with translation.override("en"):
        url = reverse("publicity:list-detail", args=["abnormal_operations"])

    page = page_of(client, url)

    assert url.startswith("/en/")
    assert "Abnormal Operations List" in page
    assert "Current entries" in page
    assert "Removed in the last year" in page


def test_a_list_without_an_english_name_is_named_in_chinese_on_english_pages(client):
    entry = ListEntryFactory()
    listed = entry.credit_list
    CreditList.objects.filter(pk=listed.pk).update(name_en="")
    with translation.override("en"):
        list_url = reverse("publicity:list-detail", args=[listed.code])
        company_url = reverse("publicity:company-detail", args=[entry.company.uscc])

    list_page = client.get(list_url).content.decode()
    company_page = client.get(company_url).content.decode()

    assert f"<title>{listed.name} – " in list_page
    assert f'<span class="tag tag--{listed.kind}">{listed.name}</span>' in company_page
