"""Annual reports in the company's CSV download and the bulk dumps: every
public report, and never the figures a company chose not to publish."""

import csv
import datetime
import gzip
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from registry import services
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def company():
    company = CompanyFactory(established_on=D(2019, 1, 1))
    services.annual_report_file(
        company=company, year=2024, filed_on=D(2025, 4, 1), revenue=Decimal("321.00")
    )
    withheld = services.annual_report_file(
        company=company,
        year=2023,
        filed_on=D(2024, 4, 1),
        revenue=Decimal("98765.00"),
        figures_published=False,
    ).obj
    services.annual_report_amend(
        report=withheld, amended_on=D(2024, 9, 1), changes={"revenue": "45678", "phone": "010-1"}
    )
    return company


def test_the_company_downloads_its_annual_reports_without_withheld_figures(client, company):
    url = reverse("publicity:company-detail", args=[company.uscc])
    response = client.get(url, {"format": "csv", "records": "annual_reports"})
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert [(row["year"], row["revenue"]) for row in rows] == [("2023", ""), ("2024", "321.00")]
    assert "98765" not in body and "45678" not in body
    amendments = json.loads(rows[0]["amendments"])
    assert {(a["field"], a["new_value"]) for a in amendments} == {
        ("revenue", None),
        ("phone", "010-1"),
    }
    assert "records=annual_reports" in client.get(url).content.decode()


def test_the_dumps_hold_annual_reports_without_withheld_figures(company, tmp_path):
    call_command("export_dumps", str(tmp_path), "--today", "2025-12-01")
    latest = tmp_path / "latest"
    with gzip.open(latest / "annual_reports.csv.gz", "rt", encoding="utf-8") as file:
        text = file.read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["year"] for row in rows) == ["2023", "2024"]
    assert "98765" not in text and "45678" not in text
    with gzip.open(latest / "annual_reports.jsonl.gz", "rt", encoding="utf-8") as file:
        lines = [json.loads(line) for line in file]
    assert {line["year"]: line["revenue"] for line in lines} == {2024: "321.00", 2023: None}
