"""The statistics page (/statistics/): every number on the page and in each
CSV equals the count, sum or median computed the plain way (Python over the
raw tables, under the rule the page states), whatever the filters; the
summaries are refreshed idempotently; bad filters and a page before any
refresh are answered plainly, never with a 500."""

import csv
import datetime
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from publicity.templatetags.publicity import yuan
from registry.models import (
    AgencyRank,
    MonthlyCount,
    PeriodFigure,
    StatisticsRefresh,
)
from tests.factories import (
    AgencyFactory,
    CompanyFactory,
    CourtCaseFactory,
    CourtFactory,
    ListEntryFactory,
    PenaltyFactory,
    PersonFactory,
    credit_list,
    region,
)
from tests.factories_browse import freeze_today
from tests.publicity.statistics_plain import cells, counted_penalties, expected, month

CHARTS = [
    "penalties-by-month",
    "penalties-by-region",
    "penalties-by-violation-type",
    "penalties-by-agency-kind",
    "penalties-by-agency",
    "list-inclusions-by-month",
    "list-removals-by-month",
    "court-cases-by-month",
]
FILTERS = [
    {},
    {"period": "12m"},
    {"period": "2024"},
    {"period": "2022"},
    {"province": "440000"},
    {"province": "440000", "city": "440100", "period": "12m"},
    {"province": "110000", "period": "36m"},
]


