"""What the statistics page shows, read from the summaries of
``registry.statistics`` (a few hundred rows at most), never from the record
tables: plain tables of numbers with their labels in the active language.

``Statistics(refresh, region, period)``: ``region`` a key (``""``, a
province's two digits, a city's four), ``period`` one of ``refresh.periods``.
Each method is one chart's table (one or two small queries)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Sum
from django.utils.translation import gettext as _

from registry.models import (
    AgencyRank,
    CourtCase,
    CreditList,
    MonthlyCount,
    Penalty,
    PeriodFigure,
    Region,
    StatisticsRefresh,
)
from registry.models.reference import AgencyKind
from registry.names import display_name
from registry.statistics import periods

Measure = MonthlyCount.Measure
CENT = Decimal("0.01")
Dimension = MonthlyCount.Dimension


@dataclass
class Table:
    """Rows of numbers: ``rows`` are ``(key, label, [value per column])``."""

    row_header: str
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[tuple[str, str, list]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(sum(values) for _key, _label, values in self.rows)

    @property
    def largest(self):
        """The row with the largest total (the first of equals), or None."""
        return max(self.rows, key=lambda row: sum(row[2]), default=None)


def latest_refresh() -> StatisticsRefresh | None:
    return StatisticsRefresh.objects.first()


def month_label(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


class Statistics:
    def __init__(self, refresh: StatisticsRefresh, region: str = "", period: str = ""):
        self.refresh = refresh
        self.region = region
        self.period = period or periods.DEFAULT
        self.first, self.last = periods.months_of(self.period, refresh.as_of)
        self.months = periods.month_list(self.period, refresh.as_of)

    def _counts(self, measure, dimension, region=None):
        return MonthlyCount.objects.filter(
            region=self.region if region is None else region,
            measure=measure,
            dimension=dimension,
            month__gte=self.first,
            month__lte=self.last,
        )

    def _by_value(self, measure, dimension, labels: dict, header: str, column: str) -> Table:
        sums = dict(
            self._counts(measure, dimension)
            .values("value")
            .annotate(n=Sum("count"))
            .values_list("value", "n")
        )
        rows = [(key, str(labels.get(key, key)), [n]) for key, n in sums.items() if n]
        rows.sort(key=lambda row: (-row[2][0], row[1]))
        return Table(header, [("count", column)], rows)

    def _by_month(self, measure, dimension, columns: list[tuple[str, str]]) -> Table:
        found = {
            (month, value): n
            for month, value, n in self._counts(measure, dimension).values_list(
                "month", "value", "count"
            )
        }
        known = {key for key, _label in columns}
        extra = sorted({value for _month, value in found if value not in known})
        columns = [*columns, *((value, value) for value in extra)]
        rows = [
            (month_label(m), month_label(m), [found.get((m, key), 0) for key, _l in columns])
            for m in self.months
        ]
        return Table(_("Month"), columns, rows)

    # --- The charts -------------------------------------------------------------

    @cached_property
    def _penalties_by_month(self) -> Table:
        found = dict(
            self._counts(Measure.PENALTIES, Dimension.VIOLATION_TYPE)
            .values("month")
            .annotate(n=Sum("count"))
            .values_list("month", "n")
        )
        rows = [(month_label(m), month_label(m), [found.get(m, 0)]) for m in self.months]
        return Table(_("Month"), [("penalties", _("Penalties"))], rows)

    def penalties_by_month(self) -> Table:
        return self._penalties_by_month

    def subregions(self) -> list[tuple[str, str]]:
        """``(key, name)`` of the provinces (the whole country) or the cities
        (a province) whose counts the region chart shows; none for a city."""
        if not self.region:
            regions = Region.objects.filter(level=Region.Level.PROVINCE)
            return [(r.code[:2], display_name(r)) for r in regions]
        if len(self.region) == 2:
            regions = Region.objects.filter(
                level=Region.Level.PREFECTURE, parent__code=f"{self.region}0000"
            )
            return [(r.code[:4], display_name(r)) for r in regions]
        return []

    def penalties_by_region(self) -> Table | None:
        names = dict(self.subregions())
        if not names:
            return None
        sums = dict(
            MonthlyCount.objects.filter(
                region__in=list(names),
                measure=Measure.PENALTIES,
                dimension=Dimension.VIOLATION_TYPE,
                month__gte=self.first,
                month__lte=self.last,
            )
            .values("region")
            .annotate(n=Sum("count"))
            .values_list("region", "n")
        )
        rows = [(key, names[key], [n]) for key, n in sums.items() if n]
        rows.sort(key=lambda row: (-row[2][0], row[0]))
        rest = self.penalties_by_month().total - sum(sums.values())
        if rest > 0:
            rows.append(("", _("Elsewhere or region not recorded"), [rest]))
        header = _("Province") if not self.region else _("City")
        return Table(header, [("penalties", _("Penalties"))], rows)

    def penalties_by_violation_type(self) -> Table:
        labels = dict(Penalty.ViolationType.choices)
        return self._by_value(
            Measure.PENALTIES, Dimension.VIOLATION_TYPE, labels, _("Violation type"), _("Penalties")
        )

    def penalties_by_agency_kind(self) -> Table:
        return self._by_value(
            Measure.PENALTIES,
            Dimension.AGENCY_KIND,
            dict(AgencyKind.choices),
            _("Kind of authority"),
            _("Penalties"),
        )

    def penalties_by_agency(self) -> Table:
        ranks = AgencyRank.objects.filter(region=self.region, period=self.period).select_related(
            "agency"
        )
        rows = [(str(r.agency_id), display_name(r.agency), [r.count]) for r in ranks]
        return Table(_("Authority"), [("penalties", _("Penalties"))], rows)

    def fines(self) -> dict:
        """Fines with an amount: how many, their sum and their median (None
        when there are none)."""
        figure = PeriodFigure.objects.filter(region=self.region, period=self.period).first()
        if figure is None:
            return {"count": 0, "sum": Decimal(0), "median": None}
        median = figure.fine_median
        if median is not None and median == median.quantize(CENT):
            median = median.quantize(CENT)  # three places only for half a fen
        return {"count": figure.fine_count, "sum": figure.fine_sum, "median": median}

    def fines_table(self) -> Table:
        fines = self.fines()
        rows = [
            ("count", _("Fines with an amount"), [fines["count"]]),
            ("sum", _("Sum of fines (yuan)"), [fines["sum"]]),
            ("median", _("Median fine (yuan)"), [fines["median"]]),
        ]
        return Table(_("Figure"), [("value", _("Value"))], rows)

    @cached_property
    def _lists(self) -> list[tuple[str, str]]:
        lists = CreditList.objects.only("code", "name", "name_en")
        return [(c.code, display_name(c)) for c in lists]

    def list_inclusions_by_month(self) -> Table:
        return self._by_month(Measure.LIST_INCLUSIONS, Dimension.CREDIT_LIST, self._lists)

    def list_removals_by_month(self) -> Table:
        return self._by_month(Measure.LIST_REMOVALS, Dimension.CREDIT_LIST, self._lists)

    def court_cases_by_month(self) -> Table:
        columns = [(key, str(label)) for key, label in CourtCase.CaseType.choices]
        return self._by_month(Measure.COURT_CASES, Dimension.CASE_TYPE, columns)
