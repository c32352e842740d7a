"""The Atom feeds of the company, list, agency, person and penalties pages:
valid Atom (read by feedparser), only what the pages show, newest first and
bounded, and linked from their pages."""

import datetime
from decimal import Decimal

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from registry import services
from registry.models import Restriction
from tests.factories import (
    AgencyFactory,
    CasePartyFactory,
    CompanyFactory,
    CourtCaseFactory,
    CourtFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
)
from tests.factories_browse import bulk_penalties, freeze_today, removed_entry
from tests.factories_company_page import LicenceFactory
from tests.staff import make_superuser


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


def url_of(name, *args, language="zh-hans"):
    with translation.override(language):
        return reverse(f"publicity:{name}", args=args)


def feed(client, url, **params):
    """The feed at ``url``, parsed; it must be a 200 and valid Atom."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:500]
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    for entry in parsed.entries:
        assert entry.id.startswith("tag:testserver,2026:")
        assert entry.link.startswith("http://testserver/")
        assert entry.title and entry.updated and entry.published
    assert len({entry.id for entry in parsed.entries}) == len(parsed.entries)
    return parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


@pytest.fixture
def world():
    """A company with a public penalty, a removed list entry and a
    restriction on its legal representative."""
    agency = AgencyFactory(name="北京市海淀区市场监督管理局", name_en="Haidian AMR")
    person = PersonFactory(name="李四")
    company = CompanyFactory(
        name="北京星河科技有限公司",
        name_en="Beijing Xinghe Technology",
        legal_representative=person,
    )
    penalty = PenaltyFactory(company=company, agency=agency, decision_number="京海罚〔2025〕7号")
    entry = removed_entry(company=company, authority=agency, decision_number="京海异〔2025〕3号")
    open_entry = ListEntryFactory(company=company, authority=agency, decision_number="京海异9号")
    Restriction.objects.create(
        person=person,
        company=company,
        kind=Restriction.Kind.choices[0][0],
        starts_on=datetime.date(2025, 11, 1),
        ends_on=datetime.date(2028, 11, 1),
        reason="严重违法失信",
        source_entry=open_entry,
    )
    # An annual report whose figures the company does not publish, amended.
    annual = services.annual_report_file(
        company=company,
        year=2024,
        filed_on=datetime.date(2025, 4, 1),
        revenue=Decimal("98765.00"),
        figures_published=False,
    ).obj
    services.annual_report_amend(
        report=annual, amended_on=datetime.date(2025, 6, 2), changes={"revenue": "45678"}
    )
    return {
        "agency": agency,
        "person": person,
        "company": company,
        "penalty": penalty,
        "entry": entry,
    }


def feed_urls(world, language="zh-hans"):
    return {
        "company": url_of("company-feed", world["company"].uscc, language=language),
        "list": url_of("list-feed", world["entry"].credit_list.code, language=language),
        "agency": url_of("agency-feed", world["agency"].pk, language=language),
        "person": url_of("person-feed", world["person"].pk, language=language),
        "penalties": url_of("penalty-feed", language=language),
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_feed_is_valid_atom_with_entries_linking_to_their_pages(client, world, language):
    """An entry about one record links to the record's own page."""
    urls = feed_urls(world, language)
    with translation.override(language):
        record_pages = {world["penalty"].get_absolute_url(), world["entry"].get_absolute_url()}
    for name, url in urls.items():
        parsed = feed(client, url)
        assert parsed.entries, name
        assert parsed.feed.links
        if name != "person":
            linked = {e.link.removeprefix("http://testserver") for e in parsed.entries}
            assert linked & record_pages, name


def test_the_company_feed_has_records_list_changes_and_registration_changes(client, world):
    company = world["company"]
    services.company_upsert(
        code=company.uscc,
        name="北京星河新科技有限公司",
        entity_type=company.entity_type,
        legal_representative_name=company.legal_representative_name,
        registered_capital=company.registered_capital,
    )
    parsed = feed(client, url_of("company-feed", company.uscc, language="en"))
    shown = titles(parsed)
    penalty, entry = world["penalty"], world["entry"]
    assert "Administrative penalty 京海罚〔2025〕7号 · ¥50,000.00" in shown
    assert any(t.startswith("Put on the") and "京海异〔2025〕3号" in t for t in shown)
    assert any(t.startswith("Removed from the") for t in shown)
    assert any(t.startswith("Change history: Name") for t in shown)
    links = {e.title: e.link for e in parsed.entries}
    assert links["Administrative penalty 京海罚〔2025〕7号 · ¥50,000.00"].endswith(
        f"/en/penalties/{penalty.pk}/"
    )
    number = entry.removal_decision_number or entry.decision_number
    removal = f"Removed from the Abnormal Operations List ({number})"
    assert links[removal].endswith(f"/en/lists/abnormal_operations/entries/{entry.pk}/")
    ids = {e.id for e in parsed.entries}
    assert f"tag:testserver,2026:list-entry/{entry.pk}/removed" in ids
    # Newest first.
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)


