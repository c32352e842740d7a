"""The statistics page (``/statistics/``): charts, their tables and CSV files,
all read from the summaries of ``registry.statistics`` (refreshed on a
schedule; the page says when), so that a visit costs a dozen small queries
whatever the size of the register.

Each chart is an SVG at ``/statistics/<chart>.svg`` and its numbers a CSV at
``/statistics/<chart>.csv``, with the page's filters (``?province=&city=&period=``)."""

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publicity import charts
from publicity.statistics_filters import StatisticsFilters, period_label
from registry.open_data import cells
from registry.selectors.statistics import Statistics, latest_refresh

BOM = "\ufeff"


@dataclass(frozen=True)
class Chart:
    title: object  # a lazy translation
    kind: str  # charts.svg's
    read: str  # the Statistics method giving its table


CHARTS = {
    "penalties-by-month": Chart(gettext_lazy("Penalties per month"), "bar", "penalties_by_month"),
    "penalties-by-region": Chart(
        gettext_lazy("Penalties by region"), "hbar", "penalties_by_region"
    ),
    "penalties-by-violation-type": Chart(
        gettext_lazy("Penalties by violation type"), "hbar", "penalties_by_violation_type"
    ),
    "penalties-by-agency-kind": Chart(
        gettext_lazy("Penalties by kind of authority"), "hbar", "penalties_by_agency_kind"
    ),
    "penalties-by-agency": Chart(
        gettext_lazy("The 20 authorities with the most penalties"), "hbar", "penalties_by_agency"
    ),
    "list-inclusions-by-month": Chart(
        gettext_lazy("List inclusions per month, by list"), "stacked", "list_inclusions_by_month"
    ),
    "list-removals-by-month": Chart(
        gettext_lazy("List removals per month, by list"), "stacked", "list_removals_by_month"
    ),
    "court-cases-by-month": Chart(
        gettext_lazy("Court cases per month, by case type"), "stacked", "court_cases_by_month"
    ),
}
# The files without a chart: the fines' count, sum and median.
TABLES = {"fines": Chart(gettext_lazy("Fines"), "", "fines_table")}


def _address(name: str, slug: str, query: dict) -> str:
    url = reverse(name, args=[slug])
    return f"{url}?{urlencode(query)}" if query else url


def describe(table, kind: str) -> str:
    """One sentence for a reader who cannot see the chart."""
    largest = table.largest
    if largest is None or not table.total:
        return _("No records in this period and region.")
    _key, label, values = largest
    if kind == "ranking":
        return _("The first: %(label)s, %(count)s. The table gives every figure.") % {
            "label": label,
            "count": f"{sum(values):,}",
        }
    return _("%(total)s in all; the most: %(label)s, %(count)s. The table gives every figure.") % {
        "total": f"{table.total:,}",
        "label": label,
        "count": f"{sum(values):,}",
    }


def _chart_context(statistics, slug, chart, query, version):
    table = getattr(statistics, chart.read)()
    if table is None:
        return None
    title = str(chart.title)
    if slug == "penalties-by-region":
        title = _("Penalties by province") if not statistics.region else _("Penalties by city")
    return {
        "slug": slug,
        "title": title,
        "table": table,
        "description": describe(table, "ranking" if slug == "penalties-by-agency" else chart.kind),
        "svg": _address("publicity:statistics-svg", slug, {**query, "v": version}),
        "csv": _address("publicity:statistics-csv", slug, query),
    }


def statistics_page(request):
    refresh = latest_refresh()
    if refresh is None:
        return render(request, "publicity/statistics.html", {"refresh": None})
    filters = StatisticsFilters(request.GET or None, offered=refresh.periods)
    ctx = {"refresh": refresh, "filters": filters, "active_filters": bool(request.GET)}
    if filters.is_bound and not filters.is_valid():
        return render(request, "publicity/statistics.html", ctx, status=400)
    statistics = Statistics(refresh, filters.region, filters.period)
    query = filters.query()
    version = f"{refresh.computed_at:%Y%m%d%H%M%S}"
    ctx["charts"] = [
        context
        for slug, chart in CHARTS.items()
        if (context := _chart_context(statistics, slug, chart, query, version))
    ]
    ctx["fines"] = statistics.fines()
    ctx["fines_csv"] = _address("publicity:statistics-csv", "fines", query)
    ctx["period_label"] = period_label(filters.period)
    ctx["first_month"], ctx["last_month"] = statistics.first, statistics.last
    return render(request, "publicity/statistics.html", ctx)


def _plain(message: str, status: int) -> HttpResponse:
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def _read(request, slug: str, charts_offered: dict):
    """``(chart, table, statistics)``, or an HttpResponse saying what is wrong."""
    chart = charts_offered.get(slug)
    if chart is None:
        return _plain(_("There is no such chart."), 404)
    refresh = latest_refresh()
    if refresh is None:
        return _plain(_("The statistics have not been computed yet."), 404)
    filters = StatisticsFilters(request.GET or None, offered=refresh.periods)
    if filters.is_bound and not filters.is_valid():
        problems = [
            f"{filters.form[name].label}: {' '.join(errors)}"
            for name, errors in filters.errors.items()
        ]
        return _plain(_("There is a problem with the filters.") + "\n" + "\n".join(problems), 400)
    statistics = Statistics(refresh, filters.region, filters.period)
    table = getattr(statistics, chart.read)()
    if table is None:
        return _plain(_("This chart has no figures for a city."), 404)
    return chart, table, statistics


def chart_svg(request, chart):
    found = _read(request, chart, CHARTS)
    if isinstance(found, HttpResponse):
        return found
    spec, table, statistics = found
    context = _chart_context(statistics, chart, spec, {}, "")
    document = charts.svg(table, title=context["title"], kind=spec.kind)
    response = HttpResponse(document, content_type="image/svg+xml; charset=utf-8")
    response["Content-Security-Policy"] = charts.svg_policy(document)
    return response


def chart_csv(request, chart):
    found = _read(request, chart, {**CHARTS, **TABLES})
    if isinstance(found, HttpResponse):
        return found
    _spec, table, statistics = found
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["key", table.row_header, *(label for _key, label in table.columns)])
    for key, label, values in table.rows:
        writer.writerow([cells.csv_cell(v) for v in (key, label, *values)])
    response = HttpResponse(BOM + out.getvalue(), content_type="text/csv; charset=utf-8")
    where = statistics.region or "all"
    name = f"statistics-{chart}-{where}-{statistics.period}-{statistics.refresh.as_of}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