@pytest.fixture(autouse=True)
def today(db, time_machine):
    yield from freeze_today(time_machine)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def register(db):
    """Records across months, provinces, agencies, lists and case types, with
    withdrawn ones, drafts, records waiting for review, a never-published
    warning, penalties past their publicity, and records out of every period."""
    haidian, liwan, futian = region("110108"), region("440103"), region("440304")
    beijing = AgencyFactory(region=haidian)
    gd_tax = AgencyFactory(region=liwan, kind="tax", name="广东省税务局", name_en="Guangdong Tax")
    customs = AgencyFactory(region=None, kind="customs", level="national", name="海关总署")
    bj, gz, sz = (CompanyFactory(region=r) for r in (haidian, liwan, futian))
    nowhere = CompanyFactory(region=None)
    person = PersonFactory()

    def penalty(when, agency=beijing, company=bj, amount="1000.00", **kw):
        return PenaltyFactory(
            agency=agency,
            company=company,
            decided_on=day(when),
            fine_amount=None if amount is None else Decimal(amount),
            **kw,
        )

    penalty("2023-01-15", amount="300.00")
    penalty("2023-02-10", severity="minor", publicity_until=day("2023-05-10"))  # publicity over
    penalty("2024-07-01", gd_tax, gz, "12345.67", violation_type="tax_evasion")
    penalty("2024-07-20", gd_tax, sz, "0.01", violation_type="tax_evasion")
    penalty("2024-11-30", customs, nowhere, "99.99", violation_type="import_export")
    penalty("2025-01-01", gd_tax, gz, "500000.00", violation_type="tax_evasion")
    penalty("2025-03-03", beijing, bj, "250.50", violation_type="food_safety")
    penalty("2025-03-04", beijing, bj, None, categories=["fine"])  # a fine without an amount
    penalty("2025-06-06", beijing, bj, "7000.00", categories=["confiscation"])  # no fine
    penalty("2025-08-08", beijing, sz, "42.00", categories=["fine", "warning"])
    penalty("2025-09-09", customs, None, "100.00", person=person, subject_name=person.name)
    penalty("2025-10-10", gd_tax, None, "300.00", person=person, subject_name=person.name)
    penalty("2025-11-11", beijing, gz, "60.00", simple_procedure=True)  # a published fine
    penalty("2025-12-01", gd_tax, gz, "77.00")
    penalty("2022-05-05", beijing, bj, "888.00")  # in the year 2022 only
    penalty("2010-01-01", beijing, bj, "1.00")  # in no period offered
    penalty("2025-12-02", beijing, bj, "1.00")  # after the day of the refresh
    # Not counted:
    penalty("2025-04-04", amount="5.00", simple_procedure=True, categories=["warning"])
    penalty("2025-05-05", amount="6.00", state="withdrawn", withdrawal_kind="corrected",
            withdrawal_reason="错误", withdrawn_on=day("2025-05-06"))  # fmt: skip
    penalty("2025-05-06", amount="7.00", state="draft")
    penalty("2025-05-07", amount="8.00", state="pending")

    abnormal, serious = credit_list("abnormal_operations"), credit_list("serious_violation")
    for when, entry_list, company, authority in [
        ("2024-02-02", abnormal, bj, beijing),
        ("2025-02-02", abnormal, gz, gd_tax),
        ("2025-02-20", serious, gz, gd_tax),
        ("2025-07-07", serious, sz, beijing),
        ("2019-07-07", serious, bj, beijing),
    ]:
        ListEntryFactory(
            credit_list=entry_list, company=company, authority=authority, listed_on=day(when)
        )
    ListEntryFactory(
        credit_list=abnormal, company=sz, authority=beijing, listed_on=day("2024-03-03"),
        removed_on=day("2025-03-03"), removal_reason="已履行",
    )  # fmt: skip
    ListEntryFactory(
        credit_list=abnormal, company=None, person=person, subject_name=person.name,
        authority=gd_tax, listed_on=day("2023-06-01"), removed_on=day("2025-11-30"),
        removal_reason="已履行",
    )  # fmt: skip
    ListEntryFactory(company=nowhere, authority=customs, listed_on=day("2025-09-01"))
    ListEntryFactory(company=nowhere, listed_on=day("2025-09-02"), state="draft",
                     credit_list=serious)  # fmt: skip
    ListEntryFactory(company=bj, credit_list=serious, listed_on=day("2025-09-03"),
                     state="withdrawn", withdrawal_kind="revoked", withdrawal_reason="撤销",
                     withdrawn_on=day("2025-09-04"))  # fmt: skip

    bj_court = CourtFactory(region=haidian)
    gz_court = CourtFactory(region=liwan)
    national_court = CourtFactory(region=None, level="national")
    for when, court, case_type in [
        ("2023-03-03", bj_court, "civil"),
        ("2025-01-05", gz_court, "enforcement"),
        ("2025-01-06", gz_court, "civil"),
        ("2025-08-08", national_court, "administrative"),
        ("2024-12-31", bj_court, "criminal"),
    ]:
        CourtCaseFactory(court=court, filed_on=day(when), case_type=case_type)
    CourtCaseFactory(court=bj_court, filed_on=None, decided_on=None)
    CourtCaseFactory(court=bj_court, filed_on=day("2025-02-02"), state="draft")


# --- What the site shows ---------------------------------------------------------------


def number(text: str):
    text = text.strip().replace(",", "")
    return Decimal(text) if "." in text else int(text)


def csv_cells(client, slug, filters, prefix="") -> set:
    response = client.get(prefix + reverse("publicity:statistics-csv", args=[slug]), filters)
    assert response.status_code == 200, (slug, filters)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return {
        (row[1], header[index], number(value))
        for row in rows
        for index, value in enumerate(row[2:], start=2)
        if number(value)
    }


def page_cells(body: str, slug: str) -> set | None:
    section = re.search(rf'<section class="statistics-chart" id="{slug}".*?</section>', body, re.S)
    if section is None:
        return None
    html = section.group(0)
    header = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    found = set()
    for label, values in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html):
        for index, value in enumerate(re.findall(r"<td[^>]*>(.*?)</td>", values), start=1):
            if number(value):
                found.add((label, header[index], number(value)))
    return found