def test_the_company_feed_has_its_annual_reports_without_withheld_figures(client, world):
    parsed = feed(client, url_of("company-feed", world["company"].uscc, language="en"))
    links = {e.title: e.link for e in parsed.entries}
    assert links["Annual report for 2024 filed"].endswith("#annual-report-2024")
    amended = [e for e in parsed.entries if e.title == "Annual report for 2024 amended: Revenue"]
    assert amended[0].summary == "Not published by the company."
    body = client.get(url_of("company-feed", world["company"].uscc)).content.decode()
    assert "98765" not in body and "45678" not in body


def test_ids_are_the_same_in_both_languages(client, world):
    chinese = feed(client, url_of("company-feed", world["company"].uscc))
    english = feed(client, url_of("company-feed", world["company"].uscc, language="en"))
    assert {e.id for e in chinese.entries} == {e.id for e in english.entries}


def test_english_titles_give_the_english_name_with_the_chinese(client, world):
    parsed = feed(client, url_of("agency-feed", world["agency"].pk, language="en"))
    assert parsed.feed.title.startswith("Haidian AMR (北京市海淀区市场监督管理局)")
    assert any(
        t.startswith("Beijing Xinghe Technology (北京星河科技有限公司): ") for t in titles(parsed)
    )
    chinese = feed(client, url_of("agency-feed", world["agency"].pk))
    assert any(t.startswith("北京星河科技有限公司: 行政处罚") for t in titles(chinese))


def test_the_agency_feed_has_its_licences_and_a_courts_feed_its_cases(client, world):
    licence = LicenceFactory(
        company=world["company"], agency=world["agency"], licence_name="食品经营许可证"
    )
    parsed = feed(client, url_of("agency-feed", world["agency"].pk, language="en"))
    links = {e.title: e.link for e in parsed.entries}
    title = "Beijing Xinghe Technology (北京星河科技有限公司): Licence granted: 食品经营许可证"
    assert links[title].endswith(f"/en/licences/{licence.pk}/")

    court = CourtFactory(name="北京市海淀区人民法院")
    decided = CourtCaseFactory(court=court, decided_on=datetime.date(2025, 3, 2))
    CasePartyFactory(case=decided, company=world["company"])
    only_people = CourtCaseFactory(court=court, decided_on=None)
    CasePartyFactory(case=only_people, company=None, name="王五")
    CourtCaseFactory(court=court, state="draft")
    chinese = feed(client, url_of("agency-feed", court.pk))
    ids = {e.id for e in chinese.entries}
    assert ids == {
        f"tag:testserver,2026:court-case/{decided.pk}/filed",
        f"tag:testserver,2026:court-case/{decided.pk}/decided",
        f"tag:testserver,2026:court-case/{only_people.pk}/filed",
    }
    links = {e.id.rsplit(":", 1)[1]: e.link for e in chinese.entries}
    assert links[f"court-case/{decided.pk}/decided"].endswith(f"/cases/{decided.pk}/")
    assert links[f"court-case/{only_people.pk}/filed"].endswith(f"/cases/{only_people.pk}/")
    # The market regulator publishes no cases.
    assert not any("court-case" in e.id for e in parsed.entries)


def test_the_person_feed_has_restrictions_and_listed_companies(client, world):
    parsed = feed(client, url_of("person-feed", world["person"].pk, language="en"))
    shown = titles(parsed)
    assert any(t.startswith("Restriction in force:") for t in shown)
    assert any("京海异9号" in t for t in shown)
    # The removed entry is not a listing now.
    assert not any("京海异〔2025〕3号" in t for t in shown)
    # The person's own listing (a dishonest debtor, say) is there too, on its own page.
    own = ListEntryFactory(
        company=None,
        person=world["person"],
        subject_name="李四",
        decision_number="（2025）京0108执1号",
    )
    parsed = feed(client, url_of("person-feed", world["person"].pk, language="en"))
    links = {e.title: e.link for e in parsed.entries}
    title = next(t for t in links if "（2025）京0108执1号" in t)
    assert title.startswith("Put on the")
    assert links[title].endswith(f"/lists/abnormal_operations/entries/{own.pk}/")


