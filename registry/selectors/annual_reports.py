"""A company's annual reports as the public sees them: what the company page,
the API, the downloads, the dumps and the feed read.

Reports come with the company's other records (``company_report``: two
queries, the reports and their amendments: ``registry.selectors.company_graph``). What
the company chose not to publish is left out here, once, for every channel:
a report whose ``figures_published`` is off carries no figures
(``public_figures`` is None), and its amendments of a figure carry no values
(``registry.publicity_rules.ANNUAL_REPORT_FIGURES``).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from registry import filing_rule, publicity_rules
from registry.models import AnnualReport
from registry.models.annual import FIGURES

# The status box's fact: shown from the day after the deadline to the end
# of the year (DEADLINE: registry.filing_rule). Before 1 July the report
# of the previous year is not yet due; from 1 January, a report still
# missing has led to the abnormal-operations listing, which the box shows.
MISSING_FACT = "annual_report_missing"


@dataclass(frozen=True)
class Amendment:
    amended_on: datetime.date
    field: str
    label: str
    old_value: str | None  # None: a figure the company does not publish
    new_value: str | None


def public_figures(report: AnnualReport) -> dict[str, Decimal | None] | None:
    """The report's financial figures by field, or None when the company
    chose not to publish them."""
    if not publicity_rules.annual_report_figures_public(report.figures_published):
        return None
    return {figure: getattr(report, figure) for figure in FIGURES}


def field_label(field: str) -> str:
    from django.utils.text import capfirst

    return str(capfirst(AnnualReport._meta.get_field(field).verbose_name))


def shown(field: str, value: str):
    """An amendment's value as the page writes it: a choice by its label,
    the publication choice as yes or no."""
    if field == "operating_status" and value in AnnualReport.OperatingStatus.values:
        return AnnualReport.OperatingStatus(value).label
    if field == "figures_published":
        return {"true": _("yes"), "false": _("no")}.get(value, value)
    return value


def public_amendments(report: AnnualReport, *, raw: bool = False) -> list[Amendment]:
    """The report's amendments (loaded with it), values of unpublished
    figures left out; ``raw``: the values as recorded (codes), for data."""
    hidden = not publicity_rules.annual_report_figures_public(report.figures_published)
    show = (lambda _field, value: value) if raw else shown
    found = []
    for amendment in report.amendments.all():
        withheld = hidden and amendment.field in FIGURES
        found.append(
            Amendment(
                amended_on=amendment.amended_on,
                field=amendment.field,
                label=field_label(amendment.field),
                old_value=None if withheld else show(amendment.field, amendment.old_value),
                new_value=None if withheld else show(amendment.field, amendment.new_value),
            )
        )
    return found


def mark_public(reports: list[AnnualReport]) -> list[AnnualReport]:
    """Each report gains ``figures`` (``public_figures``) and
    ``public_amendments``: what templates and serialisers read."""
    for report in reports:
        report.figures = public_figures(report)
        report.public_amendments = public_amendments(report)
    return reports


def as_data(report: AnnualReport) -> dict[str, Any]:
    """A public report as plain data (API, dumps, downloads)."""
    figures = public_figures(report)
    return {
        "year": report.year,
        "filed_on": report.filed_on,
        "phone": report.phone,
        "email": report.email,
        "postal_address": report.postal_address,
        "registered_address": report.registered_address,
        "operating_status": report.operating_status,
        "employees": report.employees,
        "websites": report.websites.splitlines(),
        "investments": report.investments.splitlines(),
        "contributions": report.contributions,
        "equity_transfers": report.equity_transfers,
        "guarantees": report.guarantees,
        "figures_published": report.figures_published,
        "figures": figures,
        "amendments": [
            {
                "amended_on": amendment.amended_on,
                "field": amendment.field,
                "old_value": amendment.old_value,
                "new_value": amendment.new_value,
            }
            for amendment in public_amendments(report, raw=True)
        ],
    }


def missing_report(company, reports, today: datetime.date) -> int | None:
    """The year whose report the status box says is missing, or None: the
    previous year's, from 1 July to 31 December, for a company that must
    report for it (``filing_rule.must_report``) and has no public report."""
    year = today.year - 1
    if filing_rule.overdue_year(today) != year or not filing_rule.must_report(company, year):
        return None
    if any(report.year == year for report in reports):
        return None
    return year
