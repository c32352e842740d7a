"""The open-data kind ``annual_reports``: every public annual report, one row
per company and year. Figures the company chose not to publish are empty, and
so are the values of an amendment to one (``registry.selectors.annual_reports``:
the same rule as the page and the API)."""

import json

from registry import models as m
from registry.models.annual import FIGURES
from registry.open_data.kinds import Column, Kind
from registry.selectors.annual_reports import as_data, public_figures


def _attach(reports):
    """Reads the amendments of a chunk of reports in one query."""
    by_report = {report.pk: [] for report in reports}
    rows = m.AnnualReportAmendment.objects.filter(report__in=list(by_report)).order_by(
        "-amended_on", "-id"
    )
    for amendment in rows:
        by_report[amendment.report_id].append(amendment)
    for report in reports:
        # As a prefetch would leave them, for ``as_data``.
        report._prefetched_objects_cache = {"amendments": _Rows(by_report[report.pk])}
        report.public_data = as_data(report)


class _Rows(list):
    def all(self):
        return self


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str) if value else ""


def _figure(name):
    def get(report):
        figures = public_figures(report)
        return None if figures is None else figures[name]

    return get


ANNUAL_REPORTS = Kind(
    "annual_reports",
    "Annual reports filed by companies; financial figures only where the company "
    "chose to publish them.",
    (
        Column("id", lambda r: r.pk, "Record number on this site."),
        Column("uscc", lambda r: r.company.uscc, "Credit code of the reporting company."),
        Column("year", lambda r: r.year, "Year reported."),
        Column("filed_on", lambda r: r.filed_on, "Date filed."),
        Column("phone", lambda r: r.phone, "Contact phone."),
        Column("email", lambda r: r.email, "Contact e-mail."),
        Column("postal_address", lambda r: r.postal_address, "Postal address."),
        Column("registered_address", lambda r: r.registered_address, "Registered address."),
        Column("operating_status", lambda r: r.operating_status, "Operating status (model value)."),
        Column("employees", lambda r: r.employees, "Number of employees."),
        Column("websites", lambda r: "; ".join(r.websites.splitlines()), "Websites, by '; '."),
        Column(
            "investments",
            lambda r: "; ".join(r.investments.splitlines()),
            "Investments in other companies, by '; '.",
        ),
        Column(
            "contributions",
            lambda r: _json(r.contributions),
            "Shareholders' contributions (JSON list).",
        ),
        Column("equity_transfers", lambda r: _json(r.equity_transfers), "Equity transfers (JSON)."),
        Column("guarantees", lambda r: r.guarantees, "Guarantees given."),
        Column(
            "figures_published",
            lambda r: r.figures_published,
            "Whether the company publishes its financial figures.",
        ),
        *(
            Column(
                name, _figure(name), f"{name.replace('_', ' ').capitalize()} in yuan, if published."
            )
            for name in FIGURES
        ),
        Column(
            "amendments",
            lambda r: _json(r.public_data["amendments"]),
            "Amendments after filing (JSON list: date, field, old and new values).",
        ),
    ),
    public=lambda today: m.AnnualReport.objects.public(today),
    related=("company",),
    attach=_attach,
)