def unescape(cells_found: set) -> set:
    import html

    return {(html.unescape(a), html.unescape(b), n) for a, b, n in cells_found}


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "&".join(f.values()) or "default")
def test_every_number_on_the_page_and_in_each_csv_equals_the_plain_count(client, register, filters):
    call_command("refresh_statistics", stdout=io.StringIO())
    want = expected(filters)

    response = client.get(reverse("publicity:statistics"), filters)

    assert response.status_code == 200
    body = response.content.decode()
    for slug in CHARTS:
        table = want["tables"][slug]
        if table is None:
            assert page_cells(body, slug) is None, slug
            continue
        assert unescape(page_cells(body, slug)) == table, slug
        assert csv_cells(client, slug, filters) == table, slug
    fines = want["fines"]
    assert re.search(rf'id="fine-count">{fines["count"]}<', body)
    assert f'id="fine-sum">{yuan(fines["sum"])}<' in body
    median = "–" if fines["median"] is None else yuan(fines["median"])
    assert f'id="fine-median">{median}<' in body
    figures = {key: value for key, _label, value in _csv_rows(client, "fines", filters)}
    assert figures["count"] == str(fines["count"])
    assert Decimal(figures["sum"]) == fines["sum"]
    if fines["median"] is None:
        assert figures["median"] == ""
    else:
        assert Decimal(figures["median"]) == fines["median"]


def _csv_rows(client, slug, filters):
    response = client.get(reverse("publicity:statistics-csv", args=[slug]), filters)
    return list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))[1:]


def test_the_median_of_an_even_number_of_fines_is_the_mean_of_the_middle_two(client, register):
    call_command("refresh_statistics", stdout=io.StringIO())
    # The city of Guangzhou in the last 12 months: 500000.00, 300.00 (a person,
    # by the Guangdong tax office), 60.00, 77.00 -> (77 + 300) / 2.
    figure = PeriodFigure.objects.get(region="4401", period="12m")

    assert figure.fine_count == 4
    assert figure.fine_median == Decimal("188.5")


def test_the_refresh_is_idempotent_and_swaps_every_summary(register):
    def snapshot():
        return {
            model.__name__: sorted(
                tuple(v for k, v in row.items() if k != "id") for row in model.objects.values()
            )
            for model in (MonthlyCount, PeriodFigure, AgencyRank)
        }

    out = io.StringIO()
    call_command("refresh_statistics", stdout=out)
    first = snapshot()
    call_command("refresh_statistics", stdout=io.StringIO())

    assert snapshot() == first
    assert StatisticsRefresh.objects.count() == 1
    refresh = StatisticsRefresh.objects.get()
    assert refresh.rows == sum(len(rows) for rows in first.values())
    assert re.search(rf"{refresh.rows:,} summary rows in [0-9.]+ s", out.getvalue())
    assert refresh.periods == ["36m", "12m", "2025", "2024", "2023", "2022", "2019"]


def test_the_page_reads_the_summaries_until_the_next_refresh(client, register):
    call_command("refresh_statistics", stdout=io.StringIO())
    before = csv_cells(client, "penalties-by-month", {})
    PenaltyFactory(decided_on=day("2025-11-20"))

    assert csv_cells(client, "penalties-by-month", {}) == before
    call_command("refresh_statistics", stdout=io.StringIO())
    assert csv_cells(client, "penalties-by-month", {}) == cells(
        Counter((month(p.decided_on), "行政处罚") for p in counted_penalties({}))
    )


def test_the_page_costs_a_few_small_queries(client, register, django_assert_max_num_queries):
    """The refresh, the region choices (cached after the first visit), and
    one small query per table, on the summaries only."""
    call_command("refresh_statistics", stdout=io.StringIO())
    client.get(reverse("publicity:statistics"), {"province": "440000"})

    with django_assert_max_num_queries(13):
        response = client.get(reverse("publicity:statistics"), {"province": "440000"})
    assert response.status_code == 200


def test_the_page_says_when_the_figures_were_made_and_how_they_are_counted(client, register):
    call_command("refresh_statistics", stdout=io.StringIO())

    body = client.get(reverse("publicity:statistics")).content.decode()

    assert "数据截至 2025-12-01 20:00" in body
    assert 'id="counting-rules"' in body
    assert "公示期已满的处罚" in body


