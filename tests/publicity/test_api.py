"""The JSON API (/api/v1/): each resource lists and shows public records only,
pages by cursor, refuses bad parameters with a 400 naming them, is throttled,
revalidates with ETags and costs a bounded number of queries."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from registry import services
from registry.models import Region
from tests.factories import (
    AgencyFactory,
    CasePartyFactory,
    CompanyFactory,
    CourtCaseFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
    credit_list,
)
from tests.factories_browse import TODAY, bulk_penalties, freeze_today
from tests.factories_company_page import (
    LicenceFactory,
    OfficerFactory,
    RatingFactory,
    ShareholdingFactory,
)
from tests.factories_filings import add_filings_of_every_kind

pytestmark = pytest.mark.django_db

WITHDRAWN = {
    "state": "withdrawn",
    "withdrawal_kind": "corrected",
    "withdrawn_on": datetime.date(2025, 11, 1),
    "withdrawal_reason": "数据录入错误",
}
DRAFT = {"state": "draft"}


@pytest.fixture(autouse=True)
def today(time_machine, settings):
    settings.API_RATE_LIMIT = 0
    yield from freeze_today(time_machine)


def get(client, name, *args, expect=200, **params):
    response = client.get(reverse(f"api:{name}", args=args), params)
    assert response.status_code == expect, response.content.decode()[:2000]
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(body, key="id"):
    return [record[key] for record in body["results"]]


def records_of_each_kind():
    """(list URL name, detail URL name, key, public record, hidden records)."""
    company = CompanyFactory()
    penalties = (
        PenaltyFactory(company=company),
        [
            PenaltyFactory(company=company, **WITHDRAWN),
            PenaltyFactory(company=company, **DRAFT),
            # A general penalty is public for a year: this one's year is over.
            PenaltyFactory(company=company, decided_on=datetime.date(2024, 1, 2)),
        ],
    )
    licences = (
        LicenceFactory(company=company),
        [LicenceFactory(company=company, **WITHDRAWN), LicenceFactory(company=company, **DRAFT)],
    )
    cases = (
        CasePartyFactory(company=company).case,
        [
            CasePartyFactory(company=company, case=CourtCaseFactory(**WITHDRAWN)).case,
            CasePartyFactory(company=company, case=CourtCaseFactory(**DRAFT)).case,
        ],
    )
    entries = (
        ListEntryFactory(company=company),
        [
            ListEntryFactory(
                company=company, credit_list=credit_list("serious_violation"), **WITHDRAWN
            ),
            ListEntryFactory(company=company, credit_list=credit_list("dishonest_debtor"), **DRAFT),
            # Removed more than a year ago: no longer public.
            ListEntryFactory(
                company=company,
                listed_on=datetime.date(2024, 1, 2),
                removed_on=datetime.date(2024, 6, 1),
                removal_reason="已补报",
                removal_authority=AgencyFactory(),
            ),
        ],
    )
    return company, {
        "penalty": penalties,
        "licence": licences,
        "case": cases,
        "list-entry": entries,
    }


def test_each_record_list_shows_public_records_only_and_hidden_ones_are_404(client):
    company, kinds = records_of_each_kind()
    for kind, (public, hidden) in kinds.items():
        body = get(client, f"{kind}-list")
        assert ids(body) == [public.pk], kind
        record = get(client, f"{kind}-detail", public.pk)
        assert record["url"].endswith(reverse(f"api:{kind}-detail", args=[public.pk]))
        for gone in hidden:
            get(client, f"{kind}-detail", gone.pk, expect=404)


def test_the_company_shows_every_public_section_and_nothing_hidden(client):
    company, kinds = records_of_each_kind()
    RatingFactory(company=company, grade="A")
    RatingFactory(company=company, grade="D", **WITHDRAWN)
    officer = OfficerFactory(company=company)
    holding = ShareholdingFactory(company=company)
    report = get(client, "company-detail", company.uscc)
    assert report["uscc"] == company.uscc
    assert report["name"] == company.name
    assert report["status"]["code"] == company.status
    assert {"zh", "en"} <= set(report["status"])
    assert [p["id"] for p in report["penalties"]] == [kinds["penalty"][0].pk]
    assert [p["id"] for p in report["licences"]] == [kinds["licence"][0].pk]
    assert [c["id"] for c in report["court_cases"]] == [kinds["case"][0].pk]
    assert [e["id"] for e in report["list_entries"]] == [kinds["list-entry"][0].pk]
    penalty = report["penalties"][0]
    assert [r["grade"] for r in report["ratings"]] == ["A"]
    assert report["officers"][0]["person"].endswith(
        reverse("api:person-detail", args=[officer.person_id])
    )
    assert report["officers"][0]["role"]["code"] == officer.role
    assert report["shareholders"][0]["name"] == holding.holder_person.name
    assert report["shareholders"][0]["share_percent"] == "30.0000"
    assert penalty["company"].endswith(reverse("api:company-detail", args=[company.uscc]))
    assert penalty["agency"].endswith(
        reverse("api:agency-detail", args=[kinds["penalty"][0].agency_id])
    )
    assert penalty["categories"] == [{"code": "fine", "zh": "罚款", "en": "Fine"}]


def test_each_record_links_to_its_public_page(client):
    company, kinds = records_of_each_kind()
    report = get(client, "company-detail", company.uscc)
    sections = {
        "penalty": "penalties",
        "licence": "licences",
        "case": "court_cases",
        "list-entry": "list_entries",
    }
    for kind, (public, _hidden) in kinds.items():
        page = f"http://testserver{public.get_absolute_url()}"
        assert get(client, f"{kind}-detail", public.pk)["page"] == page
        assert get(client, f"{kind}-list")["results"][0]["page"] == page
        assert report[sections[kind]][0]["page"] == page
        assert client.get(page).status_code == 200
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    components = schema.json()["components"]["schemas"]
    for name in ("Penalty", "Licence", "CourtCase", "ListEntry"):
        assert components[name]["properties"]["page"]["type"] == "string", name


def test_an_unknown_company_is_a_json_404(client):
    body = get(client, "company-detail", "91110108MA00000000", expect=404)
    assert "detail" in body


def test_list_entries_per_list_and_the_list_links_to_them(client):
    entry = ListEntryFactory()
    listed = get(client, "list-detail", entry.credit_list.code)
    assert listed["name_en"]
    assert listed["kind"]["en"]
    assert listed["entries"].endswith(reverse("api:list-entries", args=[entry.credit_list.code]))
    assert ids(get(client, "list-entries", entry.credit_list.code)) == [entry.pk]
    get(client, "list-entries", "no-such-list", expect=404)


def test_people_show_the_masked_id_only(client):
    person = PersonFactory(id_masked="110101********1234")
    body = get(client, "person-detail", person.pk)
    assert body == {
        "id": person.pk,
        "url": body["url"],
        "name": person.name,
        "name_pinyin": person.name_pinyin,
        "id_masked": "110101********1234",
    }


def test_regions_industries_and_agencies_have_codes_names_and_urls(client):
    region = get(client, "region-detail", "110108")
    assert region["name"] == Region.objects.get(code="110108").name
    assert region["level"]["code"] == "county"
    industry = get(client, "industry-detail", "65")
    assert industry["url"].endswith("/api/v1/industries/65/")
    agency = AgencyFactory()
    assert get(client, "agency-detail", agency.pk)["name_en"] == agency.name_en


def test_cursor_paging_walks_every_row_once(client):
    bulk_penalties(23)
    seen, url, pages = [], reverse("api:penalty-list") + "?page_size=5", 0
    while url:
        body = client.get(url).json()
        seen += ids(body)
        url, pages = body["next"], pages + 1
    assert pages == 5
    assert len(seen) == len(set(seen)) == 23
    assert seen == sorted(seen)


def test_counts_stop_at_a_thousand(client):
    bulk_penalties(1001)
    body = get(client, "penalty-list", page_size=1)
    assert (body["count"], body["count_more"], body["count_text"]) == (
        1000,
        True,
        "more than 1,000",
    )


@pytest.mark.parametrize(
    ("name", "params", "parameter"),
    [
        ("penalty-list", {"page_size": "0"}, "page_size"),
        ("penalty-list", {"page_size": "101"}, "page_size"),
        ("penalty-list", {"page_size": "ten"}, "page_size"),
        ("penalty-list", {"cursor": "not-a-cursor"}, "cursor"),
        ("penalty-list", {"date_from": "2025-13-01"}, "date_from"),
        ("penalty-list", {"violation_type": "piracy"}, "violation_type"),
        ("penalty-list", {"agency": "x"}, "agency"),
        ("case-list", {"case_type": "duel"}, "case_type"),
        ("licence-list", {"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_to"),
        ("company-list", {"status": "bankrupt-ish"}, "status"),
        ("company-list", {"province": "99"}, "province"),
        ("company-list", {"q": "北京", "page": "51"}, "page"),
        ("company-list", {"q": "!!!"}, "q"),
        ("company-list", {"established_from": "year"}, "established_from"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, name, params, parameter):
    body = get(client, name, expect=400, **params)
    assert parameter in body["errors"], body
    assert body["errors"][parameter][0]


def test_too_many_requests_is_a_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT = 2
    cache.clear()
    for _ in range(2):
        get(client, "region-list")
    response = client.get(reverse("api:region-list"))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["retry_after"] == int(response["Retry-After"])
    # Another client (another address) is not held back.
    assert client.get(reverse("api:region-list"), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_responses_are_public_for_caches_and_revalidate_with_an_etag(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    url = reverse("api:region-detail", args=["110108"])
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert not again.content


def test_queries_are_bounded_whatever_the_number_of_records(client, django_assert_max_num_queries):
    company, _kinds = records_of_each_kind()
    for _ in range(5):
        PenaltyFactory(company=company)
        CasePartyFactory(company=company)
        ListEntryFactory()
    for year in (2021, 2022, 2023):
        report = services.annual_report_file(
            company=company, year=year, filed_on=datetime.date(year + 1, 4, 1)
        ).obj
        services.annual_report_amend(
            report=report, amended_on=datetime.date(year + 1, 5, 1), changes={"phone": "1"}
        )
    for name in ("penalty-list", "case-list", "list-entry-list", "licence-list", "company-list"):
        with django_assert_max_num_queries(6):
            get(client, name)
    add_filings_of_every_kind(company)
    # 15, 2 for the annual reports and their amendments, and 8 for spot checks,
    # pledges, court orders, mortgages, IP pledges, deregistration notices and
    # their objections (registry/selectors/filings.py).
    with django_assert_max_num_queries(25):
        get(client, "company-detail", company.uscc)


def test_the_company_gives_its_annual_reports_without_withheld_figures(client):
    company = CompanyFactory()
    services.annual_report_file(
        company=company, year=2024, filed_on=datetime.date(2025, 4, 1), revenue=Decimal("12.50")
    )
    withheld = services.annual_report_file(
        company=company,
        year=2023,
        filed_on=datetime.date(2024, 4, 1),
        revenue=Decimal("98765.00"),
        figures_published=False,
    ).obj
    services.annual_report_amend(
        report=withheld, amended_on=datetime.date(2024, 5, 1), changes={"revenue": "45678"}
    )
    body = get(client, "company-detail", company.uscc)
    reports = body["annual_reports"]
    assert [r["year"] for r in reports] == [2024, 2023]
    assert reports[0]["figures"]["revenue"] == "12.50"
    assert reports[1]["figures"] is None
    assert reports[1]["amendments"] == [
        {"amended_on": "2024-05-01", "field": "revenue", "old_value": None, "new_value": None}
    ]
    text = json.dumps(body)
    assert "98765" not in text and "45678" not in text


def test_the_schema_is_openapi_3_and_the_docs_load_from_static(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/companies/" in schema["paths"]
    docs = client.get(reverse("api:docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()


def test_the_api_has_no_language_prefix():
    assert reverse("api:company-list") == "/api/v1/companies/"
    assert TODAY.date() == datetime.date(2025, 12, 1)


def test_errors_speak_the_language_the_client_asks_for(client):
    chinese = get(client, "penalty-list", expect=400, page_size="0")
    assert chinese["detail"] == "参数有误。"
    assert chinese["errors"]["page_size"] == ["须为 1 至 100 的整数；不填则为 50。"]
    response = client.get(
        reverse("api:penalty-list"), {"page_size": "0"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["errors"]["page_size"] == [
        "A whole number from 1 to 100; 50 if left out."
    ]


def test_behind_a_proxy_clients_are_told_apart_by_the_forwarded_address(client, settings):
    settings.API_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    cache.clear()
    url = reverse("api:region-list")
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200