def test_a_persons_entry_in_a_lists_feed_is_titled_with_the_persons_name(client, world):
    own = ListEntryFactory(
        company=None, person=world["person"], subject_name="李四", decision_number="京海异12号"
    )
    parsed = feed(client, url_of("list-feed", own.credit_list.code, language="en"))
    links = {e.title: e.link for e in parsed.entries}
    title = "李四: Put on the Abnormal Operations List (京海异12号)"
    assert links[title].endswith(f"/en/lists/abnormal_operations/entries/{own.pk}/")


def hide(record, how, user):
    """Make ``record`` one the public never sees."""
    if how == "withdrawn":
        services.record_withdraw(record=record, user=user, kind="corrected", reason="更正")
    elif how == "draft":
        type(record).objects.filter(pk=record.pk).update(state="draft")
    elif how == "past its publicity period":
        if hasattr(record, "publicity_until"):
            type(record).objects.filter(pk=record.pk).update(
                decided_on=datetime.date(2022, 1, 1), publicity_until=None
            )
        else:
            type(record).objects.filter(pk=record.pk).update(
                listed_on=datetime.date(2020, 1, 1), removed_on=datetime.date(2021, 1, 1)
            )


@pytest.mark.parametrize("how", ["withdrawn", "draft", "past its publicity period"])
def test_a_record_the_pages_do_not_show_is_in_no_feed(client, world, how):
    central = make_superuser()
    hide(world["penalty"], how, central)
    hide(world["entry"], how, central)
    penalty_id = f"penalty/{world['penalty'].pk}"
    entry_id = f"list-entry/{world['entry'].pk}"
    for url in feed_urls(world).values():
        for entry in feed(client, url).entries:
            assert not entry.id.endswith(penalty_id)
            assert not entry.id.endswith(entry_id) and f"{entry_id}/" not in entry.id


def test_the_penalties_feed_takes_the_pages_filters(client, world):
    other = PenaltyFactory(fine_amount=1000, decision_number="京海罚〔2025〕8号")
    url = url_of("penalty-feed")
    everything = feed(client, url)
    assert len(everything.entries) == 2
    large = feed(client, url, fine_min="10000")
    assert [e.id for e in large.entries] == [f"tag:testserver,2026:penalty/{world['penalty'].pk}"]
    assert large.feed.link.endswith("/penalties/?fine_min=10000")
    by_agency = feed(client, url, authority=str(other.agency.pk))
    assert [e.id for e in by_agency.entries] == [f"tag:testserver,2026:penalty/{other.pk}"]


@pytest.mark.parametrize(
    "params", [{"fine_min": "lots"}, {"decided_from": "2025-13-45"}, {"violation_type": "nope"}]
)
def test_a_bad_filter_on_the_penalties_feed_is_a_400(client, db, params):
    response = client.get(url_of("penalty-feed"), params)
    assert response.status_code == 400


def test_unknown_subjects_are_404(client, db):
    assert client.get(url_of("company-feed", "91110108MA0000000X")).status_code == 404
    assert client.get(url_of("company-feed", "nonsense")).status_code == 404
    assert client.get(url_of("list-feed", "no-such-list")).status_code == 404
    assert client.get(url_of("agency-feed", 999999)).status_code == 404
    assert client.get(url_of("person-feed", 999999)).status_code == 404


def test_feeds_hold_the_latest_fifty_in_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    bulk_penalties(70, agency=world["agency"], company=world["company"])
    for url in feed_urls(world).values():
        # The company feed reads the annual reports and their amendments too (2),
        # and the restrictions on a restricted legal representative after a
        # one-row check (2; 1 when none names the person).
        with django_assert_max_num_queries(19):
            parsed = feed(client, url)
        assert len(parsed.entries) <= 50
    parsed = feed(client, url_of("agency-feed", world["agency"].pk))
    assert len(parsed.entries) == 50


@pytest.mark.parametrize(
    "page_name, feed_name, arg",
    [
        ("company-detail", "company-feed", "uscc"),
        ("list-detail", "list-feed", "list"),
        ("agency-detail", "agency-feed", "agency"),
        ("person-detail", "person-feed", "person"),
        ("penalty-list", "penalty-feed", None),
    ],
)
def test_each_page_links_to_its_feed(client, world, page_name, feed_name, arg):
    args = {
        "uscc": [world["company"].uscc],
        "list": [world["entry"].credit_list.code],
        "agency": [world["agency"].pk],
        "person": [world["person"].pk],
        None: [],
    }[arg]
    html = client.get(url_of(page_name, *args, language="en")).content.decode()
    feed_url = url_of(feed_name, *args, language="en")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{feed_url}"' in html
    assert "Follow (Atom feed)" in html


def test_the_penalties_page_links_to_the_feed_with_its_filters(client, world):
    html = client.get(url_of("penalty-list"), {"fine_min": "10000"}).content.decode()
    assert f'href="{url_of("penalty-feed")}?fine_min=10000"' in html
