"""sitemap.xml (an index of sitemaps by ranges of ids) and robots.txt."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from publicity import sitemaps
from registry.models import Company
from tests.factories import (
    AgencyFactory,
    CompanyFactory,
    CourtCaseFactory,
    PenaltyFactory,
    PersonFactory,
    valid_code,
)
from tests.factories_browse import freeze_today
from tests.factories_company_page import LicenceFactory, ShareholdingFactory

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:500]
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap_locations(client):
    """Every sitemap the index names, as paths."""
    root = xml_of(client, reverse("sitemap-index"))
    return [
        loc.text.removeprefix("http://testserver") for loc in root.findall("s:sitemap/s:loc", NS)
    ]


def page_locations(client, url):
    root = xml_of(client, url)
    return [loc.text.removeprefix("http://testserver") for loc in root.findall("s:url/s:loc", NS)]


def everything(client):
    return [loc for url in sitemap_locations(client) for loc in page_locations(client, url)]


def test_the_sitemaps_cover_companies_lists_agencies_and_people_with_roles(client):
    person = PersonFactory()
    lone = PersonFactory()  # no company: no page worth indexing
    company = CompanyFactory(legal_representative=person)
    holder = PersonFactory()
    ShareholdingFactory(company=company, holder_person=holder)
    agency = AgencyFactory()
    found = everything(client)
    for path in (
        f"/companies/{company.uscc}/",
        f"/en/companies/{company.uscc}/",
        f"/people/{person.pk}/",
        f"/people/{holder.pk}/",
        f"/agencies/{agency.pk}/",
        "/lists/abnormal_operations/",
        "/en/lists/",
        "/penalties/",
    ):
        assert path in found
    assert f"/people/{lone.pk}/" not in found
    assert len(found) == len(set(found))


def test_records_public_today_are_listed_and_those_no_longer_public_are_not(client):
    penalty = PenaltyFactory(decided_on=datetime.date(2025, 6, 1))
    expired = PenaltyFactory(decided_on=datetime.date(2024, 6, 1), severity="general")
    withdrawn = LicenceFactory(
        state="withdrawn",
        withdrawal_kind="corrected",
        withdrawn_on=datetime.date(2025, 11, 1),
        withdrawal_reason="更正",
    )
    licence = LicenceFactory()
    case = CourtCaseFactory()
    draft = CourtCaseFactory(state="draft")
    found = everything(client)
    for record in (penalty, licence, case):
        assert record.get_absolute_url() in found
        with translation.override("en"):
            assert record.get_absolute_url() in found
    for record in (expired, withdrawn, draft):
        assert record.get_absolute_url() not in found
    assert len(found) == len(set(found))


def test_each_company_is_listed_in_both_languages_with_its_lastmod(client):
    company = CompanyFactory()
    url = reverse("sitemap-section", args=["companies", company.pk // sitemaps.CHUNK])
    root = xml_of(client, url)
    listed = {
        u.find("s:loc", NS).text: u.find("s:lastmod", NS).text for u in root.findall("s:url", NS)
    }
    day = company.updated_at.date().isoformat()
    assert listed[f"http://testserver/companies/{company.uscc}/"] == day
    assert listed[f"http://testserver/en/companies/{company.uscc}/"] == day


def test_companies_are_split_by_ranges_of_ids(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "CHUNK", 2)
    companies = [CompanyFactory() for _ in range(5)]
    top = max(c.pk for c in companies)
    names = [u for u in sitemap_locations(client) if "companies" in u]
    assert len(names) == top // 2 + 1
    for number, name in enumerate(names):
        shown = page_locations(client, name)
        ids = {c.pk for c in companies if number * 2 <= c.pk < number * 2 + 2}
        assert len(shown) == 2 * len(ids)  # both languages


def test_a_sitemap_page_is_bounded_whatever_its_number(client, django_assert_max_num_queries):
    Company.objects.bulk_create(
        Company(uscc=valid_code(900 + n), name=f"北京批量{n}有限公司", entity_type="other")
        for n in range(30)
    )
    for number in (0, 1_000, 39):
        with django_assert_max_num_queries(3):
            client.get(reverse("sitemap-section", args=["companies", number]))
    # One MAX(id) for each of the six tables, and those of the session and cache.
    with django_assert_max_num_queries(8):
        client.get(reverse("sitemap-index"))


def test_unknown_sitemaps_are_404(client):
    assert client.get(reverse("sitemap-section", args=["ratings", 0])).status_code == 404
    huge = reverse("sitemap-section", args=["companies", 10**12])
    assert client.get(huge).status_code == 404


def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode().splitlines()


def test_robots_keeps_crawlers_off_the_admin_and_the_forms_and_names_the_sitemap(client):
    lines = robots(client)
    assert "Disallow: /admin/" in lines
    for path in ("/objections/", "/en/objections/", "/credit-repair/", "/follow/", "/en/follow/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /*?*format=" in lines
    # Each PDF downloaded issues a credit report: no crawler issues them by the thousand.
    assert "Disallow: /companies/*/report.pdf" in lines and "Disallow: /en/reports/" in lines
    assert "Disallow: /healthz" in lines and "Disallow: /readyz" in lines  # for load balancers
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # The public pages are not disallowed.
    disallowed = [line.split(": ", 1)[1] for line in lines if line.startswith("Disallow")]
    for page in ("/companies/", "/lists/", "/penalties/", "/en/"):
        assert not any(page.startswith(rule) for rule in disallowed if "*" not in rule)


@override_settings(ADMIN_PATH="office/")
def test_robots_follows_the_admin_path(client):
    assert "Disallow: /office/" in robots(client)
