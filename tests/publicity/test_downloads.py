"""Downloads of what a page lists: CSV (streamed, UTF-8 with a BOM, formulas
escaped, every matching row up to a limit) and XLSX, holding the same records
as the page with the same filters, and nothing that is not public."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from registry.open_data.kinds import KINDS
from tests.factories import (
    AgencyFactory,
    CasePartyFactory,
    CompanyFactory,
    CourtCaseFactory,
    CourtFactory,
    ListEntryFactory,
    PenaltyFactory,
    region,
)
from tests.factories_browse import freeze_today, page_of, removed_entry

PENALTIES = reverse("publicity:penalty-list")
CASES = reverse("publicity:case-list")


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


def download(client, url, **params) -> list[list[str]]:
    """The rows of the CSV at ``url`` with ``params`` (header first)."""
    response = client.get(url, {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def column(rows, name) -> list[str]:
    position = rows[0].index(name)
    return [row[position] for row in rows[1:]]


@pytest.fixture
def penalties():
    """Penalties by two authorities in two regions, with different fines,
    categories, violations and dates."""
    beijing = AgencyFactory(name="北京市海淀区市场监督管理局", region=region("110108"))
    shanghai = AgencyFactory(name="上海市浦东新区市场监督管理局", region=region("310115"))
    made = []
    for n, (agency, fine, category, violation, decided) in enumerate(
        [
            (beijing, "500", "fine", "market_order", datetime.date(2025, 1, 5)),
            (beijing, "80000", "fine", "environment", datetime.date(2025, 3, 9)),
            (shanghai, "2000", "confiscation", "market_order", datetime.date(2025, 6, 1)),
            (shanghai, None, "suspension", "food_safety", datetime.date(2025, 9, 30)),
            (beijing, "1000000", "fine", "food_safety", datetime.date(2024, 12, 31)),
        ]
    ):
        made.append(
            PenaltyFactory(
                agency=agency,
                decision_number=f"网格罚〔2025〕{n}号",
                fine_amount=Decimal(fine) if fine else None,
                categories=[category],
                violation_type=violation,
                decided_on=decided,
                severity="serious",
            )
        )
    return made


PENALTY_GRID = [
    {},
    {"sort": "oldest"},
    {"sort": "largest"},
    {"fine_min": "1000"},
    {"fine_max": "2000", "sort": "smallest"},
    {"category": "fine"},
    {"violation_type": "food_safety"},
    {"decided_from": "2025-01-01", "decided_to": "2025-06-30"},
    {"province": "110000"},
    {"province": "110000", "fine_min": "600"},
]


@pytest.mark.parametrize("filters", PENALTY_GRID)
def test_penalty_download_holds_the_records_the_page_shows_in_its_order(client, penalties, filters):
    page = page_of(client, PENALTIES, **filters)
    shown = sorted(
        (p.decision_number for p in penalties if p.decision_number in page), key=page.index
    )

    rows = download(client, PENALTIES, **filters)

    assert rows[0] == KINDS["penalties"].header
    assert column(rows, "decision_number") == shown


def test_penalty_download_names_the_authority_fine_and_categories(client, penalties):
    rows = download(client, PENALTIES, sort="largest")

    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["authority"] == "北京市海淀区市场监督管理局"
    assert first["fine_amount"] == "1000000.00"
    assert first["penalty_categories"] == "fine"
    assert first["decided_on"] == "2024-12-31"
    assert first["uscc"] == penalties[4].company.uscc


@pytest.fixture
def cases():
    beijing = CourtFactory(name="北京市海淀区人民法院", region=region("110108"))
    shanghai = CourtFactory(
        name="上海市浦东新区人民法院", region=region("310115"), court_code="沪0115"
    )
    made = []
    for _n, (court, case_type, cause, filed) in enumerate(
        [
            (beijing, "civil", "买卖合同纠纷", datetime.date(2024, 3, 1)),
            (beijing, "enforcement", "借款合同纠纷", datetime.date(2025, 2, 1)),
            (shanghai, "civil", "买卖合同纠纷", datetime.date(2025, 5, 1)),
            (shanghai, "administrative", "行政处罚", None),
        ]
    ):
        case = CourtCaseFactory(
            court=court, case_type=case_type, cause_of_action=cause, filed_on=filed
        )
        CasePartyFactory(case=case)
        made.append(case)
    return made


CASE_GRID = [
    {},
    {"sort": "oldest"},
    {"case_type": "civil"},
    {"cause": "买卖"},
    {"province": "110000"},
    {"filed_from": "2025-01-01"},
    {"filed_to": "2025-01-01", "case_type": "civil"},
]


@pytest.mark.parametrize("filters", CASE_GRID)
def test_case_download_holds_the_cases_the_page_shows_in_its_order(client, cases, filters):
    page = page_of(client, CASES, **filters)
    shown = sorted((c.case_number for c in cases if c.case_number in page), key=page.index)

    rows = download(client, CASES, **filters)

    assert column(rows, "case_number") == shown


def test_case_download_lists_the_parties_with_their_credit_codes(client):
    plaintiff = CasePartyFactory(role="plaintiff")
    CasePartyFactory(case=plaintiff.case, company=None, name="王某", role="defendant")

    rows = download(client, CASES)

    assert column(rows, "plaintiffs") == [plaintiff.name]
    assert column(rows, "plaintiff_usccs") == [plaintiff.company.uscc]
    assert column(rows, "defendants") == ["王某"]
    assert column(rows, "defendant_usccs") == [""]


def test_withdrawn_draft_and_expired_penalties_are_not_downloaded(client):
    PenaltyFactory(decision_number="公开罚〔2025〕1号")
    PenaltyFactory(decision_number="草稿罚〔2025〕1号", state="draft")
    PenaltyFactory(
        decision_number="撤回罚〔2025〕1号",
        state="withdrawn",
        withdrawn_on=datetime.date(2025, 11, 1),
        withdrawal_kind="corrected",
        withdrawal_reason="数据录入错误",
    )
    PenaltyFactory(decision_number="期满罚〔2025〕1号", publicity_until=datetime.date(2025, 11, 30))

    rows = download(client, PENALTIES)

    assert column(rows, "decision_number") == ["公开罚〔2025〕1号"]


def test_cells_a_spreadsheet_would_run_are_escaped(client):
    PenaltyFactory(
        violation_facts='=HYPERLINK("http://evil.example","x")',
        legal_basis="+1",
        penalty_content="@SUM(A1)",
    )

    row = dict(zip(*download(client, PENALTIES), strict=True))

    assert row["violation_facts"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["legal_basis"] == "'+1"
    assert row["penalty_content"] == "'@SUM(A1)"


def test_a_download_past_the_limit_stops_with_a_line_pointing_at_the_dumps(client, settings):
    settings.DOWNLOAD_MAX_ROWS = 3
    for n in range(5):
        PenaltyFactory(decision_number=f"多罚〔2025〕{n}号")

    rows = download(client, PENALTIES)

    assert len(rows) == 1 + 3 + 1
    assert rows[-1][0].startswith("# More than 3 rows")
    assert reverse("publicity:data") in rows[-1][0]


def test_a_download_is_not_capped_at_the_pages_thousand(client):
    from tests.factories_browse import bulk_penalties

    bulk_penalties(1003)

    rows = download(client, PENALTIES)

    assert len(rows) == 1 + 1003


def test_a_download_costs_a_few_queries_whatever_the_rows(client, django_assert_max_num_queries):
    for _n in range(30):
        PenaltyFactory()

    download(client, PENALTIES)  # the filter form's choices, kept afterwards

    # the kept choices, the rows (one cursor) and their categories (one query a chunk);
    # 3 for the download limit (its statement in the test's savepoint), 1 if it purges
    with django_assert_max_num_queries(7):
        download(client, PENALTIES)


def test_invalid_filters_give_the_page_with_its_errors_not_a_file(client):
    response = client.get(PENALTIES, {"fine_min": "many", "format": "csv"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_penalties_download_as_a_spreadsheet_with_chinese_and_escaped_formulas(client):
    PenaltyFactory(decision_number="表格罚〔2025〕1号", violation_facts="=1+1")

    response = client.get(PENALTIES, {"format": "xlsx"})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.values)
    record = dict(zip(header, row, strict=True))
    assert record["decision_number"] == "表格罚〔2025〕1号"
    assert record["violation_facts"] == "'=1+1"


def test_cases_download_as_a_spreadsheet(client, cases):
    response = client.get(CASES, {"format": "xlsx", "case_type": "civil"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert len(list(sheet.values)) == 1 + 2


def test_penalty_and_case_pages_link_to_their_downloads_with_the_filters(client, penalties):
    page = page_of(client, PENALTIES, category="fine", page="1")

    assert "?category=fine&amp;format=csv" in page
    assert "?category=fine&amp;format=xlsx" in page
    assert reverse("publicity:data") in page


def test_a_lists_current_entries_and_removals_download_with_the_filters(client):
    open_entry = ListEntryFactory(decision_number="当前异〔2025〕1号")
    removed = removed_entry(decision_number="移出异〔2025〕1号")
    url = reverse("publicity:list-detail", args=[open_entry.credit_list.code])

    assert column(download(client, url), "decision_number") == [open_entry.decision_number]
    assert column(download(client, url, view="removals"), "decision_number") == [
        removed.decision_number
    ]
    assert "format=csv" in page_of(client, url)


def test_an_agency_downloads_what_it_published(client):
    penalty = PenaltyFactory()
    PenaltyFactory()  # another authority's
    url = reverse("publicity:agency-detail", args=[penalty.agency.pk])

    rows = download(client, url, records="penalties")

    assert column(rows, "decision_number") == [penalty.decision_number]
    assert "format=csv&amp;records=penalties" in page_of(client, url)
    assert client.get(url, {"format": "csv", "records": "people"}).status_code == 404


def test_a_company_downloads_its_records_of_each_kind(client):
    company = CompanyFactory()
    penalty = PenaltyFactory(company=company)
    PenaltyFactory()
    case = CasePartyFactory(company=company).case
    entry = ListEntryFactory(company=company)
    url = reverse("publicity:company-detail", args=[company.uscc])

    assert column(download(client, url), "decision_number") == [penalty.decision_number]
    assert column(download(client, url, records="court_cases"), "case_number") == [case.case_number]
    assert column(download(client, url, records="list_entries"), "id") == [str(entry.pk)]
    assert "format=csv&amp;records=ratings" in page_of(client, url)


def test_search_downloads_every_company_found(client):
    found = [CompanyFactory(name=f"下载测试{n}有限公司") for n in range(3)]
    CompanyFactory(name="别的公司")
    url = reverse("publicity:search")

    rows = download(client, url, q="下载测试")

    assert sorted(column(rows, "uscc")) == sorted(c.uscc for c in found)
    assert "format=csv" in page_of(client, url, q="下载测试")


def test_a_search_that_asks_nothing_gives_the_guidance_not_every_company(client):
    CompanyFactory()

    response = client.get(reverse("publicity:search"), {"format": "csv"})

    assert response["Content-Type"].startswith("text/html")