def test_before_any_refresh_the_page_says_the_statistics_are_not_computed_yet(client, register):
    response = client.get(reverse("publicity:statistics"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "统计数据尚未生成" in body
    assert "refresh_statistics" in body
    assert "<img" not in body
    csv_response = client.get(reverse("publicity:statistics-csv", args=["penalties-by-month"]))
    assert csv_response.status_code == 404
    assert "统计数据尚未生成" in csv_response.content.decode()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"period": "forever"}, "period"),
        ({"period": "2030"}, "period"),
        ({"period": "1999"}, "period"),
        ({"province": "990000"}, "province"),
        ({"province": "４40000"}, "province"),
        ({"province": "440000", "city": "440199"}, "city"),
        ({"province": "440000", "city": "44０100"}, "city"),
    ],
)
def test_a_bad_filter_value_is_named_at_the_top_of_the_page_never_a_500(
    client, register, params, field
):
    call_command("refresh_statistics", stdout=io.StringIO())

    response = client.get(reverse("publicity:statistics"), params)

    assert response.status_code == 400
    body = response.content.decode()
    assert re.search(r"<title>\s*错误", body)
    assert 'class="browse-errors"' in body
    assert f'href="#id_{field}"' in body
    for kind in ("svg", "csv"):
        chart = client.get(
            reverse(f"publicity:statistics-{kind}", args=["penalties-by-month"]), params
        )
        assert chart.status_code == 400
        assert "筛选条件有误" in chart.content.decode()


def test_a_city_of_another_province_is_dropped_not_an_error(client, register):
    call_command("refresh_statistics", stdout=io.StringIO())

    response = client.get(reverse("publicity:statistics"), {"province": "110000", "city": "440100"})

    assert response.status_code == 200


def test_an_unknown_chart_is_not_found(client, register):
    call_command("refresh_statistics", stdout=io.StringIO())

    assert client.get(reverse("publicity:statistics-svg", args=["nothing"])).status_code == 404
    assert client.get(reverse("publicity:statistics-csv", args=["nothing"])).status_code == 404


def test_a_chart_is_an_svg_with_its_title_no_script_and_a_policy_of_its_own(client, register):
    call_command("refresh_statistics", stdout=io.StringIO())

    response = client.get(
        reverse("publicity:statistics-svg", args=["penalties-by-violation-type"]), {"period": "12m"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    document = response.content.decode()
    assert "<title>按违法类型统计的行政处罚</title>" in document
    assert "<script" not in document
    policy = response["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-")
    assert "unsafe-inline" not in policy


def test_the_english_page_has_english_labels_and_the_same_numbers(client, register):
    call_command("refresh_statistics", stdout=io.StringIO())
    with translation.override("en"):
        url = reverse("publicity:statistics")
        want = expected({"period": "12m"})

        response = client.get(url, {"period": "12m"})
        body = response.content.decode()
        assert url.startswith("/en/")
        assert response.status_code == 200
        assert "Figures as of 2025-12-01 20:00" in body
        assert "Penalties by violation type" in body
        assert "tax evasion" in body
        for slug in CHARTS:
            assert unescape(page_cells(body, slug)) == want["tables"][slug], slug
        assert (
            csv_cells(client, "court-cases-by-month", {"period": "12m"}, prefix="")
            == (want["tables"]["court-cases-by-month"])
        )


@pytest.mark.smoke
def test_the_refresh_and_the_page_work_on_the_embedded_database_too(client, register):
    """Also run on SQLite (``-m smoke``): the refresh is the ORM's standard SQL."""
    call_command("refresh_statistics", stdout=io.StringIO())

    response = client.get(reverse("publicity:statistics"), {"province": "440000"})

    assert response.status_code == 200
    assert (
        csv_cells(client, "penalties-by-month", {"province": "440000"})
        == expected({"province": "440000"})["tables"]["penalties-by-month"]
    )
    assert PeriodFigure.objects.get(region="4401", period="12m").fine_median == Decimal("188.5")
